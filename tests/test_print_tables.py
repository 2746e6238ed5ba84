"""The Renstra's T-C.27 as printed: LibreOffice's PDF of BAB VI, for the example OPD and a synthetic
300-sub-kegiatan OPD, read back with pdftotext. Every code and Rupiah amount whole on one line, the
header row on every page, and every page naming the sasaran of the rows it shows."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import docx_to_pdf_text

from cascade.documents import Job, renstra
from cascade.fmt import rupiah
from cascade.pipeline import check

NEEDS = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                           reason="LibreOffice dan pdftotext diperlukan")
HEADER_NUMBERS = re.compile(r"\(1\)\s+\(2\)\s+\(3\)\s+\(4\)")
SASARAN_LABEL = re.compile(r"^\s*Sasaran (\d+\.\d+):")
TUJUAN_LABEL = re.compile(r"^\s*Tujuan (\d+):")


def _whole(token: str) -> re.Pattern:
    """`token` standing alone: not a piece of a longer code or amount."""
    return re.compile(r"(?<![\d.])" + re.escape(token) + r"(?![\d.,])")


def _printed_pages(root, key, tmp_path) -> tuple[object, list[str]]:
    result = check(root, [key])
    assert not result.report.errors, [d.format() for d in result.report.errors]
    repo = result.repo
    tahun = repo.pemda.settings.tahun_berjalan or repo.pemda.years[0]
    out = {o.path: o.data for o in renstra.render(Job(repo, repo.opds[key], tahun))}
    path = tmp_path / "bab-6.docx"
    path.write_bytes(out["renstra/bab-6.docx"])
    pages = [p for p in docx_to_pdf_text(path, tmp_path).split("\f") if p.strip()]
    return repo, pages


def _expected(repo, key):
    """Codes with the sasaran number ("1.2") they sit under, and every Rupiah amount of the table."""
    opd, years = repo.opds[key], repo.pemda.years
    codes, amounts = {}, set()
    for t_no, t in enumerate(opd.tujuan, 1):
        for s_no, s in enumerate(t.children, 1):
            stack = list(s.children)
            while stack:
                node = stack.pop()
                stack.extend(node.children)
                codes[node.kode] = f"{t_no}.{s_no}"
                amounts |= {rupiah(node.pagu[y], sign=False) for y in years if y in node.pagu}
                amounts.add(rupiah(node.pagu_total(), sign=False))
    amounts |= {rupiah(sum(t.pagu.get(y, 0) for t in opd.tujuan), sign=False) for y in years}
    amounts.add(rupiah(sum(t.pagu_total() for t in opd.tujuan), sign=False))
    return codes, amounts


def _check_print(repo, key, pages):
    codes, amounts = _expected(repo, key)
    assert len(codes) >= 10 and len(amounts) >= 10
    text = "\n".join(pages)
    lines = text.splitlines()
    for kode in codes:  # a code broken over two lines would not stand whole on any line
        assert any(_whole(kode).search(line) for line in lines), kode
    for amount in amounts:
        assert any(_whole(amount).search(line) for line in lines), amount
    for n, page in enumerate(pages, 1):
        assert HEADER_NUMBERS.search(page), f"halaman {n} tanpa baris judul kolom"
        assert any(TUJUAN_LABEL.match(x) for x in page.splitlines()), f"halaman {n} tanpa tujuan"
        current = None
        seen_codes = 0
        for line in page.splitlines():
            m = SASARAN_LABEL.match(line)
            if m:
                current = m.group(1)
                continue
            first = line.split()[0] if line.split() else ""
            if first in codes:
                seen_codes += 1
                # the rows on this page sit under the sasaran this page names above them
                assert current == codes[first], (n, first, current)
        assert seen_codes or n == len(pages), f"halaman {n} tanpa baris tabel"


@NEEDS
def test_example_bab_6_prints_every_code_and_amount_whole_with_headers_on_every_page(tmp_path):
    from conftest import ROOT

    repo, pages = _printed_pages(ROOT, "diskominfo", tmp_path)
    assert len(pages) >= 2
    _check_print(repo, "diskominfo", pages)


@NEEDS
def test_a_300_sub_kegiatan_bab_6_prints_whole_and_names_its_sasaran_on_every_page(tmp_path):
    from bench import synth

    root = tmp_path / "synth"
    synth.generate(str(root), 1, 300, 30, 1)
    key = sorted(os.listdir(root / "data" / "opd"))[0]
    repo, pages = _printed_pages(str(root), key, tmp_path)
    assert len(pages) >= 10
    _check_print(repo, key, pages)
