"""Rencana Aksi (issue 28): data/opd/<opd>/rencana-aksi/<tahun>.yaml through schema and rules (each
rule made to fire at its place), the Rencana Aksi documents beside each PK read back cell by cell
against the data, and the evaluasi's capaian per triwulan against the Rencana Aksi targets."""
from __future__ import annotations

import io
import os

import docx
import pytest
import yaml
from conftest import mutate

from cascade.documents import Job, renderers
from cascade.documents.rencana_aksi import render
from cascade.fmt import angka
from cascade.pipeline import check

RA26 = "data/opd/diskominfo/rencana-aksi/2026.yaml"
RA25 = "data/opd/diskominfo/rencana-aksi/2025.yaml"

# (code, file, old text, new text, expected line offset from `old` (None: checked apart), a word the
# message or hint must contain); run with every other rule's cases in tests/test_rules.py
RENCANA_AKSI_CASES = [
    ("R130", RA26, "  S4-I1:\n", "  S4-I9:\n", 0, "S4-I9"),
    ("R130", RA26, "  S4-I1:\n", "  S4:\n", 0, "id simpul"),
    ("R131", RA26, "indikator:\n  T1-I1:\n",
     "indikator:\n  SK-IKP-1-1-I1:\n    triwulan:\n      4:\n        target: 26\n        aksi: [Melaksanakan relasi media]\n"
     "  T1-I1:\n", 1, "rincian anggaran"),
    ("R131", RA25, "indikator:\n  T1-I1:\n",
     "indikator:\n  SK-APTIKA-2-3-I1:\n    triwulan:\n      4:\n        target: 2\n        aksi: [Menyusun dokumen]\n"
     "  T1-I1:\n", 1, "tidak termuat"),
    ("R132", RA26, "tahun: 2026", "tahun: 2025", 0, "nama berkas"),
    ("R133", RA26, "        target: 60\n        aksi:\n          - Menguji dan menetapkan layanan",
     "        target: 61\n        aksi:\n          - Menguji dan menetapkan layanan", 0, "target PK"),
    ("R133", RA26, "        target: 12\n        aksi:\n          - Memutakhirkan data kepegawaian bulan Oktober",
     "        aksi:\n          - Memutakhirkan data kepegawaian bulan Oktober", None, "triwulan IV"),
    ("R134", RA26, "        target: 9\n        aksi:\n          - Menyediakan paket bahan logistik kantor bulan Juli",
     "        target: 5\n        aksi:\n          - Menyediakan paket bahan logistik kantor bulan Juli", 0, "turun"),
    ("R135", RA26, "        target: 9\n        aksi:\n          - Menyediakan paket bahan logistik kantor bulan Juli sampai September\n",
     "        target: 9\n", -1, "tanpa aksi"),
    ("R136", RA26, "penanggung_jawab: kabid-ikp", "penanggung_jawab: kabid-ikb", 0, "kabid-ikp"),
    ("R137", RA26, "        target: BB\n", "        target: XX\n", 0, "skala"),
    ("R137", RA26, "        target: 92\n", "        target: tinggi\n", 0, "angka"),
    ("R138", RA26, "      2:\n        aksi:\n          - Melaksanakan penilaian mandiri Indeks KAMI",
     "      2:\n        target: 450\n        aksi:\n          - Melaksanakan penilaian mandiri Indeks KAMI", 1, "rilis"),
    ("R139", RA26, "  K-UMUM-5-I1:\n", "  K-UMUM-5-I2:\n", None, "K-UMUM-5-I1"),
]


def test_every_rencana_aksi_rule_has_a_case():
    from cascade.validate.rules import RULES
    ours = {r.code for r in RULES if r.check.__module__.endswith("rules_rencana_aksi")}
    assert ours == {f"R13{i}" for i in range(10)} == {c[0] for c in RENCANA_AKSI_CASES}


def _line_of(root, rel, text):
    return open(os.path.join(root, rel), encoding="utf-8").read().split("\n").index(text) + 1


@pytest.mark.parametrize("code,rel,old,new,offset,word", RENCANA_AKSI_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(RENCANA_AKSI_CASES)])
def test_rule_fires_at_its_place(tmp_repo, code, rel, old, new, offset, word):
    line = mutate(tmp_repo, rel, old, new)
    found = check(tmp_repo, ["diskominfo"]).report.items
    hits = [d for d in found if d.code == code]
    assert hits, [d.format() for d in found]
    if offset is not None:
        assert any(d.loc.file == rel and d.loc.line == line + offset for d in hits), [d.format() for d in hits]
    assert any(word.lower() in (d.message + " " + d.hint).lower() for d in hits), [d.format() for d in hits]
    # no other rule of the family speaks up for a single mistake (R130 and R139 share the renamed id)
    others = {d.code for d in found if d.code.startswith("R13") and d.code != code}
    assert others <= {"R130", "R139"}, [d.format() for d in found]


def test_missing_fourth_quarter_is_blamed_on_the_quarters(tmp_repo):
    mutate(tmp_repo, RA26, "        target: 12\n        aksi:\n          - Memutakhirkan data kepegawaian bulan Oktober",
           "        aksi:\n          - Memutakhirkan data kepegawaian bulan Oktober")
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.errors if d.code == "R133"]
    text = open(os.path.join(tmp_repo, RA26), encoding="utf-8").read().split("\n")
    entry = text.index("  SK-UMUM-3-1-I1:")
    assert [(d.loc.file, d.loc.line) for d in hits] == [(RA26, entry + 3)]  # the `1:` of its `triwulan:`
    assert "target: 12" in hits[0].hint


def test_missing_pk_indicator_is_warned_at_the_indicator_list(tmp_repo):
    mutate(tmp_repo, RA26, "  K-UMUM-5-I1:\n", "  K-UMUM-5-I2:\n")
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.warnings if d.code == "R139"]
    assert [(d.loc.file, d.loc.line) for d in hits] == [(RA26, _line_of(tmp_repo, RA26, "indikator:"))]


def test_a_draft_is_not_asked_for_the_rencana_aksi_of_its_pk(tmp_repo):
    mutate(tmp_repo, RA26, "  K-UMUM-5-I1:\n", "  K-UMUM-5-I2:\n")
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "opd:\n  nama:", "opd:\n  status: draf\n  nama:")
    codes = {d.code for d in check(tmp_repo, ["diskominfo"]).report.items}
    assert "R130" in codes and "R139" not in codes  # a wrong id is still wrong; no PK, nothing missing from it


def test_year_outside_the_period(tmp_repo):
    folder = os.path.join(tmp_repo, "data/opd/diskominfo/rencana-aksi")
    os.rename(os.path.join(folder, "2025.yaml"), os.path.join(folder, "2031.yaml"))
    rel = "data/opd/diskominfo/rencana-aksi/2031.yaml"
    mutate(tmp_repo, rel, "tahun: 2025", "tahun: 2031")
    found = check(tmp_repo, ["diskominfo"]).report.items
    hits = [d for d in found if d.code == "R132"]
    assert [d.loc.file for d in hits] == [rel] and "2025–2029" in hits[0].message
    assert not [d for d in found if d.code in ("R131", "R133", "R139")]  # nothing else is said of a year not planned


def test_schema_covers_rencana_aksi(tmp_repo):
    line = mutate(tmp_repo, RA26, "        target: BB\n", "        targte: BB\n")
    checked = check(tmp_repo, ["diskominfo"])
    assert ("S003", RA26, line) in {(d.code, d.loc.file, d.loc.line) for d in checked.report.errors}
    assert checked.repo is None


def test_example_rencana_aksi_is_clean(example):
    assert not [d for d in example.report.items if "rencana-aksi" in d.loc.file or d.code.startswith("R13")]
    files = [r.path for r in example.repo.opds["diskominfo"].rencana_aksi]
    assert files == [RA25, RA26]


# --- the documents ---------------------------------------------------------------------------------

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROMAN = ("I", "II", "III", "IV")


@pytest.fixture(scope="module")
def outputs(repo):
    return {tahun: {o.path: o.data for o in render(Job(repo, repo.opds["diskominfo"], tahun))} for tahun in (2025, 2026)}


def _yaml(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _rows(data: bytes) -> list[list[str]]:
    d = docx.Document(io.BytesIO(data))
    tables = [t for t in d.tables if t.rows[0].cells[0].text == "No"]
    assert len(tables) == 1
    return [[c.text.replace("\u200b", "") for c in r.cells] for r in tables[0].rows]  # less the break hints after "/"


def _jabatan_names():
    return {j["id"]: j["nama"] for j in _yaml("data/opd/diskominfo/opd.yaml")["jabatan"]}


def test_one_rencana_aksi_beside_each_pk(repo, outputs):
    from cascade.documents import pk
    for tahun in (2025, 2026):
        murni = {o.path for o in pk.render(Job(repo, repo.opds["diskominfo"], tahun))
                 if "/perubahan/" not in o.path and not o.path.endswith("-semua.docx")}
        assert sorted(outputs[tahun]) == sorted(p.replace(".docx", "-rencana-aksi.docx") for p in murni)
    assert render(Job(repo, repo.opds["diskominfo"], 2027)) == []  # no rencana-aksi/2027.yaml: no document


def test_kepala_dinas_rows_read_back(outputs):
    rows = _rows(outputs[2026]["pk/2026/kepala-dinas-komunikasi-dan-informatika-rencana-aksi.docx"])
    assert rows[0][:4] == ["No", "Indikator Kinerja", "Satuan", "Target Tahunan"]
    assert rows[0][4:8] == ["Target Triwulan"] * 4 and rows[0][8:12] == ["Rencana Aksi Triwulan"] * 4
    assert rows[1][4:12] == list(ROMAN) * 2 and rows[0][12] == "Penanggung Jawab"
    assert rows[2] == ["Tujuan 1: Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu"] * 13
    s1 = next(r for r in rows if r[1].startswith("Persentase layanan publik yang terintegrasi"))
    assert s1[:8] == ["2", "Persentase layanan publik yang terintegrasi melalui sistem penghubung layanan", "%", "60",
                      "53", "55", "58", "60"]
    assert s1[8] == "Menginventarisasi layanan publik perangkat daerah yang belum terintegrasi"
    assert s1[11] == ("1. Menguji dan menetapkan layanan yang telah terintegrasi\n"
                      "2. Menyusun laporan integrasi layanan akhir tahun")
    assert s1[12] == "Kepala Bidang Aplikasi Informatika"
    kami = next(r for r in rows if r[1].startswith("Skor Indeks Keamanan"))
    assert kami[3:8] == ["500", "-", "-", "500", "-"]  # rilis: a target in the quarter of release only


def test_every_document_matches_the_data(repo, outputs):
    """Every indicator row of every Rencana Aksi against the YAML, read independently of the model."""
    names = _jabatan_names()
    owners = {i.id: n.penanggung_jawab for n in repo.opds["diskominfo"].nodes() for i in n.indikator}
    by_name = {i.nama: i for n in repo.opds["diskominfo"].nodes() for i in n.indikator}
    for tahun in (2025, 2026):
        plan = _yaml(f"data/opd/diskominfo/rencana-aksi/{tahun}.yaml")["indikator"]
        seen = set()
        for path, data in outputs[tahun].items():
            for row in _rows(data)[2:]:
                if len(set(row)) == 1:  # a group row
                    continue
                ind = by_name[row[1]]
                entry = plan[ind.id]
                seen.add(ind.id)
                quarters = entry["triwulan"]
                want_targets = [angka(quarters[q]["target"]) if "target" in quarters.get(q, {}) else "-" for q in (1, 2, 3, 4)]
                want_actions = []
                for q in (1, 2, 3, 4):
                    aksi = quarters[q]["aksi"]
                    want_actions.append(aksi[0] if len(aksi) == 1 else "\n".join(f"{n}. {a}" for n, a in enumerate(aksi, 1)))
                assert row[2] == ind.satuan and row[3] == angka(ind.target[tahun]), (path, row)
                assert row[4:8] == want_targets, (path, row)
                assert row[8:12] == want_actions, (path, row)
                assert row[12] == names[entry.get("penanggung_jawab", owners[ind.id])], (path, row)
        assert seen == set(plan), tahun  # every planned indicator is printed in some PK's Rencana Aksi


def test_printed_without_ids_landscape_and_signed(repo, outputs):
    from cascade.documents import pk
    signed = {o.path: o.data for o in pk.render(Job(repo, repo.opds["diskominfo"], 2026))}
    pk_text = "\n".join(p.text for p in docx.Document(io.BytesIO(signed["pk/2026/pranata-komputer-ahli-pertama.docx"])).paragraphs)
    nomor = next(line for line in pk_text.split("\n") if line.startswith("Nomor: ")).removeprefix("Nomor: ")
    pk_cells = [c.text for t in docx.Document(io.BytesIO(signed["pk/2026/pranata-komputer-ahli-pertama.docx"])).tables
                for r in t.rows for c in r.cells]
    assert "NI PPPK. 19971205 202521 1 003" in pk_cells  # the PK signed by a PPPK names his Nomor Induk PPPK
    assert "NIP. 19910628 201503 1 002" in pk_cells  # and his atasan, a PNS, his NIP
    data = outputs[2026]["pk/2026/pranata-komputer-ahli-pertama-rencana-aksi.docx"]
    d = docx.Document(io.BytesIO(data))
    text = "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    for token in ("SK-APTIKA", "-I1", "pranata-komputer", "katim-", "kabid-", "rencana-aksi", "pola_ukur", "hitungan"):
        assert token not in text, token
    section = d.sections[0]
    assert section.page_width > section.page_height
    assert "Rencana Aksi Perjanjian Kinerja Tahun 2026\nPranata Komputer Ahli Pertama" in [p.text for p in d.paragraphs]
    assert "PEMERINTAH KOTA ARUNIKA" in text
    assert f"Perjanjian Kinerja Tahun 2026 Nomor {nomor} tanggal 5 Januari 2026" in text  # the PK it details
    assert "Sub Kegiatan: 2.16.03.2.02.0020 Pembangunan dan/atau Pengembangan Aplikasi Khusus" in text  # by its code
    sign = [p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    holder = next(j for j in _yaml("data/opd/diskominfo/opd.yaml")["jabatan"] if j["id"] == "pranata-komputer")
    assert holder["pejabat"][-1]["nama"] in sign
    # a PPPK signs with the Nomor Induk PPPK under the golongan
    assert "Golongan IX" in sign and [s for s in sign if s.startswith("NI")] == ["NI PPPK. 19971205 202521 1 003"]


def test_draft_builds_no_rencana_aksi():
    from cascade.documents import rencana_aksi
    assert rencana_aksi.render in renderers(False) and rencana_aksi.render not in renderers(True)


def test_same_sources_same_bytes(repo, outputs):
    again = {o.path: o.data for o in render(Job(repo, repo.opds["diskominfo"], 2026))}
    assert again == outputs[2026]


# --- the evaluasi's capaian per triwulan -------------------------------------------------------------


def _evaluasi(repo, tahun):
    from cascade.documents import evaluasi
    out = {o.path: o.data for o in evaluasi.render(Job(repo, repo.opds["diskominfo"], tahun))}
    return docx.Document(io.BytesIO(out[f"evaluasi/{tahun}/evaluasi-diskominfo-{tahun}.docx"]))


def _quarter_rows(d) -> dict[str, list[str]]:
    """Indicator name → its 12 quarter cells (target, realisasi, capaian for TW I–IV), from every piece of the table."""
    found = {}
    for t in d.tables:
        head = [c.text for c in t.rows[0].cells]
        if head[:3] == ["No", "Indikator Kinerja", "Satuan"] and head[3] == "Triwulan I":
            for r in t.rows[2:]:
                cells = [c.text for c in r.cells]
                found[cells[1]] = cells[3:]
    return found


def test_evaluasi_quarterly_capaian_read_back(repo):
    d = _evaluasi(repo, 2025)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert "5. Capaian per Triwulan terhadap Rencana Aksi" in headings
    rows = _quarter_rows(d)
    assert len(rows) == 31  # every indicator of the 2025 Rencana Aksi
    # posisi: the state at each quarter's end against the quarter's target (realisasi/2025.yaml 44, 46.5, 48, 49.5;
    # rencana-aksi/2025.yaml 44, 46, 48, 50): 100; 46.5/46 = 101.09 %; 100; 49.5/50 = 99 %
    assert rows["Persentase layanan publik yang terintegrasi melalui sistem penghubung layanan"] == [
        "44", "44", "100", "46", "46,5", "101,09", "48", "48", "100", "50", "49,5", "99"]
    # hitungan: cumulative; no target in TW I (actions only) is "-"; TW IV 3 of 4 applications = 75 %
    assert rows["Jumlah aplikasi khusus yang dibangun atau dikembangkan"] == [
        "-", "", "", "1", "1", "100", "2", "2", "100", "4", "3", "75"]
    # hitungan with a slow second quarter: 5 of 6 = 83.33 %
    assert rows["Jumlah dokumen data dan administrasi kepegawaian yang dimutakhirkan"][3:6] == ["6", "5", "83,33"]
    # rilis: the released annual value in the quarter of release only (Indeks KAMI, TW III: 438/460 = 95.22 %)
    assert rows["Skor Indeks Keamanan Informasi (Indeks KAMI)"] == [
        "-", "", "", "-", "", "", "460", "438", "95,22", "-", "", ""]
    # a quarter without reported realisasi is "belum ada data", never 0
    assert rows["Nilai Evaluasi Penyelenggaraan Statistik Sektoral (EPSS)"][9:] == ["2,5", "belum ada data", "belum ada data"]


def test_evaluasi_in_progress_year(repo):
    rows = _quarter_rows(_evaluasi(repo, 2026))
    # 2026 is reported up to TW III: 20 of the 22 planned incidents handled in TW I = 90.91 %
    assert rows["Persentase insiden keamanan informasi yang tertangani"][:3] == ["22", "20", "90,91"]
    assert rows["Persentase insiden keamanan informasi yang tertangani"][9:] == ["90", "belum ada data", "belum ada data"]


def test_evaluasi_without_rencana_aksi_is_unchanged(tmp_repo):
    """Without a Rencana Aksi the evaluasi has no quarterly section and its sections keep their numbers."""
    import shutil
    shutil.rmtree(os.path.join(tmp_repo, "data/opd/diskominfo/rencana-aksi"))
    checked = check(tmp_repo, ["diskominfo"], 2025)
    d = _evaluasi(checked.repo, 2025)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert not _quarter_rows(d) and not any("Rencana Aksi" in h for h in headings)
    assert [h.split(" ", 1)[0] for h in headings] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert headings[-1] == "6. Evaluasi terhadap Hasil Renstra Perangkat Daerah"
