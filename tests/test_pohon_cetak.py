"""The pohon kinerja as a reader sees it (issues #23/#24): Indonesian labels, a title block and a legend
on every image, no ids or folder names, each crosscutting link from its own row with a label of its
own, one way of writing percentages, and the Renstra's figures printing at 7 pt or more.

The SVGs are read back (text, edge titles, path coordinates); the Renstra is read back from its .docx.
"""
from __future__ import annotations

import io
import os
import re
import struct
import xml.etree.ElementTree as ET

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from cascade.documents import Job, PemdaJob, pohon, renstra
from cascade.documents.evaluasi.pohon import outputs as evaluasi_outputs
from cascade.fmt import persen
from cascade.model.capaian import evaluate
from cascade.pipeline import check

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
EMU_PER_PT = 12700
PNG_DPI = 150
SLUGS = ("bappeda", "diskominfo", "dispusip", "inspektorat")


def texts(svg: bytes) -> list[str]:
    """Every string a reader can see or hover over in an SVG: texts and tooltips."""
    root = ET.fromstring(svg)
    out = [t.text or "" for t in root.iter(f"{SVG}text")]
    out += [a.get(f"{XLINK}title") for a in root.iter(f"{SVG}a") if a.get(f"{XLINK}title")]
    return out


def flat(svg: bytes) -> str:
    return re.sub(r"[\s\u2060]+", " ", " ".join(texts(svg)))


@pytest.fixture(scope="module")
def trees(repo) -> dict[str, dict[str, bytes]]:
    """Every SVG of the example: OPD trees by OPD key, the Pemda tree under "pemda"."""
    found = {key: {o.path: o.data for o in pohon.render(Job(repo, repo.opds[key], 2026)) if o.path.endswith(".svg")}
             for key in sorted(repo.opds)}
    found["pemda"] = {o.path: o.data for o in pohon.render_pemda(PemdaJob(repo, 2026)) if o.path.endswith(".svg")}
    return found


@pytest.fixture(scope="module")
def evaluasi_svgs(repo) -> dict[str, bytes]:
    opd = repo.opds["diskominfo"]
    found = evaluasi_outputs(repo, opd, evaluate(repo.pemda, opd, 2025), "pohon")
    return {o.path: o.data for o in found if o.path.endswith(".svg")}


# --------------------------------------------------------------------- labels, title, legend


def test_boxes_carry_indonesian_level_labels(trees, evaluasi_svgs):
    english = re.compile(r"\b(Strategic|Tactical|Operational)\b")
    for key, svgs in trees.items():
        for path, svg in svgs.items():
            text = flat(svg)
            assert not english.search(text), (key, path)
            if key != "pemda":
                assert "Sasaran Strategis (Eselon II)" in text and "Sasaran Program (Eselon III)" in text, (key, path)
    s1 = flat(trees["diskominfo"]["pohon/sasaran-S1.svg"])
    assert "Sasaran Kegiatan (Eselon IV)" in s1 and "Sub Kegiatan" in s1
    assert "Tujuan Perangkat Daerah" in flat(trees["pemda"]["pohon/pohon-pemda.svg"])
    for svg in evaluasi_svgs.values():
        assert not english.search(flat(svg)) and "Sasaran Strategis (Eselon II)" in flat(svg)


def test_every_image_has_a_title_block_and_a_legend(repo, trees, evaluasi_svgs):
    for key, svgs in trees.items():
        for path, svg in svgs.items():
            text = flat(svg)
            assert f"Pohon Kinerja {repo.pemda.nama}" in text or repo.pemda.nama in text, (key, path)
            assert "Target Tahun 2026" in text, (key, path)
            assert "Crosscutting (lintas perangkat daerah)" in text, (key, path)  # the legend
            if key != "pemda":
                assert f"Pohon Kinerja {repo.opds[key].nama}" in text, (key, path)
    s1 = flat(trees["diskominfo"]["pohon/sasaran-S1.svg"])
    assert f"Sasaran Strategis 1.1: {repo.opds['diskominfo'].node('S1').uraian}" in s1
    for path, svg in evaluasi_svgs.items():
        text = flat(svg)
        assert "Capaian Kinerja Tahun 2025" in text and "Sangat tinggi (≥ 91%)" in text, path


def test_level_labels_follow_the_pemda_setting(tmp_repo):
    path = os.path.join(tmp_repo, "data", "pemda.yaml")
    src = open(path, encoding="utf-8").read()
    assert "  tema_pohon: madiun\n" in src
    open(path, "w", encoding="utf-8").write(src.replace(
        "  tema_pohon: madiun\n", "  tema_pohon: madiun\n  label_pohon:\n    sasaran: Sasaran Kepala Dinas\n"))
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    found = {o.path: o.data for o in pohon.render(Job(checked.repo, checked.repo.opds["diskominfo"], 2026))}
    text = flat(found["pohon/sasaran-S1.svg"])
    assert "Sasaran Kepala Dinas" in text and "Sasaran Strategis (Eselon II)" not in text
    assert "Sasaran Program (Eselon III)" in text  # the others keep their default


def test_a_wrong_label_setting_is_a_schema_error(tmp_repo):
    path = os.path.join(tmp_repo, "data", "pemda.yaml")
    src = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(src.replace(
        "  tema_pohon: madiun\n", "  tema_pohon: madiun\n  label_pohon:\n    eselon9: Sesuatu\n"))
    errors = check(tmp_repo, ["diskominfo"]).report.errors
    assert errors and all(e.loc.file == "data/pemda.yaml" for e in errors)


# --------------------------------------------------------------------- no ids, no folder names


def _example_ids(repo) -> set[str]:
    ids = set()
    for opd in repo.opds.values():
        for node in opd.nodes():
            ids.add(node.id)
            ids.update(i.id for i in node.indikator)
    for t in repo.pemda.rpjmd_tujuan():
        ids.add(t.id)
        ids.update(i.id for i in t.indikator)
        for s in t.sasaran:
            ids.add(s.id)
            ids.update(i.id for i in s.indikator)
    return ids


def test_no_internal_ids_or_folder_names_in_any_image(repo, trees, evaluasi_svgs):
    ids = _example_ids(repo)
    assert {"S1", "SK-APTIKA-2-1", "RS1.1", "BS1"} <= ids
    patterns = [re.compile(rf"(?<![\w.-]){re.escape(i)}(?![\w-]|\.\d)") for i in sorted(ids)]
    patterns += [re.compile(rf"\b{slug}\b") for slug in SLUGS]
    every = [(f"{key}/{path}", svg) for key, svgs in trees.items() for path, svg in svgs.items()]
    every += [(f"evaluasi/{path}", svg) for path, svg in evaluasi_svgs.items()]
    for name, svg in every:
        text = flat(svg)
        found = [p.pattern for p in patterns if p.search(text)]
        assert not found, (name, found[:5])


# --------------------------------------------------------------------- crosscutting


def _path_start(edge) -> tuple[float, float]:
    d = edge.find(f"{SVG}path").get("d")
    x, y = re.match(r"M\s*([-\d.]+),([-\d.]+)", d).groups()
    return float(x), float(y)


def _edges(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}


def _nodes(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def _text_y(node, needle: str) -> float:
    ys = [float(t.get("y")) for t in node.iter(f"{SVG}text") if needle in (t.text or "")]
    assert len(ys) == 1, (needle, ys)
    return ys[0]


def _bbox(node) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for poly in node.iter(f"{SVG}polygon"):
        for pair in poly.get("points").split():
            x, y = pair.split(",")
            xs.append(float(x))
            ys.append(float(y))
    return min(xs), min(ys), max(xs), max(ys)


def test_crosscutting_from_a_sub_kegiatan_starts_at_its_own_row(repo, trees):
    svg = trees["diskominfo"]["pohon/sasaran-S1.svg"]
    edges, nodes = _edges(svg), _nodes(svg)
    # the edge's title names the kegiatan box (east side) and the box of this one link
    title = "K-APTIKA-2:e->XC:SK-APTIKA-2-1:ke:bappeda:BS1"
    assert title in edges, sorted(t for t in edges if "XC" in t)
    x, y = _path_start(edges[title])
    box = nodes["K-APTIKA-2"]
    k = repo.opds["diskominfo"].node("K-APTIKA-2")
    first, second = k.children[0], k.children[1]
    # it leaves between the first sub kegiatan's code and the second's, at the box's right side
    assert _text_y(box, first.kode) < y < _text_y(box, second.kode)
    assert abs(y - _text_y(box, "Crosscutting ke Badan Perencanaan")) < 12
    left, _, right, _ = _bbox(box)
    assert abs(x - right) < 3, (x, right)


def _distance(point, box) -> float:
    x, y = point
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return (dx * dx + dy * dy) ** 0.5


def _arrow(edge) -> tuple[float, float]:
    pts = [tuple(map(float, p.split(","))) for p in edge.find(f"{SVG}polygon").get("points").split()]
    return sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)


@pytest.mark.parametrize("tree, node, box, towards", [
    # given by a sub kegiatan of K-APTIKA-2: the arrow points at Bappeda's box
    ("pohon/sasaran-S1.svg", "K-APTIKA-2", "XC:SK-APTIKA-2-1:ke:bappeda:BS1", "XC"),
    # received by S2 from Bappeda: the arrow points at S2's box
    ("pohon/sasaran-S2.svg", "S2", "XC:S2:dari:bappeda:BS1", "node"),
    ("pohon/ikhtisar.svg", "S2", "XC:S2:dari:bappeda:BS1", "node"),
])
def test_crosscutting_arrows_point_from_giver_to_receiver(trees, tree, node, box, towards):
    svg = trees["diskominfo"][tree]
    edges, nodes = _edges(svg), _nodes(svg)
    edge = next(g for t, g in edges.items() if box in t.split("->") and t.split("->")[0 if box in
                t.split("->")[1] else 1].split(":")[0] == node)
    arrow = _arrow(edge)
    near, far = (_bbox(nodes[box]), _bbox(nodes[node])) if towards == "XC" else (_bbox(nodes[node]),
                                                                                 _bbox(nodes[box]))
    assert _distance(arrow, near) < 8 < _distance(arrow, far), (arrow, near, far)


def test_pemda_crosscutting_starts_at_its_rows_with_a_label_of_its_own(repo, trees):
    svg = trees["pemda"]["pohon/pohon-pemda.svg"]
    edges, nodes = _edges(svg), _nodes(svg)
    labels = sorted(n for n in nodes if n.startswith("XCL:"))
    # the example's three links: diskominfo sub kegiatan → bappeda, bappeda → diskominfo, dispusip → diskominfo
    assert len(labels) == 3, labels
    boxes = {n: _bbox(g) for n, g in nodes.items() if g.find(f"{SVG}polygon") is not None}
    for name in labels:
        into = [t for t in edges if t.endswith(f"->{name}")]
        out = [t for t in edges if t.startswith(f"{name}->")]
        assert len(into) == len(out) == 1, name
        # from the row naming the link, on the east side of the giving box (Graphviz titles it box:compass)
        _, giver_key, giver_node, taker_key, _ = name.split(":")
        tail = into[0].split("->")[0]
        assert tail.endswith(":e"), tail
        giver = nodes[tail[:-2]]
        x, y = _path_start(edges[into[0]])
        assert abs(x - _bbox(giver)[2]) < 3
        row_text = "Crosscutting ke " + repo.opds[taker_key].nama.split()[0]
        ys = [float(t.get("y")) for t in giver.iter(f"{SVG}text") if (t.text or "").startswith(row_text)]
        assert any(abs(y - ry) < 12 for ry in ys), (name, y, ys)
        # inside the section of the giving node's sasaran: below its statement
        opd = repo.opds[giver_key]
        sasaran = next(s for t in opd.tujuan for s in t.children if any(n.id == giver_node for n in s.walk()))
        first_words = " ".join(sasaran.uraian.split()[:3])
        top = [float(t.get("y")) for t in giver.iter(f"{SVG}text") if (t.text or "").startswith(first_words)]
        assert top and y > top[0], (name, y, top)
        # and the label names both OPDs, not their folders
        label = " ".join(t.text or "" for t in nodes[name].iter(f"{SVG}text"))
        for key in (giver_key, taker_key):
            assert repo.opds[key].nama.split()[0] in label, (name, label)
    # no label box overlaps another box or label
    for name in labels:
        a = boxes[name]
        for other, b in boxes.items():
            if other != name:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (name, other)


# --------------------------------------------------------------------- percentages


def test_percentages_are_written_one_way():
    assert persen(96.789) == "96,79%" and persen(60) == "60%" and persen(None) == "n/a"


def test_no_spaced_percent_in_any_image(trees, evaluasi_svgs):
    every = [svg for svgs in trees.values() for svg in svgs.values()] + list(evaluasi_svgs.values())
    for svg in every:
        text = flat(svg)
        assert not re.search(r"\d %", text), re.findall(r".{20}\d %", text)[:3]
    assert re.search(r"\d+,\d+%", flat(evaluasi_svgs["pohon/ikhtisar.svg"]))


# --------------------------------------------------------------------- the Renstra


def _png_width_px(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


def _smallest_font(svg: bytes) -> float:
    root = ET.fromstring(svg)
    return min(float(t.get("font-size")) for t in root.iter(f"{SVG}text"))


def _figures_in(document, caption_prefix: str):
    """(picture bytes, printed width in pt, caption, landscape?) of each picture whose caption starts
    with `caption_prefix`, in order."""
    body = document.element.body
    orient = []  # the orientation of each paragraph's section, from the section breaks
    paragraphs = list(body.iterchildren(qn("w:p")))
    sections = iter(document.sections)
    current = next(sections)
    for p in paragraphs:
        orient.append(current.orientation)
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            current = next(sections)
    found = []
    for i, p in enumerate(paragraphs):
        blips = list(p.iter(qn("a:blip")))
        if not blips:
            continue
        caption = "".join(t.text or "" for t in paragraphs[i + 1].iter(qn("w:t")))
        if not caption.startswith(caption_prefix):
            continue
        extent = next(p.iter(qn("wp:extent")))
        blob = document.part.related_parts[blips[0].get(qn("r:embed"))].blob
        found.append((blob, int(extent.get("cx")) / EMU_PER_PT, caption, orient[i] == WD_ORIENT.LANDSCAPE))
    return found


@pytest.fixture(scope="module", params=["diskominfo", "bappeda"])
def renstra_docs(request, repo):
    key = request.param
    job = Job(repo, repo.opds[key], 2026)
    out = {o.path: o.data for o in renstra.render(job)}
    return key, job, docx.Document(io.BytesIO(out["renstra/renstra-lengkap.docx"]))


def test_bab_4_figures_print_at_7_pt_or_more_on_landscape_pages(repo, renstra_docs):
    from cascade.documents.pohon import figures
    from cascade.documents.renstra import figure_box_pt

    key, job, whole = renstra_docs
    opd = repo.opds[key]
    placed = _figures_in(whole, "Gambar 4.")
    made = figures.bab4_figures(job, *figure_box_pt(repo.pemda.settings))
    assert len(placed) == len(made) >= len(opd.tujuan)
    for n, ((blob, width_pt, caption, landscape), fig) in enumerate(zip(placed, made), start=1):
        assert blob == fig.png and landscape, caption
        scale = width_pt / (_png_width_px(blob) * 72 / PNG_DPI)
        printed = _smallest_font(fig.svg) * scale
        assert printed >= 7, (caption, round(printed, 2))
        assert caption.startswith(f"Gambar 4.{n} Pohon Kinerja {opd.nama}") and caption.endswith("Target Tahun 2026")
    every_tujuan = " ".join(flat(f.svg) for f in made)
    for t in opd.tujuan:
        assert re.sub(r"\s+", " ", t.uraian) in every_tujuan


def test_lampiran_figures_print_at_7_pt_or_more(repo, renstra_docs):
    """Review #5: the per-sasaran trees of the lampiran print their smallest text at 7 pt or more too
    (a sasaran's crosscutting boxes once made them a column wider and ≈6 pt)."""
    from cascade.documents.pohon import figures
    from cascade.documents.renstra import figure_box_pt

    key, job, whole = renstra_docs
    placed = _figures_in(whole, "Gambar L.")
    made = figures.lampiran_figures(job, *figure_box_pt(repo.pemda.settings))
    assert len(placed) == len(made) >= sum(len(t.children) for t in repo.opds[key].tujuan)
    for (blob, width_pt, caption, landscape), fig in zip(placed, made):
        assert blob == fig.png and landscape, caption
        scale = width_pt / (_png_width_px(blob) * 72 / PNG_DPI)
        assert _smallest_font(fig.svg) * scale >= 7, (caption, round(_smallest_font(fig.svg) * scale, 2))
    # the example has crosscutting on sasaran boxes, so the fix is exercised
    assert any(b"<title>XC:" in f.svg for f in made)


def test_every_renstra_figure_draws_each_level_its_legend_lists(repo, renstra_docs):
    """Review #15: every part in BAB IV draws its tujuan box, every lampiran figure its sasaran box:
    each level in a figure's legend heads at least one box of that figure."""
    from cascade.documents.pohon import figures
    from cascade.documents.renstra import figure_box_pt

    _, job, _ = renstra_docs
    box = figure_box_pt(repo.pemda.settings)
    for fig in figures.bab4_figures(job, *box) + figures.lampiran_figures(job, *box):
        legend = set(_legend(fig.svg))
        heads = {t.text for g in _nodes(fig.svg).values() for t in g.iter(f"{SVG}text")
                 if t.get("font-size") == "10.00" and t.get("font-weight") == "bold"}
        assert legend and legend <= heads, (fig.title, sorted(legend - heads))


def test_lampiran_holds_every_sasaran_tree_on_landscape_pages(repo, renstra_docs):
    key, job, whole = renstra_docs
    opd = repo.opds[key]
    heads = [p.text for p in whole.paragraphs if p.style.name == "Heading 1"]
    assert heads[-1].startswith("LAMPIRAN")
    placed = _figures_in(whole, "Gambar L.")
    assert placed and all(landscape for _, _, _, landscape in placed)
    numbers = [c.split()[1] for _, _, c, _ in placed]
    assert numbers == [f"L.{n}" for n in range(1, len(placed) + 1)]
    for i, t in enumerate(opd.tujuan, start=1):
        for j, _ in enumerate(t.children, start=1):
            assert any(f"Sasaran Strategis {i}.{j}" in c for _, _, c, _ in placed), (i, j)


def _edit_pemda(root: str, addition: str) -> None:
    path = os.path.join(root, "data", "pemda.yaml")
    src = open(path, encoding="utf-8").read()
    assert "  tema_pohon: madiun\n" in src
    open(path, "w", encoding="utf-8").write(src.replace("  tema_pohon: madiun\n", "  tema_pohon: madiun\n" + addition))


def test_a_hostile_level_label_is_escaped(tmp_repo):
    _edit_pemda(tmp_repo, '  label_pohon:\n    program: "R&D <b>tebal</b> \\\\N {{ x }}"\n')
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    found = {o.path: o.data for o in pohon.render(Job(checked.repo, checked.repo.opds["diskominfo"], 2026))}
    text = " ".join(texts(found["pohon/sasaran-S1.svg"])).replace("\u2060", "")  # parses: well-formed
    assert "R&D <b>tebal</b> \\N {{ x }}" in text


def test_top_down_setting_puts_kegiatan_side_by_side(tmp_repo, repo):
    from cascade.documents.pohon.graph import make_ctx, sasaran_tree
    from cascade.formats.dot.run import run_dot

    program = repo.opds["diskominfo"].node("P-APTIKA")
    k1, k2 = [k.id for k in program.children][:2]

    def middles(root: str) -> tuple[float, ...]:
        checked = check(root, ["diskominfo"])
        assert not checked.report.errors, [d.format() for d in checked.report.errors]
        opd = checked.repo.opds["diskominfo"]
        g = sasaran_tree(make_ctx(checked.repo, opd, 2026), opd.node("S1"), [opd.node("P-APTIKA")])
        nodes = _nodes(run_dot(g.source(), "svg"))
        return tuple((_bbox(nodes[k])[1] + _bbox(nodes[k])[3]) / 2 for k in (k1, k2))

    stacked = middles(tmp_repo)
    assert abs(stacked[0] - stacked[1]) > 50  # bagan (default): one below the other
    _edit_pemda(tmp_repo, "  susunan_pohon: menurun\n")
    side = middles(tmp_repo)
    assert abs(side[0] - side[1]) < 1  # menurun: in one row


# --------------------------------------------------------------------- review findings #9, #10, #15


def _curve(edge) -> list[tuple[float, float]]:
    """Points along an edge's path (its cubic Bézier pieces sampled), in SVG coordinates."""
    nums = [float(v) for v in re.findall(r"-?[\d.]+", edge.find(f"{SVG}path").get("d"))]
    pts = list(zip(nums[::2], nums[1::2]))
    out = [pts[0]]
    for i in range(1, len(pts) - 2, 3):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for step in range(1, 11):
            t = step / 10
            out.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * d
                             for a, b, c, d in zip(p0, p1, p2, p3)))
    return out


def _to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def test_pemda_support_lines_keep_clear_of_other_sasaran_trunks(trees):
    """#9: the line from an RPJMD sasaran to a tujuan PD it carries never runs through the junction,
    the trunk or the bottom of another RPJMD sasaran's box, where it would read as supporting that one."""
    svg = trees["pemda"]["pohon/pohon-pemda.svg"]
    edges, nodes = _edges(svg), _nodes(svg)
    support = {}  # RPJMD sasaran → its lines into tujuan boxes (the junction → tujuan edges)
    trunk = {}  # RPJMD sasaran → its trunk (box → junction → junction …)
    for title, edge in edges.items():
        tail, head = title.split("->")
        if tail.startswith("RPJMD:RS") and ">" in tail and ">" not in head:
            support.setdefault(tail.split(">")[0], []).append(edge)
        elif head.startswith("RPJMD:RS") and ">" in head:
            trunk.setdefault(head.split(">")[0], []).append(edge)
    assert len(support) >= 3 and set(support) == set(trunk), (sorted(support), sorted(trunk))
    for parent, lines in support.items():
        for other in trunk:
            if other == parent:
                continue
            segments = [seg for e in trunk[other] for seg in zip(_curve(e), _curve(e)[1:])]
            x0, _, x1, y1 = _bbox(nodes[other])
            segments.append(((x0, y1), (x1, y1)))  # the other box's bottom, where its trunk starts
            for line in lines:
                nearest = min(_to_segment(p, a, b) for p in _curve(line) for a, b in segments)
                assert nearest > 4, (parent, other, round(nearest, 1))


SEPIHAK = "sepihak: belum diakui penerima"  # keselarasan's words for a link the receiver never wrote


def test_one_sided_crosscutting_is_grey_and_named_so_in_both_trees(repo, trees):
    """#10: Dispusip writes a link to Diskominfo sasaran 1.1 that Diskominfo never acknowledges: the
    Pemda tree draws it grey with keselarasan's words and gives Diskominfo's box no row for it, as
    Diskominfo's own tree has none; Dispusip's tree says the same."""
    from cascade.model.keselarasan import DIAKUI, analyse

    pemda = trees["pemda"]["pohon/pohon-pemda.svg"]
    edges, nodes = _edges(pemda), _nodes(pemda)
    label = "XCL:dispusip:DS1:diskominfo:S1"
    assert label in nodes, sorted(n for n in nodes if n.startswith("XCL:"))
    assert SEPIHAK in re.sub(r"\s+", " ", " ".join(texts(ET.tostring(nodes[label]))))
    for title in (t for t in edges if label in t.split("->")):
        strokes = {p.get("stroke").lower() for p in edges[title].iter(f"{SVG}path")}
        assert strokes == {"#6b7280"} and _dashed_edge(edges[title]), (title, strokes)
    assert "Perpustakaan" not in flat(ET.tostring(nodes["diskominfo:T1"]))
    assert "Perpustakaan" not in flat(trees["diskominfo"]["pohon/ikhtisar.svg"])
    assert f"Crosscutting ke Dinas Komunikasi dan Informatika ({SEPIHAK})" in flat(trees["dispusip"]["pohon/ikhtisar.svg"])
    # every link keselarasan calls one-sided says so in the Pemda tree, with its words; the others do not
    found = analyse(repo.pemda, repo.opds).tautan
    assert any(t.status != DIAKUI for t in found) and any(t.status == DIAKUI for t in found)
    for t in found:
        box = re.sub(r"\s+", " ", flat(ET.tostring(nodes[f"XCL:{t.pemberi}:{t.pemberi_node}:{t.penerima}:{t.penerima_node}"])))
        assert ("sepihak" in box) == (t.status != DIAKUI) and (t.status == DIAKUI or t.label in box), (t, box)


def _dashed_edge(edge) -> bool:
    return all(p.get("stroke-dasharray") for p in edge.iter(f"{SVG}path"))


def _legend(svg: bytes) -> dict[str, str]:
    """The legend's entries with a colour swatch: label → fill, read from the graph's own label."""
    root = ET.fromstring(svg)
    graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
    found, swatch = {}, None
    for el in graph:
        if el.tag == f"{SVG}g":
            break
        if el.tag == f"{SVG}polygon" and el.get("fill") not in ("none", "transparent", "white", "#ffffff"):
            xs = [float(p.split(",")[0]) for p in el.get("points").split()]
            swatch = el.get("fill") if abs(max(xs) - min(xs) - 24) < 1 else None
        elif el.tag == f"{SVG}text" and (el.text or "").strip():
            if swatch:
                found[el.text.strip()] = swatch
            swatch = None
    return found


def _grey(fill: str) -> float:
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("tema", ["madiun", "pringsewu"])
def test_legend_colours_differ_per_level_even_in_grey(repo, tema):
    """#15: every level in a legend has a colour of its own that stays apart printed in black and white."""
    from dataclasses import replace

    settings = replace(repo.pemda.settings, tema_pohon=tema)
    themed = replace(repo, pemda=replace(repo.pemda, settings=settings))
    svgs = {o.path: o.data for o in pohon.render(Job(themed, themed.opds["diskominfo"], 2026)) if o.path.endswith(".svg")}
    svgs["pemda"] = pohon.render_pemda(PemdaJob(themed, 2026))[1].data
    every = {}
    for path in ("pohon/ikhtisar.svg", "pohon/sasaran-S1.svg", "pemda"):
        legend = _legend(svgs[path])
        assert len(legend) >= 3, (path, legend)
        every.update(legend)
    assert {"Sasaran Kegiatan (Eselon IV)", "Sub Kegiatan", "Tujuan Perangkat Daerah", "Sasaran RPJMD"} <= set(every)
    greys = sorted((_grey(f), label) for label, f in every.items())
    for (a, la), (b, lb) in zip(greys, greys[1:]):
        assert b - a >= 20, (tema, la, lb, round(a), round(b))


def test_legend_note_never_ends_on_a_lone_word(trees):
    """#15: the note under the legend wraps evenly ("… PJ: penanggung jawab" stays on one line)."""
    for key, svgs in trees.items():
        for path, svg in svgs.items():
            root = ET.fromstring(svg)
            graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
            lines = [t.text or "" for t in graph.findall(f"{SVG}text") if t.get("font-style") == "italic"]
            assert lines and any("penanggung jawab" in line for line in lines), (key, path, lines)
            assert all(len(line.split()) > 1 for line in lines), (key, path, lines)
