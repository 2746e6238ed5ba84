"""BAB II's data tables (Permendagri 86/2017): T-C.23 *Pencapaian Kinerja Pelayanan Perangkat Daerah*
and T-C.24 *Anggaran dan Realisasi Pendanaan Pelayanan Perangkat Daerah*, from the previous period
(data/opd/<opd>/kinerja-periode-lalu.yaml, cascade/model/kinerja_lalu.py).

Each table goes where a paragraph `[[T-C.23]]` / `[[T-C.24]]` stands in bab-2.md, else at the end of
BAB II, numbered with the chapter's other tables ("Tabel 2.2 …"); the tables of one place share a
landscape section. Without data a table still appears, saying "data belum diisi" (rule R074 warns).

Rows are plain display strings (`tabel_tc23`, `tabel_tc24`); ratios and average growth are computed
by the model, formatted with cascade.fmt (comma decimals).
"""
from __future__ import annotations

import math

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cascade.documents.renstra.tabel_tc import DASH, Fmt
from cascade.fmt import angka, rupiah
from cascade.formats.docx import house
from cascade.formats.docx.house import GROUP_FILL, HEAD_FILL, TABLE_SIZES
from cascade.formats.docx.landscape import landscape_section
from cascade.formats.docx.layout import KEEP_LAST_ROWS, keep_with_next, set_repeat_header, shade_cell, text_width_mm
from cascade.model.kinerja_lalu import previous_years, rasio_anggaran, rata_pertumbuhan
from cascade.model.types import Opd, Pemda

BELUM_DIISI = "Data belum diisi"
T, A, C = "Isi Tabel", "Isi Tabel Angka", "Isi Tabel Tengah"
TK, AK, CK = "Isi Tabel Kecil", "Isi Tabel Angka Kecil", "Isi Tabel Tengah Kecil"
# Column widths in mm, one place for both tables (scaled to the landscape text width by fit_tables):
# T-C.23 No, indikator, [satuan], NSPK, IKK, lainnya, then 5 × target, realisasi, rasio;
# T-C.24 uraian, then 5 × anggaran, realisasi (Rupiah), 5 × rasio, 2 × rata-rata pertumbuhan.
WIDTHS = {
    "T-C.23": {"no": 6, "indikator": 44, "satuan": 13, "acuan": 14, "tahun": 12.5},
    "T-C.24": {"uraian_min": 28, "rasio": 8.5, "tumbuh": 13},
}
# T-C.24's money columns are as wide as its longest amount at 6.5 pt (measured in LibreOffice with
# Bookman: a digit ≈ 1,42 mm, a dot ≈ 0,71 mm, plus the cell padding), so no amount is broken; the
# uraian column takes what is left of the landscape text width (`money_columns`).
DIGIT_MM, DOT_MM, PAD_MM = 1.42, 0.71, 1.6
MEASURED_PT = 6.5  # the size DIGIT_MM and DOT_MM were measured at (bold JUMLAH amounts included)
YEARS = 5


def persen(value: float | None) -> str:
    """A ratio or growth in a column headed "(%)": `93,18`; `-` when it cannot be computed."""
    return DASH if value is None else angka(value)


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}"


# ---------------------------------------------------------------- rows


def tabel_tc23(pemda: Pemda, opd: Opd, f: Fmt) -> list[dict]:
    years = previous_years(pemda)
    lalu = opd.kinerja_lalu
    rows = []
    for no, ind in enumerate(lalu.indikator if lalu else (), 1):
        rows.append({
            "no": str(no), "indikator": ind.nama, "satuan": ind.satuan,
            "acuan": [f.value(v, ind.satuan) for v in (ind.target_nspk, ind.target_ikk, ind.target_lainnya)],
            "target": [f.value(ind.target.get(y), ind.satuan) for y in years],
            "realisasi": [f.value(ind.realisasi.get(y), ind.satuan) for y in years],
            "rasio": [persen(ind.rasio(y)) for y in years],
        })
    return rows


def _money(values, years) -> list[str]:
    return [rupiah(values[y], sign=False) if values.get(y) is not None else DASH for y in years]


def _row(uraian: str, anggaran: dict, realisasi: dict, years) -> dict:
    return {
        "uraian": uraian, "anggaran": _money(anggaran, years), "realisasi": _money(realisasi, years),
        "rasio": [persen(rasio_anggaran(anggaran, realisasi, y)) for y in years],
        "tumbuh_anggaran": persen(rata_pertumbuhan(anggaran, years)),
        "tumbuh_realisasi": persen(rata_pertumbuhan(realisasi, years)),
    }


def tabel_tc24(pemda: Pemda, opd: Opd) -> tuple[list[dict], dict | None]:
    """One row per program, and the JUMLAH row (None without programs): per year the sum of the
    amounts written, its ratio and its average growth."""
    years = previous_years(pemda)
    programs = opd.kinerja_lalu.program if opd.kinerja_lalu else ()
    rows = [_row(f"{p.kode} {p.nama}", p.anggaran, p.realisasi, years) for p in programs]
    if not rows:
        return rows, None

    def total(key):
        out = {}
        for y in years:
            known = [getattr(p, key).get(y) for p in programs if getattr(p, key).get(y) is not None]
            out[y] = sum(known) if known else None
        return out

    return rows, _row("JUMLAH", total("anggaran"), total("realisasi"), years)


# ---------------------------------------------------------------- Word


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))  # CT_TrPr: cantSplit before tblHeader




def _grid_table(document, anchor, widths: list[float], header: list[list[tuple[str | None, int]]],
                body: list[tuple[list[tuple[str, str, int]], bool]], head_style: str):
    """A table before `anchor`: header levels of (text, span), text None merged with the cell above; a
    numbered row "(1) (2) …"; body rows of (cells (text, style, span), is a total row). Header rows repeat on
    every page and no row is split across pages."""
    styles = document.styles
    n = len(widths)
    table = document.add_table(rows=len(header) + 1 + len(body), cols=n)
    table.style = styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, w in enumerate(widths):
        table.columns[i].width = Mm(w)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths[i])
    house.fixed_table_layout(table)
    texts = {}
    for r, level in enumerate(header):
        c = 0
        for text, span in level:
            if text is None:
                table.rows[r - 1].cells[c].merge(table.rows[r].cells[c + span - 1])
            else:
                if span > 1:
                    table.rows[r].cells[c].merge(table.rows[r].cells[c + span - 1])
                texts[(r, c)] = text
            c += span
    numbered = len(header)
    # python-docx finds a cell by laying out the whole table and a style by scanning every style: both
    # are looked up once here (a T-C.23 of 200 cells took a second the other way)
    style_id = {name: styles[name].style_id for name in {head_style, *(st for cells, _ in body for _, st, _ in cells)}}
    rows = table.rows
    for (r, c), text in texts.items():
        p = rows[r].cells[c].paragraphs[0]
        p._p.style = style_id[head_style]
        p.add_run(text)
    numbering = rows[numbered].cells
    for c in range(n):
        p = numbering[c].paragraphs[0]
        p._p.style = style_id[head_style]
        p.add_run(f"({c + 1})")
    for r in range(numbered + 1):
        row = rows[r]
        _cant_split(row)
        set_repeat_header(row)
        for cell in {id(c._tc): c for c in row.cells}.values():
            shade_cell(cell, HEAD_FILL)
            for p in cell.paragraphs:
                p._p.style = style_id[head_style]
    for r, (cells, total) in enumerate(body, numbered + 1):
        row = rows[r]
        _cant_split(row)
        row_cells = row.cells  # before any merge of this row; merging left to right keeps later ones valid
        c = 0
        for text, style, span in cells:
            cell = row_cells[c]
            if span > 1:
                cell = cell.merge(row_cells[c + span - 1])
            p = cell.paragraphs[0]
            p._p.style = style_id[style]
            run = p.add_run(text)
            run.italic = span == n or None  # a row across the whole table is a note ("Data belum diisi")
            if total:
                # the label bold, the amounts plain: bold digits would not fit the money columns
                run.bold = c == 0 or None
                shade_cell(cell, GROUP_FILL)
            c += span
    anchor._p.addprevious(table._tbl)
    return table


def _keep_last_row_with_next(tbl) -> None:
    """The table's last rows stay on the page of the "Sumber:" line below it: never a lone source
    line, nor a continuation page holding one row and the JUMLAH (layout.KEEP_LAST_ROWS)."""
    body = [tr for tr in tbl.findall(qn("w:tr")) if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None]
    keep_with_next(body[-KEEP_LAST_ROWS:])


def _caption(anchor, label: str, title: str):
    p = anchor.insert_paragraph_before(f"Tabel {label} {title}", style="Caption")
    return p._p


def _empty_row(n: int, style: str):
    return ([(BELUM_DIISI, style, n)], False)


def tc23_table(document, anchor, pemda: Pemda, opd: Opd, f: Fmt) -> bool:
    """T-C.23 before `anchor`; False when it has no data (one row "Data belum diisi")."""
    years = previous_years(pemda)
    w = WIDTHS["T-C.23"]
    satuan = not f.in_cell
    lead = [("No", 1), ("Indikator Kinerja sesuai Tugas dan Fungsi Perangkat Daerah", 1)] + ([("Satuan", 1)] if satuan else [])
    lead += [("Target NSPK", 1), ("Target IKK", 1), ("Target Indikator Lainnya", 1)]
    header = [
        lead + [("Target Renstra Perangkat Daerah pada Tahun", YEARS), ("Realisasi Capaian pada Tahun", YEARS),
                ("Rasio Capaian pada Tahun (%)", YEARS)],
        [(None, 1)] * len(lead) + [(str(y), 1) for y in years] * 3,
    ]
    widths = [w["no"], w["indikator"]] + ([w["satuan"]] if satuan else []) + [w["acuan"]] * 3 + [w["tahun"]] * (3 * YEARS)
    body = []
    for r in tabel_tc23(pemda, opd, f):
        cells = [(r["no"], C, 1), (r["indikator"], T, 1)] + ([(r["satuan"], C, 1)] if satuan else [])
        cells += [(v, C, 1) for v in r["acuan"] + r["target"] + r["realisasi"]] + [(v, A, 1) for v in r["rasio"]]
        body.append((cells, False))
    _grid_table(document, anchor, widths, header, body or [_empty_row(len(widths), C)], "Judul Tabel Kecil")
    return bool(body)


def tc24_table(document, anchor, pemda: Pemda, opd: Opd, text_mm: float) -> bool:
    """T-C.24 before `anchor`, its money columns fitted to `text_mm`; False when it has no data."""
    years = previous_years(pemda)
    w = WIDTHS["T-C.24"]
    header = [
        [("Uraian", 1), ("Anggaran pada Tahun (Rp)", YEARS), ("Realisasi Anggaran pada Tahun (Rp)", YEARS),
         ("Rasio antara Realisasi dan Anggaran pada Tahun (%)", YEARS), ("Rata-rata Pertumbuhan (%)", 2)],
        [(None, 1)] + [(str(y), 1) for y in years] * 3 + [("Anggaran", 1), ("Realisasi", 1)],
    ]
    rows, total = tabel_tc24(pemda, opd)
    amounts = [v for r in rows + ([total] if total else []) for v in r["anggaran"] + r["realisasi"]]
    rp, size = money_columns(amounts, text_mm)
    rest = w["rasio"] * YEARS + w["tumbuh"] * 2
    widths = [max(w["uraian_min"], text_mm - rest - rp * 2 * YEARS)] + [rp] * (2 * YEARS) + [w["rasio"]] * YEARS + [w["tumbuh"]] * 2
    body = []
    for r, bold in [(r, False) for r in rows] + ([(total, True)] if total else []):
        cells = [(r["uraian"], TK, 1)] + [(v, AK, 1) for v in r["anggaran"] + r["realisasi"] + r["rasio"]]
        cells += [(r["tumbuh_anggaran"], AK, 1), (r["tumbuh_realisasi"], AK, 1)]
        body.append((cells, bold))
    table = _grid_table(document, anchor, widths, header, body or [_empty_row(len(widths), CK)], "Judul Tabel Kecil")
    if size < TABLE_SIZES[" Kecil"] and body:
        for row in table.rows[len(header) + 1:]:
            for cell in row.cells[1:1 + 2 * YEARS]:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(size)
    return bool(body)


def money_columns(amounts: list[str], text_mm: float) -> tuple[float, float]:
    """(width in mm, font size in pt) of T-C.24's ten money columns: as wide as the longest amount at
    the house's small table size; where the page is too narrow for that (A4), a smaller size, in half
    points, at which the amounts still fit whole."""
    small = TABLE_SIZES[" Kecil"]
    ink = max((sum(DIGIT_MM if ch.isdigit() else DOT_MM for ch in v) for v in amounts),
              default=10 * DIGIT_MM + 3 * DOT_MM) * small / MEASURED_PT  # no data: room for "1.000.000.000"
    w = WIDTHS["T-C.24"]
    room = (text_mm - w["uraian_min"] - w["rasio"] * YEARS - w["tumbuh"] * 2) / (2 * YEARS) - PAD_MM
    size = small if ink <= room else max(4.5, math.floor(small * room / ink * 2) / 2)
    return ink * size / small + PAD_MM, size


class Bab2Tables:
    """The hooks `insert_markdown` calls at `[[T-C.23]]` / `[[T-C.24]]` (or at the chapter's end), and,
    once every chapter is in place, `to_landscape` for the pages they stand on."""

    def __init__(self, document, pemda: Pemda, opd: Opd, f: Fmt):
        self.document, self.pemda, self.opd = document, pemda, opd
        self.f = Fmt(years=previous_years(pemda), in_cell=f.in_cell)
        self.placed: list[tuple[object, object]] = []  # (first, last) body element of each table block

    def hooks(self) -> dict:
        return {"T-C.23": self.tc23, "T-C.24": self.tc24}

    def _block(self, anchor, label: str, title: str, make) -> None:
        first = _caption(anchor, label, title)
        if make(anchor):
            _keep_last_row_with_next(anchor._p.getprevious())
            last = anchor.insert_paragraph_before(
                f"Sumber: {self.opd.nama}, data kinerja periode {_span(previous_years(self.pemda))} (diolah).",
                style="Sumber Tabel")._p
        else:  # no source to name under an empty table
            last = anchor._p.getprevious()
        self.placed.append((first, last))

    def tc23(self, anchor, label: str) -> None:
        title = f"Pencapaian Kinerja Pelayanan {self.opd.nama} Tahun {_span(previous_years(self.pemda))}"
        self._block(anchor, label, title, lambda a: tc23_table(self.document, a, self.pemda, self.opd, self.f))

    def tc24(self, anchor, label: str) -> None:
        title = f"Anggaran dan Realisasi Pendanaan Pelayanan {self.opd.nama} Tahun {_span(previous_years(self.pemda))}"
        width = text_width_mm(self.pemda.settings, landscape=True)
        self._block(anchor, label, title, lambda a: tc24_table(self.document, a, self.pemda, self.opd, width))

    def to_landscape(self) -> None:
        """Each run of adjacent table blocks becomes one landscape section."""
        groups: list[list] = []
        for first, last in self.placed:
            if groups and groups[-1][1].getnext() is first:
                groups[-1][1] = last
            else:
                groups.append([first, last])
        for first, last in groups:
            landscape_section(first, last)
