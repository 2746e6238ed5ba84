"""Pohon kinerja with the real Graphviz: the SVG is read back, PNG sizes are read from the file header."""
from __future__ import annotations

import json
import os
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from conftest import run_cli

from cascade.diagnostics import Loc
from cascade.documents import Job, PemdaJob, RenderError, pohon
from cascade.documents.pohon.label import THEMES
from cascade.model.types import Indikator, Node
from cascade.pipeline import check

SVG = "{http://www.w3.org/2000/svg}"
# Readable on A3 landscape (400 × 277 mm usable) at ≥ 50 % scale, in PNG pixels at 150 dpi.
PAGE_BOUND = (4724, 3272)
CAIRO_BOUND = 32_000


# --- reading the outputs back -------------------------------------------------------------------

class Drawing:
    """An SVG as the tests see it: box texts by Graphviz node name, and edges by title and id."""

    def __init__(self, data: bytes):
        self.root = ET.fromstring(data)
        self.nodes: dict[str, str] = {}
        self.node_xml: dict[str, ET.Element] = {}
        self.edges: set[str] = set()
        self.edge_xml: dict[str, ET.Element] = {}
        raw = []
        for g in self.root.iter(f"{SVG}g"):
            title = g.findtext(f"{SVG}title") or ""
            if g.get("class") == "node":
                self.nodes[title] = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
                self.node_xml[title] = g
            elif g.get("class") == "edge":
                raw.append((title, g))
        for title, g in raw:
            tail, head = title.split("->", 1)
            name = f"{self._node_of(tail)}->{self._node_of(head)}"
            for key in {title, name, g.get("id", "")}:
                self.edges.add(key)
                self.edge_xml[key] = g

    def _node_of(self, end: str) -> str:
        """An edge into a row of an HTML table is titled `node:port`; the tests want the node."""
        while end not in self.nodes and ":" in end:
            end = end.rsplit(":", 1)[0]
        return end

    def text(self, name: str) -> str:
        return self.nodes[name]

    def has_edge(self, parent: str, child: str) -> bool:
        """A direct edge, or the org-chart bus whose last segment carries the id `parent->child`."""
        return f"{parent}->{child}" in self.edges


def squash(value: str) -> str:
    """Text compared without whitespace: wrapping only moves line breaks; the invisible word joiner
    kept `\\N` from being replaced by dot."""
    return re.sub(r"[\s\u2060]+", "", value)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bukan berkas PNG"
    return struct.unpack(">II", data[16:24])


def outputs(items) -> dict[str, bytes]:
    found = {o.path: o.data for o in items}
    assert len(found) == len(items), "satu berkas ditulis dua kali"
    return found


def sasaran_drawings(found: dict[str, bytes], sasaran_id: str) -> list[Drawing]:
    names = [p for p in found if re.fullmatch(rf"pohon/sasaran-{re.escape(sasaran_id)}(-.+)?\.svg", p)]
    return [Drawing(found[p]) for p in sorted(names)]


def box_text(drawings: list[Drawing], name: str) -> str:
    texts = [d.nodes[name] for d in drawings if name in d.nodes]
    assert texts, f"kotak {name} tidak ada"
    return " ".join(texts)


@pytest.fixture(scope="module")
def built(repo):
    return {key: outputs(pohon.render(Job(repo, repo.opds[key], 2026))) for key in sorted(repo.opds)}


@pytest.fixture(scope="module")
def pemda_svg(repo):
    return Drawing(outputs(pohon.render_pemda(PemdaJob(repo, 2026)))["pohon/pohon-pemda.svg"])


def target(ind: Indikator, tahun: int = 2026) -> str:
    from cascade.fmt import nilai_satuan

    return nilai_satuan(ind.target.get(tahun), ind.satuan, True)


# --- the OPD trees ------------------------------------------------------------------------------

def test_overview_png_fits_a_landscape_page(built):
    w, h = png_size(built["diskominfo"]["pohon/ikhtisar.png"])
    assert w <= PAGE_BOUND[0] and h <= PAGE_BOUND[1] and w > h, (w, h)


def test_every_tree_has_svg_png_and_dot(repo, built):
    for key, found in built.items():
        stems = {p.rsplit(".", 1)[0] for p in found}
        for stem in stems:
            assert {f"{stem}.svg", f"{stem}.png", f"{stem}.dot"} <= set(found), stem
        assert "pohon/ikhtisar" in stems
        for t in repo.opds[key].tujuan:
            for s in t.children:
                assert sasaran_drawings(found, s.id), f"{key}: tidak ada pohon untuk sasaran {s.id}"


def test_overview_shows_rpjmd_tujuan_sasaran_program_with_edges(repo, built):
    d = Drawing(built["diskominfo"]["pohon/ikhtisar.svg"])
    opd = repo.opds["diskominfo"]
    rpjmd = {s.id: s for s in repo.pemda.rpjmd_sasaran()}
    for t in opd.tujuan:
        assert squash(t.uraian) in squash(d.text(t.id))
        for sid in t.mendukung:
            assert squash(rpjmd[sid].uraian) in squash(d.text(f"RPJMD:{sid}"))
            assert d.has_edge(f"RPJMD:{sid}", t.id)
        for s in t.children:
            assert d.has_edge(t.id, s.id) and squash(s.uraian) in squash(d.text(s.id))
            for p in s.children:
                assert d.has_edge(s.id, p.id), (s.id, p.id)
                assert squash(p.uraian) in squash(d.text(p.id)) and p.kode in d.text(p.id)
    assert not any(n.startswith("K-") for n in d.nodes), "ikhtisar hanya sampai program"


@pytest.mark.parametrize("key", ["diskominfo", "bappeda"])
def test_sasaran_trees_show_every_node_edge_and_indicator(repo, built, key):
    opd = repo.opds[key]
    jabatan = opd.jabatan_by_id()
    for t in opd.tujuan:
        for s in t.children:
            drawings = sasaran_drawings(built[key], s.id)
            for node in s.walk():
                # sub kegiatan are rows of their kegiatan's box
                name = next(k.id for k in s.walk() if node in k.children) if node.level == "subkegiatan" else node.id
                text = squash(box_text(drawings, name))
                assert squash(node.judul) in text, node.id
                if node.kode:
                    assert node.kode in text, node.id
                assert squash(jabatan[node.penanggung_jawab].nama) in text, node.id
                assert node.indikator, node.id
                for ind in node.indikator:
                    assert squash(ind.nama) in text and squash(target(ind)) in text, ind.id
                if node.level == "program":
                    assert node.children, node.id
                    for c in node.children:
                        assert any(d.has_edge(node.id, c.id) for d in drawings), (node.id, c.id)
            for p in s.children:
                assert any(d.has_edge(s.id, p.id) for d in drawings), (s.id, p.id)


def _dashed(g) -> bool:
    return any(e.get("stroke-dasharray") for e in g.iter(f"{SVG}path"))


def test_crosscutting_is_drawn_dashed_with_the_other_opd(repo, built):
    overview = Drawing(built["diskominfo"]["pohon/ikhtisar.svg"])
    # a box of its own per link, beside the node's own row; a received link arrives from the left
    received = "XC:S2:dari:bappeda:BS1->S2:w"
    assert received in overview.edges and _dashed(overview.edge_xml[received])
    bs1 = repo.opds["bappeda"].node("BS1")
    box = squash(overview.text("XC:S2:dari:bappeda:BS1"))
    assert squash("Badan Perencanaan Pembangunan Daerah") in box and squash(bs1.uraian) in box
    # given from a sub kegiatan row (SK-APTIKA-2-1) of kegiatan K-APTIKA-2
    tree = sasaran_drawings(built["diskominfo"], "S1")
    given = "K-APTIKA-2->XC:SK-APTIKA-2-1:ke:bappeda:BS1"
    edge = next(d.edge_xml[given] for d in tree if given in d.edges)
    assert _dashed(edge)
    text = box_text(tree, "XC:SK-APTIKA-2-1:ke:bappeda:BS1")
    assert "Badan Perencanaan" in text and "BS1" not in text and "Dukungan SPBE" in text
    # plain parent-child edges are solid
    assert not _dashed(overview.edge_xml["T1->S1"])


def test_png_sizes_stay_printable_for_the_example(repo, built, pemda_svg):
    sizes = {}
    for key, found in built.items():
        for path, data in found.items():
            if path.endswith(".png"):
                sizes[f"{key}/{path}"] = png_size(data)
    pemda_png = outputs(pohon.render_pemda(PemdaJob(repo, 2026)))["pohon/pohon-pemda.png"]
    sizes["pemda"] = png_size(pemda_png)
    for name, (w, h) in sizes.items():
        # the Pemda tree is a poster that grows with the OPDs: for the example, at most A2 at the same scale
        bound = (2 * PAGE_BOUND[0], 2 * PAGE_BOUND[1]) if name == "pemda" else PAGE_BOUND
        assert w <= bound[0] and h <= bound[1], (name, w, h)
        assert w >= 600 and h >= 600, (name, w, h)  # rendered at print resolution, not a thumbnail


def test_rebuild_is_byte_identical(repo, built):
    again = outputs(pohon.render(Job(repo, repo.opds["diskominfo"], 2026)))
    assert again == built["diskominfo"]
    one = pohon.render_pemda(PemdaJob(repo, 2026))
    assert one == pohon.render_pemda(PemdaJob(repo, 2026))


def test_themes_give_different_level_colours(repo):
    def fills(tema: str) -> set[str]:
        settings = replace(repo.pemda.settings, tema_pohon=tema)
        themed = replace(repo, pemda=replace(repo.pemda, settings=settings))
        svg = pohon.render(Job(themed, themed.opds["diskominfo"], 2026))[1].data.decode()
        return {c.upper() for c in re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)}

    madiun, pringsewu = fills("madiun"), fills("pringsewu")
    # Madiun: dark red sasaran, blue program (review #15: shades apart in grey)
    assert {"#8E1F1F", "#2F6DB5"} <= madiun and not {"#8E1F1F", "#2F6DB5"} & pringsewu
    assert {THEMES["pringsewu"].fill["sasaran"], THEMES["pringsewu"].fill["program"]} <= pringsewu


# --- hostile and long text ----------------------------------------------------------------------

HOSTILE = "R&D <b>tebal</b> \"kutip\" 'apostrof' {{ jinja }} {% raw %} \\N \\l ]]> <!-- -->"


def test_hostile_text_is_escaped_and_round_trips(tmp_repo):
    path = os.path.join(tmp_repo, "data/opd/diskominfo/renstra.yaml")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    old = "uraian: Meningkatnya kualitas layanan pemerintahan berbasis elektronik"
    assert old in src
    long = " ".join(["Meningkatnya"] + ["kualitas & layanan <digital> yang terpadu"] * 50)  # ~2,000 characters
    assert len(long) >= 2000
    src = src.replace(old, f"uraian: {json.dumps(HOSTILE)}").replace(
        "uraian: Meningkatnya kualitas data statistik sektoral", f"uraian: {json.dumps(long)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    found = outputs(pohon.render(Job(checked.repo, checked.repo.opds["diskominfo"], 2026)))
    overview = Drawing(found["pohon/ikhtisar.svg"])  # parses: the SVG is well-formed XML
    assert squash(HOSTILE) in squash(overview.text("S1"))
    assert squash(long) in squash(overview.text("S2"))
    tree = sasaran_drawings(found, "S1")
    assert squash(HOSTILE) in squash(box_text(tree, "S1"))
    # wrapped: no line of the long statement is wider than a box line
    lines = [t.text or "" for t in Drawing(found["pohon/sasaran-S2.svg"]).node_xml["S2"].iter(f"{SVG}text")]
    assert len(lines) > 40 and max(len(x) for x in lines) <= 45
    dot = found["pohon/ikhtisar.dot"].decode()
    assert "R&amp;D &lt;b&gt;tebal&lt;/b&gt; &quot;kutip&quot; &#x27;apostrof&#x27;" in dot


def test_control_characters_are_stripped(repo):
    opd = repo.opds["diskominfo"]
    t = opd.tujuan[0]
    dirty = replace(t, uraian="Terwujudnya\x00 tata\x07 kelola\x1b[31m digital\r\nterpadu")
    job = Job(repo, replace(opd, tujuan=(dirty,) + opd.tujuan[1:]), 2026)
    d = Drawing(pohon.render(job)[1].data)
    assert "Terwujudnya tata kelola[31m digital terpadu" in d.text("T1")
    assert not re.search(r"[\x00-\x1f]", d.text("T1"))


# --- a large OPD: split, never shrunk ---------------------------------------------------------------

def _synthetic_opd(repo, n_sasaran=2, n_program=5, n_kegiatan=5, n_sub=4):
    base = repo.opds["diskominfo"]
    loc = Loc("sintetis")

    def ind(node_id: str) -> tuple[Indikator, ...]:
        return (Indikator(loc, id=f"{node_id}-I1", nama=f"Jumlah keluaran {node_id} yang tercapai",
                          satuan="Dokumen", target={2026: 7}),)

    def node(level: str, node_id: str, children=(), **kw) -> Node:
        return Node(loc, level=level, id=node_id, uraian=f"Meningkatnya capaian {node_id} sesuai rencana kerja",
                    penanggung_jawab="kadis", indikator=ind(node_id), children=tuple(children), **kw)

    sasaran = []
    for s in range(1, n_sasaran + 1):
        programs = []
        for p in range(1, n_program + 1):
            kegiatan = []
            for k in range(1, n_kegiatan + 1):
                subs = [node("subkegiatan", f"SK{s}.{p}.{k}.{i}", nama=f"Sub kegiatan contoh {s}.{p}.{k}.{i}",
                             kode=f"2.16.0{p}.2.0{k}.000{i}") for i in range(1, n_sub + 1)]
                kegiatan.append(node("kegiatan", f"K{s}.{p}.{k}", subs, nama=f"Kegiatan contoh {s}.{p}.{k}",
                                     kode=f"2.16.0{p}.2.0{k}"))
            programs.append(node("program", f"P{s}.{p}", kegiatan, nama=f"PROGRAM CONTOH {s}.{p}",
                                 kode=f"2.16.0{p}"))
        sasaran.append(node("sasaran", f"S{s}", programs))
    tujuan = node("tujuan", "T1", sasaran, mendukung=("RS1.1",))
    return replace(base, key="sintetis", tujuan=(tujuan,))


def test_large_opd_is_split_into_printable_pages(repo):
    opd = _synthetic_opd(repo)
    subs = [n.id for n in opd.nodes() if n.level == "subkegiatan"]
    assert len(subs) == 200
    big = replace(repo, opds={**repo.opds, "sintetis": opd})
    found = outputs(pohon.render(Job(big, opd, 2026)))
    pngs = {p: png_size(d) for p, d in found.items() if p.endswith(".png")}
    for path, (w, h) in pngs.items():
        assert w <= CAIRO_BOUND and h <= CAIRO_BOUND, (path, w, h)
        assert w <= PAGE_BOUND[0] and h <= PAGE_BOUND[1], (path, w, h)
    # split per program, every program and sub kegiatan still drawn somewhere
    assert any(re.fullmatch(r"pohon/sasaran-S1-P1\.1(-.+)?\.png", p) for p in pngs), sorted(pngs)
    all_text = squash(" ".join(" ".join(Drawing(d).nodes.values()) for p, d in found.items()
                               if p.endswith(".svg") and "sasaran-" in p))
    names = {n.id: n.nama for n in opd.nodes() if n.level == "subkegiatan"}
    missing = [s for s in subs if squash(names[s]) not in all_text]
    assert not missing, missing[:5]


# --- the Pemda tree -----------------------------------------------------------------------------

def test_pemda_tree_links_visi_to_opd_tujuan(repo, pemda_svg):
    d = pemda_svg
    pemda = repo.pemda
    assert squash(pemda.visi) in squash(d.text("visi"))
    for m in pemda.misi:
        assert d.has_edge("visi", f"misi:{m.nomor}")
        for rt in m.tujuan:
            assert d.has_edge(f"misi:{m.nomor}", f"RPJMD:{rt.id}")
            for rs in rt.sasaran:
                assert d.has_edge(f"RPJMD:{rt.id}", f"RPJMD:{rs.id}")
    for key, opd in repo.opds.items():
        for t in opd.tujuan:
            name = f"{key}:{t.id}"
            assert d.has_edge(f"RPJMD:{t.mendukung[0]}", name), name
            text = squash(d.text(name))
            assert squash(opd.nama) in text and squash(t.uraian) in text
            for s in t.children:
                assert squash(s.uraian) in text
                assert all(squash(i.nama) in text for i in s.indikator)


def test_pemda_tree_marks_unsupported_rpjmd_sasaran(repo, pemda_svg):
    supported = {sid for opd in repo.opds.values() for t in opd.tujuan for sid in t.mendukung}
    assert "RS3.1" not in supported
    for rs in repo.pemda.rpjmd_sasaran():
        g = pemda_svg.node_xml[f"RPJMD:{rs.id}"]
        marked = "belum didukung OPD" in pemda_svg.text(f"RPJMD:{rs.id}")
        dashed = any(e.get("stroke-dasharray") for e in g.iter(f"{SVG}polygon"))
        assert marked == dashed == (rs.id not in supported), rs.id


def test_pemda_tree_draws_crosscutting_between_opds(repo, pemda_svg):
    # each link through a label box of its own naming the exact node (a sub kegiatan here)
    middle = "XCL:diskominfo:SK-APTIKA-2-1:bappeda:BS1"
    for edge in (f"diskominfo:T1->{middle}", f"{middle}->bappeda:BT1", "bappeda:BT1->XCL:bappeda:BS1:diskominfo:S2"):
        assert edge in pemda_svg.edges and _dashed(pemda_svg.edge_xml[edge]), edge
    sub = repo.opds["diskominfo"].node("SK-APTIKA-2-1")
    assert squash(sub.nama) in squash(pemda_svg.text(middle))


# --- Graphviz missing ---------------------------------------------------------------------------

def test_missing_dot_raises_render_error(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a real PATH without Graphviz, not a mock
    with pytest.raises(RenderError) as err:
        pohon.render(Job(repo, repo.opds["diskominfo"], 2026))
    assert err.value.code == "G001" and "tidak ditemukan" in err.value.message
    assert "apt-get install graphviz" in err.value.hint


def test_missing_dot_in_the_cli_is_a_message_not_a_traceback(tmp_path):
    result = run_cli("build", "--opd", "diskominfo", "--out", str(tmp_path / "out"),
                     env={"PATH": str(tmp_path)})
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert "G001" in out and "Graphviz" in out and "sudo apt-get install graphviz" in out
    assert not (tmp_path / "out" / "diskominfo" / "pohon").exists()


def test_end_of_period_target_is_an_option_in_the_data(tmp_repo):
    path = os.path.join(tmp_repo, "data/pemda.yaml")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    assert "  tema_pohon: madiun\n" in src
    with open(path, "w", encoding="utf-8") as f:
        f.write(src.replace("  tema_pohon: madiun\n", "  tema_pohon: madiun\n  pohon_target: akhir\n"))
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    opd = checked.repo.opds["diskominfo"]
    d = Drawing(outputs(pohon.render(Job(checked.repo, opd, 2026)))["pohon/ikhtisar.svg"])
    ind = opd.node("S1").indikator[0]
    assert ind.target[2026] != ind.target[2029]
    assert target(ind, 2029) in d.text("S1") and target(ind, 2026) not in d.text("S1")
