"""What the details panel shows for each box of an OPD's tree, as plain data for the page's JSON:
indicators with baseline and targets per year, pagu (and DPA) per year, owner and holder,
crosscutting given and received, and the findings about the node. Values come as the documents
print them (`teks`) and as written in the data (`nilai`, for the tests and for sorting)."""
from __future__ import annotations

from typing import Sequence

from cascade.diagnostics import Diagnostic
from cascade.documents.evaluasi.isi import persen, realisasi_text
from cascade.documents.pohon.graph import link_status, other_side
from cascade.documents.pohon.label import level_title, theme_for
from cascade.documents.situs import temuan
from cascade.fmt import baseline, rupiah, target
from cascade.model.capaian import BELUM_ADA, KATEGORI_LABEL, EvaluasiNode, EvaluasiTahun
from cascade.model.nomor import opd_nomor
from cascade.model.types import Indikator, Node, Opd, Repo


def _number(value):
    return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None


def indikator(ind: Indikator, years: tuple[int, ...]) -> dict:
    return {
        "nama": ind.nama, "satuan": ind.satuan,
        "baseline": {"tahun": ind.baseline_tahun, "nilai": _number(ind.baseline),
                     "teks": baseline(ind.baseline, ind.satuan, True)},
        "target": [{"tahun": y, "nilai": _number(ind.target.get(y)), "teks": target(ind.target.get(y), ind.satuan, True)}
                   for y in years],
        "akhir": target(ind.kondisi_akhir(years), ind.satuan, True),
    }


def entry(tingkat: str, judul: str, indikator_rows=(), jabatan: str = "", tautan: dict | None = None,
          sasaran=(), uraian: str = "", bagian_dari: str = "") -> dict:
    """The details of a box that is not one of the OPD's nodes (the Pemda's boxes, RPJMD and
    crosscutting context): the same fields a node's have, with `konteks` set (the panel then names
    no penanggung jawab of its own); `bagian_dari`: the OPD box it hangs from."""
    return {"tingkat": tingkat, "kode": "", "judul": judul, "uraian": uraian, "indikator": list(indikator_rows),
            "pagu": [], "jabatan": jabatan, "pemangku": "", "diberikan": [], "diterima": [], "temuan": [],
            "sasaran": list(sasaran), "konteks": True, **({"bagian_dari": bagian_dari} if bagian_dari else {}),
            **({"tautan": tautan} if tautan else {})}


def _pagu(node: Node, years: tuple[int, ...]) -> list[dict]:
    rows = []
    for y in years:
        value = node.pagu.get(y)
        row = {"tahun": y, "nilai": value, "teks": rupiah(value) if value is not None else "-"}
        budget = node.anggaran.get(y)
        if budget is not None and budget.dpa is not None:
            row["dpa"] = rupiah(budget.dpa)
        if budget is not None and budget.perubahan is not None:
            row["perubahan"] = rupiah(budget.perubahan)
        rows.append(row)
    return rows


def _links(repo: Repo, opd: Opd, node: Node, given: bool) -> list[dict]:
    out = []
    for link in sorted(node.crosscutting if given else node.crosscutting_diterima, key=lambda c: (c.opd, c.node)):
        name, statement = other_side(repo, link)
        out.append({"opd": name, "judul": statement, "keterangan": link.keterangan or "",
                    "status": link_status(repo, opd.key, node.id, link, given)})
    return out


def capaian(e: EvaluasiNode, ev: EvaluasiTahun) -> dict:
    """A node's capaian in one year as the evaluation report prints it."""
    def row(c) -> dict:
        return {"nama": c.indikator.nama, "target": target(c.target, c.indikator.satuan, True),
                "realisasi": realisasi_text(c), "persen": persen(c.persen), "kategori": KATEGORI_LABEL[c.kategori]}

    a = e.anggaran
    return {
        "tahun": ev.tahun, "sampai_triwulan": ev.sampai_triwulan or 0,
        "persen": persen(e.persen), "kategori": KATEGORI_LABEL[e.kategori],
        "indikator": [row(c) for c in e.indikator],
        "anggaran": {"pagu": rupiah(a.pagu), "realisasi": rupiah(a.realisasi) if a.realisasi is not None else BELUM_ADA,
                     "rasio": persen(a.rasio)},
    }


def details(repo: Repo, opd: Opd, tahun: int, findings: Sequence[Diagnostic],
            evaluasi: EvaluasiTahun | None = None) -> dict[str, dict]:
    """node id → its details, for every node of `opd` in tree order; with `evaluasi`, each node's
    capaian that year too."""
    pemda = repo.pemda
    years, theme = pemda.years, theme_for(pemda.settings)
    jabatan = opd.jabatan_by_id()
    day = pemda.settings.pk_date(tahun)
    numbers = opd_nomor(opd)
    about = temuan.by_node(opd, findings)
    out = {}
    for node in opd.nodes():
        jab = jabatan.get(node.penanggung_jawab)
        holder = jab.pemangku(day) if jab else None
        title = level_title(theme, node)
        if node.id in numbers:
            title += f" {numbers[node.id]}"
        out[node.id] = {
            "tingkat": title,
            "kode": node.kode or "",
            "judul": node.judul,
            "uraian": node.uraian if node.uraian and node.uraian != node.judul else "",
            "indikator": [indikator(i, years) for i in node.indikator],
            "pagu": _pagu(node, years) if node.level not in ("tujuan",) else [],
            "jabatan": jab.nama if jab else "",
            "pemangku": (holder.awalan + holder.nama) if holder else "",
            "diberikan": _links(repo, opd, node, True),
            "diterima": _links(repo, opd, node, False),
            "temuan": [temuan.row(d) for d in about.get(node.id, [])],
        }
        found = evaluasi.node(node.id) if evaluasi is not None else None
        if found is not None:
            out[node.id]["capaian"] = capaian(found, evaluasi)
    return out
