"""The HTML pages of the preview and the static site (issue 29): pure functions returning one
complete, self-contained HTML page as a string (inline CSS, JS and SVG; no request to any other
server). `cascade pratinjau` serves them, `cascade situs` writes them to build/situs/.

    opd_page(repo, key, tahun, findings, *, nav, live)   one OPD: pohon kinerja, T-C.25/27, PK, temuan
    pemda_tree_page(repo, tahun, findings, *, nav, opd_links)  the Pemda tree
    rpjmd_page(repo, tahun, findings, *, nav)            RPJMD with every OPD's contribution (keselarasan)
    evaluasi_page(repo, key, tahun, findings, *, nav)    capaian of one OPD where realisasi exists
    daftar_page(judul, bagian, findings, *, nav)         a page of links (index, unduhan)

`nav` is the navigation bar: (label, relative href) pairs in order, the current page's href "".
`findings` are the diagnostics of the run that loaded `repo` (`repo` None: the data could not be
loaded; the page then shows the findings under an error banner). Everything a planner wrote is
escaped (Jinja autoescape; JSON for the scripts escaped for a <script> element), so it shows as text.
"""
from __future__ import annotations

from cascade.documents.situs.halaman import (  # noqa: F401 (the public API)
    LIVE_PATH,
    Bagian,
    Nav,
    daftar_page,
    evaluasi_page,
    opd_page,
    pemda_tree_page,
    rpjmd_page,
    with_version,
)
