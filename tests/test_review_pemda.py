"""The review shows changes to the Pemda's own data (data/pemda.yaml): RPJMD targets, Pemda IKU fields,
new RPJMD indicators, document settings, and which OPDs' tujuan/sasaran support what changed."""
from __future__ import annotations

import json

import pytest
from conftest import copy_example, mutate
from test_review import git, init_repo

from cascade.review.jsonreport import render_json
from cascade.review.report import render_markdown
from cascade.review.run import review

PEMDA = "data/pemda.yaml"
NEW_INDICATOR = """                - id: RS1.1-I2
                  nama: Persentase layanan publik terintegrasi
                  satuan: Persen
                  polaritas: positif
                  pola_ukur: posisi
                  baseline: {tahun: 2024, nilai: 40}
                  target: {2025: 45, 2026: 55, 2027: 65, 2028: 75, 2029: 85}
"""


@pytest.fixture(scope="module")
def pemda_change(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("pemda") / "repo")
    init_repo(root)
    mutate(root, PEMDA, "target: {2025: 2.8, 2026: 3.0, 2027: 3.2, 2028: 3.4, 2029: 3.6}",
           "target: {2025: 2.8, 2026: 3.1, 2027: 3.2, 2028: 3.4, 2029: 3.6}")
    mutate(root, PEMDA, 'formula: "{IRB}"', 'formula: "{IRB} dibulatkan satu angka desimal"')
    mutate(root, PEMDA, "                  alasan: Ukuran nasional pemerintahan digital yang terpadu, hasil langsung sasaran\n",
           "                  alasan: Ukuran nasional pemerintahan digital yang terpadu, hasil langsung sasaran\n"
           + NEW_INDICATOR)
    mutate(root, PEMDA, '2026: "2026-01-05"', '2026: "2026-01-12"')
    git(root, "commit", "-qam", "ubah RPJMD")
    return review(root, "HEAD~1", None, None, with_documents=False).review


def test_a_change_to_pemda_only_is_reported_with_each_change_named(pemda_change):
    text = render_markdown(pemda_change)
    assert "## Data Pemda (RPJMD)" in text
    assert "hanya mengubah data Pemda" in text
    # the summary line counts the Pemda's changes and names the OPDs concerned
    summary = next(line for line in text.splitlines() if line.startswith("| Data Pemda (RPJMD)"))
    assert "1 angka target" in summary and "2 indikator" in summary and "1 pengaturan" in summary
    assert "Dinas Komunikasi dan Informatika" in summary
    # the target, by the indicator's name, only the changed year
    target_row = next(line for line in text.splitlines() if line.startswith("| Indeks Pemerintahan Digital"))
    assert "3 → 3,1" in target_row and "2,8" not in target_row
    # the IKU formula, by indicator name, as a word-level change
    formula_row = next(line for line in text.splitlines() if line.startswith("| diubah | Indeks Reformasi Birokrasi"))
    assert "formula: {IRB} → {IRB} dibulatkan satu angka desimal" in formula_row
    # the new RPJMD indicator with its targets
    new_row = next(line for line in text.splitlines() if "Persentase layanan publik terintegrasi" in line)
    assert new_row.startswith("| **baru**: ") and "| 55 |" in new_row
    # a document setting, by its Indonesian name, with dates as people write them
    assert "| tanggal PK 2026 | 5 Januari 2026 → 12 Januari 2026 |" in text
    # the OPDs whose tujuan supports the changed sasaran RPJMD
    assert "Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu" in text
    # no internal ids
    for token in ("RS1.1", "RT1-I1", "RS1.1-I2", "tanggal_pk"):
        assert token not in text


def test_the_json_report_carries_the_pemda_changes(pemda_change):
    data = json.loads(render_json(pemda_change))
    pemda = data["pemda"]
    assert data["summary"]["pemda"] == {"indikator": 2, "target": 1, "pengaturan": 1}
    changed = {c["id"]: c for c in pemda["indicators"]}
    assert changed["RT1-I1"]["details"] == [{"field": "formula", "before": "{IRB}",
                                             "after": "{IRB} dibulatkan satu angka desimal"}]
    assert changed["RS1.1-I2"]["kind"] == "ditambah" and changed["RS1.1-I2"]["node_level"] == "sasaran RPJMD"
    (target,) = [n for n in pemda["indicator_numbers"] if n["id"] == "RS1.1-I1"]
    assert target["years"] == [{"tahun": 2026, "before": 3.0, "after": 3.1, "arah": "naik", "memburuk": False}]
    assert pemda["settings"] == [{"field": "tanggal PK 2026", "before": "5 Januari 2026", "after": "12 Januari 2026"}]
    supporters = {(s["opd"], s["rpjmd"]) for s in pemda["supporters"]}
    digital = "Meningkatnya penyelenggaraan pemerintahan digital yang terpadu"
    assert {o for o, r in supporters if r == digital} == {"Dinas Komunikasi dan Informatika",
                                                          "Dinas Perpustakaan dan Kearsipan"}
    assert all(o["status"] == "sama" for o in data["opds"])


def test_the_pemda_documents_that_follow_the_rpjmd_are_compared(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    mutate(root, PEMDA, "target: {2025: 2.8, 2026: 3.0, 2027: 3.2, 2028: 3.4, 2029: 3.6}",
           "target: {2025: 2.8, 2026: 3.1, 2027: 3.2, 2028: 3.4, 2029: 3.6}")
    git(root, "commit", "-qam", "target RPJMD")
    result = review(root, "HEAD~1", ["dispusip"], 2026, with_documents=True).review
    paths = {d.path: d for d in result.pemda.documents}
    # the kepala daerah's PK and the IKU Pemda carry the 2026 target
    pk = paths["pk/2026/pk-kepala-daerah.docx"]
    assert [(c.before, c.after) for c in pk.cells] == [("3", "3,1")]
    assert "iku/tabel-iku.docx" in paths
    text = render_markdown(result)
    assert "### Dokumen Pemda yang berubah (" in text and "<code>pk/2026/pk-kepala-daerah.docx</code>" in text
