"""The review's attachments folder (`--lampiran`): the full report in Markdown and JSON, and the
pictures of the trees the change altered, before and after, which a job summary cannot hold.
In CI the folder is uploaded as an artifact beside the shortened summary."""
from __future__ import annotations

import os

from cascade.review.jsonreport import render_json
from cascade.review.report import picture_name, render_markdown
from cascade.write import atomic_write

_PICTURE_ENDINGS = (".sebelum.svg", ".sesudah.svg")


def write_lampiran(folder: str, review, pictures: dict[str, dict[str, tuple]]) -> None:
    """Raises OSError when the folder cannot be written."""
    os.makedirs(folder, exist_ok=True)
    trees = os.path.join(folder, "pohon")
    for path, _, names in os.walk(trees):  # pictures of an earlier review would pass for this one's
        for name in names:
            if name.endswith(_PICTURE_ENDINGS):
                os.remove(os.path.join(path, name))
    for key, changed in sorted(pictures.items()):
        for tree, sides in sorted(changed.items()):
            for side, data in zip(("sebelum", "sesudah"), sides):
                if data is not None:
                    os.makedirs(os.path.join(trees, key), exist_ok=True)
                    atomic_write(os.path.join(trees, key, picture_name(tree, side)), data)
    atomic_write(os.path.join(folder, "laporan.md"), render_markdown(review, pictures=pictures).encode("utf-8"))
    atomic_write(os.path.join(folder, "laporan.json"), render_json(review).encode("utf-8"))
