"""The Kepala OPD signs for the IKU (PermenPANRB 53/2014, primer §4): a tujuan/sasaran PD that marks IKU
puts only those in its PK row, in Renstra Tabel 7.1 (IKU PD) and in what the Rencana Aksi must detail.
Bappeda's sasaran in the example has one IKU and one indicator that is not; the names are written here."""
from __future__ import annotations

import io
import os
import re

import docx
import pytest
from conftest import copy_example, mutate

from cascade.documents import Job, pk, rencana_aksi, renstra
from cascade.pipeline import check

IKU = "Persentase program dalam RKPD yang selaras dengan RPJMD"
NOT_IKU = "Persentase indikator kinerja RPJMD yang didukung data statistik sektoral terverifikasi"
KEPALA = "pk/2026/kepala-badan-perencanaan-pembangunan-daerah.docx"
BAPPEDA = "data/opd/bappeda/renstra.yaml"


def texts(data: bytes) -> tuple[list[str], list[list[str]]]:
    d = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
    return [p.text for p in d.paragraphs], rows


def sasaran_rows(data: bytes) -> list[list[str]]:
    """The rows of the PK table whose header names Sasaran Strategis: (no, sasaran, indikator, target, satuan)."""
    d = docx.Document(io.BytesIO(data))
    table = next(t for t in d.tables if t.rows[0].cells[1].text == "Sasaran Strategis")
    return [[c.text for c in r.cells] for r in table.rows[2:]]


def outputs(renderer, repo, key="bappeda", tahun=2026) -> dict[str, bytes]:
    return {o.path: o.data for o in renderer(Job(repo, repo.opds[key], tahun))}


def test_kepala_opd_pk_lists_the_iku_and_not_the_other_sasaran_indicator(repo):
    rows = sasaran_rows(outputs(pk.render, repo)[KEPALA])
    assert [r[2] for r in rows] == [IKU]
    assert rows[0][3:] == ["88", "%"]
    assert NOT_IKU not in str(texts(outputs(pk.render, repo)["pk/2026/pk-bappeda-semua.docx"]))


def test_bab_vii_is_the_iku_pd(repo):
    paragraphs, rows = texts(outputs(renstra.render, repo)["renstra/bab-7.docx"])
    assert any(r[0] == IKU for r in rows)
    assert not any(NOT_IKU in c for r in rows for c in r)
    assert ("Tabel 7.1 Indikator Kinerja Utama Badan Perencanaan Pembangunan Daerah yang Mengacu pada Tujuan "
            "dan Sasaran RPJMD") in paragraphs


@pytest.fixture(scope="module")
def without_iku(tmp_path_factory):
    """Bappeda with no IKU marked (R120 then errs, but the documents still show today's rows)."""
    root = copy_example(tmp_path_factory.mktemp("tanpa-iku") / "repo")
    text = open(os.path.join(root, BAPPEDA), encoding="utf-8").read()
    assert text.count("iku: true\n") == 2
    with open(os.path.join(root, BAPPEDA), "w", encoding="utf-8") as fh:
        fh.write(re.sub(r" *iku: true\n", "", text))
    return check(root).repo


def test_with_no_iku_marked_the_pk_and_bab_vii_list_every_indicator(without_iku):
    rows = sasaran_rows(outputs(pk.render, without_iku)[KEPALA])
    assert [r[2] for r in rows] == [IKU, NOT_IKU]
    paragraphs, cells = texts(outputs(renstra.render, without_iku)["renstra/bab-7.docx"])
    assert any(r[0] == NOT_IKU for r in cells)
    assert any(p.startswith("Tabel 7.1 Indikator Kinerja Badan Perencanaan") for p in paragraphs)


NEW = """          - id: S1-I2
            nama: Jumlah layanan elektronik yang dievaluasi kepuasannya
            satuan: Layanan
            polaritas: positif
            pola_ukur: hitungan
            baseline: {tahun: 2024, nilai: 4}
            target: {2025: 6, 2026: 8, 2027: 10, 2028: 12, 2029: 14}
"""
PLAN = """  S1-I2:
    triwulan:
      4:
        target: 8
        aksi: [Mengevaluasi kepuasan pengguna layanan elektronik]
"""


def test_a_non_iku_sasaran_indicator_needs_no_rencana_aksi_and_may_not_have_one(tmp_path):
    root = copy_example(tmp_path / "repo")
    renstra_file = "data/opd/diskominfo/renstra.yaml"
    text = open(os.path.join(root, renstra_file), encoding="utf-8").read()
    s1 = text.index("      - id: S1\n")
    cut = text.index("        strategi:", s1)
    with open(os.path.join(root, renstra_file), "w", encoding="utf-8") as fh:
        fh.write(text[:cut] + NEW + text[cut:])
    found = check(root).report.items
    # no R139 for it: the PK does not hold it, so the Rencana Aksi need not detail it
    assert not [d for d in found if d.code in ("R139", "R131")], [d.format() for d in found]
    layout = outputs(rencana_aksi.render, check(root).repo, "diskominfo")
    assert not any("Jumlah layanan elektronik yang dievaluasi" in str(texts(b)) for b in layout.values())
    line = mutate(root, "data/opd/diskominfo/rencana-aksi/2026.yaml", "indikator:\n", "indikator:\n" + PLAN) + 1  # the entry, below `indikator:`
    (r131,) = [d for d in check(root).report.items if d.code == "R131"]
    assert (r131.loc.file, r131.loc.line) == ("data/opd/diskominfo/rencana-aksi/2026.yaml", line)
    assert "bukan IKU" in r131.message and "iku: true" in r131.hint
