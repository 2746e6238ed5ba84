"""Changes to the Pemda's own data (data/pemda.yaml): the RPJMD's misi, tujuan and sasaran with their
indicators (targets, Pemda IKU fields), the kepala daerah and the document settings, and which OPDs'
sasaran support a changed tujuan/sasaran RPJMD (their Renstra and PK follow it)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from cascade.fmt import tanggal
from cascade.model.types import Pemda, Repo
from cascade.review.diff import Owner, compare_indicators
from cascade.review.result import Delta, NodeChange, PemdaReview, Supporter

TUJUAN, SASARAN = "tujuan RPJMD", "sasaran RPJMD"
# Fields of the Pemda and of `dokumen:` as a mentor reads them; a field not listed shows under its own name.
_PEMDA_LABEL = {"nama": "nama Pemda", "jenis": "jenis", "provinsi": "provinsi", "ibu_kota": "ibu kota",
                "github_bappeda": "tim peninjau Bappeda", "periode": "periode RPJMD", "tahun_dasar": "tahun dasar",
                "kategori_capaian": "batas kategori capaian", "status": "status rencana", "skala": "skala"}
_SETTINGS_LABEL = {"tempat": "tempat penandatanganan", "tahun_berjalan": "tahun berjalan",
                   "tanggal_renstra": "tanggal Renstra", "tanggal_pk": "tanggal PK",
                   "tanggal_pk_perubahan": "tanggal PK Perubahan", "kertas": "ukuran kertas", "huruf": "huruf",
                   "ukuran_huruf": "ukuran huruf", "tema_pohon": "tema pohon kinerja",
                   "pohon_target": "target pada pohon kinerja", "label_pohon": "judul kotak pohon kinerja",
                   "susunan_pohon": "susunan pohon kinerja", "tampil_satuan": "tampilan satuan",
                   "pk_tujuan": "PK Kepala OPD memuat tujuan", "pk_anggaran": "PK memuat anggaran",
                   "nomor_pk": "pola nomor PK", "logo": "lambang daerah"}
_NOT_SETTINGS = {"loc", "locs", "misi", "visi", "kepala_daerah", "settings"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.date):
        return tanggal(value)
    if isinstance(value, (tuple, list)):
        return "; ".join(_text(v) for v in value)
    if dataclasses.is_dataclass(value):
        return ", ".join(_text(getattr(value, f.name)) for f in dataclasses.fields(value)
                         if f.name not in ("loc", "locs") and getattr(value, f.name) not in (None, "", ()))
    return str(value)


def _fields(a, b, labels: Mapping[str, str], skip=()) -> list[Delta]:
    """The changed fields of two records; a mapping (tanggal PK per year, skala) per changed key."""
    out = []
    for f in dataclasses.fields(b):
        if f.name in skip or f.name in ("loc", "locs"):
            continue
        label = labels.get(f.name, f.name.replace("_", " "))
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, Mapping) and isinstance(y, Mapping):
            for key in sorted(set(x) | set(y), key=str):
                if _text(x.get(key)) != _text(y.get(key)):
                    out.append(Delta(f"{label} {key}", _text(x.get(key)), _text(y.get(key))))
        elif f.name == "periode" and x != y:
            out.append(Delta(label, f"{x[0]}–{x[1]}", f"{y[0]}–{y[1]}"))
        elif _text(x) != _text(y):
            out.append(Delta(label, _text(x), _text(y)))
    return out


def _holder(p) -> str:
    status = "" if p.status == "definitif" else f"{p.status} "
    return f"{status}{p.nama} (sejak {tanggal(p.mulai)})"


def _settings(a: Pemda, b: Pemda) -> list[Delta]:
    out = _fields(a, b, _PEMDA_LABEL, _NOT_SETTINGS)
    if a.kepala_daerah.jabatan != b.kepala_daerah.jabatan:
        out.append(Delta("jabatan kepala daerah", a.kepala_daerah.jabatan, b.kepala_daerah.jabatan))
    x, y = "; ".join(map(_holder, a.kepala_daerah.pejabat)), "; ".join(map(_holder, b.kepala_daerah.pejabat))
    if x != y:
        out.append(Delta("kepala daerah", x, y))
    return out + _fields(a.settings, b.settings, _SETTINGS_LABEL)


def _walk(pemda: Pemda) -> dict[str, tuple[str, object, str, int]]:
    """id → (level, tujuan/sasaran, the label of what it lies under, reading position)."""
    out = {}
    for m in pemda.misi:
        for t in m.tujuan:
            out[t.id] = (TUJUAN, t, f"Misi {m.nomor}", len(out))
            for s in t.sasaran:
                out[s.id] = (SASARAN, s, f"Tujuan {t.uraian}", len(out))
    return out


def _nodes(a: Pemda, b: Pemda, old, new) -> list[NodeChange]:
    out = []
    if a.visi != b.visi:
        out.append(NodeChange("diubah", "visi", "visi", b.visi, (Delta("uraian", a.visi, b.visi),)))
    misi_a, misi_b = {m.nomor: m for m in a.misi}, {m.nomor: m for m in b.misi}
    for nomor in sorted(set(misi_a) | set(misi_b)):
        x, y = misi_a.get(nomor), misi_b.get(nomor)
        if x is None or y is None:
            out.append(NodeChange("ditambah" if x is None else "dihapus", "misi", str(nomor), (y or x).uraian))
        elif x.uraian != y.uraian:
            out.append(NodeChange("diubah", "misi", str(nomor), y.uraian, (Delta("uraian", x.uraian, y.uraian),)))
    for key in sorted(set(old) | set(new), key=lambda k: (new.get(k) or old[k])[3] + (k not in new) * 10_000):
        if key not in old or key not in new:
            level, node, parent, _ = new.get(key) or old[key]
            details = (Delta("di bawah", "" if key in new else parent, parent if key in new else ""),)
            out.append(NodeChange("ditambah" if key in new else "dihapus", level, key, node.uraian, details))
            continue
        (level, x, pa, _), (_, y, pb, _) = old[key], new[key]
        details = [Delta("di bawah", pa, pb)] if pa != pb else []
        if x.uraian != y.uraian:
            details.append(Delta("uraian", x.uraian, y.uraian))
        if _text(getattr(x, "strategi", ())) != _text(getattr(y, "strategi", ())):
            details.append(Delta("strategi dan arah kebijakan", _text(x.strategi), _text(y.strategi)))
        if details:
            out.append(NodeChange("dipindah" if pa != pb else "diubah", level, key, y.uraian, tuple(details)))
    return out


def _indicators(walk) -> dict:
    return {i.id: (i, Owner(key, level, node.uraian), (0, pos, k))
            for key, (level, node, _, pos) in walk.items() for k, i in enumerate(node.indikator)}


def _supporters(changed: set[str], labels: Mapping[str, str], before: Repo | None, after: Repo | None) -> list[Supporter]:
    out = []
    keys = sorted({k for repo in (after, before) if repo for k in repo.opds})
    for key in keys:
        opd = (after.opds.get(key) if after else None) or before.opds[key]
        for node in opd.nodes():
            for ref in node.mendukung:
                if ref in changed:
                    out.append(Supporter(opd.nama, node.level, node.judul, labels[ref]))
    return out


def diff_pemda(before: Repo | None, after: Repo | None) -> PemdaReview | None:
    """The Pemda's changes between two loaded sides; None when a side could not be loaded."""
    if before is None or after is None:
        return None
    a, b = before.pemda, after.pemda
    if a == b:
        return PemdaReview(b.nama)
    old, new = _walk(a), _walk(b)
    nodes = _nodes(a, b, old, new)
    indicators, numbers = compare_indicators(_indicators(old), _indicators(new), b.skala)
    changed = {n.id for n in nodes if n.level in (TUJUAN, SASARAN)}
    changed |= {_owner(old, new, c.id) for c in indicators} | {_owner(old, new, n.id) for n in numbers}
    labels = {k: v[1].uraian for k, v in {**old, **new}.items()}
    return PemdaReview(b.nama, tuple(nodes), tuple(indicators), tuple(numbers), tuple(_settings(a, b)),
                       tuple(_supporters(changed & set(labels), labels, before, after)))


def _owner(old, new, indicator_id: str) -> str:
    """The tujuan/sasaran RPJMD an indicator belongs to (after the change, else before)."""
    for walk in (new, old):
        for key, (_, node, _, _) in walk.items():
            if any(i.id == indicator_id for i in node.indikator):
                return key
    return ""
