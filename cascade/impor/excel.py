"""`cascade impor excel`: a T-C.27 or T-C.25 workbook as Pemda publish them → ImportedOpd.

Every non-empty cell of the table body is either carried into the data (`Reader.carried`) or reported
with its address FILE!SHEET!CELL and what was expected (`Reader.reported`); nothing is dropped or
guessed silently. What the table does not hold but the data needs (a program's uraian, a jabatan id
for the unit kerja) is filled in a stated way and told once (I017).

Row by row: a filled Tujuan or Sasaran cell opens that node (merged cells below it are the same node);
a kode opens a program (3 parts), kegiatan (5) or sub kegiatan (6), an urusan/bidang row (1–2 parts) is
a heading only; an indicator cell adds an indicator, with the row's baseline, targets and kondisi akhir,
to the node opened last (so a program's second indicator may sit on the next row). Rp cells are the
pagu of the node the row opened. Subtotal ("Jumlah …") and total rows, a parent's pagu and the kondisi
akhir Rp are checked against the sums Cascade computes, carried when equal, reported when not (I022).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cascade.diagnostics import Diagnostic, Loc, error, warning
from cascade.impor.cells import clean_text, folded, level_of, one_line, parse_kode, parse_money, parse_number
from cascade.impor.jabatan import Jabatan
from cascade.impor.kolom import Columns, Grid, find_columns
from cascade.impor.model import ImportedOpd, Indikator, Kegiatan, Program, Sasaran, SubKegiatan, Tujuan, nodes
from cascade.impor.profil import Profil
from cascade.impor.tulis import assign_ids

_PREFIX = re.compile(r"^\s*indikator\b[^:]{0,60}:\s*", re.IGNORECASE)  # "Indikator Program (Outcome) : …"
_STRAY = re.compile(r"^[\d.,\s-]*$")  # a hierarchy cell holding only a number or dash is no uraian
# Cascade's own T-C.27 opens each tujuan and sasaran with a row across the table ("Tujuan 1: …",
# "Sasaran 1.2: …"); its indicators follow in the indicator column, its programs below them
_SECTION = re.compile(r"(Tujuan|Sasaran) \d+(?:\.\d+)*: (.+)", re.S)


@dataclass
class _Pending:
    """A sum in the table to check against Cascade's own sum when every row is read."""

    cell: tuple[int, int]
    value: int
    node: object | None  # Program/Kegiatan/SubKegiatan, or None for the grand total
    year: int | None  # None: the whole period (kondisi akhir Rp)
    what: str


class Reader:
    def __init__(self, display: str, sheet_title: str, grid: Grid, cols: Columns, model: ImportedOpd,
                 jabatan: Jabatan) -> None:
        self.display, self.sheet, self.grid, self.cols, self.model = display, sheet_title, grid, cols, model
        self.jabatan = jabatan
        self.carried: set[tuple[int, int]] = set()
        self.reported: set[tuple[int, int]] = set()
        self.diagnostics: list[Diagnostic] = []
        self.years = sorted(set(cols.target) | set(cols.rp))
        self.tujuan: Tujuan | None = None
        self.sasaran: Sasaran | None = None
        self.node = None  # the node an indicator on this row belongs to
        self.program: Program | None = None
        self.kegiatan: Kegiatan | None = None
        self.urusan: str | None = None
        self.program_sasaran: dict[int, Sasaran | None] = {}
        self.stated: list[_Pending] = []  # pagu written on a parent's row, or sums, checked at the end
        self.unit_notes: set[tuple[str, str]] = set()
        self.shown: dict[tuple[int, int], str] = {}  # (node, column) -> unit kerja / lokasi on the node's row
        self.tujuan_row = 0  # row of the current tujuan's cell
        self.sasaran_row = 0  # row of the current sasaran's cell
        self.sasaran_taken = False  # a program already placed under the current sasaran
        self.sections = False  # tujuan and sasaran come as section rows, so every link is stated
        self.section_opened = False  # the row before was a section row: this one holds its unit kerja

    # ------------------------------------------------------------ reporting

    def addr(self, r: int, c: int) -> str:
        return f"{self.display}!{self.sheet}!{get_column_letter(c)}{r}"

    def report(self, r: int, c: int, code: str, message: str, hint: str = "", empty_ok: bool = False) -> None:
        if not empty_ok or self.grid.own(r, c) is not None:
            self.reported.add((r, c))
        self.carried.discard((r, c))
        self.diagnostics.append(warning(Loc(self.addr(r, c)), code, message, hint))

    def carry(self, r: int, c: int | None) -> None:
        if c and self.grid.own(r, c) is not None and (r, c) not in self.reported:
            self.carried.add((r, c))

    def own(self, r: int, c: int | None):
        return self.grid.own(r, c) if c else None

    # ------------------------------------------------------------ rows

    def read(self) -> None:
        cols = self.cols
        for r in range(cols.data_row, self.grid.max_row + 1):
            cells = [c for c in range(1, self.grid.max_col + 1) if self.grid.own(r, c) is not None]
            if cells:
                self._row(r, cells)
        self._check_sums()

    def _row(self, r: int, cells: list[int]) -> None:
        cols = self.cols
        for c in cells:
            if c in cols.unknown or c not in cols.known():
                self.report(r, c, "I016", f"sel di kolom yang tidak dikenal berisi \"{_short(self.grid.own(r, c))}\"; "
                                          "tidak dimuat", "beri profil kolom (--profil) bila kolom ini perlu dibaca")
        if cols.nomor:
            self.carry(r, cols.nomor)
        section = _SECTION.fullmatch(one_line(self.own(r, cells[0]))) if len(cells) == 1 else None
        if section:
            self.sections = self.section_opened = True
            (self._tujuan if section.group(1) == "Tujuan" else self._sasaran)(r, cells[0], section.group(2))
            return
        opened, self.section_opened = self.section_opened, False
        label_cols = [c for c in (cols.tujuan, cols.sasaran, *cols.kode, cols.nama) if c]
        label = next((one_line(self.own(r, c)) for c in label_cols if self.own(r, c) is not None), "")
        if label.lower().startswith("jumlah"):
            self._total_row(r, cells, label)
            return
        if cols.tujuan and self.own(r, cols.tujuan) is not None:
            opened |= self._tujuan(r)
        if cols.sasaran and self.own(r, cols.sasaran) is not None:
            opened |= self._sasaran(r)
        kode_cells = [c for c in cols.kode if self.own(r, c) is not None]
        nama = one_line(self.own(r, cols.nama)) if cols.nama else ""
        row_node = None
        if kode_cells or nama:
            row_node = self._kode_row(r, kode_cells, nama)
            if row_node == "skip":
                return
        if cols.indikator_sasaran and self.own(r, cols.indikator_sasaran) is not None:
            target = self.sasaran or self.tujuan
            if target is None:
                self.report(r, cols.indikator_sasaran, "I016", "indikator sasaran tanpa sasaran di atasnya; tidak dimuat")
            else:
                with_values = row_node is None and not (cols.indikator and self.own(r, cols.indikator) is not None)
                self._indicator(r, cols.indikator_sasaran, target, with_values)
                if with_values:
                    if opened:
                        self._unit_and_place(r, target)
                    else:
                        self._same_unit_and_place(r, target)
                    self._stray_money(r, "baris indikator sasaran")
                    return
        node = row_node or self.node
        if cols.indikator and self.own(r, cols.indikator) is not None:
            if node is None:
                self.report(r, cols.indikator, "I016", "indikator tanpa tujuan, sasaran, program atau kegiatan di "
                                                       "atasnya; tidak dimuat")
                self._leftover(r, "baris ini")
            else:
                self._indicator(r, cols.indikator, node, True)
        else:
            self._leftover(r, "baris tanpa indikator", values_only=True)
        if row_node is not None:
            self._money(r, row_node)
            self._unit_and_place(r, row_node)
        else:
            if opened:
                self._unit_and_place(r, self.node)
            else:
                self._same_unit_and_place(r, node)
            self._stray_money(r, "baris indikator tambahan" if not opened else "baris tujuan/sasaran")

    def _tujuan(self, r: int, c: int | None = None, text: str | None = None) -> bool:
        c = c or self.cols.tujuan
        text = one_line(self.own(r, c)) if text is None else text
        if _STRAY.match(text):
            self.report(r, c, "I016", f"sel Tujuan berisi \"{text}\", bukan uraian tujuan; tidak dimuat")
            return False
        self.tujuan = next((t for t in self.model.tujuan if folded(t.uraian) == folded(text)), None)
        if self.tujuan is None:
            self.tujuan = Tujuan(uraian=text, sumber=self.addr(r, c))
            self.model.tujuan.append(self.tujuan)
        self.sasaran, self.node, self.program, self.kegiatan = None, self.tujuan, None, None
        self.tujuan_row = r
        self.carry(r, c)
        return True

    def _sasaran(self, r: int, c: int | None = None, text: str | None = None) -> bool:
        c = c or self.cols.sasaran
        text = one_line(self.own(r, c)) if text is None else text
        if _STRAY.match(text):
            self.report(r, c, "I016", f"sel Sasaran berisi \"{text}\", bukan uraian sasaran; tidak dimuat")
            return False
        if self.tujuan is None:
            self.report(r, c, "I016", "sasaran tanpa tujuan di atasnya; tidak dimuat",
                        "isi sel Tujuan di baris ini atau di atasnya")
            return False
        self.sasaran = next((s for t in self.model.tujuan for s in t.sasaran if folded(s.uraian) == folded(text)), None)
        merged_over = bool(self.cols.tujuan) and self.grid.anchor(r, self.cols.tujuan) == (self.tujuan_row, self.cols.tujuan)
        if self.sasaran is None and self.tujuan.sasaran and self.tujuan_row != r and not merged_over and not self.sections:
            self.diagnostics.append(warning(
                Loc(self.addr(r, c)), "I021", f"sel Tujuan sasaran ini kosong (tidak digabung dengan sel tujuan di "
                                              f"atasnya); sasaran dikaitkan ke tujuan \"{_short(self.tujuan.uraian)}\" di atasnya",
                "periksa letak sasaran ini di renstra.yaml"))
        if self.sasaran is None:
            self.sasaran = Sasaran(uraian=text, sumber=self.addr(r, c))
            self.tujuan.sasaran.append(self.sasaran)
        self.node, self.program, self.kegiatan = self.sasaran, None, None
        self.sasaran_row, self.sasaran_taken = r, False
        self.carry(r, c)
        return True

    def _kode_row(self, r: int, kode_cells: list[int], nama: str):
        cols = self.cols
        kode = parse_kode([self.own(r, c) for c in cols.kode], urusan=self.urusan) if kode_cells else None
        first = kode_cells[0] if kode_cells else cols.nama
        if kode is not None and kode.problem:
            for c in kode_cells:
                self.report(r, c, "I012", f"kode tidak dapat dibaca: diharapkan {kode.problem}",
                            "perbaiki kodenya di buku kerja, lalu impor lagi")
            self._leftover(r, "baris dengan kode yang tidak terbaca")
            return "skip"
        if kode is None or kode.kode is None:
            self.report(r, cols.nama, "I012", "nama program/kegiatan tanpa kode: diharapkan kode nomenklatur di "
                                              "kolom Kode", "isi kodenya di buku kerja, lalu impor lagi")
            self._leftover(r, "baris tanpa kode")
            return "skip"
        code = kode.kode
        if kode.note:
            self.diagnostics.append(warning(Loc(self.addr(r, first)), "I015", kode.note,
                                            "periksa kodenya; perbaiki di buku kerja bila urusannya lain"))
        level = level_of(code)
        self.urusan = code.split(".")[0]
        for c in kode_cells:
            self.carry(r, c)
        if level in ("urusan", "bidang"):
            for c in kode_cells:
                self.report(r, c, "I016", f"baris {level} ({code}) hanya judul kelompok; tidak dimuat "
                                          "(Cascade menjumlahkan pagu program sendiri)")
            self._leftover(r, f"baris {level}")
            return "skip"
        if not nama:
            self.report(r, first, "I012", f"kode {code} tanpa nama program/kegiatan: diharapkan nama di kolom "
                                          "Program, Kegiatan dan Sub Kegiatan")
            self._leftover(r, "baris tanpa nama")
            return "skip"
        self.carry(r, cols.nama)
        where = self.addr(r, first)
        if level == "program":
            node = Program(kode=code, nama=nama, sumber=where)
            sasaran = self.sasaran
            merged_over = bool(cols.sasaran) and self.grid.anchor(r, cols.sasaran) == (self.sasaran_row, cols.sasaran)
            if sasaran is not None and self.sasaran_taken and not merged_over and not self.sections:
                self.diagnostics.append(warning(
                    Loc(where), "I021", f"sel Sasaran program {code} kosong (tidak digabung dengan sel sasaran di "
                                        f"atasnya); program dikaitkan ke sasaran \"{_short(sasaran.uraian)}\" di atasnya",
                    "periksa `sasaran` di berkas program ini"))
            self.sasaran_taken = True
            if sasaran is None:
                sasaran = next((s for t in reversed(self.model.tujuan) for s in reversed(t.sasaran)), None)
                self.diagnostics.append(warning(
                    Loc(where), "I021",
                    f"program {code} tidak berada di bawah sasaran"
                    + (f"; dikaitkan ke sasaran \"{_short(sasaran.uraian)}\" di atasnya" if sasaran else
                       " dan tabel tidak memuat sasaran; `sasaran` program dibiarkan kosong"),
                    "periksa sasaran yang didukung program ini di berkas programnya"))
            self.program_sasaran[id(node)] = sasaran
            self.model.program.append(node)
            self.program, self.kegiatan = node, None
        elif level == "kegiatan":
            parent = self._parent_program(code)
            if parent is None:
                self.report(r, first, "I016", f"kegiatan {code} tanpa program {code[:7]} di atasnya; tidak dimuat")
                self._leftover(r, "baris kegiatan tanpa program")
                return "skip"
            node = Kegiatan(kode=code, nama=nama, sumber=where)
            parent.kegiatan.append(node)
            self.kegiatan = node
        else:
            parent = self.kegiatan if self.kegiatan and code.startswith(self.kegiatan.kode + ".") else next(
                (k for p in self.model.program for k in p.kegiatan if code.startswith(k.kode + ".")), None)
            if parent is None:
                self.report(r, first, "I016", f"sub kegiatan {code} tanpa kegiatan di atasnya; tidak dimuat")
                self._leftover(r, "baris sub kegiatan tanpa kegiatan")
                return "skip"
            node = SubKegiatan(kode=code, nama=nama, sumber=where)
            parent.sub_kegiatan.append(node)
        self.node = node
        return node

    def _parent_program(self, code: str) -> Program | None:
        if self.program and code.startswith(self.program.kode + "."):
            return self.program
        return next((p for p in reversed(self.model.program) if code.startswith(p.kode + ".")), None)

    # ------------------------------------------------------------ values

    def _indicator(self, r: int, c: int, node, with_values: bool) -> None:
        cols = self.cols
        name = _PREFIX.sub("", one_line(self.own(r, c)))
        if not name:
            self.report(r, c, "I012", "sel indikator tanpa nama indikator")
            return
        self.carry(r, c)
        ind = Indikator(nama=name, sumber=self.addr(r, c), baseline_tahun=cols.tahun_dasar)
        units: list[tuple[int, str]] = []
        satuan = one_line(self.own(r, cols.satuan)) if cols.satuan else ""
        if satuan:
            self.carry(r, cols.satuan)

        def value(col: int | None, what: str, empty_is_news: bool = True):
            if not col or not with_values:
                return None
            raw = self.own(r, col)
            got = parse_number(raw)
            if got.unit:  # a cell with only "%" still tells the satuan
                units.append((col, got.unit))
            if got.problem:
                self.report(r, col, "I012", f"{what} tidak dapat dibaca: diharapkan {got.problem}; ditulis null",
                            "perbaiki sel ini di buku kerja, atau isi nilainya di YAML setelah impor")
                return None
            if got.value is None:
                if raw is not None or empty_is_news:
                    self.report(r, col, "I013", f"{what} kosong; ditulis null", "isi nilainya bila sudah ditetapkan",
                                empty_ok=True)
                return None
            self.carry(r, col)
            return got.value

        ind.baseline = value(cols.baseline, "kondisi awal")
        for year in self.years:
            ind.target[year] = value(cols.target.get(year), f"target {year}") if year in cols.target else None
        akhir = value(cols.akhir_target, "kondisi akhir", empty_is_news=False)
        last = ind.target.get(self.years[-1]) if self.years else None
        ind.kondisi_akhir = None if akhir == last else akhir
        if not satuan and units:
            satuan = units[0][1]
        for col, unit in units:
            if satuan and folded(unit) != folded(satuan):
                self.diagnostics.append(warning(
                    Loc(self.addr(r, col)), "I014",
                    f"satuan \"{unit}\" di sel ini berbeda dengan satuan indikator \"{satuan}\"; angkanya dimuat "
                    f"dengan satuan \"{satuan}\"", "samakan satuannya, atau pecah menjadi dua indikator"))
        if not satuan:
            self.diagnostics.append(warning(Loc(self.addr(r, c)), "I025",
                                            "indikator ini tidak bersatuan (tidak ada kolom Satuan dan tidak ada satuan "
                                            "di sel nilainya); ditulis \"-\"", "isi `satuan` indikatornya setelah impor"))
        ind.satuan = satuan or None
        here = f"{self.display}!{self.sheet}!"
        twin = next((i for i in node.indikator if folded(i.nama) == folded(ind.nama) and not i.sumber.startswith(here)),
                    None)
        if twin is None:
            node.indikator.append(ind)
        elif (twin.baseline, twin.target, twin.kondisi_akhir) != (ind.baseline, ind.target, ind.kondisi_akhir):
            for col in self._value_cols():  # the first table read keeps the indicator; these values differ
                if (r, col) in self.carried:
                    self.carried.discard((r, col))
                    self.reported.add((r, col))
            self.diagnostics.append(warning(
                Loc(self.addr(r, c)), "I028",
                f"indikator \"{_short(ind.nama)}\" sudah dibaca dari {twin.sumber} dengan nilai lain; nilai di baris "
                "ini tidak dimuat", "samakan kondisi awal dan target indikator ini di kedua tabel"))

    def _money(self, r: int, node) -> None:
        cols = self.cols
        for year in self.years:
            col = cols.rp.get(year)
            if not col or self.own(r, col) is None:
                continue
            got = parse_money(self.own(r, col))
            if got.problem:
                self.report(r, col, "I012", f"pagu {year} tidak dapat dibaca: diharapkan {got.problem}",
                            "tulis Rupiahnya sebagai angka, misalnya 150000000 atau Rp 150.000.000")
            elif got.value is None:
                self.carry(r, col)  # "-": no pagu this year
            else:
                node.pagu[year] = got.value
                self.stated.append(_Pending((r, col), got.value, node, year, f"pagu {year}"))
        if cols.akhir_rp and self.own(r, cols.akhir_rp) is not None:
            got = parse_money(self.own(r, cols.akhir_rp))
            if got.problem:
                self.report(r, cols.akhir_rp, "I012", f"Rp kondisi akhir tidak dapat dibaca: diharapkan {got.problem}")
            elif got.value is None:
                self.carry(r, cols.akhir_rp)
            else:
                self.stated.append(_Pending((r, cols.akhir_rp), got.value, node, None, "Rp kondisi akhir"))

    def _unit_and_place(self, r: int, node) -> None:
        cols = self.cols
        if node is None:
            return
        if cols.unit_kerja and self.own(r, cols.unit_kerja) is not None:
            unit = one_line(self.own(r, cols.unit_kerja))
            self.shown[(id(node), cols.unit_kerja)] = unit
            level = _level(node)
            found = self.jabatan.find(unit, level)
            node.penanggung_jawab = found or self.jabatan.default(level)
            self.carry(r, cols.unit_kerja)
            if not found and (unit, level) not in self.unit_notes:
                self.unit_notes.add((unit, level))
                self.diagnostics.append(warning(
                    Loc(self.addr(r, cols.unit_kerja)), "I017",
                    f"unit kerja \"{_short(unit)}\" tidak punya jabatan {LEVEL_JENJANG[level]} di opd.yaml; "
                    f"penanggung jawab {level.replace('_', ' ')} ini ditulis `{node.penanggung_jawab}`",
                    "tambahkan jabatan unit kerja ini di opd.yaml, lalu impor lagi"))
        if cols.lokasi and self.own(r, cols.lokasi) is not None:
            if isinstance(node, (Kegiatan, SubKegiatan)):
                node.lokasi = one_line(self.own(r, cols.lokasi))
                self.shown[(id(node), cols.lokasi)] = node.lokasi
                self.carry(r, cols.lokasi)
            else:
                self.report(r, cols.lokasi, "I016", "lokasi hanya dicatat untuk kegiatan dan sub kegiatan; "
                                                    "tidak dimuat")

    def _same_unit_and_place(self, r: int, node) -> None:
        """Unit kerja and lokasi repeated on a node's further indicator rows: carried when they repeat the
        node's own, reported when they differ (a node has one penanggung jawab and one lokasi)."""
        for col, what in ((self.cols.unit_kerja, "unit kerja"), (self.cols.lokasi, "lokasi")):
            if not col or self.own(r, col) is None:
                continue
            if node is not None and self.shown.get((id(node), col)) == one_line(self.own(r, col)):
                self.carry(r, col)
            else:
                self.report(r, col, "I016", f"{what} \"{_short(self.own(r, col))}\" di baris indikator tambahan "
                                            "berbeda dengan baris programnya; tidak dimuat")

    def _value_cols(self) -> list[int]:
        cols = self.cols
        return [c for c in (cols.baseline, cols.akhir_target, *cols.target.values()) if c]

    def _money_cols(self) -> list[int]:
        return [c for c in (*self.cols.rp.values(), self.cols.akhir_rp) if c]

    def _stray_money(self, r: int, where: str) -> None:
        for c in self._money_cols():
            if self.own(r, c) is not None and (r, c) not in self.reported:
                self.report(r, c, "I016", f"Rp di {where} tidak dimuat: pagu dicatat pada program, kegiatan dan "
                                          "sub kegiatan")

    def _leftover(self, r: int, where: str, values_only: bool = False) -> None:
        """Cells of a row that has no place in the data: each reported, none silently dropped."""
        cols = self.cols
        keep = set(self._value_cols()) | (set() if values_only else
                                          {c for c in (cols.nama, cols.indikator, cols.satuan, cols.unit_kerja,
                                                       cols.lokasi, *cols.kode, *self._money_cols()) if c})
        if values_only and cols.satuan:
            keep.add(cols.satuan)
        for c in sorted(keep):
            if self.own(r, c) is not None and (r, c) not in self.reported and (r, c) not in self.carried:
                self.report(r, c, "I016", f"sel di {where} tidak dimuat (\"{_short(self.own(r, c))}\")")

    def _total_row(self, r: int, cells: list[int], label: str) -> None:
        cols = self.cols
        grand = "total" in label.lower()
        node = None if grand else self.program
        label_col = next(c for c in cells if one_line(self.grid.own(r, c)).lower().startswith("jumlah"))
        self.carry(r, label_col)
        money = set(self._money_cols())
        for c in cells:
            if c == label_col:
                continue
            if c not in money:
                if (r, c) not in self.reported:
                    self.report(r, c, "I016", f"sel di baris jumlah tidak dimuat (\"{_short(self.grid.own(r, c))}\")")
                continue
            got = parse_money(self.grid.own(r, c))
            if got.problem:
                self.report(r, c, "I012", f"jumlah tidak dapat dibaca: diharapkan {got.problem}")
                continue
            if got.value is None:
                self.carry(r, c)
                continue
            year = next((y for y, col in cols.rp.items() if col == c), None)
            self.stated.append(_Pending((r, c), got.value, node if node is not None else "total", year,
                                        "jumlah total" if grand else f"jumlah program {self.program.kode}"
                                        if self.program else "jumlah"))

    # ------------------------------------------------------------ sums

    def _check_sums(self) -> None:
        for p in self.stated:
            if p.node == "total":
                expected = sum(_effective(prog).get(p.year, 0) if p.year else sum(_effective(prog).values())
                               for prog in self.model.program)
            elif p.node is None:
                self.report(*p.cell, "I016", f"{p.what} tanpa program di atasnya; tidak dimuat")
                continue
            else:
                eff = _effective(p.node)
                has_children = bool(getattr(p.node, "kegiatan", None) or getattr(p.node, "sub_kegiatan", None))
                if p.year is not None and not has_children:
                    self.carry(*p.cell)  # a leaf's own pagu: carried as written
                    continue
                expected = eff.get(p.year, 0) if p.year is not None else sum(eff.values())
            if p.value == expected:
                self.carry(*p.cell)
            else:
                self.report(*p.cell, "I022",
                            f"{p.what} {p.value:,} tidak sama dengan jumlah rinciannya {expected:,}; Cascade memakai "
                            "jumlah rinciannya".replace(",", "."),
                            "periksa angka di buku kerja; bila rinciannya kurang, tambahkan kegiatan atau sub "
                            "kegiatannya")
        for node in self._parents():
            for year in list(node.pagu):  # a parent's pagu is the sum of its children (as Cascade computes it)
                del node.pagu[year]

    def _parents(self):
        for p in self.model.program:
            if p.kegiatan:
                yield p
            for k in p.kegiatan:
                if k.sub_kegiatan:
                    yield k

    def finish(self) -> None:
        """Ids, the program→sasaran links, and a penanggung jawab for every node the table gave none."""
        missing: dict[str, str] = {}
        for node in nodes(self.model):
            if not node.penanggung_jawab:
                level = _level(node)
                node.penanggung_jawab = self.jabatan.default(level)
                missing.setdefault(level, node.penanggung_jawab)
        no_place = [n for n in nodes(self.model) if isinstance(n, SubKegiatan) and not n.lokasi]
        if no_place:
            self.diagnostics.append(warning(
                Loc(no_place[0].sumber or f"{self.display}!{self.sheet}"), "I017",
                f"tabel tidak menyebut lokasi {len(no_place)} sub kegiatan; `lokasi` ditulis \"-\"",
                "isi `lokasi` sub kegiatan di berkas programnya"))
            for n in no_place:
                n.lokasi = "-"
        for level, who in missing.items():
            self.diagnostics.append(warning(
                Loc(f"{self.display}!{self.sheet}"), "I017",
                f"tabel tidak menyebut unit kerja penanggung jawab sebagian {level.replace('_', ' ')}; "
                f"ditulis `{who}`", "periksa `penanggung_jawab` di berkas hasil impor"))
        assign_ids(self.model)
        for p in self.model.program:
            s = self.program_sasaran.get(id(p))
            if s is not None:
                p.sasaran = s.id


LEVEL_JENJANG = {"tujuan": "JPT Pratama", "sasaran": "JPT Pratama", "program": "Administrator",
                 "kegiatan": "Pengawas/Fungsional", "subkegiatan": "Pengawas/Fungsional/Pelaksana"}


def _level(node) -> str:
    return {Tujuan: "tujuan", Sasaran: "sasaran", Program: "program", Kegiatan: "kegiatan",
            SubKegiatan: "subkegiatan"}[type(node)]


def _effective(node) -> dict[int, int]:
    children = getattr(node, "kegiatan", None) or getattr(node, "sub_kegiatan", None)
    if not children:
        return {y: v for y, v in node.pagu.items() if v is not None}
    total: dict[int, int] = {}
    for child in children:
        for y, v in _effective(child).items():
            total[y] = total.get(y, 0) + v
    return total


def _short(value) -> str:
    text = clean_text(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "…"


# ---------------------------------------------------------------- entry point


@dataclass
class ExcelImport:
    model: ImportedOpd
    diagnostics: list[Diagnostic]
    readers: list[Reader]  # one per table read (tests count carried and reported cells)


def read_workbook(path: Path, opd: str, display: str | None = None, period: tuple[int, int] | None = None,
                  tahun_dasar: int | None = None, jabatan: Jabatan | None = None, profil: Profil | None = None,
                  model: ImportedOpd | None = None) -> ExcelImport:
    """Read every T-C.27/T-C.25 sheet of a workbook into `model` (a new one unless given: several
    workbooks, such as a T-C.25 and a T-C.27, go into one model)."""
    display = display or Path(path).name
    model = model or ImportedOpd(opd=opd, sumber=display)
    diags: list[Diagnostic] = []
    try:
        wb = load_workbook(path, data_only=True)
        formulas = load_workbook(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        why = "tidak ditemukan" if isinstance(exc, FileNotFoundError) else "bukan buku kerja Excel (.xlsx) yang utuh"
        return ExcelImport(model, [error(Loc(display), "I010", f"berkas ini {why}",
                                         "simpan tabelnya dari Excel atau LibreOffice sebagai .xlsx, lalu impor lagi")], [])
    readers = []
    for ws in wb.worksheets:
        if profil and profil.lembar and ws.title != profil.lembar:
            continue
        grid = Grid(ws, formulas[ws.title])
        if profil:
            cols, problems = profil.columns(grid, display, ws.title)
            diags += problems
            if cols is None:
                continue
        else:
            cols, unresolved = find_columns(grid, period[0] if period else None)
            if cols is None:
                continue
            for c, label in unresolved:
                diags.append(error(Loc(f"{display}!{ws.title}!{get_column_letter(c)}{cols.header_row}"), "I023",
                                   f"kolom \"{label}\" memakai tahun relatif, tetapi periode Renstra tidak diketahui",
                                   "isi rpjmd.periode di data/pemda.yaml, atau beri profil kolom dengan tahunnya"))
        if not (cols.target or cols.indikator or cols.nama):
            continue
        cols.tahun_dasar = cols.tahun_dasar or tahun_dasar or (min(cols.target) - 1 if cols.target else None)
        reader = Reader(display, ws.title, grid, cols, model, jabatan or Jabatan())
        if period:
            plan = range(period[0], period[1] + 1)
            missing = [y for y in plan if y not in cols.target and y not in cols.rp]
            reader.years = sorted(set(reader.years) | set(plan))
            if missing and (cols.target or cols.rp):
                diags.append(warning(
                    Loc(f"{display}!{ws.title}"), "I027",
                    f"tabel ini tidak memuat kolom tahun {', '.join(map(str, missing))} dari periode "
                    f"{period[0]}–{period[1]}; target tahun itu ditulis null dan pagunya tidak diisi",
                    "isi target dan pagu tahun tersebut bila sudah ditetapkan"))
        reader.read()
        readers.append(reader)
        diags += reader.diagnostics
        model.years = sorted(set(model.years) | set(reader.years))
        model.tahun_dasar = model.tahun_dasar or cols.tahun_dasar
    if not readers and not any(d.severity.name == "ERROR" for d in diags):
        diags.append(error(Loc(display), "I011", "tidak ada lembar berisi tabel T-C.27 atau T-C.25 (kepala tabel "
                                                 "dengan kolom Indikator dan Tujuan/Sasaran/Program tidak ditemukan)",
                           "periksa lembarnya, atau beri profil kolom (--profil) yang menyebut baris kepala dan kolomnya"))
    for reader in readers:
        reader.finish()
    if model.program:
        diags.append(warning(Loc(display), "I017",
                             "T-C.27 tidak memuat uraian (sasaran) program dan kegiatan; `uraian` diisi dengan namanya",
                             "ganti `uraian` di berkas program dengan hasil (outcome) program dan keluaran kegiatan"))
    return ExcelImport(model, diags, readers)
