"""Reading one cell of a published table: numbers with units, money, kode, text.

Shared by every importer (Excel, SIPD). Each parser returns the value it could read and, when it
could not read the cell with certainty, a `problem`: an Indonesian phrase saying what was expected,
for the importer to report at the cell's address. Nothing is guessed silently: a cell that holds two
quantities, only a unit, or a number whose separators could mean two different values gives a problem.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's escape of a control character ("perundang_x0002_undangan")
_SPACES = re.compile(r"[ \t\u00a0]+")


class Number(NamedTuple):
    value: float | int | str | None  # a number, a predicate text ("BB"), or None
    unit: str | None  # a unit written inside the cell ("%", "Indeks", "Dokumen")
    problem: str | None  # why the cell could not be read (Indonesian), else None


class Money(NamedTuple):
    value: int | None
    problem: str | None


class Kode(NamedTuple):
    kode: str | None  # "2.16.03", "2.16.03.2.01", "2.16.03.2.01.0004"
    problem: str | None
    note: str | None = None  # what was completed (a missing urusan), for a warning


def clean_text(raw) -> str:
    """A cell as text: Excel escapes decoded (a control character becomes "-" as in the printed
    source: "perundang_x0002_undangan" reads "perundang-undangan"), spaces collapsed, lines kept."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw)
    text = _ESCAPE.sub(lambda m: _unescape(int(m.group(1), 16)), text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _unescape(code: int) -> str:
    return "-" if code < 0x20 else chr(code)


def one_line(raw) -> str:
    """A name or description on one line (line breaks in a cell are wrapping, not meaning)."""
    return clean_text(raw).replace("\n", " ")


def folded(text: str) -> str:
    """Text compared the way a reader compares it: case and runs of spaces ignored."""
    return re.sub(r"\s+", " ", text).strip().lower()


def is_empty(raw) -> bool:
    return clean_text(raw) == ""


# A formula whose result the file does not keep (a workbook written by a program, never saved by Excel).
FORMULA = "nilai, tetapi sel berisi rumus yang hasilnya tidak tersimpan (buka lalu simpan ulang berkasnya di Excel)"
# Cells that say "no value" in published tables. They are read as None (absent), never as 0.
DASHES = {"-", "–", "—", "n/a", "N/A", "na", "NA", "#N/A", "tidak ada", "belum ada", "x", "X"}
# Predicate targets (SAKIP, opini BPK, …): letters only, short.
_PREDICATE = re.compile(r"^(?:[A-E]{1,3}[+-]?|WTP|WDP|TW|TMP|Baik|Cukup|Sangat Baik|Memuaskan|Sangat Memuaskan|"
                        r"Kurang|Sangat Kurang|Tinggi|Sedang|Rendah|Madya|Utama|Pratama|Nindya|Paripurna)$",
                        re.IGNORECASE)
_NUMBER = r"[-+]?(?:\d[\d.,]*\d|\d)"
_VALUE_UNIT = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>%|[^\d\s].*)?$", re.DOTALL)
_UNIT_VALUE = re.compile(rf"^(?P<unit>Rp\.?|IDR)\s*(?P<num>{_NUMBER})$", re.IGNORECASE)


def parse_decimal(text: str, money: bool = False) -> tuple[float | int | None, str | None]:
    """A number written the US way ("1,775,000,000", "42.50") or the Indonesian way ("4.100.832.755",
    "2,8"), told apart by its separators. `money`: a lone group of three digits after the separator is
    thousands ("2.500" → 2500), else it is a problem: "2.500" may be 2,5 or 2500."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if re.fullmatch(r"\d+", body):
        return sign * int(body), None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:  # the last separator is the decimal one
        dec = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if dec == "." else "."
        whole, _, frac = body.rpartition(dec)
        if not re.fullmatch(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+", whole) or not frac.isdigit():
            return None, "angka dengan pemisah ribuan dan desimal yang tidak teratur"
        return _num(sign, whole.replace(group, ""), frac), None
    sep = "." if dots else ","
    parts = body.split(sep)
    if len(parts) > 2:  # several separators of one kind: thousands
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
            return sign * int("".join(parts)), None
        return None, "angka dengan pemisah ribuan yang tidak teratur"
    whole, frac = parts
    if not whole or not frac:
        return None, "angka yang terpotong"
    if len(frac) == 3 and whole != "0":
        if money:
            return sign * int(whole + frac), None
        return None, f"angka yang tidak mendua: \"{text}\" dapat berarti {whole},{frac} atau {whole}{frac}"
    return _num(sign, whole, frac), None


def _num(sign: int, whole: str, frac: str) -> float | int:
    if not frac.strip("0"):
        return sign * int(whole)
    return sign * float(f"{whole}.{frac}")


def parse_number(raw) -> Number:
    """A target, baseline or kondisi akhir cell.

    Numbers may carry a unit ("70 Indeks", "30\\nDokumen", "42.50%"); predicates stay text ("BB");
    empty cells and dashes ("-", "n/a") are None without a problem (the caller decides whether an
    absent value deserves a warning). A cell with only a unit, two quantities, or an unreadable
    number gives a problem.
    """
    if raw is None or isinstance(raw, bool):
        return Number(None, None, None)
    if isinstance(raw, (int, float)):
        return Number(_tidy(raw), None, None)
    text = clean_text(raw)
    if not text or text in DASHES:
        return Number(None, None, None)
    flat = _SPACES.sub(" ", text.replace("\n", " "))
    if flat.startswith("="):
        return Number(None, None, FORMULA)
    if _PREDICATE.match(flat):
        return Number(flat, None, None)
    if len(re.findall(r"\d+(?:[.,]\d+)*", flat)) > 1:
        return Number(None, None, "satu nilai, tetapi sel berisi lebih dari satu bilangan")
    m = _VALUE_UNIT.match(flat)
    if m:
        value, problem = parse_decimal(m.group("num"))
        unit = (m.group("unit") or "").strip() or None
        return Number(value, unit, problem and f"{problem}")
    if not re.search(r"\d", flat):
        if len(flat) <= 12 and not re.search(r"\s", flat) or flat in {"%", "Rp", "Rp."}:
            return Number(None, flat, f"nilai, tetapi sel hanya berisi satuan \"{flat}\"")
        return Number(None, None, f"angka atau predikat, tetapi sel berisi teks \"{_short(flat)}\"")
    return Number(None, None, f"angka, tetapi sel berisi \"{_short(flat)}\"")


def parse_money(raw) -> Money:
    """A Rupiah cell: 1775000000, "1,775,000,000", "Rp. 4.100.832.755". A dash is zero, as Excel's
    accounting format shows 0 ("-"); empty cells and "n/a" are None."""
    if raw is None or isinstance(raw, bool):
        return Money(None, None)
    if isinstance(raw, (int, float)):
        if raw < 0:
            return Money(None, "Rupiah yang tidak negatif")
        if isinstance(raw, float) and not raw.is_integer():
            return Money(round(raw), None) if abs(raw - round(raw)) < 0.005 else \
                Money(None, "Rupiah bulat, tetapi sel berisi pecahan")
        return Money(int(raw), None)
    text = clean_text(raw).replace("\n", " ")
    if text in ("-", "–", "—"):
        return Money(0, None)
    if text.startswith("="):
        return Money(None, FORMULA)
    if not text or text in DASHES:
        return Money(None, None)
    m = _UNIT_VALUE.match(text.replace(" ", "")) or re.fullmatch(rf"(?P<num>{_NUMBER})", text.replace(" ", ""))
    if not m:
        return Money(None, f"Rupiah, tetapi sel berisi \"{_short(text)}\"")
    value, problem = parse_decimal(m.group("num"), money=True)
    if problem:
        return Money(None, f"Rupiah: {problem}")
    if value < 0:
        return Money(None, "Rupiah yang tidak negatif")
    if isinstance(value, float):
        if abs(value - round(value)) >= 0.005:
            return Money(None, "Rupiah bulat, tetapi sel berisi pecahan")
        value = round(value)
    return Money(value, None)


# Lengths of the parts of a nomenklatur code: urusan, bidang, program, kegiatan (1 + 2), sub kegiatan.
_WIDTHS = (1, 2, 2, 1, 2, 4)


def parse_kode(raw, urusan: str | None = None) -> Kode:
    """A nomenklatur code from one cell ("2.16.03.2.01") or from the cells of split kode columns
    (["2", "16", "03", "2,01", ""]). Short parts are padded ("3" → "03" where two digits belong,
    "4" → "0004" for a sub kegiatan); a decimal comma ("2,01") reads as a dot. An empty kode is
    (None, None). A code that starts at the bidang ("03.02.2.01": its first part has two digits, an
    urusan has one) gets `urusan` (the one of the codes above it) in front, told in `note`."""
    cells = list(raw) if isinstance(raw, (list, tuple)) else [raw]
    pieces: list[str] = []
    for cell in cells:
        text = clean_text(cell).replace("\n", "")
        if isinstance(cell, float) and not cell.is_integer():  # "2.01" typed into Excel became 2.01
            text = f"{cell:.2f}"
        text = text.replace(",", ".").replace(" ", "").strip(".")
        if text:
            pieces += text.split(".")
    if not pieces:
        return Kode(None, None)
    note = None
    if len(pieces[0]) == 2 and pieces[0].isdigit() and pieces[0].startswith("0"):
        if not urusan:
            return Kode(None, f"kode nomenklatur yang diawali urusan, tetapi sel berisi \"{'.'.join(pieces)}\"")
        note = f"kode \"{'.'.join(pieces)}\" tanpa urusan dibaca sebagai {urusan}.{'.'.join(pieces)}"
        pieces.insert(0, urusan)
    if len(pieces) > len(_WIDTHS) or not all(re.fullmatch(r"\d+|X{1,2}", p, re.IGNORECASE) for p in pieces):
        return Kode(None, f"kode nomenklatur seperti 2.16.03.2.01, tetapi sel berisi \"{'.'.join(pieces)}\"")
    out = []
    for piece, width in zip(pieces, _WIDTHS):
        piece = piece.upper()
        if len(piece) > width and not (width == 4 and len(piece) <= 4):
            if piece.lstrip("0") and len(piece.lstrip("0")) <= width:
                piece = piece.lstrip("0")
            else:
                return Kode(None, f"kode nomenklatur seperti 2.16.03.2.01, tetapi bagian \"{piece}\" terlalu panjang")
        out.append(piece.zfill(width) if piece.isdigit() else piece)
    if len(out) == 4:
        return Kode(None, f"kode kegiatan seperti 2.16.03.2.01, tetapi kode \"{'.'.join(pieces)}\" berhenti di tengah")
    if out[0] == "0":
        return Kode(None, f"kode nomenklatur seperti 2.16.03, tetapi urusannya \"{pieces[0]}\"")
    return Kode(".".join(out), None, note)


def level_of(kode: str | None) -> str | None:
    """urusan, bidang, program, kegiatan or sub_kegiatan, from the number of parts of a code."""
    if not kode:
        return None
    return {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(kode.count(".") + 1)


def _tidy(value: float | int) -> float | int:
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return float(f"{value:.10g}")  # 0.1 + 0.2 written by a formula is read as 0.3
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"
