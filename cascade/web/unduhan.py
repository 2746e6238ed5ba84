"""The download page's words for each built document: its group ("Perjanjian Kinerja 2026") and a
label a planner recognises ("Perjanjian Kinerja Sekretaris Dinas (Word)") instead of the file name,
which may carry an internal id (a tree per sasaran is named after the sasaran's id). A file this table
does not know yet (a document added later) is listed by its file name in words ("manual-iku" → "Manual iku")."""
from __future__ import annotations

import os
import re

KINDS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "PDF", ".png": "gambar PNG", ".svg": "gambar SVG", ".md": "teks"}
GROUPS = {"renstra": "Renstra", "pk": "Perjanjian Kinerja", "pohon": "Pohon kinerja", "excel": "Tabel Excel",
          "evaluasi": "Evaluasi capaian", "keselarasan": "Keselarasan RPJMD dan Renstra",
          "iku": "Indikator Kinerja Utama (IKU)"}
NAMED = {"renstra-lengkap": "Renstra lengkap", "ikhtisar": "Pohon kinerja ikhtisar", "t-c-25": "Tabel T-C.25",
         "t-c-27": "Tabel T-C.27", "matriks-cascading": "Matriks cascading", "ringkasan": "Ringkasan",
         "pohon-pemda": "Pohon kinerja Pemda", "pk-kepala-daerah": "Perjanjian Kinerja Kepala Daerah",
         "di-bawah-target": "Indikator di bawah target", "tabel-iku": "Tabel IKU", "manual-iku": "Manual IKU",
         "kke-1": "KKE 1 Indikator kinerja dan target", "kke-5": "KKE 5 Komponen dan sumber data indikator"}
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def group(rel: str) -> str:
    """The heading a document is listed under: its folder inside the OPD's (or the Pemda's), in words."""
    parts = rel.split("/")[1:-1]
    if not parts:
        return "Ringkasan"
    years = [p for p in parts[1:] if p.isdigit()]
    changed = " Perubahan" if "perubahan" in parts else ""
    return f"{GROUPS.get(parts[0], parts[0].capitalize())}{changed}{' ' + years[0] if years else ''}"


def label(rel: str, opd) -> str:
    """What the link to `rel` (a path below the build folder) says; `opd` is None for the Pemda's."""
    stem, ext = os.path.splitext(rel.rsplit("/", 1)[-1])
    kind = KINDS.get(ext, ext.lstrip(".") or "berkas")
    return f"{_name(stem, opd) or stem.replace('-', ' ').capitalize()} ({kind})"


def _name(stem: str, opd) -> str | None:
    if stem in NAMED:
        return NAMED[stem]
    if m := re.fullmatch(r"bab-(\d+)", stem):
        n = int(m[1])
        return f"Renstra BAB {ROMAN[n] if n < len(ROMAN) else n}"
    if m := re.fullmatch(r"keselarasan-(\d{4})-(\d{4})", stem):
        return f"Keselarasan RPJMD dan Renstra {m[1]}–{m[2]}"
    if m := re.fullmatch(r"evaluasi-.+-(\d{4})", stem):
        return f"Evaluasi capaian kinerja {m[1]}"
    if opd is None:
        return None
    if stem == f"pk-{opd.key}-semua":
        return "Semua Perjanjian Kinerja dalam satu berkas"
    if stem.startswith("sasaran-"):
        return _tree(stem[len("sasaran-"):], opd)
    return _official(stem, opd)


def _tree(rest: str, opd) -> str | None:
    """`sasaran-<id>` or `sasaran-<id>-<program id>` (cascade/documents/pohon): the sasaran's words."""
    for node in opd.nodes():
        if node.level != "sasaran" or not (rest == node.id or rest.startswith(node.id + "-")):
            continue
        text = f"Pohon kinerja sasaran: {node.uraian}"
        part = rest[len(node.id) + 1:]
        program = next((c for c in node.walk() if c.id == part), None) if part else None
        return text + (f" — {program.nama or program.uraian}" if program else "")
    return None


def _official(stem: str, opd) -> str | None:
    """A PK is named after its jabatan (cascade/documents/pk/data.py `file_names`)."""
    from cascade.documents.pk.data import file_names

    names = file_names(list(opd.jabatan))
    for jabatan in opd.jabatan:
        if names.get(jabatan.id) == stem:
            return f"Perjanjian Kinerja {jabatan.nama}"
    return None
