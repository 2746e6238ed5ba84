"""JSON Schema validation with located, Indonesian messages.

jsonschema sees plain data only; the positions come from the loader's Document, walked along each
error's path (the compose-node technique, as check-jsonschema users ask for in its issue #359).
"""
from __future__ import annotations

import datetime
import difflib
import functools
import json
import os
import re
import unicodedata

import fastjsonschema

from cascade.diagnostics import Diagnostic, error
from cascade.load.yaml_strict import Document
from cascade.paths import SCHEMA_DIR

KINDS = ("pemda", "opd", "renstra", "program", "realisasi", "rencana-aksi", "kinerja-periode-lalu")

TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "object": "peta berisi `kunci: nilai`",
    "array": "daftar (setiap butir diawali `- `)",
    "boolean": "`true` atau `false`",
    "null": "kosong (`null`)",
}
ID_NUMBER = re.compile(r"^[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$|^[-+]?[0-9]+,[0-9]+$")


def _read(name: str) -> dict:
    with open(os.path.join(SCHEMA_DIR, f"{name}.schema.json"), encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=None)
def _validator(kind: str):
    """The authority: every verdict and every message comes from jsonschema (imported only when a
    file has an error: most runs never need it)."""
    from jsonschema import Draft202012Validator, FormatChecker, validators
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

    def pattern(validator, patrn, instance, schema):
        # JSON Schema regexes are ECMA-262, where `$` is the end of the string; Python's re.search also lets
        # `$` match before a final newline, so "S1\n" would pass an id pattern (fastjsonschema, the gate,
        # already refuses it: both must agree)
        if validator.is_type(instance, "string") and not re.search(_ecma_end(patrn), instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    ecma = validators.extend(Draft202012Validator, {"pattern": pattern})
    registry = Registry().with_resource("_defs.schema.json", Resource.from_contents(_read("_defs")))
    return ecma(_read(kind), registry=registry, format_checker=FormatChecker())


def _ecma_end(pattern: str) -> str:
    """A pattern's unescaped final `$` as ECMA-262 reads it: the very end of the string."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(value: str) -> bool:
    # jsonschema's FormatChecker test: "2025-02-30" and "2025-W01-1" are refused by both
    try:
        return bool(_DATE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


_FORMATS = {"date": _is_date}  # the formats the schemas use that fastjsonschema must be taught


def _self_contained(schema: dict, defs: dict) -> dict:
    """`schema` with the shared definitions copied in and refs made local, in draft-07 terms.

    fastjsonschema speaks draft-07, where keywords beside `$ref` are ignored; 2020-12 applies them,
    so such a `$ref` moves into an `allOf`.
    """
    def local(node):
        if isinstance(node, list):
            return [local(x) for x in node]
        if not isinstance(node, dict):
            return node
        node = {k: local(v) for k, v in node.items()}
        if "$ref" in node:
            ref = {"$ref": node.pop("$ref").replace("_defs.schema.json#", "#")}
            node = {**node, "allOf": [*node.get("allOf", []), ref]} if node else ref
        return node

    out = {k: v for k, v in schema.items() if k != "$schema"}
    out["$defs"] = {**defs["$defs"], **out.get("$defs", {})}
    return local(out)


@functools.lru_cache(maxsize=None)
def _gate(kind: str):
    """A yes/no check compiled by fastjsonschema from the same schema, ~15× faster than jsonschema
    on valid data (issue 9); generated once per process (≈ 0.005 s a kind).

    It only says "valid": any doubt sends the document to jsonschema, which finds and words the
    errors. tests/test_fast_paths.py holds the two to the same verdict.
    """
    schema = _self_contained(_read(kind), _read("_defs"))
    # use_default=False: the gate only judges; defaults are never written into the data.
    # detailed_exceptions=False: its exception is never shown, and with the sub-schema written into
    # every check the generated code is 8× larger (1.9 MB for the seven kinds, 0.19 s of every check)
    return fastjsonschema.compile(schema, formats=_FORMATS, use_default=False, detailed_exceptions=False)


def _valid_fast(data, kind: str) -> bool:
    try:
        _gate(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_schema(doc: Document, kind: str) -> list[Diagnostic]:
    """The schema's findings for `doc`: none when the gate says "valid", else jsonschema's, worded."""
    return [] if _valid_fast(doc.data, kind) else explain(doc, kind)


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "kosong"
    if isinstance(value, (dict, list)):
        return "peta" if isinstance(value, dict) else "daftar"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _field(path) -> str:
    names = [p for p in path if isinstance(p, str)]
    if len(names) >= 2 and re.fullmatch(r"(19|20)[0-9]{2}", names[-1]):
        return f"{names[-2]} tahun {names[-1]}"  # "`pagu tahun 2025`" reads better than "`2025`"
    return names[-1] if names else "isi berkas"


def _type_hint(expected, value, err) -> str:
    expected = expected if isinstance(expected, list) else [expected]
    if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool):
        return "apit nilainya dengan tanda kutip agar tidak dibaca sebagai angka, misalnya \"2.16\" atau \"197503122000031004\""
    if ("integer" in expected or "number" in expected) and isinstance(value, str):
        if ID_NUMBER.match(value.strip()):
            plain = value.strip().replace(".", "").replace(",", ".")
            return f"tulis angka tanpa tanda kutip dan tanpa pemisah ribuan, dengan titik sebagai desimal: {plain}"
        return "tulis angka tanpa tanda kutip dan tanpa satuan"
    if "integer" in expected and isinstance(value, float):
        return "Rupiah ditulis sebagai bilangan bulat, tanpa desimal"
    if "object" in expected and isinstance(value, list):
        return "hapus tanda `- ` di depan isian; bagian ini berupa `kunci: nilai`, bukan daftar"
    if "array" in expected and isinstance(value, dict):
        return "bagian ini berupa daftar: awali setiap butir dengan `- `"
    if "array" in expected and isinstance(value, str):
        return "tulis sebagai daftar: setiap butir di barisnya sendiri, diawali `- ` (atau dalam kurung siku, `[a, b]`)"
    if "string" in expected and isinstance(value, bool):
        return f"apit dengan tanda kutip bila memang teks: \"{'true' if value else 'false'}\""
    return err.schema.get("x-saran") or "bandingkan dengan contoh di data/opd/diskominfo/"


TEKS_PATTERN = _read("_defs")["$defs"]["teks"]["pattern"]  # "at least one visible character"
_PLAIN_SPACE = frozenset(" \t\r\n")


def _invisible_name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _empty_text(loc, name: str, text: str) -> Diagnostic:
    """A text field nothing of which would be seen in print: S005 for plain spaces; R060, naming the
    characters, when invisible ones (copied from Word, a PDF or a web page) make it look filled."""
    if set(text) <= _PLAIN_SPACE:
        return error(loc, "S005", f"`{name}` tidak boleh kosong atau hanya spasi", "isi teksnya")
    chars = sorted({c for c in text if c not in _PLAIN_SPACE}, key=ord)
    shown = ", ".join(_invisible_name(c) for c in chars[:5]) + (f" dan {len(chars) - 5} lainnya" if len(chars) > 5 else "")
    return error(loc, "R060", f"`{name}` hanya berisi karakter tak terlihat ({shown}), sehingga tercetak kosong",
                 "hapus karakter tersebut lalu tulis teksnya; karakter ini biasanya ikut tersalin dari Word, PDF atau laman web")


def _message(err, doc: Document) -> list[Diagnostic]:
    path = tuple(err.absolute_path)
    name = _field(path)
    kw, val, inst = err.validator, err.validator_value, err.instance
    saran = err.schema.get("x-saran", "")
    loc = doc.loc(path)
    if kw == "additionalProperties":
        known = sorted(err.schema.get("properties", {}))
        out = []
        for key in sorted(k for k in inst if k not in err.schema.get("properties", {})):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"maksud Anda `{close[0]}`?" if close else ("kunci yang dikenal di sini: " + ", ".join(known) if known else "hapus kunci ini")
            out.append(error(doc.key_loc(path + (key,)), "S003", f"kunci `{key}` tidak dikenal di bagian `{name}`", hint))
        return out
    if kw == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        key = missing[0] if missing else str(val)
        return [error(loc, "S002", f"isian wajib `{key}` belum ada di bagian `{name}`",
                      f"tambahkan `{key}:` (lihat contoh di data/opd/diskominfo/)")]
    if kw == "type":
        want = " atau ".join(TYPE_NAMES.get(t, t) for t in (val if isinstance(val, list) else [val]))
        return [error(loc, "S001", f"`{name}` harus berupa {want}, tertulis {_describe(inst)}", _type_hint(val, inst, err))]
    if kw == "enum":
        opts = [str(o) for o in val]
        close = difflib.get_close_matches(str(inst).casefold(), opts, n=1, cutoff=0.5)
        hint = f"maksud Anda `{close[0]}`?" if close else "pilih salah satu nilai yang disebut"
        return [error(loc, "S004", f"`{name}` harus salah satu dari: {', '.join(opts)}; tertulis {_describe(inst)}", hint)]
    if kw == "pattern" and "propertyNames" in err.schema_path and "(19|20)" not in val:
        # keys that are not years: indicator/sub kegiatan ids and quarters in realisasi files
        return [error(doc.key_loc(path + (inst,)), "S006", f"kunci {_describe(inst)} di `{name}` tidak sah",
                      saran or "periksa kunci ini")]
    if kw == "pattern" and "propertyNames" in err.schema_path:
        return [error(doc.key_loc(path + (inst,)), "S006", f"kunci {_describe(inst)} di `{name}` bukan tahun empat digit",
                      "tulis tahun saja sebagai kunci, misalnya `2026: 3.0`")]
    if kw == "pattern":
        if val == TEKS_PATTERN:  # "" is minLength's (S005) alone
            return [_empty_text(loc, name, inst)] if inst else []
        return [error(loc, "S006", f"`{name}` tidak sesuai bentuk yang diharapkan: {_describe(inst)}", saran)]
    if kw == "propertyNames":
        return [error(loc, "S006", f"kunci {_describe(inst)} di `{name}` bukan tahun empat digit", "tulis tahun, misalnya `2026: 3.0`")]
    if kw in ("minItems", "minProperties"):
        return [error(loc, "S007", f"`{name}` tidak boleh kosong", saran or "tambahkan paling sedikit satu butir")]
    if kw == "minLength":
        return [error(loc, "S005", f"`{name}` tidak boleh kosong", "isi teksnya")]
    if kw == "maxLength":
        return [error(loc, "S008", f"`{name}` terlalu panjang (paling banyak {val} karakter)", "persingkat nilainya")]
    if kw in ("minimum", "exclusiveMinimum"):
        return [error(loc, "S009", f"`{name}` bernilai {_describe(inst)}, di bawah batas terendah {val}", saran or "periksa nilainya")]
    if kw in ("maximum", "exclusiveMaximum"):
        return [error(loc, "S009", f"`{name}` bernilai {_describe(inst)}, melebihi batas tertinggi {val}", saran or "periksa nilainya; mungkin ada angka nol berlebih")]
    if kw == "format":
        return [error(loc, "S010", f"`{name}` bukan tanggal yang sah: {_describe(inst)}", saran)]
    if kw == "uniqueItems":
        return [error(loc, "S011", f"`{name}` memuat butir yang sama lebih dari sekali", "hapus butir ganda")]
    if kw in ("anyOf", "oneOf"):
        if isinstance(inst, str) and ID_NUMBER.match(inst.strip()):
            plain = inst.strip().replace(".", "").replace(",", ".")
            return [error(loc, "S001", f"`{name}` berupa teks yang mirip angka: {_describe(inst)}",
                          f"tulis angka tanpa tanda kutip dan tanpa pemisah ribuan, dengan titik sebagai desimal: {plain}")]
        return [error(loc, "S001", f"`{name}` tidak sah: {_describe(inst)}", err.schema.get("description", saran))]
    return [error(loc, "S000", f"`{name}` tidak sah: {err.message}", saran)]


def _explained_by_typo(err, errors) -> bool:
    """A missing required key that an unknown key nearby misspells: the "maksud Anda" hint says it all."""
    if err.validator != "required":
        return False
    missing = re.findall(r"'([^']+)' is a required property", err.message)
    for other in errors:
        if other.validator == "additionalProperties" and other.absolute_path == err.absolute_path:
            unknown = [k for k in other.instance if k not in other.schema.get("properties", {})]
            if any(difflib.get_close_matches(k, missing, n=1, cutoff=0.6) for k in unknown):
                return True
    return False


def explain(doc: Document, kind: str) -> list[Diagnostic]:
    """jsonschema's findings, worded for planners, for a document the gate did not pass."""
    errors = sorted(_validator(kind).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    out: list[Diagnostic] = []
    for err in errors:
        if not _explained_by_typo(err, errors):
            out.extend(_message(err, doc))
    return out
