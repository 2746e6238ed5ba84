"""The page functions (see the package docstring for the API)."""
from __future__ import annotations

from typing import Mapping, Sequence

from cascade.diagnostics import Diagnostic
from cascade.documents import RenderError
from cascade.documents.pohon.graph import make_ctx
from cascade.documents.pohon.label import LABEL_POHON, theme_for
from cascade.documents.situs import layout, temuan
from cascade.documents.situs.laporan import blocks_for_page
from cascade.documents.situs.pohon import tree_svg
from cascade.documents.situs.rincian import details
from cascade.documents.situs.tabel import renstra_tables
from cascade.fmt import angka, judul_draf
from cascade.formats.docx.report import Judul
from cascade.model.types import Repo, is_draf

# (label shown in the bar, href relative to the page; "" for the page itself)
Nav = Sequence[tuple[str, str]]
# Where the live preview's server sends its event stream (Server-Sent Events): an "ubah" event (or a
# plain message) means "the page changed"; the page then reloads itself, keeping zoom, pan, the open
# box, the search and the scroll position. The page asks for `LIVE_PATH?versi=<n>`, n from its
# version meta, which the server fills in per request with `with_version`.
LIVE_PATH = "/peristiwa"
VERSION_META = '<meta name="cascade-versi" content="0">'


def with_version(html: str, version: int) -> str:
    """A live page (`live=True`) as the preview serves it: telling the server which version it shows.
    No script may be added to a page afterwards: its Content-Security-Policy admits only its own."""
    return html.replace(VERSION_META, f'<meta name="cascade-versi" content="{int(version)}">', 1)


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


def capaian_legend(batas: dict) -> list[dict]:
    """The capaian categories in the evaluation tree's colours, with their bands (pemda.yaml)."""
    from cascade.documents.evaluasi.pohon import WARNA
    from cascade.model.capaian import KATEGORI, KATEGORI_LABEL

    items = []
    for i, key in enumerate(KATEGORI):
        low = batas.get(key)
        band = f" (≥ {angka(low)}%)" if low is not None else ""
        items.append({"label": KATEGORI_LABEL[key] + band, "kelas": f"warna-{i}", "warna": WARNA[key][0]})
    items.append({"label": KATEGORI_LABEL[None], "kelas": f"warna-{len(KATEGORI)}", "warna": WARNA[None][0]})
    return items


def eval_ctx(repo: Repo, opd, ev):
    from cascade.documents.evaluasi.pohon import EvalCtx

    base = make_ctx(repo, opd, ev.tahun)
    return EvalCtx(base.repo, base.opd, base.theme, ev.tahun, ev)


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
    context = {"banner": _banner(findings, loaded), "temuan": _rows(findings), "opd": None}
    data: dict = {"simpul": {}, "jalur": LIVE_PATH}
    judul = "Kinerja Perangkat Daerah (data belum dapat dimuat)"
    css = ""
    if loaded:
        pemda = repo.pemda
        ctx = make_ctx(repo, opd, tahun)
        judul = judul_draf(f"{opd.nama} {pemda.nama}", is_draf(pemda, opd))
        data["simpul"] = details(repo, opd, tahun, findings)
        legend = _legend(repo)
        css = _legend_css(legend)
        programs = [n.kode for n in opd.nodes() if n.level == "program" and n.kode]
        context.update(
            opd=opd, pemda=pemda, tahun=tahun, legenda=legend,
            contoh_cari="kata atau kode" + (f", mis. {programs[0]}" if programs else ""),
            **_drawn(lambda: tree_svg(ctx, dot_cache)),
            tabel=renstra_tables(pemda, opd),
            pk=_pk(repo, opd, tahun))
    return layout.render("opd.html", judul=judul, nav=nav, data=data, live=live, css=css, **context)


def _drawn(draw) -> dict:
    """`pohon`: what `draw` returns (an SVG), or `pohon_galat`: why it could not be drawn (Graphviz
    missing or failing), so the rest of the page still shows."""
    try:
        value = draw()
    except RenderError as exc:
        return {"pohon": None, "pohon_galat": f"Pohon kinerja tidak dapat digambar: {exc.message}"
                                              + (f" (saran: {exc.hint})" if exc.hint else "")}
    return {"pohon": layout.Markup(value) if isinstance(value, str) else value, "pohon_galat": ""}


def _pk(repo: Repo, opd, tahun: int) -> dict:
    """Each official's PK lampiran of `tahun` (the PK murni), or why none can be drawn up (a draft
    plan gets no PK, as in `build`: nobody signs a plan that is not final)."""
    from cascade.documents.pk.data import build_all

    if is_draf(repo.pemda, opd):
        return {"daftar": [], "galat": "Rencana ini masih draf, sehingga Perjanjian Kinerja belum disusun."}
    try:
        return {"daftar": build_all(opd, repo.pemda, tahun), "galat": ""}
    except RenderError as exc:
        return {"daftar": [], "galat": exc.message + (f" (saran: {exc.hint})" if exc.hint else "")}


def pemda_tree_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
                    opd_links: Mapping[str, str] | None = None, dot_cache=None) -> str:
    """The Pemda tree (visi → misi → RPJMD tujuan and sasaran → every OPD's tujuan and sasaran), with
    zoom, pan and search; a box opens its details, an OPD's box links to `opd_links[key]` (its page)."""
    judul = "Pohon Kinerja Pemerintah Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "legenda": []}
    data: dict = {"simpul": {}}
    if repo is not None:
        from cascade.documents.situs.pemda import pemda_boxes

        judul = judul_draf(f"Pohon Kinerja {repo.pemda.nama}", is_draf(repo.pemda))
        drawn = _drawn(lambda: pemda_boxes(repo, tahun, opd_links or {}, dot_cache))
        if drawn["pohon"] is not None:
            svg, data["simpul"] = drawn["pohon"]
            drawn["pohon"] = layout.Markup(svg)
        context.update(**drawn, contoh_cari="nama perangkat daerah, tujuan atau sasaran",
                       pengantar=f"RPJMD {repo.pemda.years[0]}–{repo.pemda.years[-1]} · target tahun {tahun}")
    return layout.render("laporan.html", judul=judul, nav=nav, data=data, banner=_banner(findings, repo is not None),
                         temuan=_rows(findings), **context)


def rpjmd_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = ()) -> str:
    """The RPJMD's tujuan and sasaran with every OPD's contribution: the keselarasan report's own
    content (cascade/documents/keselarasan.py), which covers the whole period."""
    judul = "RPJMD dan Keselarasan Renstra Perangkat Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "css": "",
                     "legenda": []}
    if repo is not None:
        from cascade.documents.keselarasan import blocks
        from cascade.model.keselarasan import analysed

        items = blocks(analysed(repo.pemda, repo.opds))
        judul = items[0].teks if items and isinstance(items[0], Judul) else judul
        shown, context["css"] = blocks_for_page(items[1:])
        context["laporan"] = [{"judul": "", "id": "", "blok": shown}]
    return layout.render("laporan.html", judul=judul, nav=nav, data={}, banner=_banner(findings, repo is not None),
                         temuan=_rows(findings), **context)


def evaluasi_page(repo: Repo | None, key: str, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
                  dot_cache=None) -> str:
    """Capaian of one OPD's indicators and budget in `tahun`: the tree coloured by capaian (a box opens
    its capaian), then the evaluation report's own content (cascade/documents/evaluasi, with the E.80
    table of the period up to `tahun`); without a realisasi file for `tahun` the page says so."""
    opd = repo.opds.get(key) if repo is not None else None
    data: dict = {"simpul": {}}
    judul = f"Evaluasi Kinerja {opd.nama} Tahun {tahun}" if opd else "Evaluasi Kinerja Perangkat Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "css": "",
                     "legenda": []}
    if opd is not None:
        from cascade.documents.evaluasi.isi import blocks
        from cascade.model.capaian import evaluate, evaluate_period

        pemda = repo.pemda
        context["pengantar"] = f"{opd.nama} {pemda.nama}"
        if any(r.tahun_berkas == tahun for r in opd.realisasi):
            ev = evaluate(pemda, opd, tahun)
            context.update(_drawn(lambda: tree_svg(eval_ctx(repo, opd, ev), dot_cache)),
                           contoh_cari="kata atau kode", legenda=capaian_legend(pemda.kategori_capaian))
            data["simpul"] = details(repo, opd, tahun, findings, ev)
            items = blocks(pemda, opd, ev, evaluate_period(pemda, opd, tahun))
            shown, css = blocks_for_page(items[1:])
            context["css"] = css + _legend_css(context["legenda"])
            context["laporan"] = [{"judul": "", "id": "", "blok": shown}]
        else:
            context["kosong"] = f"Belum ada data realisasi tahun {tahun}, sehingga capaiannya belum dapat dihitung."
    return layout.render("laporan.html", judul=judul, nav=nav, data=data, banner=_banner(findings, opd is not None),
                         temuan=_rows(findings), **context)


def daftar_page(judul: str, bagian: Sequence[tuple[str, Sequence[tuple[str, str]]]],
                findings: Sequence[Diagnostic] = (), *, nav: Nav = (), pengantar: str = "") -> str:
    """A page of links: `bagian` is (heading, [(label, relative href)]) per section (index, unduhan)."""
    return layout.render("daftar.html", judul=judul, nav=nav, data={}, banner=_banner(findings, True),
                         bagian=bagian, pengantar=pengantar, temuan=_rows(findings))


def _rows(findings: Sequence[Diagnostic]) -> list[dict]:
    return [temuan.row(d) for d in temuan.ordered(findings)]
