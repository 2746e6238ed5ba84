"""`cascade situs` (issue 29): the static site of the whole Pemda, opened in headless Chromium from disk
and from a plain static web server, built from a copy of the example data holding a hostile name."""
from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import copy_example, mutate, run_cli, tree_files

# What a planner might type that a careless page would run or interpret: a script, a template
# expression, an attribute break-out and both quotes.
HOSTILE = """<script>alert("skrip")</script> {{ 7*7 }} <img src=x onerror=alert(1)> 'tunggal' "ganda" &amp;"""
HOSTILE_YAML = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
S3_URAIAN = "uraian: Meningkatnya keamanan informasi pemerintah daerah"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("situs") / "repo")
    mutate(root, "data/opd/diskominfo/opd.yaml", "nama: Dinas Komunikasi dan Informatika", f"nama: {HOSTILE_YAML}")
    mutate(root, "data/opd/diskominfo/renstra.yaml", S3_URAIAN, f"uraian: {HOSTILE_YAML}")
    out = os.path.join(root, "build")
    done = run_cli("--root", root, "situs", "--out", out, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root, out, os.path.join(out, "situs")


def html_pages(folder: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".html"))


def test_the_site_has_every_page_and_every_document(site):
    root, out, folder = site
    # written independently of the code: what the example Pemda has (4 OPDs; realisasi 2025 and 2026 for diskominfo)
    assert html_pages(folder) == ["evaluasi-diskominfo-2025.html", "evaluasi-diskominfo-2026.html", "index.html",
                                  "opd-bappeda.html", "opd-diskominfo.html", "opd-dispusip.html",
                                  "opd-inspektorat.html", "pohon-pemda.html", "rpjmd.html", "unduh.html"]
    built = {rel for rel in tree_files(out) if not rel.startswith(("situs", ".cache")) and "/." not in rel
             and not rel.endswith(".dot")}
    downloads = {os.path.relpath(p, "situs/unduh") for p in tree_files(out) if p.startswith("situs/unduh/")}
    assert "diskominfo/renstra/renstra-lengkap.docx" in built and "pemda/pohon/pohon-pemda.svg" in built
    assert downloads == built
    for rel in ("diskominfo/renstra/renstra-lengkap.docx", "pemda/pohon/pohon-pemda.png"):
        with open(os.path.join(out, rel), "rb") as a, open(os.path.join(folder, "unduh", rel), "rb") as b:
            assert a.read() == b.read(), rel


def _check_page(tab, url: str, site_prefix: str) -> list[str]:
    """Load one page; returns its links' targets. Fails on a console error or a request leaving the site."""
    tab.console_errors.clear()
    tab.requests.clear()
    tab.page.goto(url, wait_until="load")
    assert tab.console_errors == [], (url, tab.console_errors)
    assert tab.outside(site_prefix) == [], (url, tab.outside(site_prefix))
    assert tab.dialogs == []
    return tab.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")


def test_every_page_opens_from_disk_with_no_error_and_no_request_elsewhere(site, tab):
    _, _, folder = site
    prefix = f"file://{folder}/"
    for name in html_pages(folder):
        for href in _check_page(tab, prefix + name, prefix):
            if href.startswith("#"):
                continue
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), (name, href)
            target = os.path.normpath(os.path.join(folder, unquote(parts.path)))
            assert target.startswith(folder + os.sep) and os.path.isfile(target), (name, href)


def test_the_site_works_from_a_static_web_server(site, tab):
    _, _, folder = site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        prefix = f"http://127.0.0.1:{server.server_address[1]}/"
        for name in ("index.html", "pohon-pemda.html", "opd-diskominfo.html"):
            _check_page(tab, prefix + name, prefix)
        tab.page.locator(".kanvas svg g.kotak").first.wait_for()
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def test_a_hostile_name_shows_as_written(site, tab):
    _, _, folder = site
    prefix = f"file://{folder}/"
    _check_page(tab, prefix + "index.html", prefix)
    assert HOSTILE in tab.page.locator("body").inner_text()
    _check_page(tab, prefix + "opd-diskominfo.html", prefix)
    assert HOSTILE in tab.page.locator("h1").inner_text()
    tab.page.focus('.kanvas svg g.kotak[data-node="S3"]')  # focus brings the box into view
    tab.page.keyboard.press("Enter")
    details = tab.page.locator("#rincian")
    details.wait_for(state="visible")
    assert HOSTILE in details.inner_text()
    assert tab.page.locator('img[src="x"]').count() == 0  # the planner's <img …> is text, not an element
    assert tab.dialogs == [] and tab.console_errors == []


def test_same_data_same_site_and_stale_pages_go(site):
    root, out, folder = site
    before = tree_files(folder)
    with open(os.path.join(folder, "opd-lama.html"), "w", encoding="utf-8") as fh:
        fh.write("halaman OPD yang sudah tidak ada")
    done = run_cli("--root", root, "situs", "--out", out, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert tree_files(folder) == before
    assert "situs: 0 berkas ditulis, 1 dihapus" in done.stdout


def test_data_errors_write_no_site(site, tmp_path):
    root, out, folder = site
    before = tree_files(folder)
    line = mutate(root, "data/opd/diskominfo/renstra.yaml", "baseline: {tahun: 2024, nilai: 420}",
                  "baseline: {tahun: 2024, nilai: empat ratus}")
    try:
        done = run_cli("--root", root, "situs", "--out", out, cwd=root)
    finally:
        mutate(root, "data/opd/diskominfo/renstra.yaml", "nilai: empat ratus}", "nilai: 420}")
    assert done.returncode == 1
    assert f"data/opd/diskominfo/renstra.yaml:{line}:" in done.stdout
    assert "Situs tidak ditulis" in done.stdout
    assert tree_files(folder) == before


def test_an_opd_folder_named_situs_is_refused(tmp_repo):
    os.makedirs(os.path.join(tmp_repo, "data", "opd", "situs"))
    done = run_cli("--root", tmp_repo, "situs", "--out", os.path.join(tmp_repo, "build"), cwd=tmp_repo)
    assert done.returncode == 1
    assert done.stdout.startswith("data/opd/situs: galat W013: nama folder OPD `situs` bertabrakan dengan folder situs")
    assert not os.path.exists(os.path.join(tmp_repo, "build"))


def test_downloads_are_named_as_a_planner_knows_them(site, tab):
    _, _, folder = site
    prefix = f"file://{folder}/"
    _check_page(tab, prefix + "unduh.html", prefix)
    links = tab.page.eval_on_selector_all("a[href^='unduh/']", "links => links.map(a => a.textContent)")
    for expected in ("Perjanjian Kinerja Sekretaris Dinas (Word)", "Renstra BAB IV (Word)", "Tabel T-C.27 (Excel)",
                     f"Pohon kinerja sasaran: {HOSTILE} (gambar SVG)", "Pohon kinerja Pemda (gambar PNG)",
                     "Perjanjian Kinerja Kepala Daerah (Word)"):
        assert expected in links, expected
    # no internal id (a sasaran's "S3") nor file name in what the page says
    assert not [t for t in links if re.search(r"\bS\d\b|\.docx|\.xlsx|sasaran-", t)]


def test_the_pemda_repository_can_publish_the_site_but_does_not_by_default(tmp_path):
    from cascade.init import init_repository

    root = tmp_path / "kab-contoh"
    assert not init_repository(root).problems
    workflow = yaml.safe_load((root / ".github" / "workflows" / "situs.yml").read_text(encoding="utf-8"))
    build, publish = workflow["jobs"]["bangun"], workflow["jobs"]["terbitkan"]
    assert build["if"] == "vars.CASCADE_SITUS == 'ya'"  # off until the repository variable says so
    assert publish["needs"] == "bangun" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    runs = [s.get("run", "") for s in build["steps"]]
    assert "cascade situs --out build" in runs
    upload = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "build/situs/"
    assert workflow["permissions"] == {"contents": "read"}


def _count(folder: str) -> dict:
    """An OPD's nodes per level and its sub kegiatan pagu per year, read from its YAML."""
    import glob

    with open(os.path.join(folder, "renstra.yaml"), encoding="utf-8") as fh:
        tujuan = yaml.safe_load(fh)["tujuan"]
    programs = []
    for path in sorted(glob.glob(os.path.join(folder, "program", "*.yaml"))):
        with open(path, encoding="utf-8") as fh:
            programs.append(yaml.safe_load(fh)["program"])
    kegiatan = [k for p in programs for k in p.get("kegiatan", [])]
    subs = [s for k in kegiatan for s in k.get("sub_kegiatan", [])]
    pagu: dict[int, int] = {}
    for s in subs:
        for year, value in (s.get("pagu") or {}).items():
            pagu[int(year)] = pagu.get(int(year), 0) + int(value)
    return {"Tujuan": len(tujuan), "Sasaran": sum(len(t.get("sasaran", [])) for t in tujuan),
            "Program": len(programs), "Kegiatan": len(kegiatan), "Sub kegiatan": len(subs), "pagu": pagu}


def test_the_start_page_sums_up_each_opd_and_links_to_its_downloads(site):
    import lxml.html

    from cascade.pipeline import check

    root, _, folder = site
    checked = check(root)
    index = lxml.html.parse(os.path.join(folder, "index.html")).getroot()
    unduh = lxml.html.parse(os.path.join(folder, "unduh.html")).getroot()
    keys = sorted(os.listdir(os.path.join(root, "data", "opd")))
    with open(os.path.join(root, "data", "pemda.yaml"), encoding="utf-8") as fh:
        misi = yaml.safe_load(fh)["rpjmd"]["misi"]
    total = sum(_count(os.path.join(root, "data", "opd", k))["pagu"].get(checked.tahun, 0) for k in keys)
    said = {li.text_content().split(": ")[0]: li.text_content().split(": ", 1)[1]
            for li in index.get_element_by_id("pemda").xpath(".//ul[@class='ringkas']/li")}
    assert said == {"Misi": str(len(misi)), "Tujuan RPJMD": str(sum(len(m["tujuan"]) for m in misi)),
                    "Sasaran RPJMD": str(sum(len(t["sasaran"]) for m in misi for t in m["tujuan"])),
                    "Perangkat daerah": str(len(keys)),
                    f"Pagu {checked.tahun} seluruh perangkat daerah": "Rp" + f"{total:,}".replace(",", "."),
                    "Galat": "0", "Peringatan": str(len([d for d in checked.report.warnings
                                                           if not d.loc.file.startswith("data/opd/")]))}
    for key in keys:
        section = index.get_element_by_id(f"opd-{key}")
        said = {li.text_content().split(": ")[0]: li.text_content().split(": ", 1)[1]
                for li in section.xpath(".//ul[@class='ringkas']/li")}
        expected = _count(os.path.join(root, "data", "opd", key))
        for level in ("Tujuan", "Sasaran", "Program", "Kegiatan", "Sub kegiatan"):
            assert said[level] == str(expected[level]), (key, level)
        amount = expected["pagu"].get(checked.tahun, 0)
        assert said[f"Pagu {checked.tahun}"] == "Rp" + f"{amount:,}".replace(",", "."), key
        warnings = [d for d in checked.report.warnings if d.loc.file.startswith(f"data/opd/{key}/")]
        assert said["Galat"] == "0" and said["Peringatan"] == str(len(warnings)), key
        # the table of contents and the downloads link straight to the sections
        assert index.xpath(f"//nav[@aria-label='Isi halaman']//a[@href='#opd-{key}']")
        (link,) = section.xpath(".//a[starts-with(@href, 'unduh.html#')]")
        target = unduh.get_element_by_id(link.get("href").split("#", 1)[1])
        hrefs = [a.get("href") for a in target.xpath(".//a")]
        assert hrefs and all(h.startswith(f"unduh/{key}/") for h in hrefs), key


def test_every_link_to_a_section_finds_it(site):
    import lxml.html

    _, _, folder = site
    ids = {name: set(lxml.html.parse(os.path.join(folder, name)).getroot().xpath("//@id")) for name in html_pages(folder)}
    for name in html_pages(folder):
        page = lxml.html.parse(os.path.join(folder, name)).getroot()
        sections = page.xpath("//main//section")
        assert all(s.get("id") for s in sections), name  # every section can be linked to
        for href in page.xpath("//a/@href"):
            target, _, fragment = href.partition("#")
            if fragment:
                assert fragment in ids[target or name], (name, href)
    # the long report pages list their chapters at the top ("1. Ringkasan", "2. …")
    for name in ["rpjmd.html", *(n for n in html_pages(folder) if n.startswith("evaluasi-"))]:
        page = lxml.html.parse(os.path.join(folder, name)).getroot()
        listed = [a.text_content() for a in page.xpath("//nav[@aria-label='Isi laporan']//a")]
        assert len(listed) >= 2 and all(re.match(r"\d+\. ", t) for t in listed), (name, listed)
