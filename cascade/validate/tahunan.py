"""What the per-year files keyed by indicator id share (realisasi/<tahun>.yaml, rencana-aksi/<tahun>.yaml):
the year a file stands for, the checks of its name, and the hint for a key that names no indicator."""
from __future__ import annotations

import difflib

from cascade.diagnostics import error


def year_of(r) -> int:
    """The year a file stands for: its name's, else the `tahun:` inside it."""
    return r.tahun_berkas if r.tahun_berkas is not None else r.tahun


def year_file_findings(code: str, kind: str, files, years: list[int], unused: str, period_hint: str):
    """A file named other than a year of the period, or whose `tahun:` differs from its name.
    `kind` names the file ("realisasi"), `unused` what a misnamed file misses, `period_hint` the saran
    for a year outside the period."""
    span = f"{years[0]}–{years[-1]}"
    for r in files:
        name = r.path.rsplit("/", 1)[-1]
        if r.tahun_berkas is None:
            yield error(r.loc, code, f"nama berkas {kind} `{name}` bukan tahun; {unused}",
                        f"beri nama berkas sesuai tahunnya, misalnya `{r.tahun if r.tahun in years else years[0]}.yaml`")
        elif r.tahun_berkas not in years:
            yield error(r.loc, code, f"berkas {kind} `{name}` berada di luar periode Renstra {span}",
                        period_hint.format(span=span))
        if r.tahun_berkas is not None and r.tahun != r.tahun_berkas:
            yield error(r.at("tahun"), code, f"`tahun: {r.tahun}` berbeda dengan nama berkas `{name}`",
                        f"samakan keduanya: `tahun: {r.tahun_berkas}` atau ganti nama berkas menjadi `{r.tahun}.yaml`")


def close_match(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"maksud Anda `{close[0]}`?" if close else ""


def unknown_indicator_hint(key: str, known, nodes) -> str:
    """The saran for a key under `indikator:` that is no indicator id of the OPD."""
    if key in nodes:
        return f"`{key}` adalah id simpul, bukan indikator; tulis id indikatornya, misalnya `{key}-I1`"
    return (close_match(key, known) + " kunci di bawah `indikator:` adalah id indikator dari renstra.yaml atau "
            "program/*.yaml").strip()
