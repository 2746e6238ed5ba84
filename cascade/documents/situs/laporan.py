"""Report blocks (cascade/formats/docx/report.py: Judul, Paragraf, Tabel) as the page shows them,
so the RPJMD/keselarasan and evaluasi pages tell the same story as their Word reports: the very
blocks those renderers lay out, numbered the same way ("Tabel X.Y")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.documents.situs.layout import anchor_id
from cascade.formats.docx.report import Judul, Paragraf, Tabel

_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Blok:
    jenis: str  # "judul" | "paragraf" | "tabel"
    teks: str = ""
    tingkat: int = 2  # heading level h2…h5 (the report's sections are the page's h2)
    tabel: Tabel | None = None
    nomor: str = ""  # "Tabel 2.1"
    kelas: tuple = ()  # per row: column index → CSS class of its fill
    id: str = ""  # a heading's anchor (the page lists its chapters at the top)


def colour_class(fill: str) -> str:
    return "isi-" + fill.lstrip("#").lower()


def blocks_for_page(items: list) -> tuple[list[Blok], str]:
    """The blocks to show and the CSS rules for their cell fills (capaian colours of the code, each
    checked to be a colour before it goes into the stylesheet)."""
    out, fills, taken = [], set(), {"isi", "pohon", "pohon-judul", "temuan", "temuan-judul", "banner-judul"}
    chapter = number = 0
    for b in items:
        if isinstance(b, Judul):
            out.append(Blok("judul", b.teks, min(max(b.tingkat, 1) + 1, 5),  # under the page's h1
                            id=anchor_id(b.teks, taken)))
            if b.tingkat == 1:
                chapter, number = chapter + 1, 0
        elif isinstance(b, Paragraf):
            out.append(Blok("paragraf", b.teks))
        elif isinstance(b, Tabel):
            number += 1
            classes = []
            for row in b.baris:
                found = {i: colour_class(c) for i, c in row.warna.items() if _HEX.match(c or "")}
                fills.update(c for c in row.warna.values() if _HEX.match(c or ""))
                classes.append(found)
            out.append(Blok("tabel", tabel=b, nomor=f"Tabel {max(chapter, 1)}.{number}", kelas=tuple(classes)))
    css = "".join(f"td.{colour_class(c)}{{background:#{c.lstrip('#')}}}" for c in sorted(fills))
    return out, css
