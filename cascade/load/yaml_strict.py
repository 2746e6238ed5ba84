"""One strict YAML loader for the CLI, the tests and every hook.

Planner data is plain data: no YAML 1.1 surprises (`no` → False, `010` → 8, `2.16` → a float that
silently drops a zero, `2025-01-01` → a date), no anchors or aliases, no custom tags, no duplicate
keys. Mapping keys always come out as strings (year keys included) so the data is JSON-shaped for
the schema. Every value keeps its source position.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from cascade.diagnostics import Diagnostic, Loc, error

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
_MAX_DIGITS = 320  # an int of more digits is beyond the largest float (1.8e308) anyway

Path = tuple  # a JSON path: keys (str) and list indexes (int)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_DEFAULT_TAG = {ScalarNode: STR, SequenceNode: SEQ, MappingNode: MAP}


class _Resolver(BaseResolver):
    """YAML 1.2 core-like implicit typing, and nothing else."""

    def resolve(self, kind, value, implicit):
        # BaseResolver.resolve without path resolvers: it runs once per scalar of every file
        if kind is ScalarNode and implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _DEFAULT_TAG[kind]


for _tag, _rx, _first in [
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    (FLOAT, r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$", list("-+0123456789")),
]:
    _Resolver.add_implicit_resolver(_tag, re.compile(_rx), _first)


_TOO_DEEP = ("Y005", f"struktur bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
             "periksa indentasi; data Renstra tidak perlu sedalam ini")


class _Refused(Exception):
    def __init__(self, mark, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


class _Composer(Composer):
    """Refuses aliases and anchors (alias bombs, hidden sharing) and bounds nesting depth."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, "Y004", "alias YAML (`*nama`) tidak diizinkan dalam data perencanaan",
                           "tulis ulang nilainya secara lengkap; jangan memakai anchor (&) dan alias (*)")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, "Y004", f"anchor YAML (`&{anchor}`) tidak diizinkan dalam data perencanaan",
                           "hapus anchor dan tulis nilainya secara lengkap di setiap tempat")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark, *_TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(Reader, Scanner, Parser, _Composer, _Resolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Resolver.__init__(self)


try:  # libyaml's C parser, when PyYAML was built with it: the same events, several times faster
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on the wheel
    CParser = None

if CParser is not None:
    class _FastLoader(_Composer, CParser, _Resolver):
        """libyaml produces the events; our composer (aliases, anchors, depth) and resolver build the nodes."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            _Composer.__init__(self)
            _Resolver.__init__(self)

    class _CLoader(CParser, _Resolver):
        """libyaml composes the nodes too (3× faster than _FastLoader), for text `_c_safe` admits."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            _Resolver.__init__(self)


# libyaml's composer follows aliases silently and recurses without a depth limit (it crashes the
# process somewhere past 20,000 levels), so it only sees text that cannot hold an anchor or alias
# and whose nesting is provably shallow; anything else goes through _Composer, which refuses both.
# A node, and so an anchor or alias, starts at a line start, after a space or a flow indicator, or
# right after the `:` of a JSON-like key (`{"a":*b}`).
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s,\[\]{}]", re.M)
_BLOCK_LEAD = re.compile(r"^[ ?:-]+", re.M)
_C_DEPTH_BOUND = 2000


def _c_safe(text: str) -> bool:
    if _ANCHOR_OR_ALIAS.search(text):
        return False
    # Block nesting needs more indentation or another `- `/`? `/`: ` indicator in a line's lead, at
    # most two levels per column (a sequence may sit at its key's indentation); every flow level
    # needs its own bracket.
    lead = max(map(len, _BLOCK_LEAD.findall(text)), default=0)
    return 2 * lead + 3 + text.count("[") + text.count("{") <= _C_DEPTH_BOUND


@dataclass
class Document:
    """A parsed YAML file: JSON-shaped data plus the position of every value and key."""

    path: str
    data: Any
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    # whether the text may hold a "<isi …>" placeholder (cascade/validate/isian.py): found in the text at
    # once, so the values of the many files without one are never walked for it
    may_hold_placeholders: bool = True

    def loc(self, path: Path = ()) -> Loc:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        found = self.positions.get(path) if type(path) is tuple else None
        if found is not None:  # the common case, taken a million times in a large Pemda
            return Loc(self.path, *found)
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        line, col = self.positions.get(path, (1, 1))
        return Loc(self.path, line, col)

    def key_loc(self, path: Path) -> Loc:
        """Position of the key that introduces `path` (for unknown or misplaced keys)."""
        path = tuple(path)
        if path in self.key_positions:
            line, col = self.key_positions[path]
            return Loc(self.path, line, col)
        return self.loc(path)


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, doc: Document, text: str):
        self.doc = doc
        # a control character reaches a value only from the text itself or through a `\` escape
        self.scan_strings = "\\" in text or _FORBIDDEN.search(text) is not None
        self.diags: list[Diagnostic] = []
        self.too_deep = False

    def build(self, node, path: Path) -> Any:
        self.doc.positions[path] = _pos(node.start_mark)
        # _Composer's limit (libyaml's composer has none), where a mapping's keys count as a level
        if len(path) + (2 if isinstance(node, MappingNode) and node.value else 1) > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.diags.append(error(Loc(self.doc.path, *_pos(node.start_mark)), *_TOO_DEEP))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag not in (SEQ,):
                self._bad_tag(node)
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _bad_tag(self, node) -> None:
        self.diags.append(error(Loc(self.doc.path, *_pos(node.start_mark)), "Y006",
                                f"tag YAML `{node.tag.replace('tag:yaml.org,2002:', '!!')}` tidak diizinkan",
                                "hapus tag yang diawali `!`; tulis nilainya sebagai teks atau angka biasa"))

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            bad = self.scan_strings and _FORBIDDEN.search(value)
            if bad:
                # Escapes such as "\x07" reach here; Word documents cannot hold them (XML 1.0), so the
                # planner removes them rather than a document silently losing a character.
                self.diags.append(error(Loc(self.doc.path, *_pos(node.start_mark)), "Y012",
                                        f"teks memuat karakter kendali U+{ord(bad.group()):04X} yang tidak dapat dicetak",
                                        "hapus karakter tersebut (biasanya terbawa saat menyalin dari aplikasi lain)"))
            return value
        plain = not node.style  # None from PyYAML's parser, "" from libyaml's
        if tag in (INT, FLOAT) and plain:
            return self._number(node, tag)
        if tag == BOOL and plain:
            return value.lower() == "true"
        if tag == NULL and plain:
            return None
        self._bad_tag(node)
        return value

    def _number(self, node: ScalarNode, tag: str):
        """An int or a float, or None with a galat when it has no finite float value: every number is
        computed with as a float somewhere (capaian, shares), and Python refuses to even read an int of
        more than 4,300 digits; `1.0e999` would be infinity."""
        value = node.value
        try:
            number = int(value) if tag == INT and len(value) <= _MAX_DIGITS else float(value)
            if math.isfinite(float(number)):
                return number
        except (ValueError, OverflowError):
            pass
        shown = value if len(value) <= 24 else f"{value[:12]}…{value[-6:]} ({len(value)} karakter)"
        self.diags.append(error(Loc(self.doc.path, *_pos(node.start_mark)), "R063",
                                f"angka {shown} terlalu besar untuk dihitung",
                                "periksa angkanya; mungkin ada angka nol berlebih atau angka yang tersalin dua kali"))
        return None

    def _mapping(self, node: MappingNode, path: Path) -> dict:
        if node.tag != MAP:
            self._bad_tag(node)
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        key_positions = self.doc.key_positions
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                self._key_error(mark, "Y007", "kunci berupa daftar atau peta tidak diizinkan",
                                "kunci harus berupa teks sederhana, misalnya `nama:`")
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:
                self._key_error(mark, "Y004", "kunci gabungan YAML (`<<`) tidak diizinkan", "tulis semua isian secara lengkap")
                continue
            if key in first_seen:
                self._key_error(mark, "Y003", f"kunci `{key}` ditulis dua kali (pertama di baris {first_seen[key]})",
                                "hapus salah satunya; YAML diam-diam memakai yang terakhir")
                continue
            first_seen[key] = mark.line + 1
            child = path + (key,)
            key_positions[child] = (mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node, child)
        return out

    def _key_error(self, mark, code: str, message: str, hint: str) -> None:
        self.diags.append(error(Loc(self.doc.path, *_pos(mark)), code, message, hint))


_PROBLEMS = [
    ("found character '\\t'", "karakter tab dipakai untuk indentasi", "YAML hanya menerima spasi untuk indentasi; ganti tab dengan spasi"),
    ("mapping values are not allowed", "tanda `:` muncul di tempat yang tidak diharapkan",
     "jika teks memuat `: `, apit seluruh teks dengan tanda kutip; jika tidak, periksa indentasi baris ini"),
    ("could not find expected ':'", "baris ini tidak berbentuk `kunci: nilai`", "periksa indentasi dan tanda `:` setelah nama kunci"),
    ("did not find expected key", "indentasi tidak konsisten", "samakan indentasi dengan kunci lain pada tingkat yang sama"),
    ("expected <block end>", "indentasi tidak konsisten", "samakan indentasi dengan kunci lain pada tingkat yang sama"),
    ("did not find expected '-' indicator", "indentasi daftar tidak konsisten", "setiap butir daftar diawali `- ` pada kolom yang sama"),
    ("found '<stream end>'", "berkas berakhir di tengah nilai; mungkin terpotong", "lengkapi baris terakhir atau tutup kurung `{` / `[` yang dibuka"),
    ("expected ',' or '}'", "kurung kurawal `{` belum ditutup, atau koma antar-isian hilang",
     "tutup dengan `}` di baris yang sama, dan pisahkan isian dengan koma"),
    ("expected ',' or ']'", "kurung siku `[` belum ditutup, atau koma antar-butir hilang",
     "tutup dengan `]` di baris yang sama, dan pisahkan butir dengan koma"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup",
     "tutup tanda kutip atau kurung yang dibuka"),
    ("found unknown escape character", "urutan escape tidak dikenal di dalam tanda kutip ganda",
     "pakai tanda kutip tunggal, atau tulis `\\\\` untuk garis miring terbalik"),
    ("found undefined tag handle", "tag YAML tidak dikenal", "hapus tag yang diawali `!`"),
    ("found unacceptable character", "berkas memuat karakter kendali yang tidak boleh ada", "hapus karakter tersebut"),
    ("expected a single document", "berkas memuat lebih dari satu dokumen YAML (`---`)", "satukan isinya dalam satu dokumen"),
    ("while scanning a simple key", "baris ini tidak berbentuk `kunci: nilai`", "tambahkan `:` setelah nama kunci atau perbaiki indentasi"),
]


def _translate(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint in _PROBLEMS:
        if needle in text:
            return message, hint
    return f"YAML tidak valid ({(exc.problem or exc.context or '').strip()})", "periksa indentasi, tanda `:` dan tanda kutip di sekitar posisi ini"


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NBSP_INDENT = re.compile("^[ ]*\u00a0", re.M)
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)


UTF8_HINT = "simpan ulang berkas dengan pengodean UTF-8 (di VS Code: Save with Encoding → UTF-8)"


def too_big(size: int, display: str, hint: str) -> Diagnostic:
    """Y008 for a file of `size` bytes over MAX_BYTES (every data and narrative file shares the limit)."""
    return error(Loc(display, 1, 1), "Y008", f"berkas terlalu besar ({size:,} bita; batas {MAX_BYTES:,})".replace(",", "."),
                 hint)


def utf16_refused(raw: bytes, display: str) -> list[Diagnostic]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [error(Loc(display, 1, 1), "Y002", "berkas tersimpan sebagai UTF-16, bukan UTF-8", UTF8_HINT)]
    return []


def decode_utf8(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """`raw` as text without its BOM, or Y002 at the line and column (in characters, as an editor
    counts them) of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        data = exc.object  # after the BOM, which exc.start does not count
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[start:exc.start].decode("utf-8")) + 1
        return None, [error(Loc(display, line, col), "Y002", f"berkas bukan UTF-8 (bita 0x{data[exc.start]:02X} tidak sah)",
                            UTF8_HINT)]


def _precheck(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [too_big(len(raw), display, "pecah data menjadi beberapa berkas, misalnya satu berkas per program")]
    if refused := utf16_refused(raw, display):
        return None, refused
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [error(Loc(display, line, 1), "Y009", "berkas biner atau memuat bita NUL, bukan teks YAML",
                            "pastikan berkas disimpan sebagai teks biasa UTF-8")]
    text, refused = decode_utf8(raw, display)
    if text is None:
        return None, refused
    nbsp = _NBSP_INDENT.search(text)
    if nbsp:
        line = text.count("\n", 0, nbsp.start()) + 1
        return None, [error(Loc(display, line, nbsp.end() - nbsp.start()), "Y013",
                            "indentasi memuat spasi tak terputus (NBSP), biasanya terbawa dari Word atau peramban",
                            "hapus indentasi baris ini lalu ketik ulang dengan spasi biasa")]
    conflicts = [m for m in _CONFLICT.finditer(text)]
    if conflicts:
        diags = []
        for m in conflicts:
            line = text.count("\n", 0, m.start()) + 1
            diags.append(error(Loc(display, line, 1), "Y010", f"penanda konflik git `{m.group(1)}` tertinggal di berkas",
                               "selesaikan penggabungan: pilih isi yang benar lalu hapus baris <<<<<<<, ======= dan >>>>>>>"))
        return None, diags
    return text, []


def _compose_fast(text: str):
    """Compose with libyaml; None when it is unavailable or objects, so the pure-Python parser
    (whose messages we translate) reports the problem."""
    if CParser is None:
        return None
    loader = _CLoader(text) if _c_safe(text) else _FastLoader(text)
    try:
        return loader.get_single_node() or False
    except (yaml.YAMLError, _Refused, RecursionError):
        return None
    finally:
        loader.dispose()


def load_text(text: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text; returns (document or None, diagnostics). Never raises on bad input."""
    doc = Document(display, None, may_hold_placeholders="<isi" in text)
    fast = _compose_fast(text)
    if fast:
        builder = _Builder(doc, text)
        doc.data = builder.build(fast, ())
        return (None if builder.diags else doc), builder.diags
    loader = None
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
        node = loader.get_single_node()
    except _Refused as exc:
        return None, [error(Loc(display, *_pos(exc.mark)), exc.code, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _translate(exc)
        loc = Loc(display, *_pos(mark)) if mark else Loc(display, 1, 1)
        return None, [error(loc, "Y001", message, hint)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [error(Loc(display, line, col), "Y001", f"berkas memuat karakter kendali yang tidak boleh ada (kode {exc.character:#06x})",
                            "hapus karakter tersebut; biasanya terbawa saat menyalin dari Word atau Excel")]
    except yaml.YAMLError as exc:
        return None, [error(Loc(display, 1, 1), "Y001", f"YAML tidak valid ({exc})", "periksa isi berkas")]
    except RecursionError:
        return None, [error(Loc(display, 1, 1), "Y005", "struktur bersarang terlalu dalam", "periksa indentasi dan kurung")]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, [error(Loc(display, 1, 1), "Y011", "berkas kosong", "isi berkas sesuai contoh di README, atau hapus berkas ini")]
    builder = _Builder(doc, text)
    doc.data = builder.build(node, ())
    # a file the loader objected to is not schema-checked: its data is not what the planner meant
    return (None if builder.diags else doc), builder.diags


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    text, diags = _precheck(raw, display)
    if text is None:
        return None, diags
    return load_text(text, display)
