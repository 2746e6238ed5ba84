"""The page functions (see the package docstring for the API)."""
from __future__ import annotations

from typing import Mapping, Sequence

from cascade.diagnostics import Diagnostic
from cascade.documents import RenderError
from cascade.documents.pohon.graph import make_ctx
from cascade.documents.pohon.label import LABEL_POHON, theme_for
from cascade.documents.situs import layout, temuan
from cascade.documents.situs.pohon import tree_svg
from cascade.documents.situs.rincian import details
from cascade.documents.situs.tabel import renstra_tables
from cascade.fmt import judul_draf
from cascade.model.types import Repo, is_draf

# (label shown in the bar, href relative to the page; "" for the page itself)
Nav = Sequence[tuple[str, str]]
# Where the live preview's server sends its event stream (Server-Sent Events): any event means "the
# page changed"; the page then reloads itself, keeping zoom, pan, the open box and the scroll position.
LIVE_PATH = "/peristiwa"


def _banner(findings: Sequence[Diagnostic], loaded: bool) -> dict | None:
    """The error banner at the top: every error with its place, or None when there is none."""
    errs = temuan.errors(findings)
    if not errs and loaded:
        return None
    if loaded:
        lead = (f"Data memuat {len(errs)} galat. Halaman ini dibuat dari data yang belum benar; "
                "perbaiki galat di bawah ini lebih dulu.")
    else:
        lead = (f"Data memuat {len(errs)} galat sehingga belum dapat dimuat. Pohon kinerja dan tabel tidak "
                "ditampilkan sampai galat di bawah ini diperbaiki.")
    return {"pesan": lead, "galat": [temuan.row(d) for d in errs]}


def _legend(repo: Repo) -> list[dict]:
    theme = theme_for(repo.pemda.settings)
    kinds = ["rpjmd_sasaran", *LABEL_POHON]
    labels = {"rpjmd_sasaran": "Sasaran RPJMD", **theme.labels}
    return [{"label": labels[k], "kelas": f"warna-{i}", "warna": theme.band(k)[0]} for i, k in enumerate(kinds)]


def _legend_css(legend: list[dict]) -> str:
    # colours of the Pemda's tree theme (cascade/documents/pohon/label.py), never text from the data
    return "".join(f".legenda .{item['kelas']}{{background:{item['warna']}}}" for item in legend)


def opd_page(repo: Repo | None, key: str, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
             live: bool = False, dot_cache=None) -> str:
    """One OPD: its pohon kinerja (zoom, pan, search; a box opens its details), T-C.25 and T-C.27,
    each official's PK lampiran and every finding. `repo` None, or without the OPD: the findings
    alone under the error banner. `live`: the page follows the preview server's LIVE_PATH."""
    opd = repo.opds.get(key) if repo is not None else None
    loaded = opd is not None
    rows = [temuan.row(d) for d in temuan.ordered(findings)]
    context = {"banner": _banner(findings, loaded), "temuan": rows, "opd": None}
    data: dict = {"simpul": {}, "jalur": LIVE_PATH}
    judul = f"Kinerja Perangkat Daerah: {key}" if not loaded else ""
    css = ""
    if loaded:
        pemda = repo.pemda
        ctx = make_ctx(repo, opd, tahun)
        judul = judul_draf(f"{opd.nama} {pemda.nama}", is_draf(pemda, opd))
        data["simpul"] = details(repo, opd, tahun, findings)
        legend = _legend(repo)
        css = _legend_css(legend)
        context.update(
            opd=opd, pemda=pemda, tahun=tahun, legenda=legend,
            pohon=layout.Markup(tree_svg(ctx, dot_cache)),
            tabel=renstra_tables(pemda, opd),
            pk=_pk(repo, opd, tahun))
    return layout.render("opd.html", judul=judul, nav=nav, data=data, live=live, css=css, **context)


def _pk(repo: Repo, opd, tahun: int) -> dict:
    """Each official's PK lampiran of `tahun` (the PK murni), or why none can be drawn up."""
    from cascade.documents.pk.data import build_all

    try:
        return {"daftar": build_all(opd, repo.pemda, tahun), "galat": ""}
    except RenderError as exc:
        return {"daftar": [], "galat": exc.message + (f" (saran: {exc.hint})" if exc.hint else "")}


def pemda_tree_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
                    opd_links: Mapping[str, str] | None = None, dot_cache=None) -> str:
    """The Pemda tree (visi → misi → RPJMD → every OPD's tujuan); `opd_links`: OPD key → its page."""
    return _simple(repo, findings, nav, "Pohon Kinerja Pemerintah Daerah")


def rpjmd_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = ()) -> str:
    """The RPJMD's tujuan and sasaran with every OPD's contribution (the keselarasan view)."""
    return _simple(repo, findings, nav, "RPJMD dan Keselarasan Renstra Perangkat Daerah")


def evaluasi_page(repo: Repo | None, key: str, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = ()) -> str:
    """Capaian of one OPD's indicators and budget for the years up to `tahun` that have realisasi."""
    return _simple(repo, findings, nav, "Evaluasi Kinerja")


def daftar_page(judul: str, bagian: Sequence[tuple[str, Sequence[tuple[str, str]]]],
                findings: Sequence[Diagnostic] = (), *, nav: Nav = (), pengantar: str = "") -> str:
    """A page of links: `bagian` is (heading, [(label, relative href)]) per section (index, unduhan)."""
    return layout.render("daftar.html", judul=judul, nav=nav, data={}, banner=_banner(findings, True),
                         bagian=bagian, pengantar=pengantar, temuan=[temuan.row(d) for d in temuan.ordered(findings)])


def _simple(repo, findings, nav, judul) -> str:
    loaded = repo is not None
    return layout.render("daftar.html", judul=judul, nav=nav, data={}, banner=_banner(findings, loaded),
                         bagian=(), pengantar="", temuan=[temuan.row(d) for d in temuan.ordered(findings)])
