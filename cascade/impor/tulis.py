"""Writing an ImportedOpd as the OPD's YAML: data/opd/<opd>/renstra.yaml and program/<kode>-<slug>.yaml.

The text is written here, not by a YAML library, so the same import gives the same bytes (key order,
quoting, flow maps for targets and pagu as in the example data). Every file starts with Indonesian
comments saying where it came from and a fingerprint of its body ("sidik-impor"): a file whose body
no longer matches its fingerprint was edited by hand, and a re-import refuses to overwrite it unless
told to (`timpa`). A file without a fingerprint was written by hand from the start and is treated the
same way. Nothing is written outside data/opd/<opd>/, and nothing at all when a file would be refused.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cascade.diagnostics import Diagnostic, Loc, error, relpath, warning
from cascade.impor.model import ImportedOpd, Indikator, Kegiatan, Program, Value
from cascade.load.sources import OPD_NAME, RESERVED

STAMP = "# sidik-impor: "
DEFAULT_JABATAN = "kepala"
# A Renstra table never says which RPJMD sasaran a tujuan supports: asked for as a placeholder, which
# `cascade validate` reports (I001) until the planner fills it in.
ASK_MENDUKUNG = "<isi id sasaran RPJMD yang didukung, misalnya RS1.1>"


@dataclass
class WriteResult:
    written: list[Path] = field(default_factory=list)  # created or changed
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # program files of an earlier import no longer in the table
    diagnostics: list[Diagnostic] = field(default_factory=list)


# ---------------------------------------------------------------- ids


def assign_ids(model: ImportedOpd) -> None:
    """Stable ids where an importer left them empty: T1, S1 by position; P-/K-/SK-<kode> from the codes
    (a repeated code gets "-2", "-3" in table order); indicators <parent>-I<n>."""
    used: set[str] = set()

    def take(wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in used:
            n += 1
            candidate = f"{wanted}-{n}"
        used.add(candidate)
        return candidate

    def indicators(owner_id: str, items: list[Indikator]) -> None:
        for i, ind in enumerate(items, 1):
            ind.id = ind.id or take(f"{owner_id}-I{i}")

    s_no = 0
    for t_no, t in enumerate(model.tujuan, 1):
        t.id = t.id or take(f"T{t_no}")
        indicators(t.id, t.indikator)
        for s in t.sasaran:
            s_no += 1
            s.id = s.id or take(f"S{s_no}")
            indicators(s.id, s.indikator)
    for p in model.program:
        p.id = p.id or take(f"P-{p.kode}")
        indicators(p.id, p.indikator)
        for k in p.kegiatan:
            k.id = k.id or take(f"K-{k.kode}")
            indicators(k.id, k.indikator)
            for sk in k.sub_kegiatan:
                sk.id = sk.id or take(f"SK-{sk.kode}")
                indicators(sk.id, sk.indikator)


# ---------------------------------------------------------------- scalars

_PLAIN = re.compile(r"^[A-Za-z\u00C0-\u024F(][^\n#]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


def scalar(value) -> str:
    """One YAML scalar: numbers bare, None as null, text plain when safe, else double-quoted (JSON escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        raise TypeError("a bool is no planner value")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value)
    if (_PLAIN.match(text) and text == text.strip() and ": " not in text and not text.endswith(":")
            and text.lower() not in _YAML_WORDS and not re.search(r"[\[\]{},&*!|>'\"%@`]", text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def per_year(values: dict[int, Value]) -> str:
    return "{" + ", ".join(f"{y}: {scalar(v)}" for y, v in sorted(values.items())) + "}"


def slug(text: str, words: int = 3) -> str:
    """A short file-name part from a program name: "PROGRAM APLIKASI INFORMATIKA" → "aplikasi-informatika"."""
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    tokens = [t for t in tokens if t not in {"program", "dan", "di", "ke", "dari", "yang", "untuk", "pada", "serta"}]
    return "-".join(tokens[:words]) or "program"


# ---------------------------------------------------------------- text


class _Text:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def field(self, indent: int, key: str, value) -> None:
        if value not in (None, ""):
            self.add(indent, f"{key}: {scalar(value)}")


def _indicators(out: _Text, indent: int, items: list[Indikator], tahun_dasar: int | None) -> None:
    out.add(indent, "indikator:" if items else "indikator: []  # tidak ada di tabel sumber")
    for ind in items:
        out.add(indent + 2, f"- id: {scalar(ind.id)}")
        body = indent + 4
        _sipd(out, body, ind.sipd)
        out.field(body, "nama", ind.nama)
        out.field(body, "satuan", ind.satuan or "-")
        out.field(body, "polaritas", ind.polaritas)
        out.field(body, "skala", ind.skala)
        out.add(body, f"baseline: {{tahun: {ind.baseline_tahun or tahun_dasar}, nilai: {scalar(ind.baseline)}}}")
        out.add(body, f"target: {per_year(ind.target)}")
        if ind.kondisi_akhir is not None:
            out.field(body, "kondisi_akhir", ind.kondisi_akhir)
        _manual(out, body, ind.manual)


MANUAL_FIELDS = ("iku", "definisi", "formula", "komponen", "sumber_data", "unit_penyedia_data", "periode_pelaporan",
                 "alasan")


def _manual(out: _Text, indent: int, manual: dict) -> None:
    """The IKU fields kept from the current file, in the order a planner writes them."""
    if manual.get("iku") is True:
        out.add(indent, "iku: true")
    for key in MANUAL_FIELDS[1:]:
        value = manual.get(key)
        if key == "komponen" and isinstance(value, list):
            out.add(indent, "komponen:")
            for k in value:
                parts = [f"{name}: {scalar(k[name])}" for name in ("simbol", "uraian", "sumber_data")
                         if isinstance(k, dict) and isinstance(k.get(name), str)]
                out.add(indent + 2, "- {" + ", ".join(parts) + "}")
        elif isinstance(value, str):
            out.field(indent, key, value)


def _sipd(out: _Text, indent: int, id_unik: str) -> None:
    """Where a row came from in SIPD RI (schema: _defs sumber), so a re-import can be traced back."""
    if id_unik:
        out.add(indent, f"sumber: {{sipd: {json.dumps(id_unik, ensure_ascii=False)}}}")


def _pagu(out: _Text, indent: int, pagu: dict[int, int | None], required: bool = False) -> None:
    known = {y: v for y, v in pagu.items() if v is not None}
    if known or required:
        out.add(indent, f"pagu: {per_year(known)}")


def _header(model: ImportedOpd, what: str, schema: str) -> list[str]:
    return [
        f"# {what}",
        f"# Diimpor dari {model.sumber} dengan `{model.importer}`.",
        "# Periksa perubahannya dengan `git diff` atau `make review` sebelum disimpan (commit).",
        "# Impor ulang menimpa berkas ini hanya bila isinya belum diubah tangan (lihat sidik-impor di bawah).",
        f"# yaml-language-server: $schema={schema}",
    ]


def _finish(header: list[str], body: list[str]) -> str:
    text = "\n".join(body) + "\n"
    return "\n".join(header) + "\n" + STAMP + fingerprint(text) + "\n" + text


def fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def render_renstra(model: ImportedOpd) -> str:
    out = _Text()
    out.add(0, "tujuan:")
    for t in model.tujuan:
        out.add(2, f"- id: {scalar(t.id)}")
        _sipd(out, 4, t.sipd)
        out.field(4, "uraian", t.uraian)
        out.add(4, "mendukung: [" + ", ".join(scalar(m) for m in t.mendukung or [ASK_MENDUKUNG]) + "]")
        out.field(4, "penanggung_jawab", t.penanggung_jawab or DEFAULT_JABATAN)
        _indicators(out, 4, t.indikator, model.tahun_dasar)
        out.add(4, "sasaran:")
        for s in t.sasaran:
            out.add(6, f"- id: {scalar(s.id)}")
            _sipd(out, 8, s.sipd)
            out.field(8, "uraian", s.uraian)
            out.field(8, "penanggung_jawab", s.penanggung_jawab or DEFAULT_JABATAN)
            _indicators(out, 8, s.indikator, model.tahun_dasar)
    return _finish(_header(model, "Tujuan dan sasaran Renstra PD.", "../../../schema/renstra.schema.json"),
                   out.lines)


def _kegiatan(out: _Text, k: Kegiatan, tahun_dasar: int | None) -> None:
    out.add(4, f"- id: {scalar(k.id)}")
    _sipd(out, 6, k.sipd)
    out.field(6, "kode", k.kode)
    out.field(6, "nama", k.nama)
    out.field(6, "uraian", k.uraian or k.nama)
    out.field(6, "penanggung_jawab", k.penanggung_jawab or DEFAULT_JABATAN)
    out.field(6, "lokasi", k.lokasi)
    _indicators(out, 6, k.indikator, tahun_dasar)
    _pagu(out, 6, k.pagu)
    if k.sub_kegiatan:
        out.add(6, "sub_kegiatan:")
    for sk in k.sub_kegiatan:
        out.add(8, f"- id: {scalar(sk.id)}")
        _sipd(out, 10, sk.sipd)
        out.field(10, "kode", sk.kode)
        out.field(10, "nama", sk.nama)
        out.field(10, "uraian", sk.uraian)
        out.field(10, "penanggung_jawab", sk.penanggung_jawab or DEFAULT_JABATAN)
        out.field(10, "lokasi", sk.lokasi or "-")
        _indicators(out, 10, sk.indikator, tahun_dasar)
        _pagu(out, 10, sk.pagu, required=True)


def render_program(model: ImportedOpd, p: Program) -> str:
    out = _Text()
    out.add(0, "program:")
    out.field(2, "id", p.id)
    _sipd(out, 2, p.sipd)
    out.add(2, f"kode: {json.dumps(p.kode)}")
    out.field(2, "nama", p.nama)
    out.field(2, "sasaran", p.sasaran)
    out.field(2, "uraian", p.uraian or p.nama)
    out.field(2, "penanggung_jawab", p.penanggung_jawab or DEFAULT_JABATAN)
    _indicators(out, 2, p.indikator, model.tahun_dasar)
    _pagu(out, 2, p.pagu)
    out.add(2, "kegiatan:")
    for k in p.kegiatan:
        _kegiatan(out, k, model.tahun_dasar)
    return _finish(_header(model, f"Program {p.kode} {p.nama}.", "../../../../schema/program.schema.json"), out.lines)


def program_file(p: Program) -> str:
    return f"program/{p.kode}-{slug(p.nama)}.yaml"


def render_opd(model: ImportedOpd) -> dict[str, str]:
    """Every file of the import, by its path under data/opd/<opd>/ (ids assigned first)."""
    assign_ids(model)
    files = {"renstra.yaml": render_renstra(model)}
    for p in model.program:
        name = program_file(p)
        n = 1
        while name in files:  # a program code twice in one table: the second file gets a number
            n += 1
            name = f"program/{p.kode}-{slug(p.nama)}-{n}.yaml"
        files[name] = render_program(model, p)
    return files


# ---------------------------------------------------------------- writing


def _keep_links(path: Path, model: ImportedOpd) -> None:
    """`mendukung` of a tujuan the current renstra.yaml already links to the RPJMD (same uraian), and the
    IKU fields of its tujuan and sasaran indicators (same nama), kept: no table holds them, so a
    re-import must not take them away."""
    if not path.is_file():
        return
    from cascade.load.yaml_strict import load_bytes

    doc, problems = load_bytes(path.read_bytes(), path.name)
    data = doc.data if doc is not None and not problems else None
    if not isinstance(data, dict) or not isinstance(data.get("tujuan"), list):
        return
    links = {}
    manual: dict[str, dict] = {}  # indicator name → its IKU fields, from every tujuan and sasaran
    for t in data["tujuan"]:
        if not isinstance(t, dict):
            continue
        if isinstance(t.get("uraian"), str) and isinstance(t.get("mendukung"), list):
            kept = [m for m in t["mendukung"] if isinstance(m, str) and not m.startswith("<isi")]
            links[_key(t["uraian"])] = kept
        sasaran = t.get("sasaran") if isinstance(t.get("sasaran"), list) else []
        for node in [t] + [s for s in sasaran if isinstance(s, dict)]:
            for ind in node.get("indikator") if isinstance(node.get("indikator"), list) else []:
                if isinstance(ind, dict) and isinstance(ind.get("nama"), str):
                    fields = {k: ind[k] for k in MANUAL_FIELDS if k in ind}
                    if fields:
                        manual[_key(ind["nama"])] = fields
    for t in model.tujuan:
        if not t.mendukung:
            t.mendukung = links.get(_key(t.uraian), [])
        for ind in t.indikator + [i for s in t.sasaran for i in s.indikator]:
            ind.manual = ind.manual or manual.get(_key(ind.nama), {})


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def skeleton(text: str) -> bool:
    """A file `cascade opd-baru` wrote and the planner has not filled in yet: no import fingerprint, and
    still its "<isi …>" placeholders. An import may replace it (told as I029)."""
    return STAMP not in text and "<isi" in text


def edited_by_hand(text: str) -> bool:
    """True when a file has no import fingerprint, or its body no longer matches it."""
    head, sep, rest = text.partition("\n" + STAMP)
    if not sep and text.startswith(STAMP):
        rest, sep = text[len(STAMP):], STAMP
    if not sep:
        return True
    stamp, _, body = rest.partition("\n")
    return fingerprint(body) != stamp.strip()


def write_opd(root: Path, model: ImportedOpd, timpa: bool = False) -> WriteResult:
    """Write the import into root/data/opd/<opd>/; refuse (error I018, nothing written) a hand-edited file
    unless `timpa`. Program files of an earlier import that the table no longer holds are removed when
    unedited, kept with a warning when edited."""
    result = WriteResult()
    root = Path(root)
    if not OPD_NAME.match(model.opd) or model.opd in RESERVED:
        result.diagnostics.append(error(
            Loc(model.opd), "I019", f"nama OPD \"{model.opd}\" tidak dapat dipakai sebagai nama folder di data/opd/",
            "pakai huruf kecil, angka, `-` atau `_`, misalnya dinkes atau dinas-pu"))
        return result
    base = root / "data" / "opd" / model.opd
    _keep_links(base / "renstra.yaml", model)
    files = {base / rel: text for rel, text in render_opd(model).items()}
    for path in files:  # the names come from codes and slugs; make sure none leaves the OPD folder
        if base.resolve() not in path.resolve().parents:
            result.diagnostics.append(error(Loc(relpath(path, root)), "I019",
                                            "berkas hasil impor berada di luar folder OPD"))
    old_programs = sorted((base / "program").glob("*.yaml")) if (base / "program").is_dir() else []
    plan_remove = []
    replaced = []
    for path in old_programs:
        if path in files:
            continue
        text = path.read_text(encoding="utf-8")
        if skeleton(text):
            replaced.append(path)
            plan_remove.append(path)
        elif edited_by_hand(text):
            result.diagnostics.append(warning(
                Loc(relpath(path, root)), "I024",
                "program ini tidak ada di tabel yang diimpor dan berkasnya diubah tangan, jadi dibiarkan",
                "hapus berkasnya bila program ini memang tidak dipakai lagi"))
        else:
            plan_remove.append(path)
    for path, text in files.items():
        if not path.exists():
            continue
        current = path.read_text(encoding="utf-8")
        if current == text:
            result.unchanged.append(path)
        elif skeleton(current):
            replaced.append(path)
        elif edited_by_hand(current) and not timpa:
            result.diagnostics.append(error(
                Loc(relpath(path, root)), "I018",
                "berkas ini sudah diubah tangan setelah impor sebelumnya (atau tidak dibuat oleh impor); "
                "impor tidak menimpanya",
                "simpan (commit) perubahan tangan lebih dulu, lalu ulangi impor dengan --timpa dan periksa git diff"))
    if any(d.severity.name == "ERROR" for d in result.diagnostics):
        return result
    for path in replaced:
        result.diagnostics.append(warning(
            Loc(relpath(path, root)), "I029", "kerangka dari `cascade opd-baru` yang belum diisi "
            + ("dihapus" if path not in files else "diganti hasil impor"),
            "periksa perubahannya dengan git diff"))
    for path, text in files.items():
        if path in result.unchanged:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        result.written.append(path)
    for path in plan_remove:
        path.unlink()
        result.removed.append(path)
    _mark_draf(base / "opd.yaml", result)
    return result


DRAF_LINE = "  status: draf  # ditandai oleh impor: lengkapi datanya, lalu hapus baris ini untuk rencana final"


def marked_draf(text: str) -> str | None:
    """opd.yaml with `status: draf` in its `opd:` block (an imported plan lacks what no table holds, so
    it is a draft until the planner completes it); None when `opd:` is not a block Cascade can edit."""
    lines = text.split("\n")
    try:
        start = lines.index("opd:")
    except ValueError:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")), len(lines))
    for i in range(start + 1, end):
        if re.match(r"  status:\s", lines[i]):
            if re.match(r"  status:\s*draf\b", lines[i]):
                return text
            lines[i] = DRAF_LINE
            return "\n".join(lines)
    lines.insert(start + 1, DRAF_LINE)
    return "\n".join(lines)


def _mark_draf(path: Path, result: WriteResult) -> None:
    if not path.is_file():  # no opd.yaml yet: the importer warns about it (I017/I036)
        return
    text = path.read_text(encoding="utf-8")
    marked = marked_draf(text)
    if marked is not None and marked != text:
        path.write_text(marked, encoding="utf-8", newline="\n")
        result.written.append(path)
