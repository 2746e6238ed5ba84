"""The narrative chapters a planner writes in Markdown (data/opd/<opd>/bab-N.md), checked when read.

Which files are chapters is decided here, once (CHAPTERS): the loader reads those and warns about
any other .md file, and the Renstra renderer places exactly those. Everything that would stop the
build or spoil the printed Renstra is found at validation time, at its line and column:

- bytes that are not UTF-8 (each line), a git conflict marker left in the text (it would be printed);
- a character Word cannot hold (XML 1.0: C0 controls but tab and line feed, U+FFFE, U+FFFF,
  surrogates), and the controls that print as nothing or as garbage though XML could hold them
  (DEL, C1, a CR that does not end a line) or silently change what a line is (U+FEFF inside the
  text: a heading after it is no heading any more). Bidirectional marks and overrides (U+200E/F,
  U+202A–E, U+2066–9) and joiners are allowed: Arabic or Hebrew quotations and emoji need them, Word
  holds them, and the printed page shows what the planner's editor shows;
- a table wider than Word's 63 columns.

Reading the bytes (size, permission, symlinks) is `sources`; the Markdown itself is `markdown`.
"""
from __future__ import annotations

import re

from cascade.diagnostics import Diagnostic, Loc, Severity, error, warning
from cascade.load.markdown import parse
from cascade.load.yaml_strict import UTF8_HINT, utf16_refused

# chapters written by the planner in Markdown: file stem → (BAB, title, number for captions)
CHAPTERS = {
    "bab-1": ("BAB I", "PENDAHULUAN", 1),
    "bab-2": ("BAB II", "GAMBARAN PELAYANAN PERANGKAT DAERAH", 2),
    "bab-3": ("BAB III", "PERMASALAHAN DAN ISU-ISU STRATEGIS PERANGKAT DAERAH", 3),
    "bab-8": ("BAB VIII", "PENUTUP", 8),
}
# Tables Cascade builds from data and places in a chapter where a paragraph `[[T-C.23]]` stands (at the
# chapter's end when none does): table id → the chapter that holds it (cascade/documents/renstra/bab2.py)
TABLE_MARKERS = {"T-C.23": "bab-2", "T-C.24": "bab-2"}
MARKER = re.compile(r"^\[\[\s*([^\[\]]*?)\s*\]\]$")  # a paragraph that is only `[[ … ]]`
# front matter written by the planner in Markdown: file stem → its title in the Renstra
FRONT_MATTER = {"kata-pengantar": "KATA PENGANTAR"}
SIZE_HINT = "pecah narasi yang sangat panjang, dan pindahkan tabel besar ke lampiran di luar Renstra"
WORD_MAX_COLUMNS = 63  # Word refuses a table with more (python-docx writes it anyway)
MAX_SHOWN = 10  # findings of one kind reported one by one in a file; the next one says how many more

# one finding per line: the first character of the line that Word cannot hold or should not get
_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")  # CR: see _bad_chars
_CONTROL_NAMES = {"\x00": "NUL", "\x08": "backspace", "\x0b": "tab vertikal", "\x0c": "pemisah halaman (form feed)",
                  "\x1b": "escape", "\x7f": "DEL"}
# git's markers; `=======` and `|||||||` alone may be Markdown (a setext underline, an empty table row),
# so they count only in a file that also has a `<<<<<<<` or `>>>>>>>` line
_CONFLICT_EDGE = re.compile(r"(<{7}|>{7})(?:[ \t]|\r?$)")
_CONFLICT_MIDDLE = re.compile(r"(={7})[ \t]*\r?$|(\|{7})(?:[ \t]|\r?$)")


def chapter_key(name: str) -> str | None:
    """The chapter a file of an OPD folder is, by its name, or None."""
    stem = name[:-3] if name.endswith(".md") else None
    return stem if stem in CHAPTERS or stem in FRONT_MATTER else None


def chapter_files() -> str:
    """The chapter file names with their BAB, for messages: "bab-1.md (BAB I), …"."""
    names = [f"{key}.md ({bab})" for key, (bab, _, _) in CHAPTERS.items()]
    return ", ".join(names[:-1]) + " dan " + names[-1]


def unused_file(display: str, name: str) -> Diagnostic:
    """M005: a Markdown file of an OPD folder that no chapter reads."""
    hint = (f"Renstra mencetak narasi dari {chapter_files()}, dan kata pengantarnya dari kata-pengantar.md; "
            "bab lainnya disusun dari data YAML")
    guess = re.fullmatch(r"bab[-_ ]?0*([0-9]+)", name.rsplit(".", 1)[0], re.IGNORECASE)
    if guess and f"bab-{guess.group(1)}" in CHAPTERS:
        hint = f"ganti nama berkas menjadi bab-{guess.group(1)}.md (huruf kecil, tanda -); " + hint
    else:
        hint += "; ganti nama berkas ini bila isinya untuk salah satu bab itu, atau hapus"
    return warning(Loc(display), "M005", f"berkas narasi `{name}` tidak dipakai bab mana pun dan tidak dicetak", hint)


def check_narrative(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The chapter's text, or None when it cannot be printed as written; and every finding.

    Bytes that are not UTF-8 are each read as one escape character (U+DC80–U+DCFF, which UTF-8
    never decodes to), so the rest of the file is still checked and each such line is reported."""
    refused = utf16_refused(raw, display)
    if refused:
        return None, refused
    text = raw.decode("utf-8-sig", "surrogateescape")
    found = check_text(text, display)
    return (None if any(d.severity is Severity.ERROR for d in found) else text), found


def check_text(text: str, display: str) -> list[Diagnostic]:
    lines = text.split("\n")
    blocks = parse(text)
    found = (_capped(display, _bad_chars(lines), _bad_char) + _capped(display, _conflicts(lines), _conflict)
             + _capped(display, _wide_tables(blocks), _wide_table) + _capped(display, _empty_headings(blocks), _empty_heading))
    if display.replace("\\", "/").rsplit("/", 1)[-1] == "kata-pengantar.md":
        found += _front_matter(blocks, display)
    return found


def _front_matter(blocks, display: str) -> list[Diagnostic]:
    """The Kata Pengantar is one page of paragraphs (and lists) under the title Cascade prints: a
    heading in it would be listed in the Daftar Isi as a sub-bab, a table numbered as no chapter's."""
    found = []
    for block in blocks:
        if block.kind == "heading":
            found.append(error(Loc(display, block.line, 1), "M008",
                               "judul bagian (#) di Kata Pengantar akan tercantum di Daftar Isi sebagai sub-bab",
                               "hapus tanda # di awal baris; judul KATA PENGANTAR dicetak otomatis"))
        elif block.kind == "table":
            found.append(error(Loc(display, block.row_lines[0] if block.row_lines else 1, 1), "M008",
                               "tabel di Kata Pengantar tidak bernomor bab mana pun dan tidak dapat masuk Daftar Tabel",
                               "pindahkan tabel ke bab yang sesuai (misalnya bab-2.md), atau tulis isinya sebagai paragraf"))
    if not any(b.kind != "blank" and (getattr(b, "text", "") or "").strip() for b in blocks) and not found:
        found.append(warning(Loc(display), "M009", "Kata Pengantar kosong, jadi halaman Kata Pengantar tidak dicetak",
                             "tulis kata pengantar Kepala Perangkat Daerah dalam berkas ini, atau hapus berkasnya"))
    return found


def _capped(display: str, hits, make) -> list[Diagnostic]:
    """`make(loc, what, more)` for the first MAX_SHOWN `hits` (line, column, what), and for the
    next one with `more` saying how many follow: a broken file is not a thousand messages."""
    found, rest, first_rest = [], 0, None
    for hit in hits:
        if len(found) < MAX_SHOWN:
            found.append(make(Loc(display, hit[0], hit[1]), hit[2], ""))
        else:
            rest += 1
            first_rest = first_rest or hit
    if rest:
        found.append(make(Loc(display, first_rest[0], first_rest[1]), first_rest[2],
                          f" (dan {rest - 1} lagi sesudah baris ini)" if rest > 1 else ""))
    return found


def _bad_chars(lines: list[str]):
    """(line, column, character) of the first bad character of each line."""
    last = len(lines)
    for number, line in enumerate(lines, 1):
        if line.endswith("\r") and number < last:
            line = line[:-1]  # the CR of a CRLF line end
        m = _BAD_CHAR.search(line)
        if m is not None:
            yield number, m.start() + 1, m.group()


def _bad_char(loc: Loc, ch: str, more: str) -> Diagnostic:
    cp = ord(ch)
    if ch == "\r":
        return error(loc, "M002", f"karakter CR (U+000D) di tengah baris, sisa akhir baris gaya Mac lama atau salinan{more}",
                     "simpan ulang berkas dengan akhir baris LF atau CRLF (di VS Code: klik LF/CRLF di bilah status)")
    if ch == "\ufeff":
        return error(loc, "M004", f"karakter tak terlihat U+FEFF (BOM) di tengah teks{more}",
                     "hapus karakter ini; biasanya tertinggal saat dua berkas digabung, dan baris yang diawalinya "
                     "tidak terbaca sebagai judul atau butir daftar")
    if 0xDC80 <= cp <= 0xDCFF:  # a byte check_narrative could not decode
        return error(loc, "Y002", f"berkas bukan UTF-8 (bita 0x{cp - 0xDC00:02X} tidak sah){more}", UTF8_HINT)
    if cp >= 0xD800:  # a surrogate, U+FFFE or U+FFFF
        return error(loc, "M003", f"U+{cp:04X} bukan karakter Unicode yang sah dan tidak dapat disimpan di Word{more}",
                     "hapus karakter ini; berkas mungkin rusak atau tergabung dengan data biner")
    if 0x80 <= cp <= 0x9F:
        return error(loc, "M002", f"karakter kendali C1 U+{cp:04X} tidak dapat dicetak{more}",
                     "ketik ulang karakter di posisi ini; biasanya sisa salah pengodean Windows-1252, "
                     "misalnya tanda kutip atau tanda pisah dari Word")
    name = _CONTROL_NAMES.get(ch, "kendali")
    return error(loc, "M002", f"karakter {name} (U+{cp:04X}) tidak dapat dicetak di Word{more}",
                 "hapus karakter ini; biasanya terbawa saat menyalin dari PDF, Word atau Excel")


def _conflicts(lines: list[str]):
    """(line, 1, marker) of every git conflict marker line."""
    edges = [n for n, line in enumerate(lines, 1) if _CONFLICT_EDGE.match(line)]
    if not edges:
        return
    for n, line in enumerate(lines, 1):
        m = _CONFLICT_EDGE.match(line) or _CONFLICT_MIDDLE.match(line)
        if m:
            yield n, 1, m.group(1)


def _conflict(loc: Loc, marker: str, more: str) -> Diagnostic:
    return error(loc, "M001", f"penanda konflik git `{marker}` tertinggal di narasi dan akan tercetak di Renstra{more}",
                 "selesaikan penggabungan: pilih isi yang benar lalu hapus baris <<<<<<<, =======, ||||||| dan >>>>>>>")


def _wide_tables(blocks):
    for block in blocks:
        if block.kind == "table":
            wide = next(((n, len(row)) for n, row in zip(block.row_lines, block.rows) if len(row) > WORD_MAX_COLUMNS), None)
            if wide:
                yield wide[0], 1, wide[1]


def _wide_table(loc: Loc, columns: int, more: str) -> Diagnostic:
    return error(loc, "M006", f"tabel dengan {columns} kolom; Word memuat paling banyak {WORD_MAX_COLUMNS} kolom{more}",
                 "pecah tabel menjadi beberapa tabel, atau jadikan kolomnya baris")


def _empty_headings(blocks):
    for block in blocks:
        if block.kind == "heading" and not block.text.strip():
            yield block.line, 1, None


def _empty_heading(loc: Loc, _, more: str) -> Diagnostic:
    return warning(loc, "M007", f"judul bagian kosong: baris ini hanya berisi tanda #{more}",
                   "tulis judulnya sesudah tanda # dan spasi, atau hapus baris ini")
