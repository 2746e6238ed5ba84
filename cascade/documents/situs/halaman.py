"""The page functions (see the package docstring for the API)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from cascade.diagnostics import Diagnostic
from cascade.documents import RenderError
from cascade.documents.pohon.graph import make_ctx
from cascade.documents.situs import layout, legenda, temuan
from cascade.documents.situs.laporan import blocks_for_page
from cascade.documents.situs.pohon import context_details, context_key, eval_ctx, folded, tree_svg
from cascade.documents.situs.rincian import details
from cascade.documents.situs.tabel import renstra_tables
from cascade.fmt import judul_draf
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


def _banner(findings: Sequence[Diagnostic], loaded: bool, simpul: dict | None = None) -> dict | None:
    """The error banner at the top: every error with its place (and, from `simpul`, the box it is
    about, which the page can open), or None when there is none."""
    errs = temuan.errors(findings)
    if not errs and loaded:
        return None
    if loaded:
        lead = (f"Data memuat {len(errs)} galat. Halaman ini dibuat dari data yang belum benar; "
                "perbaiki galat di bawah ini lebih dulu.")
    elif not errs:
        lead = "Data yang diminta tidak ditemukan, sehingga belum ada yang dapat ditampilkan."
    else:
        lead = (f"Data memuat {len(errs)} galat sehingga belum dapat dimuat. Pohon kinerja dan tabel tidak "
                "ditampilkan sampai galat di bawah ini diperbaiki.")
    about = {(t["lokasi"], t["kode"], t["pesan"]): node_id for node_id, d in (simpul or {}).items() for t in d["temuan"]}
    rows = [temuan.row(d) for d in errs]
    for row in rows:
        row["simpul"] = about.get((row["lokasi"], row["kode"], row["pesan"]), "")
    return {"pesan": lead, "galat": rows}


def opd_page(repo: Repo | None, key: str, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
             live: bool = False, dot_cache=None, opd_links: Mapping[str, str] | None = None,
             rpjmd_href: str = "") -> str:
    """One OPD: its pohon kinerja (zoom, pan, search; a box opens its details), T-C.25 and T-C.27,
    each official's PK lampiran and every finding. `repo` None, or without the OPD: the findings
    alone under the error banner. `live`: the page follows the preview server's LIVE_PATH.
    `opd_links` (OPD key → its page) lets a crosscutting box link to the other OPD's box there,
    `rpjmd_href` an RPJMD sasaran box to the RPJMD page. An OPD with more than FOLD_ABOVE sub kegiatan
    gets its tree drawn down to kegiatan (a kegiatan box opens its sub kegiatan)."""
    opd = repo.opds.get(key) if repo is not None else None
    loaded = opd is not None
    context = {"banner": _banner(findings, loaded), "temuan": _rows(findings), "opd": None}
    data: dict = {"simpul": {}, "jalur": LIVE_PATH, "tahun": tahun}
    judul = "Kinerja Perangkat Daerah (data belum dapat dimuat)"
    css = ""
    if loaded:
        pemda = repo.pemda
        ctx = make_ctx(repo, opd, tahun)
        judul = judul_draf(f"{opd.nama} {pemda.nama}", is_draf(pemda, opd))
        data["simpul"] = details(repo, opd, tahun, findings)
        fold = folded(ctx)
        _add_anchors(opd, data["simpul"], fold)
        konteks = context_details(ctx, fold, opd_links, rpjmd_href)
        data["konteks"] = {context_key(i): d for i, d in enumerate(konteks.values(), start=1)}
        context["banner"] = _banner(findings, loaded, data["simpul"])
        legend = legenda.levels(repo)
        css = legenda.css(legend)
        programs = [n.kode for n in opd.nodes() if n.level == "program" and n.kode]
        context.update(
            opd=opd, pemda=pemda, tahun=tahun, legenda=legend,
            contoh_cari="kata atau kode" + (f", mis. {programs[0]}" if programs else ""),
            lipat=sum(1 for n in opd.nodes() if n.level == "subkegiatan") if fold else 0,
            **_drawn(lambda: tree_svg(ctx, dot_cache, temuan.marks(data["simpul"]), fold, konteks)),
            tabel=renstra_tables(pemda, opd),
            pk=_pk(repo, opd, tahun))
    return layout.render("opd.html", judul=judul, nav=nav, data=data, live=live, css=css, **context)


def _add_anchors(opd, simpul: dict, fold: bool) -> None:
    """Each node's box id (`jangkar`, what `#kotak-N` in the address opens) and, in a folded tree, the
    sub kegiatan a kegiatan opens (`anak`: node ids) and the kegiatan box that stands for each sub
    kegiatan (`wakil`), so search and links reach a sub kegiatan that is not drawn."""
    for number, node in enumerate(opd.nodes(), start=1):
        simpul[node.id]["jangkar"] = f"kotak-{number}"
        if fold and node.level == "kegiatan":
            subs = [c.id for c in node.children if c.level == "subkegiatan"]
            if subs:
                simpul[node.id]["anak"] = subs
            for sub in subs:
                simpul[sub]["wakil"] = node.id


# The key under the Pemda tree: its boxes marked by findings (the colours are the printed tree's own).
TANDA = [{"label": "Kotak dengan galat", "kelas": "tanda-galat"},
         {"label": "Kotak dengan peringatan", "kelas": "tanda-peringatan"}]


def _drawn(draw) -> dict:
    """`pohon`: what `draw` returns (an SVG), or `pohon_galat`: why it could not be drawn (Graphviz
    missing or failing), so the rest of the page still shows."""
    try:
        value = draw()
    except RenderError as exc:
        return {"pohon": None, "pohon_galat": f"Pohon kinerja tidak dapat digambar: {exc.message}"
                                              + (f" (saran: {exc.hint})" if exc.hint else "")}
    return {"pohon": layout.Markup(value) if isinstance(value, str) else value, "pohon_galat": ""}


def _pk(repo: Repo, opd, tahun: int) -> list[dict]:
    """Each signing of `tahun` (the PK murni, and the PK Perubahan when the data dates one) with each
    official's lampiran, or why none can be drawn up (a draft plan gets no PK, as in `build`: nobody
    signs a plan that is not final)."""
    from cascade.documents.pk.data import build_all
    from cascade.fmt import tanggal

    if is_draf(repo.pemda, opd):
        return [{"judul": f"Lampiran Perjanjian Kinerja Tahun {tahun}", "daftar": [], "rujukan": "",
                 "galat": "Rencana ini masih draf, sehingga Perjanjian Kinerja belum disusun."}]
    signings = []
    for day, perubahan in repo.pemda.settings.pk_dates(tahun):
        judul = f"Lampiran Perjanjian Kinerja {'Perubahan ' if perubahan else ''}Tahun {tahun} ({tanggal(day)})"
        try:
            daftar = build_all(opd, repo.pemda, tahun, day, perubahan)
            signings.append({"judul": judul, "daftar": daftar, "galat": "",
                             "rujukan": daftar[0].rujukan if daftar else ""})
        except RenderError as exc:
            signings.append({"judul": judul, "daftar": [], "rujukan": "",
                             "galat": exc.message + (f" (saran: {exc.hint})" if exc.hint else "")})
    return signings


def pemda_tree_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
                    opd_links: Mapping[str, str] | None = None, dot_cache=None) -> str:
    """The Pemda tree (visi → misi → RPJMD tujuan and sasaran → every OPD's tujuan and sasaran), with
    zoom, pan and search; a box opens its details, an OPD's box links to `opd_links[key]` (its page).
    `findings` may hold the OPDs' too: an OPD box whose tujuan or sasaran they are about is marked (and
    lists them); the page's own list and banner show only the Pemda's (the OPD pages list theirs)."""
    everything = findings
    findings = [d for d in findings if not d.loc.file.startswith("data/opd/")]
    judul = "Pohon Kinerja Pemerintah Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "legenda": [],
                     "tautan_opd": []}
    data: dict = {"simpul": {}}
    if repo is not None:
        from cascade.documents.situs.pemda import pemda_boxes

        judul = judul_draf(f"Pohon Kinerja {repo.pemda.nama}", is_draf(repo.pemda))
        drawn = _drawn(lambda: pemda_boxes(repo, tahun, opd_links or {}, dot_cache, everything))
        if drawn["pohon"] is not None:
            svg, data["simpul"] = drawn["pohon"]
            drawn["pohon"] = layout.Markup(svg)
        context.update(**drawn, contoh_cari="nama perangkat daerah, tujuan atau sasaran", judul_pohon="Pohon Kinerja",
                       legenda=TANDA,
                       pengantar=f"RPJMD {repo.pemda.years[0]}–{repo.pemda.years[-1]} · target tahun {tahun}")
    return layout.render("laporan.html", judul=judul, nav=nav, data=data, banner=_banner(findings, repo is not None),
                         temuan=_rows(findings), **context)


def rpjmd_page(repo: Repo | None, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
               opd_links: Mapping[str, str] | None = None) -> str:
    """The RPJMD's tujuan and sasaran with every OPD's contribution: the keselarasan report's own
    content (cascade/documents/keselarasan.py), which covers the whole period; `opd_links` (OPD key →
    its page) puts a link to each OPD's page above it."""
    judul = "RPJMD dan Keselarasan Renstra Perangkat Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "css": "",
                     "legenda": [], "tautan_opd": []}
    if repo is not None:
        context["tautan_opd"] = [(f"{repo.opds[k].nama} ({repo.opds[k].singkatan})" if repo.opds[k].singkatan
                                  else repo.opds[k].nama, href)
                                 for k, href in sorted((opd_links or {}).items()) if k in repo.opds]
        from cascade.documents.keselarasan import blocks
        from cascade.model.keselarasan import analysed

        items = blocks(analysed(repo.pemda, repo.opds))
        judul = items[0].teks if items and isinstance(items[0], Judul) else judul
        shown, context["css"] = blocks_for_page(items[1:])
        context["laporan"] = shown
    return layout.render("laporan.html", judul=judul, nav=nav, data={}, banner=_banner(findings, repo is not None),
                         temuan=_rows(findings), **context)


def evaluasi_page(repo: Repo | None, key: str, tahun: int, findings: Sequence[Diagnostic], *, nav: Nav = (),
                  dot_cache=None, opd_links: Mapping[str, str] | None = None, rpjmd_href: str = "") -> str:
    """Capaian of one OPD's indicators and budget in `tahun`: the tree coloured by capaian (a box opens
    its capaian), then the evaluation report's own content (cascade/documents/evaluasi, with the E.80
    table of the period up to `tahun`); without a realisasi file for `tahun` the page says so. The tree
    folds and its context boxes link as on the OPD page (`opd_links`, `rpjmd_href`)."""
    opd = repo.opds.get(key) if repo is not None else None
    data: dict = {"simpul": {}}
    judul = f"Evaluasi Kinerja {opd.nama} Tahun {tahun}" if opd else "Evaluasi Kinerja Perangkat Daerah"
    context: dict = {"pohon": None, "pohon_galat": "", "laporan": [], "pengantar": "", "kosong": "", "css": "",
                     "legenda": [], "tautan_opd": []}
    if opd is not None:
        from cascade.documents.evaluasi.isi import blocks
        from cascade.model.capaian import evaluate, evaluate_period

        pemda = repo.pemda
        context["pengantar"] = f"{opd.nama} {pemda.nama}"
        if any(r.tahun_berkas == tahun for r in opd.realisasi):
            ev = evaluate(pemda, opd, tahun)
            data["simpul"] = details(repo, opd, tahun, findings, ev)
            ctx = eval_ctx(repo, opd, ev)
            fold = folded(ctx)
            _add_anchors(opd, data["simpul"], fold)
            konteks = context_details(ctx, fold, opd_links, rpjmd_href)
            data["konteks"] = {context_key(i): d for i, d in enumerate(konteks.values(), start=1)}
            data["tahun"] = tahun
            context.update(_drawn(lambda: tree_svg(ctx, dot_cache, temuan.marks(data["simpul"]), fold, konteks)),
                           contoh_cari="kata atau kode", legenda=legenda.capaian(pemda.kategori_capaian),
                           judul_pohon=f"Pohon Kinerja menurut Capaian Tahun {tahun}")
            items = blocks(pemda, opd, ev, evaluate_period(pemda, opd, tahun))
            shown, css = blocks_for_page(items[1:])
            context["css"] = css + legenda.css(context["legenda"])
            context["laporan"] = shown
        else:
            context["kosong"] = f"Belum ada data realisasi tahun {tahun}, sehingga capaiannya belum dapat dihitung."
    return layout.render("laporan.html", judul=judul, nav=nav, data=data, banner=_banner(findings, opd is not None),
                         temuan=_rows(findings), **context)


@dataclass(frozen=True)
class Bagian:
    """One section of a page of links: its heading, links `(label, relative href)`, an optional
    summary line `ringkas` (`(label, value, css class)` items), sub-sections (shown as h3) and the
    anchor `id` (made from the heading when empty, so every section can be linked to)."""

    judul: str
    tautan: Sequence[tuple[str, str]] = ()
    ringkas: Sequence[tuple[str, str, str]] = ()
    sub: Sequence["Bagian"] = ()
    id: str = ""


def _sections(bagian, taken: set[str]) -> list[Bagian]:
    out = []
    for b in bagian:
        b = b if isinstance(b, Bagian) else Bagian(b[0], tuple(b[1]))
        wanted = b.id if b.id and b.id not in taken else layout.anchor_id(b.id or b.judul, taken)
        taken.add(wanted)
        out.append(replace(b, id=wanted, sub=tuple(_sections(b.sub, taken))))
    return out


def daftar_page(judul: str, bagian: Sequence, findings: Sequence[Diagnostic] = (), *, nav: Nav = (),
                pengantar: str = "") -> str:
    """A page of links: `bagian` is a Bagian, or (heading, [(label, relative href)]), per section
    (index, unduhan); every section gets an anchor, listed at the top when there are several."""
    sections = _sections(bagian, {"isi", "temuan", "banner-judul"})
    return layout.render("daftar.html", judul=judul, nav=nav, data={}, banner=_banner(findings, True),
                         bagian=sections, pengantar=pengantar, temuan=_rows(findings))


def _rows(findings: Sequence[Diagnostic]) -> list[dict]:
    return [temuan.row(d) for d in temuan.ordered(findings)]
