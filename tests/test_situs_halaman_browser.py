"""The OPD page of cascade/documents/situs in headless Chromium (tests/browser.py), opened from disk:
no console error (a wrong CSP hash would be one) and no request; a box opened by keyboard shows the
targets its YAML gives; search by code finds exactly the boxes of that code; zoom and pan by keys,
buttons and mouse; a hostile name stays text; a phone's width holds the page."""
from __future__ import annotations

import json
import os

import pytest
import yaml
from conftest import ROOT, copy_example
from test_situs_halaman import NAV, OPD, _yaml_nodes

from cascade.documents.situs import daftar_page, evaluasi_page, opd_page, pemda_tree_page, rpjmd_page
from cascade.pipeline import check


@pytest.fixture(scope="module")
def pages(example, tmp_path_factory):
    folder = tmp_path_factory.mktemp("halaman")
    f = example.report.sorted()
    html = {
        "opd.html": opd_page(example.repo, OPD, example.tahun, f, nav=NAV),
        "pohon.html": pemda_tree_page(example.repo, example.tahun, f, nav=NAV, opd_links={OPD: "opd.html"}),
        "rpjmd.html": rpjmd_page(example.repo, example.tahun, f, nav=NAV),
        "evaluasi.html": evaluasi_page(example.repo, OPD, example.tahun, f, nav=NAV),
        "index.html": daftar_page("Situs", [("Perangkat Daerah", [("Diskominfo", "opd.html")])], f, nav=NAV),
    }
    for name, text in html.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _url(folder, name: str) -> str:
    return "file://" + os.path.join(str(folder), name)


def _view(tab) -> str:
    return tab.page.get_attribute(".kanvas svg", "viewBox")


def test_every_page_loads_without_console_error_or_request(pages, tab):
    for name in sorted(os.listdir(pages)):
        tab.page.goto(_url(pages, name))
        tab.page.wait_for_load_state("load")
        assert tab.console_errors == [], name
        assert tab.outside("file://") == [], name


def test_a_box_opened_by_keyboard_shows_the_targets_of_its_yaml(pages, tab):
    node = next(n for n in _yaml_nodes().values() if n.get("uraian") == "Meningkatnya keamanan informasi pemerintah daerah")
    ind = node["indikator"][0]
    page = tab.page
    page.goto(_url(pages, "opd.html"))
    page.focus(f"g.kotak[data-node='{node['id']}']")
    page.keyboard.press("Enter")
    panel = page.locator("#rincian")
    panel.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "rincian-judul"
    assert page.text_content("#rincian-judul") == node["uraian"]
    text = panel.text_content()
    for year, value in ind["target"].items():
        assert f"Target {year}{value} {ind['satuan']}" in text
    assert f"Kondisi awal ({ind['baseline']['tahun']}){ind['baseline']['nilai']} {ind['satuan']}" in text
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-node')") == node["id"]
    assert tab.console_errors == []


def test_search_by_code_marks_exactly_the_boxes_of_that_code(pages, tab):
    code = "2.21.02"
    expected = {i for i, n in _yaml_nodes().items() if str(n.get("kode", "")).startswith(code)}
    assert len(expected) > 2
    page = tab.page
    page.goto(_url(pages, "opd.html"))
    page.fill("#cari", code)
    marked = set(page.eval_on_selector_all("g.kotak.cocok", "els => els.map(e => e.getAttribute('data-node'))"))
    assert marked == expected
    assert page.text_content("#hasil-cari") == f"{len(expected)} kotak cocok"
    page.press("#cari", "Enter")
    assert page.evaluate("document.activeElement.getAttribute('data-node')") in expected
    page.fill("#cari", "tidak ada kotak seperti ini")
    assert page.eval_on_selector_all("g.kotak.cocok", "els => els.length") == 0


def test_zoom_and_pan_by_keys_buttons_and_mouse(pages, tab):
    page = tab.page
    page.goto(_url(pages, "opd.html"))
    first = _view(tab)
    page.focus(".kanvas")
    page.keyboard.press("ArrowRight")
    panned = _view(tab)
    assert panned != first and panned.split()[2:] == first.split()[2:]  # moved, same size
    page.keyboard.press("+")
    zoomed = _view(tab)
    assert float(zoomed.split()[2]) < float(panned.split()[2])
    page.click("button[data-aksi=perkecil]")
    assert float(_view(tab).split()[2]) > float(zoomed.split()[2])
    page.click("button[data-aksi=pas]")
    svg_box = page.evaluate("(() => { const b = document.querySelector('.kanvas svg').viewBox.baseVal; return b.width; })()")
    box = page.locator(".kanvas").bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 220, box["y"] + 160, steps=6)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"document.querySelector('.kanvas svg').viewBox.baseVal.width < {svg_box}")
    assert tab.console_errors == []


HOSTILE = """<script>alert("skrip")</script> {{ 7*7 }} <img src=x onerror=alert(1)> 'tunggal' "ganda" &amp;"""


def test_a_hostile_name_shows_as_text_and_never_runs(tmp_path, tab):
    root = copy_example(tmp_path / "repo")
    path = os.path.join(root, "data", "opd", OPD, "renstra.yaml")
    text = open(path, encoding="utf-8").read()
    old = "uraian: Meningkatnya keamanan informasi pemerintah daerah"
    open(path, "w", encoding="utf-8").write(text.replace(old, f"uraian: {json.dumps(HOSTILE)}", 1))
    checked = check(root, [OPD])
    assert not checked.report.errors
    page_file = tmp_path / "opd.html"
    page_file.write_text(opd_page(checked.repo, OPD, checked.tahun, checked.report.sorted(), nav=NAV), encoding="utf-8")
    page = tab.page
    page.goto("file://" + str(page_file))
    page.fill("#cari", "onerror")
    page.press("#cari", "Enter")
    page.keyboard.press("Enter")
    assert page.text_content("#rincian-judul") == HOSTILE
    assert HOSTILE in page.text_content("#tc25")
    assert tab.dialogs == [] and tab.console_errors == []
    assert tab.outside("file://") == []  # the <img src=x> stayed text: nothing was fetched


def test_a_phone_screen_holds_the_page_and_the_details(pages, tab):
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_url(pages, "opd.html"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.focus("g.kotak")
    page.keyboard.press("Enter")
    canvas, panel = page.locator(".kanvas").bounding_box(), page.locator("#rincian").bounding_box()
    assert panel["y"] >= canvas["y"] + canvas["height"] - 1  # below the tree, not squeezed beside it
    assert panel["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with open(os.path.join(ROOT, "data", "opd", OPD, "renstra.yaml"), encoding="utf-8") as fh:
        first = yaml.safe_load(fh)["tujuan"][0]
    assert page.text_content("#rincian-judul") == first["uraian"]


def test_an_error_in_the_banner_opens_its_box(tmp_path, tab):
    root = copy_example(tmp_path / "repo")
    path = os.path.join(root, "data", "opd", OPD, "renstra.yaml")
    text = open(path, encoding="utf-8").read()
    old = "target: {2025: 50, 2026: 60,"
    line = next(i for i, t in enumerate(text.splitlines(), 1) if old in t)
    open(path, "w", encoding="utf-8").write(text.replace(old, "target: {2025: 50, 2026: enam puluh,", 1))
    checked = check(root, [OPD])
    page_file = tmp_path / "opd.html"
    page_file.write_text(opd_page(checked.repo, OPD, 2026, checked.report.sorted(), nav=NAV), encoding="utf-8")
    page = tab.page
    page.goto("file://" + str(page_file))
    banner = page.locator("[role=alert]")
    assert f"renstra.yaml:{line}:" in banner.text_content()
    banner.locator("a[data-buka]").click()
    panel = page.locator("#rincian")
    panel.wait_for(state="visible")
    assert f"data/opd/{OPD}/renstra.yaml:{line}:" in panel.text_content()
    assert page.evaluate("document.activeElement.id") == "rincian-judul"
    assert tab.console_errors == []


def _touch(cdp, kind: str, points) -> None:
    cdp.send("Input.dispatchTouchEvent",
             {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})


def test_fingers_pinch_to_zoom_and_drag_to_pan(pages, tab):
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_url(pages, "opd.html"))
    page.locator(".kanvas").scroll_into_view_if_needed()
    box = page.locator(".kanvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    width = "document.querySelector('.kanvas svg').viewBox.baseVal.width"
    before = page.evaluate(width)
    _touch(cdp, "touchStart", [(cx - 30, cy), (cx + 30, cy)])
    for d in range(40, 130, 10):
        _touch(cdp, "touchMove", [(cx - d, cy), (cx + d, cy)])
    _touch(cdp, "touchEnd", [])
    assert page.evaluate(width) < before / 2  # fingers apart: closer in
    left = "document.querySelector('.kanvas svg').viewBox.baseVal.x"
    x0 = page.evaluate(left)
    _touch(cdp, "touchStart", [(cx, cy)])
    for d in range(10, 110, 10):
        _touch(cdp, "touchMove", [(cx - d, cy)])
    _touch(cdp, "touchEnd", [])
    assert page.evaluate(left) > x0  # finger to the left: the drawing follows, the view moves right
    assert page.evaluate("window.scrollX") == 0 and tab.console_errors == []
