"""Penjenjangan kinerja (issue 28): the matriks penjenjangan and the SKP sheets read back cell by cell
against the data, and the rules R140/R141 firing where the chain of PKs breaks."""
from __future__ import annotations

from conftest import mutate

from cascade.pipeline import check

OPD = "data/opd/diskominfo/opd.yaml"
APTIKA = "data/opd/diskominfo/program/2.16.03-aptika.yaml"


def _hits(root, code):
    return [d for d in check(root).report.items if d.code == code]


# --- R140: what an official supports is in the PK of their direct atasan ----------------------------------


def test_a_kegiatan_under_the_program_of_the_atasans_atasan_breaks_the_chain(tmp_repo):
    # katim-infra now reports to katim-spbe, but its kegiatan still supports the Kabid's program: the
    # Kabid is in the chain (no R022), yet not the atasan whose PK the katim's result must be in
    mutate(tmp_repo, OPD, "    unit_kerja: Bidang Aplikasi Informatika\n    atasan: kabid-aptika\n    pejabat:\n"
                          "      - mulai: \"2024-01-02\"\n        nama: Maya",
           "    unit_kerja: Bidang Aplikasi Informatika\n    atasan: katim-spbe\n    pejabat:\n"
           "      - mulai: \"2024-01-02\"\n        nama: Maya")
    text = open(f"{tmp_repo}/{APTIKA}", encoding="utf-8").read()
    line = text[:text.index("id: K-APTIKA-1\n")].count("\n") + 1 + 4  # K-APTIKA-1's penanggung_jawab line
    assert text.splitlines()[line - 1].strip() == "penanggung_jawab: katim-infra"
    hits = _hits(tmp_repo, "R140")
    assert [(d.loc.file, d.loc.line) for d in hits] == [(APTIKA, line)], [d.format() for d in hits]
    assert "atasan langsungnya `katim-spbe`" in hits[0].message and "kabid-aptika" in hits[0].message
    assert "katim-spbe" in hits[0].hint
    assert not _hits(tmp_repo, "R022")  # the weaker rule stays silent: kabid-aptika is above katim-infra


def test_the_example_chain_is_whole(example):
    assert not [d for d in example.report.items if d.code in ("R140", "R141")]


# --- R141: every official who signs a PK has a NIP ------------------------------------------------------


def test_a_pk_signatory_without_nip_is_reported_at_the_holder(tmp_repo):
    line = mutate(tmp_repo, OPD, "      - mulai: \"2024-01-02\"\n        nama: Maya Kusumawati, S.T.\n        nip: \"199309092018012001\"\n",
                  "      - mulai: \"2024-01-02\"\n        nama: Maya Kusumawati, S.T.\n")
    hits = _hits(tmp_repo, "R141")
    assert [(d.loc.file, d.loc.line) for d in hits] == [(OPD, line)], [d.format() for d in hits]
    assert "Maya Kusumawati" in hits[0].message and "katim-infra" in hits[0].message
