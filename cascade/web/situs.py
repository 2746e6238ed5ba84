"""`cascade situs`: the static site of the whole Pemda in build/situs/.

The documents are built first, exactly as `cascade build --pemda` builds them, then every page is
rendered (cascade/documents/situs/ for the RPJMD, the trees, each OPD, each evaluasi; the start page
and the download page here) and the built documents are copied under unduh/, so the folder is the
whole site: it opens from disk (file://) and from any static host, every link relative, nothing
fetched from elsewhere. It is written as every build folder is (cascade/write.py): all at once, pages
no longer made removed, the same data giving the same bytes; nothing is written while errors remain.
"""
from __future__ import annotations

import os
from dataclasses import replace
from html import escape
from urllib.parse import quote

from cascade.diagnostics import Loc, Report, error
from cascade.formats import Output
from cascade.orchestrator import Options, Say

SITE = "situs"  # build/situs/
DOWNLOADS = "unduh"
# Graphviz sources are how a tree image is made, not a document anyone reads.
NOT_DOWNLOADED = (".dot",)
SKIPPED_FOLDERS = {"evaluasi"}  # kept below an OPD's folder by `cascade evaluasi`: offered with it, see _documents
KINDS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "PDF", ".png": "gambar PNG", ".svg": "gambar SVG", ".md": "teks"}


def page_names(checked) -> dict[str, str]:
    """Each page's file name in the site (flat: every link is a plain relative file name)."""
    repo = checked.repo
    names = {"index": "index.html", "rpjmd": "rpjmd.html", "pohon": "pohon-pemda.html", "unduh": "unduh.html"}
    for key in checked.keys:
        names[f"opd:{key}"] = f"opd-{key}.html"
        for tahun in evaluasi_years(repo.opds[key]):
            names[f"evaluasi:{key}:{tahun}"] = f"evaluasi-{key}-{tahun}.html"
    return names


def evaluasi_years(opd) -> list[int]:
    return sorted({r.tahun_berkas for r in opd.realisasi if r.tahun_berkas is not None})


def build_site(opts: Options, say: Say) -> int:
    from cascade.build import write_folder
    from cascade.load.sources import known_opds
    from cascade.orchestrator import build
    from cascade.pipeline import check

    if SITE in known_opds(opts.root):
        say.line(error(Loc(f"data/opd/{SITE}"), "W013", f"nama folder OPD `{SITE}` bertabrakan dengan folder situs "
                       f"{os.path.join(opts.out, SITE)}/", "ganti nama folder OPD itu, misalnya menjadi singkatan OPD-nya").format())
        return 1
    if build(replace(opts, opd=None, pemda=True, sejak=None), say):
        say.line("Situs tidak ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    checked = check(opts.root, None, opts.tahun)  # the build told its findings; here only the model is wanted
    if checked.repo is None or checked.report.failed(opts.strict):
        say.problems(checked.report)
        say.line("Situs tidak ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    documents = _documents(opts.out, checked.keys)
    outputs = pages(checked, documents) + [Output(f"{DOWNLOADS}/{rel}", _read(opts.out, rel)) for rel, _ in _flat(documents)]
    folder = os.path.join(opts.out, SITE)
    written, removed, diags = write_folder(folder, outputs, [])
    if diags:
        say.problems(Report(diags))
        return 1
    say.line(f"  situs: {len(written)} berkas ditulis, {len(removed)} dihapus")
    say.line(f"Selesai: situs Pemda ada di {os.path.join(folder, 'index.html')} (buka di peramban, atau unggah "
             f"seluruh folder {folder}/ ke hosting statis)")
    return 0


def _read(out: str, rel: str) -> bytes:
    with open(os.path.join(out, *rel.split("/")), "rb") as fh:
        return fh.read()


def _documents(out: str, keys: list[str]) -> dict[str, list[str]]:
    """The built documents of the Pemda and of each OPD: folder → paths relative to `out`, sorted."""
    from cascade.batch import PEMDA

    found = {}
    for folder in [PEMDA, *keys]:
        files = []
        for here, dirs, names in os.walk(os.path.join(out, folder)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and not name.endswith(NOT_DOWNLOADED):
                    files.append(os.path.relpath(os.path.join(here, name), out).replace(os.sep, "/"))
        found[folder] = sorted(files)
    return found


def _flat(documents: dict[str, list[str]]):
    for folder, files in documents.items():
        for rel in files:
            yield rel, folder


def pages(checked, documents: dict[str, list[str]]) -> list[Output]:
    """Every HTML page of the site."""
    from cascade.web.halaman import opd_page

    names = page_names(checked)
    made = [Output(names["index"], index_page(checked, names).encode("utf-8")),
            Output(names["unduh"], download_page(checked, documents).encode("utf-8"))]
    for key in checked.keys:
        only = replace(checked, report=Report([d for d in checked.report.items if _about(d, key)]))
        made.append(Output(names[f"opd:{key}"], opd_page(only, key).encode("utf-8")))
    return sorted(made, key=lambda o: o.path)


def _about(d, key: str) -> bool:
    return d.loc.file.startswith(f"data/opd/{key}/")


STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;line-height:1.5}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}header{padding-top:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:1.5rem}
a{color:#0b4f8a}a:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
ul.opd{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem}
ul.opd li{border:1px solid #c8d3de;border-radius:.4rem;padding:.75rem}
nav a{margin-right:1rem}footer{color:#555;font-size:.85rem;margin-top:2rem;padding-bottom:1rem}
table{border-collapse:collapse}td{padding:.15rem .5rem .15rem 0;vertical-align:top}"""


def _shell(title: str, heading: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header><nav aria-label=\"Navigasi situs\"><a href=\"index.html\">Beranda</a><a href=\"rpjmd.html\">RPJMD</a>"
            f"<a href=\"pohon-pemda.html\">Pohon kinerja Pemda</a><a href=\"unduh.html\">Unduh dokumen</a></nav>"
            f"<h1>{escape(heading)}</h1></header>\n<main>\n{body}\n</main>\n"
            "<footer>Dibuat dengan Cascade dari data perencanaan di repositori Pemda.</footer>\n</body>\n</html>\n")


def _pemda_name(pemda) -> str:
    return pemda.nama


def index_page(checked, names: dict[str, str]) -> str:
    repo, tahun = checked.repo, checked.tahun
    pemda = repo.pemda
    items = []
    for key in checked.keys:
        opd = repo.opds[key]
        links = [f"<a href=\"{names[f'opd:{key}']}\">Rencana dan pohon kinerja</a>"]
        links += [f"<a href=\"{names[f'evaluasi:{key}:{t}']}\">Evaluasi {t}</a>" for t in evaluasi_years(opd)]
        links.append(f"<a href=\"unduh.html#unduh-{key}\">Dokumen</a>")
        items.append(f"<li><strong>{escape(opd.nama)}</strong><br>{' · '.join(links)}</li>")
    body = (f"<p>Visi: {escape(pemda.visi)}</p>\n<p>Periode RPJMD {pemda.periode[0]}–{pemda.periode[1]}; "
            f"tahun berjalan {tahun}.</p>\n"
            "<ul>\n<li><a href=\"rpjmd.html\">RPJMD dan kontribusi setiap perangkat daerah (keselarasan)</a></li>\n"
            "<li><a href=\"pohon-pemda.html\">Pohon kinerja Pemda</a></li>\n"
            "<li><a href=\"unduh.html\">Unduh semua dokumen (Word, Excel, gambar)</a></li>\n</ul>\n"
            f"<h2>Perangkat daerah</h2>\n<ul class=\"opd\">\n{chr(10).join(items)}\n</ul>")
    return _shell(f"Kinerja {_pemda_name(pemda)}", f"Perencanaan kinerja {_pemda_name(pemda)}", body)


def _group(rel: str) -> str:
    """The heading a built document is listed under (its folder inside the OPD's, in words)."""
    parts = rel.split("/")[1:-1]
    if not parts:
        return "Ringkasan"
    head = {"renstra": "Renstra", "pk": "Perjanjian Kinerja", "pohon": "Pohon kinerja", "excel": "Tabel Excel",
            "evaluasi": "Evaluasi capaian", "keselarasan": "Keselarasan"}.get(parts[0], parts[0].capitalize())
    years = [p for p in parts[1:] if p.isdigit()]
    changed = " perubahan" if "perubahan" in parts else ""
    return f"{head}{changed}{' ' + years[0] if years else ''}"


def download_page(checked, documents: dict[str, list[str]]) -> str:
    from cascade.batch import PEMDA

    repo = checked.repo
    sections = []
    for folder, files in documents.items():
        name = _pemda_name(repo.pemda) if folder == PEMDA else repo.opds[folder].nama
        groups: dict[str, list[str]] = {}
        for rel in files:
            groups.setdefault(_group(rel), []).append(rel)
        rows = []
        for group, rels in groups.items():
            links = "<br>".join(f"<a href=\"{escape(quote(DOWNLOADS + '/' + rel))}\" download>{escape(rel.rsplit('/', 1)[-1])}</a> "
                                f"({KINDS.get(os.path.splitext(rel)[1], 'berkas')})" for rel in rels)
            rows.append(f"<tr><td>{escape(group)}</td><td>{links}</td></tr>")
        body = f"<table>{''.join(rows)}</table>" if rows else "<p>Belum ada dokumen.</p>"
        sections.append(f"<section id=\"unduh-{escape(folder)}\"><h2>{escape(name)}</h2>\n{body}</section>")
    return _shell("Unduh dokumen", "Unduh dokumen", "\n".join(sections))
