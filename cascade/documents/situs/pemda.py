"""The Pemda tree for the browser: the printed Pemda tree (cascade/documents/pohon/pemda.py) with its
boxes made focusable, and the details each box opens (an OPD's tujuan box links to the OPD's page)."""
from __future__ import annotations

from typing import Mapping, Sequence

from cascade.diagnostics import Diagnostic
from cascade.documents.pohon.graph import rpjmd_name, rpjmd_numbers
from cascade.documents.pohon.label import clean, theme_for
from cascade.documents.pohon.pemda import opd_name, pemda_tree
from cascade.documents.situs.layout import relative
from cascade.documents.situs.pohon import anchor, page_svg
from cascade.documents.situs.rincian import entry, indikator
from cascade.documents.situs.temuan import by_node, marks, row
from cascade.formats.dot.run import run_dot
from cascade.model.nomor import opd_nomor
from cascade.model.types import Repo


def pemda_boxes(repo: Repo, tahun: int, opd_links: Mapping[str, str], cache=None,
                findings: Sequence[Diagnostic] = ()) -> tuple[str, dict]:
    """(the tree as an inline <svg>, Graphviz box name → details). An OPD's tujuan box lists the
    `findings` about that tujuan and its sasaran (the rows it draws) and is marked by the worst."""
    pemda = repo.pemda
    years, theme = pemda.years, theme_for(pemda.settings)
    numbers = rpjmd_numbers(pemda)
    boxes: dict[str, dict] = {"visi": entry("Visi", pemda.visi)}
    for m in pemda.misi:
        boxes[f"misi:{m.nomor}"] = entry(f"Misi {m.nomor}", m.uraian)
        for t in m.tujuan:
            boxes[rpjmd_name(t.id)] = entry(f"Tujuan RPJMD {numbers.get(t.id, '')}", t.uraian,
                                             [indikator(i, years) for i in t.indikator])
            for s in t.sasaran:
                boxes[rpjmd_name(s.id)] = entry(f"Sasaran RPJMD {numbers.get(s.id, '')}", s.uraian,
                                                 [indikator(i, years) for i in s.indikator])
    for key in sorted(repo.opds):
        opd = repo.opds[key]
        jabatan = opd.jabatan_by_id()
        nomor = opd_nomor(opd)
        href = opd_links.get(key)
        about = by_node(opd, findings)
        for t in opd.tujuan:
            jab = jabatan.get(t.penanggung_jawab)
            sasaran = [f"Sasaran Strategis {nomor.get(s.id, '')}: {clean(s.uraian)}" for s in t.children]
            boxes[opd_name(key, t.id)] = entry(
                f"{theme.labels.get('tujuan', 'Tujuan')} {nomor.get(t.id, '')} · {opd.nama}", t.uraian,
                [indikator(i, years) for i in t.indikator], jab.nama if jab else "",
                {"label": f"Buka tujuan ini di halaman {opd.nama}", "href": relative(f"{href}#{anchor(opd, t.id)}")}
                if href else None, sasaran)
            boxes[opd_name(key, t.id)]["temuan"] = [row(d) for n in (t, *t.children) for d in about.get(n.id, [])]
    graph = pemda_tree(repo, tahun)
    raw = run_dot(graph.source(), "svg", cache)
    names = {name: clean(f"{d['tingkat']}: {d['judul']}") for name, d in boxes.items()}
    return page_svg(raw, names, f"Pohon kinerja {pemda.nama}", marks(boxes), rankdir=graph.rankdir), boxes
