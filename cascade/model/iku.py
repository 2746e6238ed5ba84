"""IKU (Indikator Kinerja Utama) and the Manual IKU: which indicators are IKU, and how a formula names
its components.

A formula names each component by its symbol in braces, "{A} / {B} × 100%", and `komponen` describes
each symbol; braces make "every component named is described" an exact check (rules R122/R123) and
are left out in print ("A / B × 100%").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from cascade.model.types import Indikator, Node, Opd, Pemda, RpjmdSasaran, RpjmdTujuan

_REF = re.compile(r"\{([^{}]*)\}")

POLARITAS_TEKS = {
    "positif": "Positif (makin tinggi realisasi, makin baik kinerja)",
    "negatif": "Negatif (makin rendah realisasi, makin baik kinerja)",
}
PERIODE_TEKS = {"bulanan": "Bulanan", "triwulanan": "Triwulanan", "semesteran": "Semesteran", "tahunan": "Tahunan"}


def simbol_formula(formula: str | None) -> list[str]:
    """The symbols the formula names in braces, each once, in order of first use (as written, trimmed)."""
    return list(dict.fromkeys(m.strip() for m in _REF.findall(formula or "")))


def unpaired_braces(formula: str | None) -> bool:
    """Whether a brace is left once every "{symbol}" is taken out ("{{A}}", "{A} / {B × 100%"): it
    would be printed as written, and a component it was meant to name goes unchecked."""
    rest = _REF.sub("", formula or "")
    return "{" in rest or "}" in rest


def formula_tampil(formula: str | None) -> str:
    """The formula as printed: each "{A}" becomes "A"."""
    return _REF.sub(lambda m: m.group(1).strip(), formula or "")


def sumber_komponen(ind: Indikator, k) -> str:
    """A component's source: its own, else the indicator's."""
    return k.sumber_data or ind.sumber_data or ""


@dataclass(frozen=True)
class IkuOpd:
    """One IKU of an OPD: the tujuan or sasaran PD it measures, and the indicator."""

    node: Node
    indikator: Indikator


def iku_opd(opd: Opd) -> list[IkuOpd]:
    """The OPD's IKU in Renstra order: each tujuan's, then its sasaran's."""
    out = []
    for t in opd.tujuan:
        out += [IkuOpd(t, i) for i in t.indikator if i.iku]
        for s in t.children:
            out += [IkuOpd(s, i) for i in s.indikator if i.iku]
    return out


@dataclass(frozen=True)
class IkuPemda:
    """One IKU of the Pemda: an indicator of an RPJMD tujuan or sasaran."""

    tujuan: RpjmdTujuan
    sasaran: RpjmdSasaran | None
    indikator: Indikator


def iku_pemda(pemda: Pemda) -> list[IkuPemda]:
    out = []
    for t in pemda.rpjmd_tujuan():
        out += [IkuPemda(t, None, i) for i in t.indikator if i.iku]
        for s in t.sasaran:
            out += [IkuPemda(t, s, i) for i in s.indikator if i.iku]
    return out


def rpjmd_indikator(pemda: Pemda) -> Iterator[tuple[str, Indikator]]:
    """("tujuan RPJMD `RT1`" / "sasaran RPJMD `RS1.1`", indicator) for every RPJMD indicator."""
    for t in pemda.rpjmd_tujuan():
        yield from ((f"tujuan RPJMD `{t.id}`", i) for i in t.indikator)
        for s in t.sasaran:
            yield from ((f"sasaran RPJMD `{s.id}`", i) for i in s.indikator)
