"""Golden files: every document `build --pemda` writes, as reviewable text, under tests/golden/<pemda>/.

    python tools/golden.py           (`make golden`) render both Pemdas and write their golden files again
    python tools/golden.py --check   render and compare, as tests/test_golden.py does

A change to any document then shows in a pull request as a text diff (docs/golden.md). Per output:
Word's document, header, footer and core-property parts as canonical XML with one element per line,
each Excel sheet's non-empty cells (value, number format, bold), merged ranges and column widths, the
DOT source and Markdown as they are, and `HASHES` with the sha256 of every file's bytes.
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import canonicalize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench import synth  # noqa: E402
from cascade.build import dot_cache_for, render_opd, render_pemda  # noqa: E402
from cascade.formats.dot.run import read_graphviz_version  # noqa: E402
from cascade.load.sources import PEMDA_FOLDER  # noqa: E402
from cascade.pipeline import check  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "golden")
HASHES = "HASHES"
DIFF_LINES = 80
LISTED = 30  # files named in a failure, before "... and N more"
# The parts of a .docx whose text a reviewer reads; styles, numbering and settings are covered by HASHES.
DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml|docProps/core\.xml")


@dataclass(frozen=True)
class Pemda:
    """One Pemda whose documents are kept: the repository's own data/ or a synthetic one."""

    name: str
    tahun: int  # fixed, so a new `tahun_berjalan` in the data does not rewrite every golden file
    synthetic: tuple[int, int, int, int] | None = None  # synth.generate's (opd, sub, pejabat, seed)


PEMDAS = (
    Pemda("example", 2026),
    # the smallest that still has two sasaran, two programs and crosscutting between two OPDs
    # (2 OPD × 12 sub kegiatan × 3 pejabat): ~1.5 MB of golden files
    Pemda("synthetic", 2026, synthetic=(2, 12, 3, 7)),
)


class GoldenError(Exception):
    """The data did not pass the check, or an output has a kind this module cannot show as text."""


@contextlib.contextmanager
def _without_source_date_epoch():
    """Documents dated as planners' builds date them (from the data), whatever the developer's shell sets."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def render_outputs(root: str, tahun: int) -> dict[str, bytes]:
    """Every output of `build --pemda --tahun <tahun>` for the Pemda at `root`, by path under build/.

    The same check and renderers as `build`, with fresh caches as a first build has them."""
    checked = check(root, None, tahun)
    if checked.report.errors or checked.repo is None:
        raise GoldenError("\n".join(d.format() for d in checked.report.sorted()))
    outputs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="cascade-golden-") as tmp, _without_source_date_epoch():
        build_dir = os.path.join(tmp, "build")
        cache = dot_cache_for(build_dir)
        for folder in [PEMDA_FOLDER, *checked.keys]:
            if folder == PEMDA_FOLDER:
                found, diags = render_pemda(checked.repo, tahun, cache)
            else:
                found, diags = render_opd(checked.repo, folder, tahun, cache)
            if diags:
                raise GoldenError("\n".join(d.format() for d in diags))
            outputs.update((f"{folder}/{o.path}", o.data) for o in found)
    return outputs


def outputs_of(pemda: Pemda) -> dict[str, bytes]:
    if pemda.synthetic is None:
        return render_outputs(ROOT, pemda.tahun)
    with tempfile.TemporaryDirectory(prefix="cascade-golden-synth-") as tmp:
        synth.generate(tmp, *pemda.synthetic)
        return render_outputs(tmp, pemda.tahun)


# ---------------------------------------------------------------- normalising

_TOKEN = re.compile(r"<[^>]*>|[^<]+")


def pretty_xml(data: bytes) -> str:
    """Canonical XML (C14N 2.0: attributes sorted, one escaping, no XML declaration or comments) with
    every element on a line of its own, indented one space a level. An element holding only text stays
    on one line with it; whitespace between elements is dropped (WordprocessingML keeps meaningful
    spaces inside w:t, which holds text only); a line break inside text is written as &#xA;."""
    tokens = _TOKEN.findall(canonicalize(xml_data=data))
    lines, depth, i = [], 0, 0
    while i < len(tokens):
        tok = tokens[i]
        after = tokens[i + 1:i + 3]
        if tok.startswith("</"):
            depth -= 1
            lines.append(" " * depth + tok)
        elif tok.startswith("<?"):
            lines.append(" " * depth + tok)
        elif tok.startswith("<"):
            if after and after[0].startswith("</"):
                lines.append(" " * depth + tok + after[0])
                i += 1
            elif len(after) == 2 and not after[0].startswith("<") and after[1].startswith("</"):
                lines.append(" " * depth + tok + after[0].replace("\n", "&#xA;") + after[1])
                i += 2
            else:
                lines.append(" " * depth + tok)
                depth += 1
        elif tok.strip():  # text beside elements: not in OOXML, but never dropped
            lines.append(" " * depth + tok.replace("\n", "&#xA;"))
        i += 1
    return "\n".join(lines) + "\n"


def docx_texts(path: str, data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {f"{path}/{name.rsplit('/', 1)[-1]}": pretty_xml(z.read(name))
                for name in sorted(z.namelist()) if DOCX_PARTS.fullmatch(name)}


def _cell_value(value) -> str:
    # strings quoted (JSON), so "5" and 5 differ and a tab or line break cannot split the line
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def xlsx_texts(path: str, data: bytes) -> dict[str, str]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    texts = {}
    for n, ws in enumerate(wb.worksheets, start=1):
        lines = [f"# sheet {n}: {json.dumps(ws.title, ensure_ascii=False)}", "# cell\tvalue\tnumber_format\tbold"]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    bold = "bold" if cell.font is not None and cell.font.b else "-"
                    lines.append(f"{cell.coordinate}\t{_cell_value(cell.value)}\t{cell.number_format}\t{bold}")
        lines.append("# merged")
        lines += [str(r) for r in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col, r.coord))]
        lines.append("# column widths")
        lines += [f"{letter}\t{dim.width:g}" for letter, dim in sorted(ws.column_dimensions.items())
                  if dim.customWidth]
        texts[f"{path}/sheet{n}.tsv"] = "\n".join(lines) + "\n"
    return texts


def hashes_text(outputs: dict[str, bytes]) -> str:
    lines = [
        "# sha256 of every output file's bytes, sorted by path (tools/golden.py, docs/golden.md).",
        f"# Graphviz: {read_graphviz_version() or 'missing'} (SVGs, PNGs and tree splits depend on its version and fonts)",
        "# Comment lines are not compared.",
    ]
    lines += [f"{hashlib.sha256(outputs[path]).hexdigest()}  {path}" for path in sorted(outputs)]
    return "\n".join(lines) + "\n"


def golden_texts(outputs: dict[str, bytes]) -> dict[str, str]:
    """The golden files of one Pemda's outputs, by path under tests/golden/<pemda>/."""
    texts = {HASHES: hashes_text(outputs)}
    for path, data in sorted(outputs.items()):
        if path.endswith(".docx"):
            texts.update(docx_texts(path, data))
        elif path.endswith(".xlsx"):
            texts.update(xlsx_texts(path, data))
        elif path.endswith((".dot", ".md")):
            texts[path] = data.decode("utf-8")
        elif not path.endswith((".png", ".svg")):  # pictures: by hash (SVG) or through their .dot (PNG)
            raise GoldenError(f"{path}: no golden form for this kind of output; add one to tools/golden.py")
    return texts


# ---------------------------------------------------------------- storing and comparing

def stored(folder: str) -> dict[str, str]:
    texts = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(dirpath, name)
            with open(full, encoding="utf-8", newline="") as fh:
                texts[os.path.relpath(full, folder).replace(os.sep, "/")] = fh.read()
    return texts


def write(folder: str, texts: dict[str, str]) -> None:
    if os.path.isdir(folder):
        shutil.rmtree(folder)  # an output no longer built must not keep its golden file
    for rel, text in texts.items():
        path = os.path.join(folder, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


def compared(rel: str, text: str) -> str:
    """What of a golden file is compared: all of it, but not the comments of HASHES (they name the
    machine's Graphviz)."""
    if rel != HASHES:
        return text
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def difference(name: str, expected: dict[str, str], actual: dict[str, str]) -> str | None:
    """None when the outputs match the golden files; else what differs, with a diff of the first
    differing file (HASHES last: a changed document shows as its text, not as a new hash)."""
    where = f"tests/golden/{name}"
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    changed = sorted((rel for rel in set(expected) & set(actual)
                      if compared(rel, expected[rel]) != compared(rel, actual[rel])), key=lambda r: (r == HASHES, r))
    if not (missing or extra or changed):
        return None
    report = [f"The documents of the {name} Pemda differ from {where}/:"]
    listed = [f"  no longer produced: {rel}" for rel in missing] + [f"  new output: {rel}" for rel in extra]
    listed += [f"  changed: {rel}" for rel in changed]
    report += listed[:LISTED] + ([f"  ... and {len(listed) - LISTED} more"] if len(listed) > LISTED else [])
    if changed:
        rel = changed[0]
        diff = list(difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                         f"{where}/{rel}", f"rendered/{rel}", lineterm=""))
        shown = diff[:DIFF_LINES]
        report += ["", *shown] + ([f"... ({len(diff) - DIFF_LINES} more diff lines)"] if len(diff) > DIFF_LINES else [])
    recorded = next((line for line in expected.get(HASHES, "").splitlines() if line.startswith("# Graphviz:")), "")
    now = f"# Graphviz: {read_graphviz_version() or 'missing'} "
    if recorded and not recorded.startswith(now):
        report.append(f"\nNote: the golden files were written with {recorded[2:]}; this machine has {now[2:].strip()}.")
    report.append("\nRun `make golden` if this change is intended, and review the diff of tests/golden/ before committing.")
    return "\n".join(report)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="tools/golden.py", description="Write (or --check) the golden files in tests/golden/.")
    p.add_argument("--check", action="store_true", help="compare instead of writing")
    args = p.parse_args(argv)
    status = 0
    for pemda in PEMDAS:
        texts = golden_texts(outputs_of(pemda))
        folder = os.path.join(GOLDEN, pemda.name)
        if args.check:
            found = difference(pemda.name, stored(folder), texts)
            if found:
                print(found, file=sys.stderr)
                status = 1
        else:
            write(folder, texts)
            size = sum(len(t.encode("utf-8")) for t in texts.values())
            print(f"tests/golden/{pemda.name}/: {len(texts)} files, {size / 1024:.0f} KB")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
