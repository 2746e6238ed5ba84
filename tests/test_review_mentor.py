"""Issue #27: the review report of a small pull request, read as a Bappeda mentor reads it.

The pull request: a renamed sasaran, a kegiatan moved to another program (its codes change), a
deleted indicator and its realisasi, a new indicator, changed targets, a corrected baseline, a
changed pagu, a new jabatan holder, deleted realisasi of a kept indicator, and a narrative edit
left uncommitted. Expected numbers are read from the example YAML here, not from Cascade.
"""
from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
import yaml
from conftest import copy_example, mutate, run_cli

DIR = "data/opd/diskominfo"
RENSTRA, OPD = f"{DIR}/renstra.yaml", f"{DIR}/opd.yaml"
SANDI, STAT, APTIKA = (f"{DIR}/program/2.21.02-persandian.yaml", f"{DIR}/program/2.20.02-statistik.yaml",
                       f"{DIR}/program/2.16.03-aptika.yaml")
R2025, R2026, BAB2 = f"{DIR}/realisasi/2025.yaml", f"{DIR}/realisasi/2026.yaml", f"{DIR}/bab-2.md"
RA2026 = f"{DIR}/rencana-aksi/2026.yaml"
NEW_HOLDER = ("Ir. Andi Prasetyo, M.T.", "197904182005011012", "19790418 200501 1 012")
YEARS = (2025, 2026, 2027, 2028, 2029)


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def rupiah(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def program_pagu(root: str, rel: str, only: str | None = None) -> dict[int, int]:
    """The pagu per year of a program file, summed over its sub kegiatan (of kegiatan `only`, if given)."""
    program = yaml.safe_load(open(os.path.join(root, rel), encoding="utf-8"))["program"]
    sums = dict.fromkeys(YEARS, 0)
    for kegiatan in program["kegiatan"]:
        if only and kegiatan["id"] != only:
            continue
        for sub in kegiatan["sub_kegiatan"]:
            for year, amount in sub["pagu"].items():
                sums[int(year)] += amount
    return sums


def make_pull_request(root: str) -> dict:
    """Commit the example on `main`, make the change on branch `usulan`; returns the numbers the
    report must show, read from the YAML before the change."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "perencana@example.go.id")
    git(root, "config", "user.name", "Perencana")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "awal")
    git(root, "checkout", "-qb", "usulan")
    expected = {"stat": program_pagu(root, STAT), "moved": program_pagu(root, SANDI, "K-SANDI-2")}
    mutate(root, RENSTRA, "uraian: Meningkatnya keamanan informasi pemerintah daerah",
           "uraian: Meningkatnya keamanan siber pemerintah daerah")
    s3_last = ("            alasan: Ukuran baku nasional keamanan informasi yang menggambarkan hasil sasaran, bukan "
               "kegiatan persandian\n")
    mutate(root, RENSTRA, s3_last, s3_last +
           "          - id: S3-I2\n            nama: Jumlah insiden siber yang mengganggu layanan publik\n"
           "            satuan: Insiden\n            polaritas: negatif\n            pola_ukur: hitungan\n"
           "            baseline: {tahun: 2024, nilai: 14}\n"
           "            target: {2025: 12, 2026: 9, 2027: 7, 2028: 5, 2029: 3}\n"
           # an IKU, so the Kepala OPD's PK holds it and its Rencana Aksi below is in order (R131)
           "            iku: true\n            definisi: Insiden siber yang menghentikan layanan publik\n"
           "            formula: \"{JI}\"\n            komponen:\n              - simbol: JI\n"
           "                uraian: Jumlah insiden siber yang menghentikan layanan publik\n"
           "            sumber_data: Catatan penanganan insiden CSIRT Kota Arunika\n")
    mutate(root, RENSTRA, "baseline: {tahun: 2024, nilai: 42.5}", "baseline: {tahun: 2024, nilai: 40.5}")
    text = open(os.path.join(root, SANDI), encoding="utf-8").read()
    start = text.index("    - id: K-SANDI-2\n")
    open(os.path.join(root, SANDI), "w", encoding="utf-8").write(text[:start])
    with open(os.path.join(root, STAT), "a", encoding="utf-8") as fh:
        fh.write(text[start:].replace("2.21.02.2.02", "2.20.02.2.02"))
    mutate(root, SANDI, "target: {2025: 70, 2026: 80, 2027: 90,", "target: {2025: 70, 2026: 75, 2027: 95,")
    mutate(root, SANDI, "pagu: {2025: 85000000, 2026: 90000000,", "pagu: {2025: 85000000, 2026: 100000000,")
    mutate(root, APTIKA, "    - id: P-APTIKA-I2\n      nama: Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE\n"
           "      satuan: \"%\"\n      polaritas: positif\n      pola_ukur: posisi\n      baseline: {tahun: 2024, nilai: 40}\n"
           "      target: {2025: 50, 2026: 60, 2027: 70, 2028: 80, 2029: 90}\n      sumber_data: Bidang Aplikasi Informatika\n", "")
    mutate(root, R2025, "  P-APTIKA-I2:\n    nilai: 42\n    penghambat: Sebagian aplikasi perangkat daerah masih "
           "dikembangkan di luar arsitektur SPBE\n", "")
    mutate(root, R2026, "  P-APTIKA-I2:\n    triwulan: {1: 43, 2: 45, 3: 47}\n    penghambat: Reviu kesesuaian aplikasi "
           "terhadap arsitektur SPBE baru berjalan di 12 perangkat daerah\n", "")
    # the Rencana Aksi follows: the deleted indicator's goes with it, the new one is planned, the changed
    # 2026 target of P-SANDI-I1 is the new fourth quarter (R133 holds the two together)
    for year, quarters in ((2025, (3, 6, 9, 12)), (2026, (2, 4, 7, 9))):
        rel = f"{DIR}/rencana-aksi/{year}.yaml"
        text = open(os.path.join(root, rel), encoding="utf-8").read()
        start, end = text.index("  P-APTIKA-I2:\n"), text.index("  K-APTIKA-1-I1:\n")
        planned = "  S3-I2:\n    triwulan:\n" + "".join(
            f"      {q}:\n        target: {t}\n        aksi: [Memantau dan menangani insiden siber]\n"
            for q, t in enumerate(quarters, 1))
        text = (text[:start] + text[end:]).replace("  S4-I1:\n", planned + "  S4-I1:\n", 1)
        open(os.path.join(root, rel), "w", encoding="utf-8").write(text)
    mutate(root, RA2026, "        target: 78\n        aksi:\n          - Mendampingi pemanfaatan tanda tangan",
           "        target: 73\n        aksi:\n          - Mendampingi pemanfaatan tanda tangan")
    mutate(root, RA2026, "        target: 80\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat",
           "        target: 75\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat")
    mutate(root, R2025, "  SK-APTIKA-2-1-I1:\n    triwulan: {1: 5, 2: 12, 3: 19, 4: 24}\n    nilai: 24\n", "")
    mutate(root, R2026, "  SK-APTIKA-2-1-I1:\n    triwulan: {1: 7, 2: 14, 3: 21}\n", "")
    name, nip, _ = NEW_HOLDER
    mutate(root, OPD, "        status: plt\n\n  - id: katim-statistik",
           f"        status: plt\n      - mulai: \"2026-06-02\"\n        nama: {name}\n        nip: \"{nip}\"\n"
           "        pangkat: Pembina Tingkat I\n        golongan: IV/b\n        status: definitif\n\n  - id: katim-statistik")
    git(root, "commit", "-qam", "usulan perubahan")
    # the narrative edit is not committed yet
    mutate(root, BAB2, "berjumlah 64 orang.", "berjumlah 66 orang.")
    mutate(root, BAB2, "- Kelompok Jabatan Fungsional.\n",
           "- Kelompok Jabatan Fungsional.\n\nSejak tahun 2026 Bidang Statistik dan Persandian dipimpin pejabat definitif.\n")
    return expected


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("pr") / "repo")
    expected = make_pull_request(root)
    out = tmp_path_factory.mktemp("keluaran")
    result = run_cli("review", "--base", "main", "--keluaran", str(out / "ringkasan.md"), "--lampiran",
                     str(out / "lampiran"), cwd=root)
    report = result.stdout
    data = json.loads((out / "lampiran" / "laporan.json").read_text(encoding="utf-8"))
    return {"root": root, "result": result, "report": report, "json": data, "out": out, **expected}


def section(report: str, title: str) -> str:
    """The text of a `### title` section (up to the next heading of level 2 or 3)."""
    start = report.index(f"### {title}")
    end = re.search(r"^#{2,3} ", report[start + 4:], re.M)
    return report[start:start + 4 + end.start()] if end else report[start:]


def document(report: str, path: str) -> str:
    start = report.index(f"<code>{path}</code>")
    return report[start:report.index("</details>", start)]


def test_the_report_is_complete_and_exits_0_when_only_warnings_are_new(reviewed):
    result = reviewed["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    report = reviewed["report"]
    assert "✅ **Tidak ada galat baru** (status keluar 0)." in report
    # the job summary got the same report (well under its limit), the artifact the full one
    assert (reviewed["out"] / "ringkasan.md").read_text(encoding="utf-8") == report
    assert len(report.encode("utf-8")) < 100 * 1024


def test_the_compared_revisions_are_named_and_uncommitted_work_is_said(reviewed):
    head = re.search(r"^Dibandingkan: (.*)$", reviewed["report"], re.M).group(1)
    commits = git(reviewed["root"], "log", "--format=%h", "-2").split()
    assert head.startswith(f"`main` ({commits[1]}) → `usulan` ({commits[0]}), termasuk perubahan yang belum di-commit")
    assert "pohon kerja" not in reviewed["report"]


def test_a_one_screen_summary_comes_first(reviewed):
    summary = reviewed["report"].split("## Masalah validasi baru")[0]
    assert len(summary.splitlines()) < 45
    for line in ("| OPD | 1 dari 4 berubah: Dinas Komunikasi dan Informatika |",
                 "| Masalah validasi baru | 0 galat, 2 peringatan |",
                 "| Indikator | 1 ditambah, 1 dihapus |",
                 "| Target | 2 angka target diubah (⚠️ 1 berlawanan dengan polaritas); 1 baseline dikoreksi |",
                 "| Narasi | 1 bab berubah |"):
        assert line in summary
    assert re.search(r"\| Realisasi \| 4 dihapus — ⚠️ 4 menghapus data yang sudah dilaporkan \|", summary)
    # total pagu of every OPD, per year: only 2026 changed, by the 10.000.000 added to one sub kegiatan
    assert re.search(r"\| 2026 \| [\d.]+ \| [\d.]+ \| \+10\.000\.000 \|", summary)


def test_a_new_indicator_shows_its_baseline_and_five_targets(reviewed):
    targets = section(reviewed["report"], "Target dan baseline indikator")
    assert ("| **baru**: Jumlah insiden siber yang mengganggu layanan publik | Sasaran Meningkatnya keamanan siber "
            "pemerintah daerah | Insiden | 14 (2024) | 12 | 9 | 7 | 5 | 3 |") in targets
    # the deleted indicator, with the numbers that go
    assert ("| **dihapus**: Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE | Program 2.16.03 | % | "
            "~~40 (2024)~~ | ~~50~~ | ~~60~~ | ~~70~~ | ~~80~~ | ~~90~~ |") in targets


def test_targets_are_judged_against_polarity_but_a_baseline_is_not(reviewed):
    targets = section(reviewed["report"], "Target dan baseline indikator")
    row = next(line for line in targets.splitlines() if "sertifikat elektronik" in line)
    assert row.endswith("| Program 2.21.02 | % |  |  | ⚠️ 80 → 75 (turun) | 90 → 95 |  |  |")
    baseline = next(line for line in targets.splitlines() if "sistem penghubung" in line)
    assert "| 42,5 → 40,5 (2024) |" in baseline and "⚠️" not in baseline


def test_pagu_per_program_per_sasaran_and_for_the_opd_before_and_after(reviewed):
    amounts = section(reviewed["report"], "Pagu indikatif (Rp)")
    before, moved = reviewed["stat"], reviewed["moved"]
    program = amounts.split("**Per program**")[1]
    name = "2.20.02 PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL"
    assert f"| {name} | sebelum | " + " | ".join(rupiah(before[y]) for y in YEARS) + " |" in program
    assert "|  | sesudah | " + " | ".join(rupiah(before[y] + moved[y]) for y in YEARS) + " |" in program
    assert "|  | selisih | " + " | ".join("+" + rupiah(moved[y]) for y in YEARS) + " |" in program
    assert "2.21.02 PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI | sebelum" in program
    sasaran = amounts.split("**Per sasaran**")[1].split("**Per program**")[0]
    assert "| Meningkatnya kualitas data statistik sektoral | sebelum | " + rupiah(before[2025]) in sasaran
    total = amounts.split("**Total OPD**")[1].split("**Per sasaran**")[0]
    assert "| OPD |  | 2026 |" in total and "|  | selisih | +10.000.000 |" in total
    sub = amounts.split("**Per sub kegiatan")[1]
    assert "Pelaksanaan Analisis Kebutuhan" in sub and "| sebelum | 90.000.000 |\n|  | sesudah | 100.000.000 |" in sub


def test_removed_realisasi_is_listed_and_flagged(reviewed):
    realisasi = section(reviewed["report"], "Realisasi")
    assert "> ⚠️ Perubahan ini menghapus data realisasi yang sudah dilaporkan (4 isian)." in realisasi
    kept = "Jumlah perangkat daerah yang difasilitasi dalam penyelenggaraan SPBE | Perangkat Daerah"
    assert f"| 2025 | ⚠️ dihapus | {kept} | ~~24~~ | ~~5~~ | ~~12~~ | ~~19~~ | ~~24~~ |  |" in realisasi
    assert f"| 2026 | ⚠️ dihapus | {kept} |  | ~~7~~ | ~~14~~ | ~~21~~ |  |  |" in realisasi
    assert "penghambat: ~~Reviu kesesuaian aplikasi terhadap arsitektur SPBE baru berjalan di 12 perangkat daerah~~" \
        in realisasi


def test_the_new_holder_is_told_by_name_nip_pangkat_and_the_pks_it_changes(reviewed):
    people = section(reviewed["report"], "Jabatan dan pemangku")
    name, _, nip = NEW_HOLDER
    assert (f"| ditambah | Kepala Bidang Statistik dan Persandian | 2 Juni 2026 | {name} | {nip} | "
            "Pembina Tingkat I (IV/b) | definitif |") in people
    # the PK is signed in January and the PK Perubahan 2026 on 5 October (data/pemda.yaml): from the
    # PK Perubahan 2026 on the new holder signs their own PK and, as atasan, the PKs of both ketua tim below them
    for pk, role in (("Kepala Bidang Statistik dan Persandian", "pihak pertama"),
                     ("Ketua Tim Kerja Statistik Sektoral", "pihak kedua"),
                     ("Ketua Tim Kerja Persandian dan Keamanan Informasi", "pihak kedua")):
        assert (f"| {pk} | {role} | 2026 (perubahan), 2027, 2028, 2029 | Plt. Fajar Nugroho, S.Kom., M.T. | {name} |"
                in people)


def test_the_cascading_top_down_with_codes_not_names_repeated(reviewed):
    nodes = section(reviewed["report"], "Tujuan, sasaran, program, kegiatan dan sub kegiatan")
    rows = [line for line in nodes.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r.split(" | ")[1] for r in rows] == ["Sasaran", "Kegiatan", "Sub Kegiatan"]
    assert rows[0].endswith("| uraian: Meningkatnya keamanan ~~informasi~~ **siber** pemerintah daerah |")
    assert rows[1].endswith("| di bawah: Program 2.21.02 → Program 2.20.02; kode: 2.21.02.2.02 → 2.20.02.2.02 |")
    assert rows[2].endswith("| kode: 2.21.02.2.02.0001 → 2.20.02.2.02.0001 |")
    assert nodes.count("Penetapan Pola Hubungan Komunikasi Sandi") == 1
    # no internal ids in what a mentor reads
    for internal in ("`S3`", "K-SANDI-2", "P-APTIKA-I2", "SK-APTIKA-2-1-I1", "kabid-statsan", "`diskominfo`"):
        assert internal not in reviewed["report"].split("### Dokumen yang berubah")[0]


def test_the_narrative_change_is_summarised(reviewed):
    narasi = section(reviewed["report"], "Narasi")
    assert "| Bab 2 | 2.1 Tugas, Fungsi dan Struktur Organisasi | berubah | 1 ditambah, 1 diubah | +11, −1 |" in narasi
    assert "berjumlah ~~64~~ **66** orang." in narasi
    assert "- Bab 2: **Sejak tahun 2026 Bidang Statistik dan Persandian dipimpin pejabat definitif.**" in narasi


def test_documents_show_only_changed_cells_paired_and_collapsed(reviewed):
    report = reviewed["report"]
    for path in ("renstra/bab-6.docx", "excel/t-c-27.xlsx"):
        t_c_27 = document(report, path)
        assert report.count(f"<details><summary><code>{path}</code>") == 1
        # the rename is told once for all the rows under the sasaran
        assert t_c_27.count("keamanan ~~informasi~~ **siber**") == 1
        assert re.search(r"- \*\*Sasaran\*\* \(\d+ baris\) — Meningkatnya keamanan ~~informasi~~ \*\*siber\*\*", t_c_27)
        # the moved kegiatan: only its code and its sasaran changed in the table
        assert re.search(r"- \*\*Kode\*\*: 2\.20\.02\.2\.02 Penetapan Pola Hubungan[^\n]*— 2\.21\.02\.2\.02 → 2\.20\.02\.2\.02",
                         t_c_27)
        assert "| 80 → 75" not in t_c_27 and "— 80 → 75" in t_c_27
        # cells the change left alone are not there, even in rows that changed
        for unchanged in ("Jumlah perangkat daerah yang diamankan informasinya",
                          "Persentase insiden keamanan informasi yang tertangani", "Skor Indeks Keamanan Informasi"):
            assert unchanged not in t_c_27
        assert "baris baru — Jumlah insiden siber yang mengganggu layanan publik" in t_c_27
    assert "baris lama" not in report


def test_changed_trees_are_listed_as_boxes_and_their_pictures_attached(reviewed):
    tree = document(reviewed["report"], "pohon/sasaran-S3")
    assert "(berubah) — 3 kotak berubah (berkas gambar: dot, png, svg)" in tree
    assert "- kotak diubah «2.21.02 PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI»: 80% → 75%" in tree
    assert "ditambah «IK: Jumlah insiden siber yang mengganggu layanan publik»; ditambah «9 Insiden»" in tree
    assert "- kotak dihapus «2.21.02.2.02 Penetapan Pola Hubungan" in tree
    lampiran = reviewed["out"] / "lampiran"
    full = (lampiran / "laporan.md").read_text(encoding="utf-8")
    for side in ("sebelum", "sesudah"):
        picture = lampiran / "pohon" / "diskominfo" / f"sasaran-S3.{side}.svg"
        assert b"<svg" in picture.read_bytes()
        assert f"](pohon/diskominfo/sasaran-S3.{side}.svg)" in full
    assert (lampiran / "pohon/diskominfo/sasaran-S3.sebelum.svg").read_bytes() != \
        (lampiran / "pohon/diskominfo/sasaran-S3.sesudah.svg").read_bytes()
    assert "](pohon/" not in reviewed["report"]  # a job summary cannot show files beside it


def test_the_json_report_carries_the_same_changes(reviewed):
    data, report = reviewed["json"], reviewed["report"]
    assert data["format"] == "cascade-review" and data["exit_status"] == 0
    (opd,) = [o for o in data["opds"] if o["status"] != "sama"]
    new = next(n for n in opd["indicator_numbers"] if n["id"] == "S3-I2")
    assert new["status"] == "baru" and [y["after"] for y in new["years"]] == [12, 9, 7, 5, 3]
    assert new["baseline"] == {"tahun_before": None, "before": None, "tahun_after": 2024, "after": 14}
    removed = [r for r in opd["realisasi"] if r["id"] == "SK-APTIKA-2-1-I1"]
    assert [(r["tahun"], r["data_dihapus"]) for r in removed] == [(2025, True), (2026, True)]
    assert {d["field"]: d["before"] for d in removed[0]["values"]} == {
        "nilai": 24, "triwulan 1": 5, "triwulan 2": 12, "triwulan 3": 19, "triwulan 4": 24}
    stat = next(r for r in opd["rollups"] if r["level"] == "program" and r["id"] == "P-STAT" and r["series"] == "pagu")
    assert {y["tahun"]: (y["before"], y["after"]) for y in stat["years"]} == {
        y: (reviewed["stat"][y], reviewed["stat"][y] + reviewed["moved"][y]) for y in YEARS}
    assert opd["holders"][0]["after"]["nip"] == NEW_HOLDER[2]
    assert [c["bab"] for c in opd["chapters"]] == ["bab-2"]
    # everything the JSON lists, the Markdown tells (by name, clipped in tables)
    for items, key in ((opd["nodes"], "label"), (opd["indicator_numbers"], "nama"), (opd["realisasi"], "label"),
                       (opd["rollups"], "label"), (opd["node_numbers"], "label")):
        for item in items:
            assert item[key][:40] in report, item
    for holder in opd["holders"]:
        assert holder["after"]["nama"] in report
    for doc in opd["documents"]:
        assert f"<code>{doc['path']}</code>" in report
    summary = data["summary"]
    assert (summary["targets_changed"], summary["realisasi_data_removed"], summary["documents_changed"]) == (
        2, 4, len(opd["documents"]))
    assert f"| Dokumen | {summary['documents_changed']} berkas berubah |" in report


def test_rencana_aksi_changes_are_listed(reviewed):
    """Issue 28: the quarterly targets and actions that changed, per year and indicator."""
    report = reviewed["report"]
    assert "| Rencana Aksi | 5 indikator berubah target atau aksi triwulannya |" in report
    ra = section(report, "Rencana Aksi (target dan aksi per triwulan)")
    sandi = "Persentase perangkat daerah yang menerapkan sertifikat elektronik | %"
    assert f"| 2026 | diubah | {sandi} | target TW III: 78 → 73; target TW IV: 80 → 75 |" in ra
    gone = "| 2025 | dihapus | Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE | % | target TW I: ~~42~~ (dihapus);"
    assert gone in ra
    assert ("| 2026 | ditambah | Jumlah insiden siber yang mengganggu layanan publik | Insiden | target TW I: 2; "
            "aksi TW I: Memantau dan menangani insiden siber;") in ra
    assert len([line for line in ra.splitlines() if line.startswith("| 202")]) == 5
