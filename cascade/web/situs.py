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
from urllib.parse import quote

from cascade.diagnostics import Loc, Report, error
from cascade.formats import Output
from cascade.orchestrator import Options, Say

SITE = "situs"  # build/situs/
DOWNLOADS = "unduh"
# Graphviz sources are how a tree image is made, not a document anyone reads.
NOT_DOWNLOADED = (".dot",)


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
    from cascade.build import dot_cache_for, write_folder
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
    trees = dot_cache_for(os.path.join(opts.out, SITE))  # the builds' (build/.cache/dot): most trees are there
    outputs = pages(checked, documents, trees) + [Output(f"{DOWNLOADS}/{rel}", _read(opts.out, rel)) for rel, _ in _flat(documents)]
    folder = os.path.join(opts.out, SITE)
    written, removed, diags = write_folder(folder, outputs, [], [trees])
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
        found[folder] = sorted(files, key=lambda rel: tuple(rel.rsplit("/", 1)))  # a folder's files before its sub-folders
    return found


def _flat(documents: dict[str, list[str]]):
    for folder, files in documents.items():
        for rel in files:
            yield rel, folder


def pages(checked, documents: dict[str, list[str]], trees=None) -> list[Output]:
    """Every HTML page of the site. Each page shows the findings about what it shows (warnings and
    notes: a site is only written without errors). `trees`: the builds' Graphviz cache (DotCache)."""
    from cascade.documents.situs import evaluasi_page, opd_page, pemda_tree_page, rpjmd_page

    repo, tahun, names = checked.repo, checked.tahun, page_names(checked)
    everything = checked.report.sorted()
    pemda_findings = [d for d in everything if not d.loc.file.startswith("data/opd/")]
    opd_links = {key: names[f"opd:{key}"] for key in checked.keys}
    html = {
        "index": index_page(checked, names, nav(names, "index"), documents),
        "unduh": download_page(checked, documents, nav(names, "unduh")),
        "rpjmd": rpjmd_page(repo, tahun, pemda_findings, nav=nav(names, "rpjmd"), opd_links=opd_links),
        "pohon": pemda_tree_page(repo, tahun, everything, nav=nav(names, "pohon"), opd_links=opd_links,
                                 dot_cache=trees),
    }
    for key in checked.keys:
        mine = [d for d in everything if d.loc.file.startswith(f"data/opd/{key}/")]
        html[f"opd:{key}"] = opd_page(repo, key, tahun, mine, nav=nav(names, f"opd:{key}"), dot_cache=trees,
                                      opd_links=opd_links, rpjmd_href=names["rpjmd"])
        for year in evaluasi_years(repo.opds[key]):
            page = f"evaluasi:{key}:{year}"
            html[page] = evaluasi_page(repo, key, year, mine, nav=nav(names, page), dot_cache=trees,
                                       opd_links=opd_links, rpjmd_href=names["rpjmd"])
    return sorted((Output(names[page], text.encode("utf-8")) for page, text in html.items()), key=lambda o: o.path)


# The navigation bar every page carries (the OPD pages are reached from the start page and the Pemda tree).
NAV = [("index", "Beranda"), ("rpjmd", "RPJMD"), ("pohon", "Pohon kinerja Pemda"), ("unduh", "Unduh dokumen")]


def nav(names: dict[str, str], current: str) -> list[tuple[str, str]]:
    return [(label, "" if page == current else names[page]) for page, label in NAV]


def download_anchor(folder: str) -> str:
    """The anchor of a folder's section on the download page (the index links straight to it)."""
    from cascade.batch import PEMDA

    return "dokumen-pemda" if folder == PEMDA else f"dokumen-{folder}"


LEVELS = [("tujuan", "Tujuan"), ("sasaran", "Sasaran"), ("program", "Program"), ("kegiatan", "Kegiatan"),
          ("subkegiatan", "Sub kegiatan")]


def _finding_counts(checked, mine) -> list[tuple[str, str, str]]:
    from cascade.diagnostics import Severity

    items = []
    for severity, word in ((Severity.ERROR, "Galat"), (Severity.WARNING, "Peringatan"), (Severity.INFO, "Catatan")):
        count = sum(1 for d in mine if d.severity is severity)
        if count or severity is not Severity.INFO:  # a note is worth a word only when there is one
            items.append((word, str(count), f"t-{word.lower()}" if count else ""))
    return items


def _pagu(opd, tahun: int) -> int:
    return sum(n.pagu.get(tahun, 0) or 0 for n in opd.nodes() if n.level == "subkegiatan")


def pemda_summary(checked) -> list[tuple[str, str, str]]:
    """The Pemda at a glance: its RPJMD's misi, tujuan and sasaran, the OPDs, their pagu of the year and
    the findings of the Pemda's own files."""
    from cascade.fmt import rupiah

    pemda, tahun = checked.repo.pemda, checked.tahun
    items = [("Misi", str(len(pemda.misi)), ""), ("Tujuan RPJMD", str(sum(1 for _ in pemda.rpjmd_tujuan())), ""),
             ("Sasaran RPJMD", str(sum(1 for _ in pemda.rpjmd_sasaran())), ""), ("Perangkat daerah", str(len(checked.keys)), ""),
             (f"Pagu {tahun} seluruh perangkat daerah",
              rupiah(sum(_pagu(checked.repo.opds[k], tahun) for k in checked.keys)), "")]
    return items + _finding_counts(checked, [d for d in checked.report.items if not d.loc.file.startswith("data/opd/")])


def opd_summary(checked, key: str) -> list[tuple[str, str, str]]:
    """What the start page says of an OPD at a glance: how many nodes of each level, the pagu of the
    year (the sum over its sub kegiatan, as T-C.27 totals it) and how many findings its files have."""
    from cascade.fmt import rupiah

    opd, tahun = checked.repo.opds[key], checked.tahun
    nodes = list(opd.nodes())
    items = [(label, str(sum(1 for n in nodes if n.level == level)), "") for level, label in LEVELS]
    items.append((f"Pagu {tahun}", rupiah(_pagu(opd, tahun)), ""))
    return items + _finding_counts(checked, [d for d in checked.report.items if d.loc.file.startswith(f"data/opd/{key}/")])


def index_page(checked, names: dict[str, str], bar, documents: dict[str, list[str]] | None = None) -> str:
    from cascade.batch import PEMDA
    from cascade.documents.situs import Bagian, daftar_page

    repo, tahun = checked.repo, checked.tahun
    pemda = repo.pemda
    unduh = names["unduh"]
    sections = [Bagian("Pemerintah daerah", [
        ("RPJMD dan kontribusi setiap perangkat daerah (keselarasan)", names["rpjmd"]),
        ("Pohon kinerja Pemda", names["pohon"]),
        ("Unduh dokumen Pemda", f"{unduh}#{download_anchor(PEMDA)}"),
        ("Unduh semua dokumen (Word, Excel, gambar)", unduh)], pemda_summary(checked), id="pemda")]
    for key in checked.keys:
        links = [("Rencana strategis, pohon kinerja dan Perjanjian Kinerja", names[f"opd:{key}"])]
        links += [(f"Evaluasi capaian {t}", names[f"evaluasi:{key}:{t}"]) for t in evaluasi_years(repo.opds[key])]
        if documents is None or documents.get(key):
            links.append(("Unduh dokumen perangkat daerah ini", f"{unduh}#{download_anchor(key)}"))
        sections.append(Bagian(repo.opds[key].nama, links, opd_summary(checked, key), id=f"opd-{key}"))
    intro = (f"Visi: {pemda.visi}. Periode RPJMD {pemda.periode[0]}–{pemda.periode[1]}; "
             f"tahun berjalan {tahun}.")
    return daftar_page(f"Perencanaan kinerja {pemda.nama}", sections, nav=bar, pengantar=intro)


def download_page(checked, documents: dict[str, list[str]], bar) -> str:
    from cascade.batch import PEMDA
    from cascade.documents.situs import Bagian, daftar_page
    from cascade.web.unduhan import group, label

    repo = checked.repo
    sections = []
    for folder, files in documents.items():
        opd = None if folder == PEMDA else repo.opds[folder]
        name = repo.pemda.nama if opd is None else opd.nama
        groups: dict[str, list] = {}
        for rel in files:
            groups.setdefault(group(rel), []).append((label(rel, opd), quote(f"{DOWNLOADS}/{rel}")))
        anchor = download_anchor(folder)
        sections.append(Bagian(name, sub=tuple(Bagian(g, tuple(links), id=f"{anchor}-{i}")
                                               for i, (g, links) in enumerate(groups.items(), start=1)), id=anchor))
    return daftar_page("Unduh dokumen", sections, nav=bar,
                       pengantar="Dokumen hasil Cascade untuk setiap perangkat daerah dan Pemda, siap diunduh.")
