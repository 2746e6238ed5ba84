"""The Kepmendagri nomenklatur list kept in the repository as CSV, so planners can extend it.

Rules R012/R013 compare every program, kegiatan and sub kegiatan with this table, so a table read
wrongly makes them pass or fire silently. The file is therefore read strictly and line by line:
one CSV line is one code. A line that cannot be read (a quote left open, a control character, a
cell past the csv module's size limit) is reported at that line and left out, and the lines after it
are read on their own, so one slip never swallows or shifts the rest of the table, and every problem
of the file is reported in one run. `parse_nomenklatur` only sees bytes; `load.sources` reads the file.

Two files make the list: `nomenklatur.csv`, the Kepmendagri list as published (data/referensi/README.md
says which one and what it lacks), and the Pemda's own `nomenklatur-lokal.csv`, codes a Pemda uses
that the list does not hold, each with a `catatan` saying why. The published list has known gaps (a
few hundred kegiatan and programs appear only as the parent of their sub kegiatan), so a missing
parent is reported only for a local code: there it is most likely a typo.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import count, repeat
from operator import itemgetter
from typing import Iterable, Iterator

from cascade.diagnostics import Diagnostic, Loc, error, warning

COLUMNS = ("kode", "level", "nama")
# kode shape → level, by the number of dots: urusan 2, bidang 2.16, program 2.16.01, kegiatan
# 2.16.01.2.01, sub kegiatan 2.16.01.2.01.0001; X stands for "every urusan/bidang" (X.XX.01, the
# supporting program). The kegiatan's fourth part is 2 in the Diskominfo list and 1-7 in the full
# list; sub kegiatan have four digits there, and two to four are allowed as in the program schema,
# so any code a program file may carry can be listed.
KODE = re.compile(r"[0-9X](?:\.[0-9X]{2}(?:\.[0-9]{2}(?:\.[0-9]\.[0-9]{2}(?:\.[0-9]{2,4})?)?)?)?")
LEVEL_BY_DOTS = {0: "urusan", 1: "bidang_urusan", 2: "program", 4: "kegiatan", 5: "sub_kegiatan"}
# a well-formed code's length → the length of the code above it (2.16.01.2.01 → 2.16.01)
PARENT_LENGTH = {4: 1, 7: 4, 12: 7, 15: 12, 16: 12, 17: 12}
# "kode,level" of one well-formed row, written exactly (see _clean_rows)
KODE_LEVEL = (r"[0-9X](?:,urusan|\.[0-9X]{2}(?:,bidang_urusan|\.[0-9]{2}(?:,program|\.[0-9]\.[0-9]{2}"
              r"(?:,kegiatan|\.[0-9]{2,4},sub_kegiatan))))")
KODE_LEVEL_LINES = re.compile(f"(?:{KODE_LEVEL}\n)*{KODE_LEVEL}")
LEVELS = tuple(LEVEL_BY_DOTS.values())
LEVEL_WORDS = {"urusan": "urusan", "bidang_urusan": "bidang urusan", "program": "program", "kegiatan": "kegiatan",
               "sub_kegiatan": "sub kegiatan"}
KODE_FORMS = ("bentuk yang sah: 2 (urusan), 2.16 (bidang urusan), 2.16.01 (program), 2.16.01.2.01 (kegiatan), "
              "2.16.01.2.01.0001 (sub kegiatan), X.XX.01… untuk program penunjang; bila dibuka di Excel, "
              "jadikan kolom kode teks agar 2.20 tidak menjadi 2.2")
# C0 controls but tab (and the line feed that ends lines), and DEL; a CR left after CRLF line ends
# are made LF is a lone CR
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
NOT_CONTROL_BYTES = bytes(b for b in range(256) if b in (9, 10) or 32 <= b < 127 or b > 127)
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip), .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_CSV = "simpan ulang sebagai CSV UTF-8 dipisah koma (di Excel: Simpan Sebagai → CSV UTF-8)"
# a line left out of the table (not one CSV record): a code above another may be on it
LINE_LEFT_OUT = {"N005", "N006", "N007", "N008"}


@dataclass(frozen=True)
class Entry:
    kode: str
    level: str
    nama: str
    satuan: str | None
    loc: Loc


@dataclass(frozen=True)
class NomenklaturTable:
    """kode → its CSV cells and line, as read. A full Kepmendagri list has ~15,000 rows and one OPD
    uses a few hundred codes, so an Entry is made when a code is looked up: building them all took
    ~0.15 s in every process (`make all` starts one per OPD)."""

    rel: str = ""
    rows: dict = field(default_factory=dict)  # kode → (level, nama, satuan, line), cells unstripped
    local: "NomenklaturTable | None" = None  # the Pemda's nomenklatur-lokal.csv, when it has one

    def get(self, kode: str) -> Entry | None:
        """The row of `kode`: listed as it is, as the generic supporting program (2.16.01.2.01 is
        listed once as X.XX.01.2.01), or in the local table."""
        for table in (self, self.local):
            if table is None:
                continue
            for listed in (kode, generic(kode)):
                row = table.rows.get(listed) if listed else None
                if row is not None:
                    level, nama, satuan, line = row
                    return Entry(kode, level.strip(), " ".join(nama.split()), satuan.strip() or None,
                                 Loc(table.rel, line, 1))
        return None

    def knows(self, kode: str) -> bool:
        """Whether `kode` is a code of the list: a row of it, or the parent of a listed code whose
        own row the published list lacks (its name is unknown, so R013 cannot check it)."""
        forms = (kode, generic(kode))
        tables = (self.rows, self.local.rows if self.local else {}, self.implied)
        return any(form in table for form in forms if form for table in tables)

    @cached_property
    def implied(self) -> frozenset:
        """Codes that are not listed but have listed codes below them."""
        return frozenset(k[:PARENT_LENGTH[len(k)]] for k in self.rows if len(k) in PARENT_LENGTH) - self.rows.keys()

    def __len__(self) -> int:
        return len(self.rows) + (len(self.local.rows) if self.local else 0)


def generic(kode: str) -> str | None:
    """The supporting program's code as the list holds it (`X.XX.01…`) for a bidang's own code
    (`2.16.01…`); None for any other code."""
    if len(kode) >= 7 and kode[4:7] == ".01" and (len(kode) == 7 or kode[7] == ".") and kode[:4] != "X.XX":
        return "X.XX" + kode[4:]
    return None


def parse_nomenklatur(raw: bytes, rel: str, official: NomenklaturTable | None = None
                      ) -> tuple[NomenklaturTable, list[Diagnostic]]:
    """The table in the CSV bytes `raw` of the file `rel`, and every problem found in it. Rows with a
    problem are reported; a line that is not one CSV record is left out of the table. With `official`
    the file is the Pemda's local table: each row needs a `catatan`, may not repeat an official code,
    and its parent must be listed in either table."""
    diags: list[Diagnostic] = []
    text = _decode(raw, rel, diags)
    if text is None:
        return NomenklaturTable(rel), diags
    # control bytes, CR included (bytes.translate: a tenth of a regex search); CRs that all end
    # CRLF line breaks are fine, and the csv module reads them as the line's end
    controls = raw.translate(None, NOT_CONTROL_BYTES)
    sound = not controls or (not controls.replace(b"\r", b"") and len(controls) == raw.count(b"\r\n"))
    rows = _clean_rows(_lines(text), rel, diags) if sound and official is None else None
    if rows is None:
        lines = _lines(text.replace("\r\n", "\n"))
        if not sound:
            _blank_control_lines(lines, rel, diags)
        if not any(line.strip() for line in lines) and official is not None:
            return NomenklaturTable(rel), diags  # an empty local table: no local codes
        if not any(line.strip() for line in lines):
            diags.append(error(Loc(rel, 1, 1), "N017", "tabel nomenklatur kosong",
                               "baris pertama memuat kepala tabel kode,level,nama, lalu satu baris per kode; "
                               f"kembalikan isinya dengan `git checkout {rel}`"))
            return NomenklaturTable(rel), diags
        rows = _checked_rows(lines, rel, diags, official)
    return NomenklaturTable(rel, rows), diags


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the line break ending the last line
    return lines


def _checked_rows(lines: list[str], rel: str, diags: list[Diagnostic], official: NomenklaturTable | None = None) -> dict:
    """The table read row by row, every problem of every line reported."""
    records = _records(lines, rel, diags)
    rows = _rows(records, lines, rel, diags, official)
    for _ in records:  # without a usable header the other lines are still checked as CSV
        pass
    return rows


def _clean_rows(lines: list[str], rel: str, diags: list[Diagnostic]) -> dict | None:
    """The table when every line is a well-formed row, checked a column at a time in C (a few passes
    over all rows): checked row by row, a 15,000-row list took twice as long to read. None at the
    first sign of any problem, and `_checked_rows` then finds and reports each one. Both give the
    same table and findings (tests/test_nomenklatur_csv.py)."""
    reader = csv.reader(lines, strict=True)
    try:
        records = list(reader)
    except csv.Error:
        return None
    if len(records) != len(lines) or len(records) < 2:  # a record over two lines; no rows
        return None
    names = [h.strip().casefold() for h in records[0]]
    width = len(names)
    if len(set(names)) != width or not set(COLUMNS) <= set(names):
        return None
    data = records[1:]
    if set(map(len, data)) != {width}:  # a short, long or blank line
        return None
    ik, il, inama = (names.index(c) for c in COLUMNS)
    if not KODE_LEVEL_LINES.fullmatch("\n".join(map(",".join, map(itemgetter(ik, il), data)))):
        return None
    namas = list(map(itemgetter(inama), data))
    if not all(map(str.strip, namas)):
        return None
    kodes = list(map(itemgetter(ik), data))
    units = [names.index(c) for c in ("satuan_if_known", "satuan") if c in names]
    if len(units) == 2:
        satuan = [a or b for a, b in zip(map(itemgetter(units[0]), data), map(itemgetter(units[1]), data))]
    else:
        satuan = map(itemgetter(units[0]), data) if units else repeat("")
    rows = dict(zip(kodes, zip(map(itemgetter(il), data), namas, satuan, count(2))))
    if len(rows) != len(data):  # a code listed twice
        return None
    return rows


def _decode(raw: bytes, rel: str, diags: list[Diagnostic]) -> str | None:
    """The text of the file; None when it is no text at all. Text with bytes that are not UTF-8 is
    reported at the first of them and still read (with U+FFFD), so its other problems show too."""
    if raw.startswith(WORKBOOK_MAGIC):
        diags.append(error(Loc(rel, 1, 1), "N018", "berkas ini buku kerja Excel, bukan CSV", SAVE_AS_CSV))
        return None
    if raw.startswith(UTF16_BOMS):
        diags.append(error(Loc(rel, 1, 1), "Y002", "berkas tersimpan sebagai UTF-16, bukan UTF-8", SAVE_AS_CSV))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        data, bad = exc.object, exc.start  # the bytes after the BOM, if any
        start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        column = len(data[start:bad].decode("utf-8")) + 1
        diags.append(error(Loc(rel, line, column), "Y002", f"berkas bukan UTF-8 (bita 0x{data[bad]:02X} tidak sah)",
                           SAVE_AS_CSV))
        return raw.decode("utf-8-sig", errors="replace")


def _blank_control_lines(lines: list[str], rel: str, diags: list[Diagnostic]) -> None:
    """Report each line holding a control character (NUL, a lone CR, …) and blank it: such a line is
    a damaged file, not a code."""
    for i, line in enumerate(lines):
        m = CONTROL.search(line)
        if m is None:
            continue
        char = m.group()
        name = {"\x00": "NUL", "\r": "CR (akhir baris gaya Mac lama) di tengah baris"}.get(char, f"U+{ord(char):04X}")
        diags.append(error(Loc(rel, i + 1, m.start() + 1), "N007", f"baris ini memuat karakter kendali {name}",
                           "hapus karakter itu (biasanya terbawa dari berkas biner atau salin-tempel), "
                           "lalu simpan ulang sebagai CSV UTF-8"))
        lines[i] = ""


class _Unclosed(Exception):
    """The csv reader asked for a second line for one record: a quote opened and not closed."""


def _records(lines: list[str], rel: str, diags: list[Diagnostic]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every line that is one CSV record; the others are reported. Blank
    lines give no cells. After a broken line a new reader starts at the next line, so nothing after
    it is lost or misread."""
    start = 0
    while start < len(lines):
        reader = csv.reader(lines[start:] if start else lines, strict=True)
        done = 0  # lines the reader had consumed before the record being read
        try:
            for cells in reader:
                if reader.line_num - done > 1:  # a quoted cell went on over the line end
                    raise _Unclosed
                yield start + done + 1, cells
                done = reader.line_num
            return
        except (csv.Error, _Unclosed):
            number = start + done + 1
            diags.append(_syntax_problem(lines[number - 1], Loc(rel, number, 1)))
            start = number


def _syntax_problem(line: str, at: Loc) -> Diagnostic:
    """What is wrong with a line the csv reader refused (or that opened a quote it did not close)."""
    starts, problem = _cell_columns(line)
    kind, column = problem or ("", 0)
    if kind == "unclosed":
        return error(Loc(at.file, at.line, column), "N005", "tanda kutip yang dibuka di sini tidak pernah ditutup di baris ini",
                     "tutup tanda kutipnya sebelum akhir baris; satu baris CSV memuat satu kode, "
                     "dan sel yang memuat koma diapit tanda kutip: \"Perencanaan, Penganggaran, dan Evaluasi\"")
    if kind == "after_quote":
        return error(Loc(at.file, at.line, column), "N006", "ada teks setelah tanda kutip penutup sel",
                     "sel yang diapit tanda kutip harus langsung diikuti koma atau akhir baris; "
                     "tanda kutip di dalam sel ditulis dua kali (\"\")")
    limit = csv.field_size_limit()
    ends = starts[1:] + [len(line) + 2]
    long = next((s for s, e in zip(starts, ends) if e - s - 1 > limit), None)
    if long is not None:
        return error(Loc(at.file, at.line, long), "N008",
                     f"sel ini terlalu panjang (lebih dari {limit:,} karakter)".replace(",", "."),
                     "nama nomenklatur hanya beberapa ratus karakter; periksa apakah tanda kutip atau pindah baris hilang")
    return error(at, "N006", "baris ini tidak dapat dibaca sebagai CSV", "periksa tanda kutip dan koma di baris ini")


def _cell_columns(line: str) -> tuple[list[int], tuple[str, int] | None]:
    """The 1-based column where each cell of one CSV line starts, as the csv module (strict, default
    dialect) splits it, and its first quoting problem: ("unclosed", column of the quote) or
    ("after_quote", column of the text after a closing quote). Only run for a line to report."""
    starts = [1]
    quoted = False
    at_start = True
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quoted:
            if c == '"':
                if i + 1 < n and line[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
                if i + 1 < n and line[i + 1] != ",":
                    return starts, ("after_quote", i + 2)
        elif c == ",":
            starts.append(i + 2)
            at_start = True
            i += 1
            continue
        elif c == '"' and at_start:
            quoted, opened = True, i + 1
        at_start = False
        i += 1
    return starts, ("unclosed", opened) if quoted else None


def _rows(records: Iterator[tuple[int, list[str]]], lines: list[str], rel: str, diags: list[Diagnostic],
          official: NomenklaturTable | None = None) -> dict:
    """kode → (level, nama, satuan, line) of the records under the header, each row's problems
    reported; {} when the header is unusable (then `records` is left for the caller to drain).
    `official` is given for the local table (see parse_nomenklatur)."""
    header_line, header = next(records, (0, []))
    if header_line != 1:  # line 1 is not a CSV record: already reported
        return {}
    names = [h.strip().casefold() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        hint = "baris pertama harus memuat kode,level,nama"
        if len(header) == 1 and ";" in header[0]:
            hint = f"kolomnya dipisah titik koma (;); {SAVE_AS_CSV}"
        diags.append(error(Loc(rel, 1, 1), "N001", f"kolom wajib tidak ada: {', '.join(missing)}", hint))
        return {}
    # of two columns with one name the first is read, and the second reported
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name not in index:
            index[name] = i
        elif name:
            diags.append(error(Loc(rel, 1, _cell_columns(lines[0])[0][i]), "N009", f"kolom `{name}` tercantum dua kali "
                               f"di kepala tabel (juga kolom ke-{index[name] + 1})", "hapus atau ganti nama salah satunya"))
    at = [index[c] for c in COLUMNS]
    note = index.get("catatan", len(header))
    if official is not None and "catatan" not in index:
        diags.append(error(Loc(rel, 1, 1), "N020", "kolom `catatan` tidak ada di tabel kode lokal",
                           "tambahkan kolom catatan ke kepala tabel (kode,level,nama,catatan) dan tulis untuk setiap kode "
                           "mengapa daerah memakainya, misalnya nomor surat atau peraturan yang menetapkannya"))
    # the satuan: satuan_if_known when that cell is not empty, else satuan
    width = len(header)  # and one empty cell past them stands for a column that is not there
    first, second = index.get("satuan_if_known", width), index.get("satuan", width)
    needed = max(at) + 1
    rows: dict[str, tuple] = {}
    parents: list[tuple[str, str, int]] = []  # (kode, its parent's kode, line)

    def report(line: int, cell: int, code: str, message: str, hint: str) -> None:
        diags.append(error(Loc(rel, line, _column(lines[line - 1], cell)), code, message, hint))

    for line, cells in records:
        n = len(cells)
        if n != width:
            if not any(c.strip() for c in cells):
                continue  # a blank line, or only commas
            if n > width:
                report(line, width, "N010", f"baris ini memiliki {n} sel, padahal kepala tabel hanya {width} kolom",
                       "nama yang memuat koma harus diapit tanda kutip: \"Perencanaan, Penganggaran, dan Evaluasi\"")
            cells = cells[:width] if n > width else cells + [""] * (width - n)
        cells.append("")
        kode = cells[at[0]].strip()
        if not kode:
            if any(c.strip() for c in cells):
                report(line, at[0], "N011", "kode kosong, padahal baris ini berisi", "isi kodenya, atau hapus baris ini")
            continue
        if n < needed:
            absent = ", ".join(f"`{c}`" for c, i in zip(COLUMNS, at) if i >= n)
            report(line, n, "N010", f"baris ini hanya memiliki {n} sel; kolom {absent} tidak ada",
                   "setiap baris memuat kode, level dan nama sesuai urutan kepala tabel")
        level = cells[at[1]].strip().casefold()
        shape = LEVEL_BY_DOTS.get(kode.count(".")) if KODE.fullmatch(kode) else None
        if shape is None:
            report(line, at[0], "N012", f"kode `{kode}` tidak berbentuk kode nomenklatur", KODE_FORMS)
        elif shape != "urusan":
            parents.append((kode, kode[:PARENT_LENGTH[len(kode)]], line))
        if at[1] < n:
            if level not in LEVEL_WORDS:
                what = f"level `{cells[at[1]].strip()}` tidak dikenal" if level else "level kosong"
                report(line, at[1], "N013", what, "pilih salah satu: " + ", ".join(LEVELS))
            elif shape is not None and level != shape:
                report(line, at[1], "N014", f"kode `{kode}` berbentuk kode {LEVEL_WORDS[shape]}, tetapi levelnya `{level}`",
                       f"tulis level `{shape}`, atau perbaiki kodenya")
        if at[2] < n and not cells[at[2]].strip():
            report(line, at[2], "N015", f"nama untuk kode `{kode}` kosong", "salin nama baku dari Kepmendagri")
        if kode in rows:
            report(line, at[0], "N002", f"kode `{kode}` tercantum dua kali (pertama di baris {rows[kode][3]})",
                   "hapus salah satu baris")
            continue
        if official is not None:
            if official.get(kode) is not None:
                report(line, at[0], "N022", f"kode lokal `{kode}` sudah ada di nomenklatur resmi "
                       f"(baris {official.get(kode).loc.line} di {official.rel})",
                       "hapus baris ini dari tabel kode lokal; kode resmi dipakai langsung")
                continue
            if "catatan" in index and not cells[note].strip():
                report(line, note, "N021", f"kode lokal `{kode}` tidak memiliki catatan",
                       "tulis di kolom catatan mengapa kode ini dipakai, misalnya nomor surat atau peraturan yang "
                       "menetapkannya")
        rows[kode] = (cells[at[1]], cells[at[2]], cells[first] or cells[second], line)
    if official is not None:
        if not any(d.code in LINE_LEFT_OUT for d in diags):
            known = {p for _, p, _ in parents if p in rows or official.knows(p)}
            _check_parents(parents, known, rel, lines, at[0], diags)
        return rows
    if not rows and not any(d.loc.line > 1 for d in diags):
        diags.append(error(Loc(rel, 1, 1), "N017", "tabel nomenklatur hanya berisi kepala tabel, tanpa satu kode pun",
                           f"tambahkan satu baris per kode; kembalikan isinya dengan `git checkout {rel}`"))
    return rows


def _check_parents(parents: Iterable[tuple[str, str, int]], rows: dict, rel: str, lines: list[str], kode_cell: int,
                   diags: list[Diagnostic]) -> None:
    """Each code listed without the code above it (its kegiatan, program, bidang or urusan): one
    warning per missing code, at the first line that needs it. A warning: often it is a typo in the
    code. `rows` holds (at least) every parent that is known."""
    missing: dict[str, list[tuple[str, int]]] = {}
    for kode, parent, line in parents:
        if parent not in rows:
            missing.setdefault(parent, []).append((kode, line))
    for parent, children in missing.items():
        kode, line = children[0]
        level = LEVEL_WORDS[LEVEL_BY_DOTS[parent.count(".")]]
        more = f" (juga {len(children) - 1} kode lain di bawahnya)" if len(children) > 1 else ""
        diags.append(warning(Loc(rel, line, _column(lines[line - 1], kode_cell)), "N016",
                             f"kode induk `{parent}` ({level}) dari kode lokal `{kode}` tidak ada di nomenklatur "
                             f"resmi maupun tabel kode lokal{more}",
                             f"tambahkan baris {level} {parent} beserta catatannya, atau periksa kode ini"))


def _column(line: str, cell: int) -> int:
    """The column where cell number `cell` (0-based) of `line` starts; one past the line's end when
    the line has fewer cells."""
    if '"' not in line:
        parts = line.split(",")
        return sum(len(p) + 1 for p in parts[:cell]) + 1 if cell < len(parts) else len(line) + 1
    starts = _cell_columns(line)[0]
    return starts[cell] if cell < len(starts) else len(line) + 1
