"""How the trees of the situs pages behave in headless Chromium (tests/browser.py): the first view
(the whole tree when it stays readable, else its root at a readable scale, on a desktop and a phone),
an address naming a box opens it, a crosscutting box leads to the other OPD's box, an OPD of 300 sub
kegiatan draws its tree down to kegiatan and opens the sub kegiatan from there, and printing gives
the whole tree and every PK lampiran."""
from __future__ import annotations

import glob
import os

import pytest
import yaml
from conftest import ROOT
from test_situs_halaman import NAV, OPD

from cascade.documents.situs import opd_page, pemda_tree_page
from cascade.pipeline import check

# The page's first view must let 9 pt text (12 drawing units) show at 9.6 px or more.
READABLE_UNITS_PER_PX = 1.25


@pytest.fixture(scope="module")
def pages(example, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pohon")
    f = example.report.sorted()
    links = {key: f"opd-{key}.html" for key in example.repo.opds}
    for key in example.repo.opds:
        mine = [d for d in f if d.loc.file.startswith(f"data/opd/{key}/")]
        html = opd_page(example.repo, key, example.tahun, mine, nav=NAV, opd_links=links, rpjmd_href="rpjmd.html")
        (folder / f"opd-{key}.html").write_text(html, encoding="utf-8")
    (folder / "pohon.html").write_text(pemda_tree_page(example.repo, example.tahun, f, nav=NAV, opd_links=links),
                                       encoding="utf-8")
    return folder


def _url(folder, name: str) -> str:
    return "file://" + os.path.join(str(folder), name)


# Where every box stands in the drawing's coordinates (as the viewBox counts them), the view, the
# drawing's whole extent (Graphviz's own viewBox, kept in the svg's original size) and the svg's width.
GEOMETRY = """() => {
  const svg = document.querySelector('.kanvas svg');
  const m = svg.querySelector('g.graph').transform.baseVal.consolidate().matrix;
  const boxes = [...svg.querySelectorAll('g.kotak')].map(g => {
    const b = g.getBBox();
    return {x: b.x + m.e, y: b.y + m.f, w: b.width, h: b.height, node: g.getAttribute('data-node')};
  });
  const v = svg.getAttribute('viewBox').split(' ').map(Number);
  const poly = svg.querySelector('g.graph > polygon').getBBox();
  return {boxes, view: {x: v[0], y: v[1], w: v[2], h: v[3]}, whole: {w: poly.width, h: poly.height},
          width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height};
}"""


def _inside(b, v) -> bool:
    return b["x"] >= v["x"] - 0.5 and b["y"] >= v["y"] - 0.5 and b["x"] + b["w"] <= v["x"] + v["w"] + 0.5 \
        and b["y"] + b["h"] <= v["y"] + v["h"] + 0.5


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_large_tree_opens_at_its_root_at_a_readable_scale(pages, tab, width, height):
    page = tab.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(_url(pages, f"opd-{OPD}.html"))
    geo = page.evaluate(GEOMETRY)
    view, boxes = geo["view"], geo["boxes"]
    assert geo["whole"]["h"] / geo["height"] > READABLE_UNITS_PER_PX  # too tall to show whole
    assert view["w"] / geo["width"] <= READABLE_UNITS_PER_PX  # readable
    assert abs(view["x"]) < 1  # at the left edge, where the tree starts
    # the root, the top box of the left column (boxes centred on the smallest x), wholly in view
    left = min(b["x"] + b["w"] / 2 for b in boxes)
    root = min((b for b in boxes if abs(b["x"] + b["w"] / 2 - left) < 3), key=lambda b: b["y"])
    assert _inside(root, view)
    # and the view is not a stretch of empty drawing: boxes cover a fair part of it
    covered = sum(max(0, min(b["x"] + b["w"], view["x"] + view["w"]) - max(b["x"], view["x"]))
                  * max(0, min(b["y"] + b["h"], view["y"] + view["h"]) - max(b["y"], view["y"])) for b in boxes)
    assert covered / (view["w"] * view["h"]) > 0.12
    assert tab.console_errors == []


def test_a_small_tree_opens_whole(pages, tab):
    page = tab.page
    page.goto(_url(pages, "opd-inspektorat.html"))
    geo = page.evaluate(GEOMETRY)
    assert max(geo["whole"]["w"] / geo["width"], geo["whole"]["h"] / geo["height"]) <= READABLE_UNITS_PER_PX
    assert all(_inside(b, geo["view"]) for b in geo["boxes"])
    assert len(geo["boxes"]) >= 5  # tujuan, sasaran, program, kegiatan, sub kegiatan (+ RPJMD)
    # a wide, low tree gets a lower frame than the 70 % of the window a tall one has
    frame = page.locator(".kanvas").bounding_box()["height"]
    assert frame < 0.7 * 900 - 50 and frame >= geo["whole"]["h"] / (geo["whole"]["w"] / geo["width"])
    assert tab.console_errors == []


def test_the_pemda_tree_opens_at_the_visi(pages, tab):
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_url(pages, "pohon.html"))
    geo = page.evaluate(GEOMETRY)
    with open(os.path.join(ROOT, "data", "pemda.yaml"), encoding="utf-8") as fh:
        visi = yaml.safe_load(fh)["rpjmd"]["visi"]
    shown = page.evaluate("""(view) => [...document.querySelectorAll('.kanvas svg g.kotak')].filter(g => {
        const r = g.getBoundingClientRect(), s = document.querySelector('.kanvas svg').getBoundingClientRect();
        return r.left >= s.left - 1 && r.right <= s.right + 1 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
      }).map(g => g.getAttribute('aria-label'))""", geo["view"])
    assert any(visi in label for label in shown), shown


def _node(key: str, node_id: str) -> dict:
    """A node as its YAML writes it (renstra.yaml or a program file of data/opd/<key>/)."""
    folder = os.path.join(ROOT, "data", "opd", key)
    found = []

    def walk(n):
        if isinstance(n, dict):
            if n.get("id") == node_id and ("uraian" in n or "nama" in n):
                found.append(n)
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    for path in [os.path.join(folder, "renstra.yaml"), *sorted(glob.glob(os.path.join(folder, "program", "*.yaml")))]:
        with open(path, encoding="utf-8") as fh:
            walk(yaml.safe_load(fh))
    return found[0]


def test_a_crosscutting_box_leads_to_the_other_opds_box_which_opens(example, pages, tab):
    opd = example.repo.opds[OPD]
    node, link = next((n, c) for n in opd.nodes() for c in n.crosscutting_diterima
                      if c.opd in example.repo.opds)
    other = example.repo.opds[link.opd]
    page = tab.page
    page.goto(_url(pages, f"opd-{OPD}.html"))
    box = page.locator(f".kanvas svg g.kotak.konteks[aria-label*='diterima dari {other.nama}']").first
    box.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#rincian")
    panel.wait_for(state="visible")
    assert "Crosscutting diterima dari " + other.nama in panel.inner_text()
    panel.get_by_role("link", name=f"Buka kotak ini di halaman {other.nama}").click()
    page.wait_for_url(f"**/opd-{link.opd}.html#kotak-*")
    page.locator("#rincian").wait_for(state="visible")
    target = _node(link.opd, link.node)
    assert page.text_content("#rincian-judul").endswith(target.get("nama") or target["uraian"])
    assert page.get_attribute("#rincian", "data-node") == link.node
    assert tab.console_errors == [] and tab.outside("file://") == []


def test_an_rpjmd_box_opens_its_targets_and_links_to_the_rpjmd_page(pages, tab):
    page = tab.page
    page.goto(_url(pages, f"opd-{OPD}.html"))
    box = page.locator(".kanvas svg g.kotak.konteks[aria-label^='Sasaran RPJMD 1.1']")
    box.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#rincian")
    panel.wait_for(state="visible")
    with open(os.path.join(ROOT, "data", "pemda.yaml"), encoding="utf-8") as fh:
        pemda = yaml.safe_load(fh)
    sasaran = pemda["rpjmd"]["misi"][0]["tujuan"][0]["sasaran"][0]
    ind = sasaran["indikator"][0]
    assert page.text_content("#rincian-judul") == sasaran["uraian"]
    text = panel.inner_text()
    assert f"Indikator: {ind['nama']}" in text
    assert "Penanggung jawab" not in text  # the RPJMD's, not one of the OPD's officials
    assert panel.get_by_role("link", name="Lihat di halaman RPJMD").get_attribute("href") == "rpjmd.html"


def test_an_address_naming_a_box_opens_it(example, pages, tab):
    opd = example.repo.opds[OPD]
    order = [n.id for n in opd.nodes()]
    wanted = order[-1]
    page = tab.page
    page.goto(_url(pages, f"opd-{OPD}.html") + f"#kotak-{len(order)}")
    page.locator("#rincian").wait_for(state="visible")
    assert page.get_attribute("#rincian", "data-node") == wanted
    node = _node(OPD, wanted)
    assert page.text_content("#rincian-judul").endswith(node.get("nama") or node["uraian"])


def test_printing_shows_the_whole_tree_and_every_pk_then_gives_the_view_back(pages, tab):
    page = tab.page
    page.goto(_url(pages, f"opd-{OPD}.html"))
    view = page.get_attribute(".kanvas svg", "viewBox")
    assert page.eval_on_selector_all("details.pk", "ds => ds.filter(d => d.open).length") == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    geo = page.evaluate(GEOMETRY)
    assert all(_inside(b, geo["view"]) for b in geo["boxes"])
    assert page.eval_on_selector_all("details.pk", "ds => ds.every(d => d.open)")
    page.emulate_media(media="print")
    assert page.locator(".alat").is_hidden() and page.locator("nav[aria-label='Navigasi situs']").is_hidden()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.get_attribute(".kanvas svg", "viewBox") == view
    assert page.eval_on_selector_all("details.pk", "ds => ds.filter(d => d.open).length") == 0


def test_the_finding_marks_in_the_key_look_like_the_marked_boxes(pages, tab):
    page = tab.page
    page.goto(_url(pages, f"opd-{OPD}.html"))
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.legenda .tanda-galat'));
        return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor]; }""")
    assert style == ["3px", "solid", "rgb(185, 28, 28)"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """One OPD of 300 sub kegiatan (bench/synth.py) and its page."""
    from bench import synth

    root = tmp_path_factory.mktemp("besar")
    synth.generate(str(root), 1, 300, 30, 1)
    checked = check(str(root))
    assert not checked.report.errors
    key = checked.keys[0]
    path = root / "opd.html"
    path.write_text(opd_page(checked.repo, key, checked.tahun, checked.report.sorted(), nav=NAV), encoding="utf-8")
    return checked.repo.opds[key], path


def test_a_300_sub_kegiatan_tree_is_drawn_to_kegiatan_and_opens_them_there(synthetic, tab):
    opd, path = synthetic
    nodes = list(opd.nodes())
    subs = [n for n in nodes if n.level == "subkegiatan"]
    assert len(subs) == 300
    page = tab.page
    page.goto("file://" + str(path))
    drawn = set(page.eval_on_selector_all(".kanvas svg g.kotak[data-node]", "gs => gs.map(g => g.getAttribute('data-node'))"))
    assert drawn == {n.id for n in nodes if n.level != "subkegiatan"}
    assert "300 sub kegiatan" in page.locator("#pohon").inner_text()
    kegiatan = next(n for n in nodes if n.level == "kegiatan" and n.children)
    page.focus(f"g.kotak[data-node='{kegiatan.id}']")
    page.keyboard.press("Enter")
    panel = page.locator("#rincian")
    panel.wait_for(state="visible")
    listed = panel.locator("ul.anak button").all_inner_texts()
    assert listed == [f"{s.kode} {s.nama}" for s in kegiatan.children]
    panel.locator("ul.anak button").nth(1).press("Enter")  # keyboard: a button
    second = kegiatan.children[1]
    page.wait_for_function(f"document.getElementById('rincian').getAttribute('data-node') === {second.id!r}")
    assert page.text_content("#rincian-judul") == f"{second.kode} {second.nama}"
    assert f"Target {2027}" in panel.inner_text()
    panel.get_by_role("button", name=f"Kembali ke kegiatan {kegiatan.kode}").click()
    page.wait_for_function(f"document.getElementById('rincian').getAttribute('data-node') === {kegiatan.id!r}")
    # search finds a sub kegiatan through its kegiatan's box
    page.fill("#cari", second.kode)
    assert page.eval_on_selector_all("g.kotak.cocok", "gs => gs.map(g => g.getAttribute('data-node'))") == [kegiatan.id]
    # an address naming a sub kegiatan opens it too
    page.goto("file://" + str(path) + f"#kotak-{[n.id for n in nodes].index(second.id) + 1}")
    page.wait_for_function(f"document.getElementById('rincian').getAttribute('data-node') === {second.id!r}")
    assert tab.console_errors == []


def test_an_opd_box_of_the_pemda_tree_opens_that_tujuan_on_the_opd_page(pages, tab):
    tujuan = yaml.safe_load(open(os.path.join(ROOT, "data", "opd", OPD, "renstra.yaml"), encoding="utf-8"))["tujuan"]
    second = tujuan[1]
    page = tab.page
    page.goto(_url(pages, "pohon.html"))
    box = page.locator(f".kanvas svg g.kotak[data-node='{OPD}:{second['id']}']")
    box.focus()
    page.keyboard.press("Enter")
    page.locator("#rincian a").click()
    page.wait_for_url(f"**/opd-{OPD}.html#kotak-*")
    page.locator("#rincian").wait_for(state="visible")
    assert page.get_attribute("#rincian", "data-node") == second["id"]
    assert page.text_content("#rincian-judul") == second["uraian"]
    assert tab.console_errors == []


def test_a_box_without_capaian_says_so_once(example, tmp_path, tab):
    from cascade.documents.situs import evaluasi_page

    path = tmp_path / "evaluasi.html"
    path.write_text(evaluasi_page(example.repo, OPD, example.tahun, [], nav=NAV), encoding="utf-8")
    page = tab.page
    page.goto("file://" + str(path))
    simpul = page.evaluate("JSON.parse(document.getElementById('data-halaman').textContent).simpul")
    none = next(k for k, d in simpul.items() if d.get("capaian") and d["capaian"]["persen"].startswith("belum"))
    some = next(k for k, d in simpul.items() if d.get("capaian") and d["capaian"]["persen"][0].isdigit())
    for node in (none, some):
        page.focus(f"g.kotak[data-node='{node}']")
        page.keyboard.press("Enter")
        heading = page.locator("#rincian h4").first.inner_text()
        c = simpul[node]["capaian"]
        said = "Belum ada data" if node == none else f"{c['persen']}%, {c['kategori']}"
        assert heading.endswith(f"): {said}"), heading
        assert heading.lower().count("belum ada data") <= 1
