"""Render stage: one package (or module) per document. Each renderer is a pure function

    render(job: Job) -> list[Output]          (one OPD, into build/<opd>/)
    render_pemda(job: PemdaJob) -> list[Output]  (the whole Pemda, into build/pemda/)

that returns file contents as bytes; only `cascade.write` puts them on disk. Documents lay their
content out with the formats (cascade.formats: docx, xlsx, dot), which never import a document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cascade.formats import Output, RenderError  # noqa: F401 (what every renderer returns or raises)
from cascade.model.types import Opd, Repo, is_draf


@dataclass(frozen=True)
class Job:
    repo: Repo
    opd: Opd
    tahun: int  # the year being built (PK, trees)
    # results computed once per job and reused (the Renstra's pohon figures, started early and
    # taken later); never compared, never outlives the job
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    dot_cache: object = field(default=None, compare=False, repr=False)  # a cascade.formats.dot.cache.DotCache

    @property
    def draf(self) -> bool:
        """The OPD's plan (or the whole Pemda's) is still a draft: titles and pages carry "DRAF"."""
        return is_draf(self.repo.pemda, self.opd)


@dataclass(frozen=True)
class PemdaJob:
    repo: Repo
    tahun: int
    dot_cache: object = field(default=None, compare=False, repr=False)

    @property
    def draf(self) -> bool:
        return is_draf(self.repo.pemda)


def renderers(draf: bool = False):
    """The per-OPD renderers run by `build`, in order. Imported lazily so `validate` stays light.
    A draft plan gets no PK, nor what follows it (its Rencana Aksi, the penjenjangan and the SKP): nobody signs
    a plan that is not final."""
    from cascade.documents import excel, iku, jenjang, pk, pohon, rencana_aksi, renstra, ringkasan

    # the Rencana Aksi details each PK, so it is built (and left out of a draft) with the PK
    return ([ringkasan.render, pohon.render, renstra.render]
            + ([] if draf else [pk.render, rencana_aksi.render, jenjang.render]) + [excel.render, iku.render])


def draws_only(render) -> bool:
    """Whether a renderer only draws trees with Graphviz: it waits on `dot` and builds no Word or Excel
    document, so the build runs it beside the others (cascade/build.py)."""
    from cascade.documents import pohon

    return render in (pohon.render, pohon.render_pemda)


def pemda_renderers(draf: bool = False):
    """The Pemda-wide renderers run by `build-pemda` (`make pemda`); no kepala daerah's PK from a draft."""
    from cascade.documents import iku, keselarasan, pk, pohon

    return ([pohon.render_pemda] + ([] if draf else [pk.render_pemda]) + [keselarasan.render_pemda]
            + [iku.render_pemda])
