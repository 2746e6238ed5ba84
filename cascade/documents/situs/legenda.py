"""The colour keys under the trees: the levels in the Pemda's tree theme, or the capaian categories
of the evaluation tree; as list items plus the CSS rules that paint their swatches (colours from the
code's palettes, never text from the data)."""
from __future__ import annotations

from cascade.documents.pohon.label import LABEL_POHON, theme_for
from cascade.fmt import angka
from cascade.model.types import Repo


def levels(repo: Repo) -> list[dict]:
    """The box header colour of every level the OPD tree draws, named as its boxes name them."""
    theme = theme_for(repo.pemda.settings)
    kinds = ["rpjmd_sasaran", *LABEL_POHON]
    labels = {"rpjmd_sasaran": "Sasaran RPJMD", **theme.labels}
    return [{"label": labels[k], "kelas": f"warna-{i}", "warna": theme.band(k)[0]} for i, k in enumerate(kinds)]


def capaian(batas: dict) -> list[dict]:
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


def css(legend: list[dict]) -> str:
    # colours of the Pemda's tree theme (cascade/documents/pohon/label.py), never text from the data
    return "".join(f".legenda .{item['kelas']}{{background:{item['warna']}}}" for item in legend)
