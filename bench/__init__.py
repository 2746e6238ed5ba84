"""Benchmark tooling (issue 9): a synthetic Pemda generator (`synth`) and the benchmark (`run`).

    python -m bench.synth --opd 40 --sub 300 --pejabat 30 --seed 1 --out DIR
    python -m bench [--size kecil|sedang|penuh] [--hasil bench/hasil.md]

Nothing here is imported by the build; it only drives the public pipeline, renderers and Makefile.
"""
