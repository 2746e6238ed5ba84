"""The HTML pages of cascade/documents/situs (issue 29), read back with lxml: every node of the example
OPD has a box, a box's details hold the targets and pagu the YAML gives, hostile text stays text, an
error shows in a banner with its file:line, the bytes repeat, and nothing is asked of another server."""
from __future__ import annotations

import base64
import glob
import hashlib
import json
import os
import re
import subprocess
import sys

import lxml.html
import pytest
import yaml
from conftest import ROOT, copy_example

from cascade.diagnostics import Loc, error, warning
from cascade.documents.situs import (
    daftar_page,
    evaluasi_page,
    opd_page,
    pemda_tree_page,
    rpjmd_page,
    with_version,
)
from cascade.pipeline import check

OPD = "diskominfo"
NAV = [("Beranda", "../index.html"), ("Diskominfo", "")]


def _yaml(*parts):
    with open(os.path.join(ROOT, "data", "opd", OPD, *parts), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _yaml_nodes() -> dict[str, dict]:
    """Every node of the OPD as written in its YAML files, by id: tujuan and sasaran from renstra.yaml,
    the program, kegiatan and sub kegiatan from program/*.yaml."""
    found = {}
    for t in _yaml("renstra.yaml")["tujuan"]:
        found[t["id"]] = t
        for s in t.get("sasaran", []):
            found[s["id"]] = s
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "opd", OPD, "program", "*.yaml"))):
        with open(path, encoding="utf-8") as fh:
            p = yaml.safe_load(fh)["program"]
        found[p["id"]] = p
        for k in p.get("kegiatan", []):
            found[k["id"]] = k
            for sk in k.get("sub_kegiatan", []):
                found[sk["id"]] = sk
    return found


def _data(doc) -> dict:
    return json.loads(doc.get_element_by_id("data-halaman").text_content())


@pytest.fixture(scope="module")
def page(example):
    return opd_page(example.repo, OPD, example.tahun, example.report.sorted(), nav=NAV)


@pytest.fixture(scope="module")
def doc(page):
    return lxml.html.fromstring(page)


def test_every_node_of_the_opd_has_a_focusable_box(doc):
    boxes = doc.xpath("//*[local-name()='g'][@data-node]")
    expected = set(_yaml_nodes())
    assert {b.get("data-node") for b in boxes} == expected
    assert len(boxes) == len(expected)
    assert all(b.get("tabindex") == "0" and b.get("role") == "button" and b.get("aria-label") for b in boxes)
    # Tab walks the tree downwards: every box comes after its parent's
    parent = {}
    for node_id, node in _yaml_nodes().items():
        for key in ("sasaran", "kegiatan", "sub_kegiatan"):
            for child in node.get(key) if isinstance(node.get(key), list) else []:
                parent[child["id"]] = node_id
        if "sasaran" in node and isinstance(node["sasaran"], str):  # a program names its sasaran
            parent[node_id] = node["sasaran"]
    assert len(parent) == len(expected) - len(_yaml("renstra.yaml")["tujuan"])
    below: dict[str, set] = {n: set() for n in expected}
    for child in parent:
        up = parent[child]
        while up is not None:
            below[up].add(child)
            up = parent.get(up)
    order = [b.get("data-node") for b in boxes]
    for i, node_id in enumerate(order):  # depth first: a node's whole subtree right after it
        assert set(order[i + 1:i + 1 + len(below[node_id])]) == below[node_id], node_id
    # ids stay in attributes: no <title> (Graphviz names nodes and edges by id there, shown as tooltips)
    svg_text = " ".join(t.text_content() for t in doc.xpath("//*[local-name()='svg']//*[local-name()='text']"))
    for node_id in expected:
        assert not re.search(rf"(?<![\w.-]){re.escape(node_id)}(?![\w.-])", svg_text), node_id
    assert not doc.xpath("//*[local-name()='title']") or all(
        t.getparent().tag == "head" for t in doc.xpath("//*[local-name()='title']"))


def test_details_hold_the_targets_baseline_and_pagu_the_yaml_gives(doc):
    nodes = _yaml_nodes()
    details = _data(doc)["simpul"]
    sasaran = next(n for n in nodes.values() if n.get("uraian") == "Meningkatnya keamanan informasi pemerintah daerah")
    ind = sasaran["indikator"][0]
    shown = details[sasaran["id"]]["indikator"][0]
    assert shown["nama"] == ind["nama"]
    assert {t["tahun"]: t["nilai"] for t in shown["target"]} == {int(y): v for y, v in ind["target"].items()}
    assert shown["baseline"]["nilai"] == ind["baseline"]["nilai"]
    assert shown["baseline"]["tahun"] == ind["baseline"]["tahun"]
    sub = nodes["SK-SANDI-1-1"]
    pagu = {p["tahun"]: p["nilai"] for p in details["SK-SANDI-1-1"]["pagu"]}
    assert pagu == {int(y): v for y, v in sub["pagu"].items()}
    texts = {p["tahun"]: p["teks"] for p in details["SK-SANDI-1-1"]["pagu"]}
    assert texts[2026] == "Rp" + f"{sub['pagu'][2026]:,}".replace(",", ".")
    # the owner by jabatan name and its holder by name, from opd.yaml
    jabatan = next(j for j in _yaml("opd.yaml")["jabatan"] if j["id"] == sub["penanggung_jawab"])
    assert details["SK-SANDI-1-1"]["jabatan"] == jabatan["nama"]
    assert any(p["nama"] in details["SK-SANDI-1-1"]["pemangku"] for p in jabatan["pejabat"])


def test_the_renstra_tables_and_pk_lampiran_are_on_the_page(doc):
    nodes = _yaml_nodes()
    tc25 = doc.get_element_by_id("tc25")
    ind = nodes["S1"]["indikator"][0]
    row = next(tr for tr in tc25.iter("tr") if ind["nama"] in tr.text_content())
    cells = [td.text_content() for td in row.iter("td")]
    assert [c.replace(",", ".") for c in cells[-6:-1]] == [str(ind["target"][y]) for y in range(2025, 2030)]
    tc27 = doc.get_element_by_id("tc27")
    assert "2.21.02.2.01.0002" in tc27.text_content()
    kepala = next(j for j in _yaml("opd.yaml")["jabatan"] if j["atasan"] == "kepala_daerah")
    pks = doc.xpath("//section[@id='pk']//details")
    assert pks and kepala["pejabat"][-1]["nama"] in pks[0].find("summary").text_content()
    # the PK murni, and the PK Perubahan of the year when pemda.yaml dates one
    with open(os.path.join(ROOT, "data", "pemda.yaml"), encoding="utf-8") as fh:
        dokumen = yaml.safe_load(fh)["dokumen"]
    signings = [h.text_content() for h in doc.xpath("//section[@id='pk']/h3")]
    tahun = dokumen["tahun_berjalan"]
    assert len(signings) == 1 + (tahun in dokumen.get("tanggal_pk_perubahan", {}))
    assert signings[0].startswith(f"Lampiran Perjanjian Kinerja Tahun {tahun}")
    if len(signings) == 2:
        assert signings[1].startswith(f"Lampiran Perjanjian Kinerja Perubahan Tahun {tahun}")


def test_a_finding_shows_with_its_node_and_in_the_list(example):
    # the line of `id: SK-SANDI-1-1` in its file, found by reading the file
    rel = "data/opd/diskominfo/program/2.21.02-persandian.yaml"
    lines = open(os.path.join(ROOT, rel), encoding="utf-8").read().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "id: SK-SANDI-1-1" in text) + 2  # its `nama:`
    found = warning(Loc(rel, line, 11), "R999", "nama sub kegiatan terlalu panjang", "singkatkan")
    # a line inside the node that is none of its own fields (its indicator's target) belongs to it too
    inner = next(i for i, text in enumerate(lines, 1) if i > line and "target:" in text)
    deep = warning(Loc(rel, inner, 5), "R997", "target belum sesuai", "")
    doc = lxml.html.fromstring(opd_page(example.repo, OPD, example.tahun, [found, deep], nav=NAV))
    assert _data(doc)["simpul"]["SK-SANDI-1-1"]["temuan"] == [
        {"lokasi": f"{rel}:{line}:11", "tingkat": "peringatan", "kode": "R999",
         "pesan": "nama sub kegiatan terlalu panjang", "saran": "singkatkan"},
        {"lokasi": f"{rel}:{inner}:5", "tingkat": "peringatan", "kode": "R997", "pesan": "target belum sesuai",
         "saran": ""}]
    assert all(not d["temuan"] for k, d in _data(doc)["simpul"].items() if k != "SK-SANDI-1-1")
    marked = doc.xpath("//*[local-name()='g'][contains(@class, 'ada-')]")
    assert [(g.get("data-node"), g.get("class")) for g in marked] == [("SK-SANDI-1-1", "node kotak ada-peringatan")]
    assert marked[0].get("aria-label").endswith("(ada peringatan)")
    listed = doc.get_element_by_id("temuan").text_content()
    assert f"{rel}:{line}:11" in listed and "R999" in listed and "singkatkan" in listed
    assert not doc.find_class("banner")  # a warning is no error


def _broken(tmp_path, old: str, new: str):
    root = copy_example(tmp_path)
    path = os.path.join(root, "data", "opd", OPD, "renstra.yaml")
    text = open(path, encoding="utf-8").read()
    assert old in text
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if old in t)
    return check(root, [OPD]), line


def test_errors_put_a_banner_with_file_and_line_on_top(tmp_path):
    # a target in words: the data loads, a rule finds the error on that line
    checked, line = _broken(tmp_path, "target: {2025: 50, 2026: 60,", "target: {2025: 50, 2026: enam puluh,")
    assert checked.report.errors
    doc = lxml.html.fromstring(opd_page(checked.repo, OPD, 2026, checked.report.sorted(), nav=NAV))
    banner = doc.xpath("//*[@role='alert']")
    assert len(banner) == 1
    text = banner[0].text_content()
    assert f"data/opd/{OPD}/renstra.yaml:{line}:" in text and "enam puluh" in text
    # the box of the sasaran whose indicator holds that target is marked, and only it
    renstra = [n for t in _yaml("renstra.yaml")["tujuan"] for n in [t, *t.get("sasaran", [])]]
    owner = next(n["id"] for n in renstra
                 if any(ind["target"].get(2025) == 50 and ind["target"].get(2026) == 60 for ind in n["indikator"]))
    marked = doc.xpath("//*[local-name()='g'][contains(@class, 'ada-galat')]")
    assert [g.get("data-node") for g in marked] == [owner]
    assert [a.get("data-buka") for a in banner[0].iter("a")] == [owner]  # the banner opens that box
    # the banner comes first in the page's main part, right after the title
    main = doc.get_element_by_id("isi")
    assert [c.tag for c in main][:2] == ["h1", "section"] and main[1] is banner[0]


def test_data_that_cannot_be_loaded_shows_its_errors_and_no_tree(tmp_path):
    checked, line = _broken(tmp_path, "target: {2025: 50, 2026: 60,", "target: [2025: 50, 2026: 60,")
    assert checked.repo is None and checked.report.errors
    doc = lxml.html.fromstring(opd_page(checked.repo, OPD, 2026, checked.report.sorted(), nav=NAV))
    banner = doc.xpath("//*[@role='alert']")[0].text_content()
    for d in checked.report.errors:
        assert str(d.loc) in banner and d.message in banner
    assert f"data/opd/{OPD}/renstra.yaml:" in banner
    assert not doc.xpath("//*[local-name()='svg']") and not doc.xpath("//*[@id='tc25']")


def test_errors_with_a_model_still_put_the_banner_on_top(example):
    bad = error(Loc("data/opd/diskominfo/opd.yaml", 7, 5), "R998", "contoh galat", "perbaiki")
    doc = lxml.html.fromstring(opd_page(example.repo, OPD, example.tahun, [bad], nav=NAV))
    banner = doc.xpath("//*[@role='alert']")[0].text_content()
    # opd.yaml line 7 is no node's: no box is marked
    assert not doc.xpath("//*[local-name()='g'][contains(@class, 'ada-')]")
    assert "data/opd/diskominfo/opd.yaml:7:5" in banner and "R998" in banner and "perbaiki" in banner


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} \"kutip\" 'tunggal' </script><!-- & \u2028"


def test_hostile_names_show_as_text(tmp_path):
    root = copy_example(tmp_path)
    path = os.path.join(root, "data", "opd", OPD, "renstra.yaml")
    text = open(path, encoding="utf-8").read()
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted scalar
    text = text.replace("uraian: Meningkatnya keamanan informasi pemerintah daerah", f"uraian: {quoted}", 1)
    open(path, "w", encoding="utf-8").write(text)
    checked = check(root, [OPD])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    page = opd_page(checked.repo, OPD, checked.tahun, checked.report.sorted(), nav=[(HOSTILE, "")])
    doc = lxml.html.fromstring(page)
    # only the page's own two scripts: its data and its code
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert "<script>alert" not in page and "{{ 7*7 }}" in lxml.html.tostring(doc, encoding="unicode").replace("&#8232;", "")
    assert "49" not in doc.get_element_by_id("tc25").text_content().split("alert(1)")[0][-20:]
    # the box's text, the details JSON and the tables read back the sentence as written
    svg_text = "".join(t.text_content() for t in doc.xpath("//*[local-name()='text']"))
    assert "<script>alert(1)</script>" in svg_text.replace("\u2060", "")
    node = next(k for k, d in _data(doc)["simpul"].items() if d["judul"] == HOSTILE)
    assert _data(doc)["simpul"][node]["judul"] == HOSTILE
    assert HOSTILE.replace("\u2028", "") in doc.get_element_by_id("tc25").text_content().replace("\u2028", "")
    assert doc.xpath("//nav//a")[0].text_content() == HOSTILE
    # the JSON block cannot end early: no "<", ">" or "&" inside it
    raw = page[page.index('id="data-halaman">'):]
    raw = raw[len('id="data-halaman">'):raw.index("</script>")]
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}


def test_links_with_a_scheme_never_leave_the_site(example):
    page = daftar_page("Situs", [("Unduhan", [("jahat", "javascript:alert(1)"), ("luar", "https://contoh.id/x"),
                                              ("baik", "opd/diskominfo.html")])], nav=[("x", "//contoh.id")])
    hrefs = [a.get("href") for a in lxml.html.fromstring(page).iter("a")]
    assert "javascript:alert(1)" not in hrefs and "https://contoh.id/x" not in hrefs and "//contoh.id" not in hrefs
    assert "opd/diskominfo.html" in hrefs


def _all_pages(example) -> dict[str, str]:
    f = example.report.sorted()
    return {
        "opd": opd_page(example.repo, OPD, example.tahun, f, nav=NAV),
        "opd-langsung": opd_page(example.repo, OPD, example.tahun, f, nav=NAV, live=True),
        "pohon": pemda_tree_page(example.repo, example.tahun, f, nav=NAV, opd_links={OPD: "diskominfo.html"}),
        "rpjmd": rpjmd_page(example.repo, example.tahun, f, nav=NAV, opd_links={OPD: "diskominfo.html"}),
        "evaluasi": evaluasi_page(example.repo, OPD, example.tahun, f, nav=NAV),
        "gagal": opd_page(None, OPD, example.tahun, [error(Loc("data/pemda.yaml", 3, 1), "Y001", "rusak")], nav=NAV),
        "daftar": daftar_page("Situs", [("Perangkat Daerah", [("Diskominfo", "diskominfo.html")])], f, nav=NAV),
    }


def test_no_page_asks_anything_of_another_server(example):
    for name, page in _all_pages(example).items():
        doc = lxml.html.fromstring(page)
        for el in doc.iter():
            for attr, value in el.attrib.items():
                if attr.endswith("href") or attr in ("src", "action", "srcset", "poster", "data"):
                    assert value.startswith("#") or value == "data:," or not re.match(r"^\s*([a-z]+:|//)", value), (name, value)
        # no URL anywhere but the SVG namespace names (names, never fetched)
        urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*", page))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, (name, urls)
        assert "@import" not in page and "url(" not in page, name


def test_the_csp_admits_exactly_the_pages_own_style_and_script(example):
    for name, page in _all_pages(example).items():
        doc = lxml.html.fromstring(page)
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        script = [s for s in doc.xpath("//script") if s.get("type") is None][0].text
        style = doc.xpath("//style")[0].text

        def digest(text):
            return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

        assert f"script-src {digest(script)}" in csp, name
        assert f"style-src {digest(style)}" in csp, name
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert ("connect-src 'self'" in csp) == (name == "opd-langsung")
        assert not doc.xpath("//*[@style]"), name  # the CSP would drop inline style attributes


def test_a_live_page_tells_the_server_its_version(example):
    page = opd_page(example.repo, OPD, example.tahun, [], nav=NAV, live=True)
    served = with_version(page, 7)
    assert lxml.html.fromstring(served).xpath("//meta[@name='cascade-versi']/@content") == ["7"]
    assert _data(lxml.html.fromstring(served))["langsung"] is True


def test_same_sources_give_the_same_bytes(example, page):
    assert opd_page(example.repo, OPD, example.tahun, example.report.sorted(), nav=NAV) == page
    assert _all_pages(example) == _all_pages(example)
    # and in another process with another hash seed
    code = ("import sys; from cascade.pipeline import check; from cascade.documents.situs import opd_page; "
            f"c = check({ROOT!r}); sys.stdout.write(opd_page(c.repo, {OPD!r}, c.tahun, c.report.sorted(), "
            f"nav={NAV!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="12345"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == page


def test_the_other_pages_show_their_content(example):
    pages = _all_pages(example)
    pohon = lxml.html.fromstring(pages["pohon"])
    boxes = {b.get("data-node") for b in pohon.xpath("//*[local-name()='g'][@data-node]")}
    tujuan = [t["id"] for t in _yaml("renstra.yaml")["tujuan"]]
    assert {f"{OPD}:{t}" for t in tujuan} <= boxes
    details = _data(pohon)["simpul"][f"{OPD}:{tujuan[0]}"]
    assert details["tautan"]["href"] == "diskominfo.html#kotak-1"  # the first tujuan: the OPD tree's first box
    rpjmd_doc = lxml.html.fromstring(pages["rpjmd"])
    assert [a.get("href") for a in rpjmd_doc.xpath("//nav[@aria-label='Halaman perangkat daerah']//a")] == ["diskominfo.html"]
    rpjmd = rpjmd_doc.text_content()
    with open(os.path.join(ROOT, "data", "pemda.yaml"), encoding="utf-8") as fh:
        pemda = yaml.safe_load(fh)
    for misi in pemda["rpjmd"]["misi"]:
        for tujuan in misi["tujuan"]:
            for sasaran in tujuan["sasaran"]:
                assert sasaran["uraian"] in rpjmd
    evaluasi = lxml.html.fromstring(pages["evaluasi"])
    assert evaluasi.find(".//h1").text_content().endswith(f"Tahun {example.tahun}")
    # the quarters of the sasaran indicator S1-I1 as its realisasi file writes them, in its row of the year's table
    with open(os.path.join(ROOT, "data", "opd", OPD, "realisasi", f"{example.tahun}.yaml"), encoding="utf-8") as fh:
        quarters = yaml.safe_load(fh)["indikator"]["S1-I1"]["triwulan"]
    name = _yaml_nodes()["S1"]["indikator"][0]["nama"]
    rows = [[td.text_content() for td in tr.iter("td")] for tr in evaluasi.iter("tr")]
    row = next(r for r in rows if len(r) > 8 and r[1] == f"IK: {name}")
    assert row[4:4 + len(quarters)] == [str(v).replace(".", ",") for v in quarters.values()]
    # the tree coloured by capaian: every node a box, each opening its capaian of the year
    assert {b.get("data-node") for b in evaluasi.xpath("//*[local-name()='g'][@data-node]")} == set(_yaml_nodes())
    last = max(quarters)
    capaian = _data(evaluasi)["simpul"]["S1"]["capaian"]
    assert capaian["tahun"] == example.tahun
    assert capaian["indikator"][0]["realisasi"].startswith(str(quarters[last]).replace(".", ","))
    assert not evaluasi.xpath("//*[local-name()='svg']//*[local-name()='a']")  # the tooltips' links add no tab stops
    empty = lxml.html.fromstring(evaluasi_page(example.repo, OPD, 2029, [], nav=NAV)).text_content()
    assert "Belum ada data realisasi tahun 2029" in empty


def test_without_graphviz_the_page_says_so_and_shows_the_rest(example, monkeypatch):
    import cascade.formats.dot.run as dot_run

    monkeypatch.setattr(dot_run, "_dot_program", lambda: os.path.join(ROOT, "tidak-ada", "dot"))
    doc = lxml.html.fromstring(opd_page(example.repo, OPD, example.tahun, [], nav=NAV))
    pohon = doc.get_element_by_id("pohon").text_content()
    assert "Pohon kinerja tidak dapat digambar" in pohon and "Graphviz" in pohon
    assert not doc.xpath("//*[local-name()='svg']")
    assert doc.get_element_by_id("tc27") is not None and doc.xpath("//section[@id='pk']//details")
    tree = lxml.html.fromstring(pemda_tree_page(example.repo, example.tahun, [], nav=NAV)).text_content()
    assert "Pohon kinerja tidak dapat digambar" in tree


@pytest.mark.parametrize("key", ["bappeda", "dispusip", "inspektorat"])
def test_every_example_opd_has_its_page(example, key):
    folder = os.path.join(ROOT, "data", "opd", key)
    ids = []
    with open(os.path.join(folder, "renstra.yaml"), encoding="utf-8") as fh:
        for t in yaml.safe_load(fh)["tujuan"]:
            ids += [t["id"]] + [s["id"] for s in t.get("sasaran", [])]
    for path in glob.glob(os.path.join(folder, "program", "*.yaml")):
        with open(path, encoding="utf-8") as fh:
            p = yaml.safe_load(fh)["program"]
        ids += [p["id"]] + [n["id"] for k in p.get("kegiatan", []) for n in [k, *k.get("sub_kegiatan", [])]]
    doc = lxml.html.fromstring(opd_page(example.repo, key, example.tahun, [], nav=NAV))
    assert sorted(b.get("data-node") for b in doc.xpath("//*[local-name()='g'][@data-node]")) == sorted(ids)


def test_a_draft_plan_shows_its_gaps_and_no_pk(tmp_path):
    from draf_fixture import OPD as DRAF_OPD
    from draf_fixture import draf_repo

    checked = check(draf_repo(tmp_path), [DRAF_OPD])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    doc = lxml.html.fromstring(opd_page(checked.repo, DRAF_OPD, 2026, checked.report.sorted(), nav=NAV))
    assert doc.find(".//h1").text_content().endswith("(DRAF)")
    assert "masih draf" in doc.get_element_by_id("pk").text_content() and not doc.xpath("//details[@class='pk']")
    simpul = _data(doc)["simpul"]
    assert "P-BPPE" in simpul and "P-BPPE" in {b.get("data-node") for b in doc.xpath("//*[@data-node]")}
    tujuan = next(d for d in simpul.values() if d["indikator"] and d["indikator"][0]["target"][0]["nilai"] == 70.5)
    assert [t["teks"] for t in tujuan["indikator"][0]["target"][1:]] == ["-", "-", "-", "-"]  # not set yet
    status = next(i for d in simpul.values() for i in d["indikator"] if i["nama"].startswith("Status penetapan"))
    assert {t["teks"] for t in status["target"]} == {"Ditetapkan"}
    assert any(i["baseline"]["teks"] == "n/a" for d in simpul.values() for i in d["indikator"])


def test_an_opd_not_in_the_data_says_so(example):
    doc = lxml.html.fromstring(opd_page(example.repo, "tidak-ada", example.tahun, [], nav=NAV))
    banner = doc.xpath("//*[@role='alert']")[0].text_content()
    assert "tidak ditemukan" in banner and "0 galat" not in banner


def test_no_internal_id_is_visible_text(example):
    ids = set()
    for node_id, node in _yaml_nodes().items():
        ids.add(node_id)
        ids.update(i["id"] for i in node.get("indikator", []))
    for html in (opd_page(example.repo, OPD, example.tahun, [], nav=NAV),
                 evaluasi_page(example.repo, OPD, example.tahun, [], nav=NAV),
                 pemda_tree_page(example.repo, example.tahun, [], nav=NAV)):
        doc = lxml.html.fromstring(html)
        for script in doc.xpath("//script|//style"):
            script.getparent().remove(script)
        visible = doc.text_content()
        shown = {i for i in ids if re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w.-])", visible)}
        assert shown == set(), shown


def test_the_pemda_tree_marks_the_opd_box_a_finding_is_about(example):
    # a warning on a sasaran's line of renstra.yaml and an error on a line of pemda.yaml
    rel = f"data/opd/{OPD}/renstra.yaml"
    tujuan = _yaml("renstra.yaml")["tujuan"]
    first, second = tujuan[0], tujuan[1]
    sasaran_id = second["sasaran"][0]["id"]
    lines = open(os.path.join(ROOT, rel), encoding="utf-8").read().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f"id: {sasaran_id}" in text) + 1
    found = warning(Loc(rel, line, 9), "R998", "uraian sasaran kurang jelas", "perjelas")
    pemda = warning(Loc("data/pemda.yaml", 3, 1), "R996", "catatan Pemda", "")
    doc = lxml.html.fromstring(pemda_tree_page(example.repo, example.tahun, [found, pemda], nav=NAV))
    marked = doc.xpath("//*[local-name()='g'][contains(@class, 'ada-')]")
    assert [(g.get("data-node"), g.get("class")) for g in marked] == [(f"{OPD}:{second['id']}", "node kotak ada-peringatan")]
    assert marked[0].get("aria-label").endswith("(ada peringatan)")
    details = _data(doc)["simpul"]
    assert [t["kode"] for t in details[f"{OPD}:{second['id']}"]["temuan"]] == ["R998"]
    assert details[f"{OPD}:{first['id']}"]["temuan"] == []
    # the page lists the Pemda's findings; the OPD's are listed on the OPD's page
    listed = doc.get_element_by_id("temuan").text_content()
    assert "R996" in listed and "R998" not in listed
    assert "Kotak dengan peringatan" in doc.xpath("//ul[@class='legenda']")[0].text_content()
