"""The review as Markdown, in Bahasa Indonesia, for a pull request, a job summary or a terminal.

A one-screen summary first (how big the change is, whether it adds errors), then per OPD, top
down: the cascading, indicator numbers, amounts, realisasi, people, narrative, and the documents,
each collapsed (`<details>`). Things are named by code and statement, never by their ids.
A GitHub job summary takes at most 1 MiB, so `render_markdown(limit=…)` drops detail, documents
first, until the report fits; the full report goes into the review's attachments folder.
"""
from __future__ import annotations

import datetime as dt
import re

from cascade.fmt import angka, tanggal
from cascade.model.types import LEVEL_LABEL
from cascade.review.diff import series_label
from cascade.review.result import Delta, DocChange, OpdReview, PemdaReview, Review, Segment, Summary, YearValue, summarise
from cascade.review.tables import TEXT_COLUMN
from cascade.review.words import word_diff

DETAIL = ("lengkap", "ringkas", "minimal")
_LEVELS = {**LEVEL_LABEL, "opd": "OPD", "pemda": "Pemda", "visi": "Visi", "misi": "Misi",
           "tujuan RPJMD": "Tujuan RPJMD", "sasaran RPJMD": "Sasaran RPJMD"}
_CODED = re.compile(r"^(\w[\w ]*?) (\d\.\d{2}\.\d{2}[\d.]*) ")
_CELLS_LISTED = 3  # rows named beside a cell change; beyond, only their number


# ---------------------------------------------------------------- text helpers


def _esc(text) -> str:
    """Plain text made safe inside Markdown (and a table cell): no HTML, no column breaks."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _place(label: str) -> str:
    """A parent or owner, briefly: "Program 2.21.02" for a coded node, else its statement clipped."""
    coded = _CODED.match(label)
    return f"{coded.group(1)} {coded.group(2)}" if coded else _clip(label, 60)


def _number(value) -> str:
    return "—" if value is None or value == "" else angka(value)


def _segments(segments: tuple[Segment, ...]) -> str:
    out = []
    for s in segments:
        if s.op == "…":
            out.append("…")
        elif s.op == "-":
            out.append(f"~~{_esc(s.text)}~~")
        elif s.op == "+":
            out.append(f"**{_esc(s.text)}**")
        else:
            out.append(_esc(s.text))
    return " ".join(out)


def _change(before, after) -> str:
    """old → new, long texts as a word-level difference."""
    if before in (None, "") and after in (None, ""):
        return ""
    if before in (None, ""):
        return _esc(_show(after))
    if after in (None, ""):
        return f"~~{_esc(_show(before))}~~ (dihapus)"
    if isinstance(before, str) and isinstance(after, str) and len(before) + len(after) > 60:
        return _segments(word_diff(before, after)[0])
    return f"{_esc(_show(before))} → {_esc(_show(after))}"


def _show(value) -> str:
    return value if isinstance(value, str) else _number(value)


def _delta(d: Delta) -> str:
    if d.field == "di bawah" or d.field == "pada":
        before, after = _place(str(d.before)) if d.before else "", _place(str(d.after)) if d.after else ""
        return f"{d.field}: " + (f"{_esc(before)} → {_esc(after)}" if before and after else _esc(before or after))
    return f"{d.field}: {_change(d.before, d.after)}" if d.field else _change(d.before, d.after)


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    marks = [("---:" if align and i < len(align) and align[i] == "r" else "---") for i in range(len(header))]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"] + \
        ["| " + " | ".join(r) + " |" for r in rows] + [""]


def _signed(value) -> str:
    return ("+" if value > 0 else "") + angka(value)


# ---------------------------------------------------------------- the summary


def _revision(name: str, commit: str) -> str:
    return f"`{_esc(name)}` ({commit})" if name else f"commit {commit}"


def _verdict(review: Review) -> str:
    if review.new_errors:
        return (f"❌ **Perubahan ini menambah {review.new_errors} galat** — perbaiki dulu sebelum disetujui "
                "(status keluar 1).")
    return "✅ **Tidak ada galat baru** (status keluar 0)."


def _counts(parts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in parts.items() if n)


_PEMDA_PARTS = {"tujuan_sasaran": "visi, misi, tujuan atau sasaran", "indikator": "indikator",
                "target": "angka target", "pengaturan": "pengaturan Pemda dan dokumen", "dokumen": "dokumen Pemda"}


def _summary_rows(review: Review, s: Summary) -> list[list[str]]:
    rows = []
    changed = len(s.changed_opds)
    names = ", ".join(_esc(n) for n in s.changed_opds[:5]) + (" …" if changed > 5 else "")
    rows.append(["OPD", f"{changed} dari {s.opd_count} berubah" + (f": {names}" if changed else "")])
    rows.append(["Masalah validasi baru", f"{s.new_errors} galat, {s.new_warnings} peringatan"])
    if s.pemda:
        text = _counts({_PEMDA_PARTS[k]: n for k, n in s.pemda.items()}) + " berubah"
        if s.pemda_opds:
            text += f"; menyangkut sasaran {len(s.pemda_opds)} OPD: " + ", ".join(_esc(n) for n in s.pemda_opds[:5]) \
                + (" …" if len(s.pemda_opds) > 5 else "")
        rows.append(["Data Pemda (RPJMD)", text])
    if s.nodes:
        rows.append(["Tujuan, sasaran, program, kegiatan, sub kegiatan", _counts(s.nodes)])
    if s.indicators:
        rows.append(["Indikator", _counts(s.indicators)])
    if s.targets_changed or s.baselines_changed:
        parts = []
        if s.targets_changed:
            parts.append(f"{s.targets_changed} angka target diubah"
                         + (f" (⚠️ {s.targets_against_polarity} berlawanan dengan polaritas)" if s.targets_against_polarity else ""))
        if s.baselines_changed:
            parts.append(f"{s.baselines_changed} baseline dikoreksi")
        rows.append(["Target", "; ".join(parts)])
    if s.amounts_changed:
        rows.append(["Pagu dan anggaran", f"{s.amounts_changed} angka sub kegiatan diubah"])
    if s.realisasi:
        text = _counts(s.realisasi)
        if s.realisasi_data_removed:
            text += f" — ⚠️ {s.realisasi_data_removed} menghapus data yang sudah dilaporkan"
        rows.append(["Realisasi", text])
    if s.rencana_aksi:
        rows.append(["Rencana Aksi", f"{s.rencana_aksi} indikator berubah target atau aksi triwulannya"])
    if s.jabatan or s.holders:
        text = ", ".join(p for p in (f"{s.jabatan} jabatan" if s.jabatan else "",
                                     f"{s.holders} pemangku" if s.holders else "") if p) + " berubah"
        if s.pk_affected:
            text += f"; {s.pk_affected} PK berganti penanda tangan"
        rows.append(["Jabatan dan pemangku", text])
    if s.chapters_changed:
        rows.append(["Narasi", f"{s.chapters_changed} bab berubah"])
    if review.documents_compared:
        rows.append(["Dokumen", f"{s.documents_changed} berkas berubah"])
    return rows


def _totals(review: Review) -> list[str]:
    lines = []
    for total in review.totals:
        lines += [f"**Perubahan total {series_label(total.series).lower()} semua OPD yang dibandingkan**", ""]
        lines += _table(["Tahun", "Sebelum", "Sesudah", "Selisih"],
                        [[str(y.tahun), _number(y.before), _number(y.after), _signed((y.after or 0) - (y.before or 0))]
                         for y in total.years], "lrrr")
    return lines


def _head(review: Review) -> list[str]:
    base = _revision(review.base.name, review.base.commit)
    head = _revision(review.head.name, review.head.commit)
    note = ", termasuk perubahan yang belum di-commit" if review.head.uncommitted else ""
    lines = ["# Laporan perubahan cascading", "", f"Dibandingkan: {base} → {head}{note}"
             + (f"; dokumen tahunan tahun {review.tahun}" if review.documents_compared and review.tahun else ""), "",
             _verdict(review), ""]
    for side in review.unreadable:
        lines += [f"⚠️ Data sisi {side} tidak dapat dimuat (lihat masalah validasinya), jadi isinya tidak dibandingkan.", ""]
    lines += ["## Ringkasan", ""] + _table(["Bagian", "Perubahan"], _summary_rows(review, summarise(review)))
    lines += _totals(review)
    lines += ["## Masalah validasi baru", ""]
    if review.problems:
        lines += [f"- `{p.file}:{p.line}:{p.column or 1}` {p.severity} **{p.code}**: {_esc(p.message)}"
                  + (f" (saran: {_esc(p.hint)})" if p.hint else "") for p in review.problems]
    else:
        lines.append("Tidak ada masalah validasi baru.")
    return lines + [""]


# ---------------------------------------------------------------- the Pemda (RPJMD)


def _pemda(review: Review, detail: str, pictures) -> list[str]:
    p = review.pemda
    if p is None or not p.changed:
        return []
    lines = ["## Data Pemda (RPJMD)", ""]
    if not any(o.model_changed for o in review.opds):
        lines += ["Perubahan ini hanya mengubah data Pemda (RPJMD, kepala daerah atau pengaturan dokumen); "
                  "data OPD tidak berubah.", ""]
    if detail == "minimal":
        counts = {"tujuan/sasaran": len(p.nodes), "indikator": len(p.indicators),
                  "target": len(p.indicator_numbers), "pengaturan": len(p.settings), "sasaran OPD terkait": len(p.supporters)}
        return lines + [f"Perubahan: {_counts(counts)}.", ""]
    if p.nodes:
        rows = [[c.kind, _LEVELS.get(c.level, c.level), _esc(_clip(c.label)), "; ".join(_delta(d) for d in c.details)]
                for c in p.nodes]
        lines += ["### Visi, misi, tujuan dan sasaran RPJMD", ""] + _table(["Perubahan", "Tingkat", "Uraian", "Rincian"], rows)
    lines += _indicators(p, "Indikator RPJMD yang diubah")
    lines += _indicator_numbers(p, "indikator RPJMD")
    if p.settings:
        lines += ["### Pemda, kepala daerah dan pengaturan dokumen", ""]
        lines += _table(["Bagian", "Perubahan"], [[_esc(d.field), _change(d.before, d.after)] for d in p.settings])
    if p.supporters:
        lines += ["### Sasaran OPD yang mendukung tujuan/sasaran RPJMD yang berubah", "",
                  "Renstra, pohon kinerja dan PK OPD ini mengacu pada tujuan/sasaran RPJMD tersebut; periksa "
                  "apakah masih selaras.", ""]
        lines += _table(["OPD", "Tingkat", "Tujuan/sasaran OPD", "Mendukung (RPJMD)"],
                        [[_esc(s.opd), _LEVELS.get(s.level, s.level), _esc(_clip(s.label)), _esc(_clip(s.rpjmd))]
                         for s in p.supporters])
    return lines + _documents(p, detail, pictures, "Dokumen Pemda yang berubah")


# ---------------------------------------------------------------- one OPD


def _nodes(opd: OpdReview) -> list[str]:
    if not opd.nodes:
        return []
    rows = [[c.kind, _LEVELS.get(c.level, c.level), _esc(_clip(c.label)), "; ".join(_delta(d) for d in c.details)]
            for c in opd.nodes]
    return ["### Tujuan, sasaran, program, kegiatan dan sub kegiatan", ""] + \
        _table(["Perubahan", "Tingkat", "Nama", "Rincian"], rows)


def _indicators(opd: OpdReview, title: str = "Indikator yang diubah") -> list[str]:
    changed = [c for c in opd.indicators if c.kind in ("diubah", "dipindah")]
    if not changed:
        return []
    rows = [[c.kind, _esc(_clip(c.nama)), _esc(_place(f"{_LEVELS.get(c.node_level, '')} {c.node}")),
             "; ".join(_delta(d) for d in c.details)] for c in changed]
    return [f"### {title}", ""] + _table(["Perubahan", "Indikator", "Pada", "Rincian"], rows)


def _year_cell(status: str, y: YearValue | None, satuan: str) -> str:
    if y is None:
        return ""
    if status == "baru":
        return _number(y.after)
    if status == "dihapus":
        return f"~~{_number(y.before)}~~"
    text = f"{_number(y.before)} → {_number(y.after)}"
    return f"⚠️ {text} ({y.arah})" if y.memburuk else text


def _baseline_cell(status: str, b) -> str:
    if b is None:
        return ""
    if status == "baru":
        return f"{_number(b.after)} ({b.tahun_after})"
    if status == "dihapus":
        return f"~~{_number(b.before)} ({b.tahun_before})~~"
    year = f"{b.tahun_after}" if b.tahun_before == b.tahun_after else f"{b.tahun_before} → {b.tahun_after}"
    return f"{_number(b.before)} → {_number(b.after)} ({year})"


def _indicator_numbers(opd: OpdReview | PemdaReview, of: str = "indikator") -> list[str]:
    lines = []
    for name in dict.fromkeys(n.series for n in opd.indicator_numbers):
        items = [n for n in opd.indicator_numbers if n.series == name]
        years = sorted({y.tahun for n in items for y in n.years})
        rows = []
        for n in items:
            by_year = {y.tahun: y for y in n.years}
            mark = {"baru": "**baru**: ", "dihapus": "**dihapus**: "}.get(n.status, "")
            rows.append([mark + _esc(_clip(n.nama)), _esc(_place(f"{_LEVELS.get(n.node_level, '')} {n.node}")),
                         _esc(n.satuan), _baseline_cell(n.status, n.baseline)]
                        + [_year_cell(n.status, by_year.get(t), n.satuan) for t in years])
        title = f"Target dan baseline {of}" if name == "target" else f"{series_label(name)} {of}"
        lines += [f"### {title}", "",
                  "Sel kosong: tidak berubah. ⚠️: target bergerak berlawanan dengan polaritas indikator (turun pada "
                  "indikator yang makin tinggi makin baik, atau naik pada yang makin rendah makin baik). Koreksi "
                  "baseline tidak dinilai terhadap polaritas.", ""]
        lines += _table(["Indikator", "Pada", "Satuan", "Baseline"] + [str(t) for t in years], rows)
    return lines


def _amount_rows(items) -> tuple[list[int], list[list[str]]]:
    years = sorted({y.tahun for item in items for y in item.years})
    rows = []
    for item in items:
        by_year = {y.tahun: y for y in item.years}
        name = _esc(_clip(item.label))
        if item.status in ("baru", "dihapus"):
            values = [_number((by_year[t].after if item.status == "baru" else by_year[t].before)) if t in by_year else ""
                      for t in years]
            rows.append([name, item.status] + values)
            continue
        rows.append([name, "sebelum"] + [_number(by_year[t].before) if t in by_year else "" for t in years])
        rows.append(["", "sesudah"] + [_number(by_year[t].after) if t in by_year else "" for t in years])
        rows.append(["", "selisih"] + [_signed((by_year[t].after or 0) - (by_year[t].before or 0)) if t in by_year else ""
                                       for t in years])
    return years, rows


def _amounts(opd: OpdReview) -> list[str]:
    lines = []
    names = list(dict.fromkeys([r.series for r in opd.rollups] + [n.series for n in opd.node_numbers]))
    for name in names:
        label = series_label(name)
        groups: list[tuple[str, str, list]] = [
            ("Total OPD", "OPD", [r for r in opd.rollups if r.series == name and r.level == "opd"]),
            ("Per sasaran", "Sasaran", [r for r in opd.rollups if r.series == name and r.level == "sasaran"]),
            ("Per program", "Program", [r for r in opd.rollups if r.series == name and r.level == "program"]),
            ("Per sub kegiatan dan simpul lain yang angkanya ditulis", "Nama",
             [n for n in opd.node_numbers if n.series == name]),
        ]
        if not any(items for _, _, items in groups):
            continue
        lines += [f"### {label} (Rp)", "", "Hanya tahun yang berubah; sel kosong: tidak berubah.", ""]
        for title, first, items in groups:
            if items:
                years, rows = _amount_rows(items)
                lines += [f"**{title}**", ""] + _table([first, ""] + [str(t) for t in years], rows, "ll" + "r" * len(years))
    return lines


def _realisasi(opd: OpdReview) -> list[str]:
    if not opd.realisasi:
        return []
    lines = ["### Realisasi", ""]
    removed = [r for r in opd.realisasi if r.data_dihapus]
    if removed:
        lines += [f"> ⚠️ Perubahan ini menghapus data realisasi yang sudah dilaporkan ({len(removed)} isian). "
                  "Pastikan penghapusan ini disengaja dan alasannya tercatat.", ""]
    quarters = sorted({int(d.field.split()[-1]) for r in opd.realisasi for d in r.values if d.field.startswith("triwulan")})
    rows = []
    for r in opd.realisasi:
        values = {d.field: d for d in r.values}
        annual = values.get("nilai") or values.get("realisasi")
        what = _esc(_clip(r.label)) if r.jenis == "indikator" else f"Anggaran {_esc(_clip(r.label))}"
        status = ("⚠️ " if r.data_dihapus else "") + r.status
        cells = [_value_cell(annual)] + [_value_cell(values.get(f"triwulan {q}")) for q in quarters]
        notes = "; ".join(_delta(d) for d in r.notes)
        rows.append([str(r.tahun), status, what, _esc(r.satuan)] + cells + [notes])
    return lines + _table(["Tahun", "Perubahan", "Indikator", "Satuan", "Nilai"]
                          + [f"Triwulan {q}" for q in quarters] + ["Catatan"], rows)


def _rencana_aksi(opd: OpdReview) -> list[str]:
    if not opd.rencana_aksi:
        return []
    rows = [[str(r.tahun), r.status, _esc(_clip(r.label)), _esc(r.satuan), "; ".join(_delta(d) for d in r.values)]
            for r in opd.rencana_aksi]
    return ["### Rencana Aksi (target dan aksi per triwulan)", ""] + _table(
        ["Tahun", "Perubahan", "Indikator", "Satuan", "Rincian"], rows)


def _value_cell(d: Delta | None) -> str:
    if d is None:
        return ""
    if d.after is None:
        return f"~~{_number(d.before)}~~"
    if d.before is None or d.before == d.after:
        return _number(d.after)
    return f"{_number(d.before)} → {_number(d.after)}"


def _people(opd: OpdReview) -> list[str]:
    lines = []
    if opd.jabatan or opd.holders or opd.pk_effects:
        lines += ["### Jabatan dan pemangku", ""]
    if opd.jabatan:
        lines += _table(["Perubahan", "Jabatan", "Rincian"],
                        [[c.kind, _esc(c.jabatan), "; ".join(_delta(d) for d in c.details)] for c in opd.jabatan])
    if opd.holders:
        rows = []
        for h in opd.holders:
            a, b = h.before, h.after
            cell = (lambda f: _esc(_date(getattr(b or a, f)) if f == "mulai" else getattr(b or a, f))) \
                if a is None or b is None else (lambda f: _change(getattr(a, f), getattr(b, f))
                                                 if getattr(a, f) != getattr(b, f) else _esc(getattr(b, f)))
            rows.append([h.kind, _esc(h.jabatan)] + [cell(f) for f in ("mulai", "nama", "nip", "pangkat", "status")])
        lines += _table(["Perubahan", "Jabatan", "Mulai", "Nama", "NIP", "Pangkat (golongan)", "Status"], rows)
    if opd.pk_effects:
        lines += ["PK yang berganti penanda tangan:", ""]
        lines += _table(["PK", "Sebagai", "Tahun", "Sebelum", "Sesudah"],
                        [[_esc(e.jabatan), e.peran, ", ".join(e.tahun), _esc(e.before), _esc(e.after)]
                         for e in opd.pk_effects])
    return lines


def _date(iso: str) -> str:
    try:
        return tanggal(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def _chapters(opd: OpdReview) -> list[str]:
    if not opd.chapters:
        return []
    rows, excerpts = [], []
    for c in opd.chapters:
        bab = c.bab.replace("bab-", "Bab ")
        paragraphs = _counts({"ditambah": c.paragraphs_added, "dihapus": c.paragraphs_removed,
                              "diubah": c.paragraphs_changed})
        rows.append([bab, _esc(_clip(c.judul, 60)), c.status, paragraphs or "—", f"+{c.words_added}, −{c.words_removed}"])
        excerpts += [f"- {bab}: " + _segments(e) for e in c.excerpts]
    return ["### Narasi", ""] + _table(["Bab", "Judul", "Perubahan", "Paragraf", "Kata"], rows) + excerpts + \
        ([""] if excerpts else [])


def _doc_summary(doc: DocChange) -> str:
    if doc.kind == "pohon":
        return f"{len(doc.boxes)} kotak berubah (berkas gambar: {', '.join(doc.formats)})"
    if doc.kind == "tabel":
        parts = [f"{doc.rows_changed} baris berubah ({doc.cells_changed} sel)" if doc.rows_changed else "",
                 f"{doc.rows_added} baris baru" if doc.rows_added else "",
                 f"{doc.rows_removed} baris dihapus" if doc.rows_removed else ""]
        return ", ".join(p for p in parts if p) or doc.status
    return doc.status


def picture_name(tree: str, side: str) -> str:
    """The file of a tree's picture in the attachments folder pohon/<opd>/:
    `pohon/sasaran-S3`, "sesudah" → `sasaran-S3.sesudah.svg`."""
    return f"{tree.split('/', 1)[-1].replace('/', '-')}.{side}.svg"


def _doc_detail(opd: OpdReview | PemdaReview, doc: DocChange, pictures) -> list[str]:
    lines = []
    for table in dict.fromkeys([c.table for c in doc.cells] + [r.table for r in doc.rows]):
        lines += ["", f"**{_esc(table)}**", ""]
        for c in (c for c in doc.cells if c.table == table):
            if c.column == TEXT_COLUMN:  # a paragraph or line: the change says where it is
                lines.append(f"- {_change(c.before, c.after)}")
                continue
            where = (": " + "; ".join(_esc(_clip(r, 50)) for r in c.rows)) if len(c.rows) <= _CELLS_LISTED \
                else f" ({len(c.rows)} baris)"
            lines.append(f"- **{_esc(c.column)}**{where} — {_change(c.before, c.after)}")
        for r in (r for r in doc.rows if r.table == table):
            if [col for col, _ in r.cells] == [TEXT_COLUMN]:
                lines.append(f"- {r.kind}: {_esc(_clip(r.cells[0][1], 200))}")
                continue
            cells = "; ".join(f"{_esc(col)}: {_esc(_clip(text, 80))}" for col, text in r.cells)
            lines.append(f"- baris {r.kind} — {_esc(_clip(r.label, 60))}: {cells}")
    for b in doc.boxes:
        details = "; ".join(f"ditambah «{_esc(d.after)}»" if d.before == "" and not d.field else _delta(d)
                            for d in b.details)
        lines.append(f"- kotak {b.kind} «{_esc(_clip(b.box, 70))}»" + (f": {details}" if details else ""))
    if pictures and doc.path in pictures.get(opd.key, {}):
        lines.append("")
        for side, data in zip(("sebelum", "sesudah"), pictures[opd.key][doc.path]):
            if data is not None:
                lines.append(f"![Gambar {side} perubahan](pohon/{opd.key}/{picture_name(doc.path, side)})")
    return lines


def _documents(opd: OpdReview | PemdaReview, detail: str, pictures, title: str = "Dokumen yang berubah") -> list[str]:
    if opd.documents is None:
        return []
    lines = [f"### {title} ({len(opd.documents)} berkas)", ""]
    if opd.documents_note:
        return lines + [opd.documents_note, ""]
    if not opd.documents:
        return lines + ["Tidak ada dokumen yang berubah.", ""]
    if detail != "lengkap":
        return lines + [f"- `{_esc(d.path)}` ({d.status}): {_doc_summary(d)}" for d in opd.documents] + [""]
    for doc in opd.documents:
        lines += [f"<details><summary><code>{_esc(doc.path)}</code> ({doc.status}) — {_esc(_doc_summary(doc))}</summary>", ""]
        lines += _doc_detail(opd, doc, pictures)
        lines += ["", "</details>", ""]
    return lines


def _opd(opd: OpdReview, detail: str, pictures) -> list[str]:
    title = {"baru": " — OPD baru", "dihapus": " — OPD dihapus"}.get(opd.status, "")
    lines = [f"## {_esc(opd.nama)}{title}", ""]
    if detail == "minimal":
        counts = {"simpul": len(opd.nodes), "indikator": len(opd.indicators), "realisasi": len(opd.realisasi),
                  "rencana aksi": len(opd.rencana_aksi),
                  "pemangku": len(opd.holders), "bab": len(opd.chapters), "dokumen": len(opd.documents or ())}
        return lines + [f"Perubahan: {_counts(counts) or 'tidak ada'}.", ""]
    if not opd.model_changed:
        lines += ["Data cascading tidak berubah.", ""]
    for part in (_nodes(opd), _indicators(opd), _indicator_numbers(opd), _amounts(opd), _realisasi(opd),
                 _rencana_aksi(opd), _people(opd), _chapters(opd)):
        lines += part
    return lines + _documents(opd, detail, pictures)


def _render(review: Review, detail: str, pictures) -> str:
    lines = _head(review)
    if detail != "lengkap":
        lines += ["> Laporan ini diringkas agar muat di ringkasan GitHub; rincian lengkapnya ada di `laporan.md` "
                  "pada lampiran tinjauan (artefak GitHub Actions).", ""]
    lines += _pemda(review, detail, pictures)
    unchanged = [o.nama for o in review.opds if o.empty]
    for opd in review.opds:
        if not opd.empty:
            lines += _opd(opd, detail, pictures)
    if unchanged:
        lines += ["## OPD yang tidak berubah", "", ", ".join(_esc(n) for n in unchanged) + ".", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(review: Review, limit: int | None = None, pictures=None) -> str:
    """The report; with `limit` (bytes), the most detailed form that fits. `pictures`: the trees'
    SVGs (opd → tree → (before, after)) written beside the report, to show them as images."""
    for detail in DETAIL:
        text = _render(review, detail, pictures)
        if limit is None or len(text.encode("utf-8")) <= limit:
            return text
    return text
