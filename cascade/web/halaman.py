"""The pages the preview serves and the site holds, from cascade/documents/situs/ (the halaman helper's
pure functions). PLACEHOLDER until that package lands: minimal, escaped pages with the same roles."""
from __future__ import annotations

from html import escape

from cascade.pipeline import Checked


def _shell(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title></head><body>{body}</body></html>\n")


def _findings(report) -> str:
    items = "".join(f"<li>{escape(d.format())}</li>" for d in report.sorted())
    return f"<section id=\"temuan\"><h2>Temuan</h2><ul>{items}</ul></section>" if items else ""


def opd_page(checked: Checked, key: str) -> str:
    """The OPD's page (pohon, tables, findings); when the model could not be built, the findings alone."""
    repo = checked.repo
    if repo is None or key not in repo.opds:
        return _shell("Data bergalat", "<h1>Data bergalat</h1>" + _findings(checked.report))
    opd = repo.opds[key]
    boxes = []

    def walk(node) -> None:
        targets = "; ".join(f"{escape(i.nama)}: " + ", ".join(f"{y} {v}" for y, v in sorted(i.target.items()))
                            for i in node.indikator)
        boxes.append(f"<button class=\"kotak\" data-target=\"{escape(targets)}\">{escape(node.uraian)}</button>")
        for child in node.children:
            walk(child)

    for tujuan in opd.tujuan:
        walk(tujuan)
    script = ("<script>document.querySelectorAll('.kotak').forEach(b=>b.onclick=()=>{"
              "document.getElementById('rincian').textContent=b.dataset.target});</script>")
    return _shell(opd.nama, f"<h1>{escape(opd.nama)}</h1>{_findings(checked.report)}<div>{''.join(boxes)}</div>"
                            f"<div id=\"rincian\"></div>{script}")
