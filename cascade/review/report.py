"""The review report in Markdown, in Bahasa Indonesia, for a pull request or a terminal."""
from __future__ import annotations

from cascade.diagnostics import Diagnostic
from cascade.fmt import angka, rupiah
from cascade.review.diff import LEVEL_NAMES, OpdDiff
from cascade.review.docs import DocChange


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _value(value) -> str:
    return "—" if value is None else angka(value)


def _arah(change) -> str:
    if change.arah == "berubah":
        return "berubah"
    mark = "⚠️ " if change.memburuk else ""
    note = " (berlawanan dengan polaritas indikator)" if change.memburuk else ""
    return f"{mark}{change.arah}{note}"


def _selisih(before: int, after: int) -> str:
    diff = after - before
    return ("+" if diff > 0 else "") + rupiah(diff)


def render_report(base_label: str, head_label: str, new_problems: list[Diagnostic], diffs: list[OpdDiff],
                  documents: dict[str, list[DocChange]] | None) -> str:
    lines = ["# Laporan perubahan cascading", "", f"Pembanding: `{base_label}` → `{head_label}`", ""]
    lines += ["## Masalah validasi baru", ""]
    if new_problems:
        lines += [f"- `{d.loc}` {d.severity.value} **{d.code}**: {_cell(d.message)}" + (f" (saran: {_cell(d.hint)})" if d.hint else "")
                  for d in new_problems]
    else:
        lines.append("Tidak ada masalah validasi baru.")
    lines.append("")
    for d in diffs:
        lines += [f"## {d.key} — {d.nama}", ""]
        if d.status == "baru":
            lines += ["OPD baru dalam perubahan ini.", ""]
        elif d.status == "dihapus":
            lines += ["OPD ini dihapus dalam perubahan ini.", ""]
        if d.empty and not (documents and documents.get(d.key)):
            lines += ["Tidak ada perubahan.", ""]
            continue
        if d.nodes:
            lines += ["### Tujuan, sasaran, program, kegiatan dan sub kegiatan", "",
                      "| Perubahan | Tingkat | id | Sebelum | Sesudah |", "|---|---|---|---|---|"]
            lines += [f"| {c.kind} | {LEVEL_NAMES.get(c.level, c.level)} | `{c.id}` | {_cell(c.before)} | {_cell(c.after)} |" for c in d.nodes]
            lines.append("")
        if d.indikator:
            lines += ["### Indikator", "", "| Perubahan | id | Sebelum | Sesudah |", "|---|---|---|---|"]
            lines += [f"| {c.kind} | `{c.id}` | {_cell(c.before)} | {_cell(c.after)} |" for c in d.indikator]
            lines.append("")
        if d.targets:
            lines += ["### Target", "", "| Indikator | Simpul | Tahun | Sebelum | Sesudah | Arah |", "|---|---|---|---|---|---|"]
            lines += [f"| `{t.indikator}` {_cell(t.nama)} ({_cell(t.satuan)}) | `{t.node}` | {t.tahun} | {_value(t.before)} | {_value(t.after)} | {_arah(t)} |"
                      for t in d.targets]
            lines.append("")
        if d.pagu:
            lines += ["### Pagu indikatif", "", "| Simpul | Tahun | Sebelum | Sesudah | Selisih |", "|---|---|---|---|---|"]
            lines += [f"| `{p.node}` {_cell(p.judul)} | {p.tahun} | {rupiah(p.before)} | {rupiah(p.after)} | {_selisih(p.before, p.after)} |"
                      for p in d.pagu]
            lines.append("")
        if d.totals:
            lines += ["Total pagu OPD per tahun:", "", "| Tahun | Sebelum | Sesudah | Selisih |", "|---|---|---|---|"]
            lines += [f"| {y} | {rupiah(a)} | {rupiah(b)} | {_selisih(a, b)} |" for y, a, b in d.totals]
            lines.append("")
        if d.jabatan:
            lines += ["### Jabatan dan pemangku", "", "| Perubahan | id | Sebelum | Sesudah |", "|---|---|---|---|"]
            lines += [f"| {c.kind} | `{c.id}` | {_cell(c.before)} | {_cell(c.after)} |" for c in d.jabatan]
            lines.append("")
        if documents is not None:
            docs = documents.get(d.key, [])
            lines += ["### Dokumen yang berubah", ""]
            if not docs:
                lines += ["Tidak ada dokumen yang berubah.", ""]
            for doc in docs:
                lines.append(f"- `build/{d.key}/{doc.path}` ({doc.status})")
                for row in doc.rows_removed:
                    lines.append(f"  - baris lama: {_cell(row)}")
                for row in doc.rows_added:
                    lines.append(f"  - baris baru: {_cell(row)}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
