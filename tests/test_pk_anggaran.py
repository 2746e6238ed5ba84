"""The budget a PK carries (issue 23): the DPA, the APBD Perubahan amount in a PK Perubahan, the pagu
indikatif only while no DPA is recorded (and then said so); the PK's structure per level; rules R085–R091."""
from __future__ import annotations

import dataclasses
import io
import os
import re
import zipfile

import docx
from conftest import ROOT, mutate, run_cli

from cascade.documents import Job, PemdaJob, pk
from cascade.pipeline import check

TAHUN = 2026
APTIKA = "data/opd/diskominfo/program/2.16.03-aptika.yaml"
IKP = "data/opd/diskominfo/program/2.16.02-ikp.yaml"
OPD = "data/opd/diskominfo/opd.yaml"
PEMDA = "data/pemda.yaml"
KEPALA = f"pk/{TAHUN}/kepala-dinas-komunikasi-dan-informatika.docx"
KABID = f"pk/{TAHUN}/kepala-bidang-aplikasi-informatika.docx"
KATIM = f"pk/{TAHUN}/ketua-tim-kerja-tata-kelola-spbe.docx"
DOMAIN_DPA = "          anggaran: {2025: {dpa: 45000000}, 2026: {dpa: 47000000}}"
DOMAIN_2025 = "          anggaran: {2025: {dpa: 45000000}}"
FASILITASI_DPA = "          anggaran: {2025: {dpa: 180000000}, 2026: {dpa: 190000000}}"

# (code, file, old text, new text, expected line offset from `old`, a word the message must contain);
# the shape of tests/test_rules.py CASES, which counts these codes as covered.
ANGGARAN_CASES = [
    ("R085", APTIKA, DOMAIN_DPA, DOMAIN_2025, -1, "belum dicatat"),  # located at the sub kegiatan's pagu
    ("R086", APTIKA, DOMAIN_DPA, "          anggaran: {2025: {dpa: 45000000}, 2026: {dpa: 48000000}}", 0, "berbeda dari pagu"),
    ("R087", APTIKA, DOMAIN_DPA, DOMAIN_DPA[:-1] + ", 2031: {dpa: 1}}", 0, "2031"),
    ("R088", APTIKA, DOMAIN_DPA, "          anggaran: {2025: {dpa: 45000000}, 2026: {perubahan: 47000000}}", 0, "tanpa angka DPA"),
    ("R089", PEMDA, "  tanggal_pk_perubahan:\n    2026: \"2026-10-05\"\n", "", None, "tidak dibangun"),
    ("R090", PEMDA, "nomor_pk: \"{nomor}/PK/{singkatan}/{tahun}\"", "nomor_pk: \"{no}/PK/{tahun}\"", 0, "{no}"),
    ("R091", OPD, "        golongan: IX\n", "        pangkat: Ahli Pertama (PPPK)\n        golongan: IX\n", 0, "Golongan IX"),
]


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def text_of(data: bytes) -> str:
    document = read(data)
    parts = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def outputs_of(root, key="diskominfo") -> dict[str, bytes]:
    checked = check(root)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    return {o.path: o.data for o in pk.render(Job(checked.repo, checked.repo.opds[key], TAHUN))}


def test_missing_dpa_is_one_located_warning_per_opd_and_the_pk_names_its_source(tmp_repo):
    first = mutate(tmp_repo, APTIKA, DOMAIN_DPA, DOMAIN_2025) - 1  # its `pagu:` line
    mutate(tmp_repo, APTIKA, FASILITASI_DPA, "          anggaran: {2025: {dpa: 180000000}}")
    checked = check(tmp_repo)
    r085 = [d for d in checked.report.items if d.code == "R085"]
    assert len(r085) == 1, [d.format() for d in r085]  # one for the OPD and year, not one per sub kegiatan
    [d] = r085
    assert d.severity.value == "peringatan" and (d.loc.file, d.loc.line) == (APTIKA, first)
    assert "2 dari 31 sub kegiatan" in d.message and "DPA tahun 2026" in d.message
    outputs = {o.path: o.data for o in pk.render(Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN))}
    note = "Sumber anggaran: DPA Tahun Anggaran 2026; untuk 2 sub kegiatan pagu indikatif Renstra (DPA belum dicatat)."
    assert note in text_of(outputs[KEPALA])
    # the infrastructure team's only sub kegiatan has no DPA: its whole table is the pagu indikatif
    infra = text_of(outputs[f"pk/{TAHUN}/ketua-tim-kerja-infrastruktur-dan-pusat-data.docx"])
    assert "Sumber anggaran: pagu indikatif Renstra (DPA belum dicatat)." in infra and "47.000.000" in infra


def test_a_draft_is_not_told_to_record_its_dpa(tmp_repo):
    """A draft builds no PK, so no PK would carry the pagu in place of a missing DPA."""
    mutate(tmp_repo, APTIKA, DOMAIN_DPA, DOMAIN_2025)
    assert [d.code for d in check(tmp_repo).report.items].count("R085") == 1
    mutate(tmp_repo, OPD, "opd:\n", "opd:\n  status: draf\n")
    assert "R085" not in [d.code for d in check(tmp_repo).report.items]


def test_dpa_differences_are_catatan_that_never_fail_a_strict_run():
    result = run_cli("validate", "--opd", "diskominfo", "--strict")
    lines = [line for line in result.stdout.splitlines() if " R086: " in line]
    assert result.returncode == 0, result.stdout
    # the example's three sub kegiatan whose DPA differs from the pagu indikatif, each at its `dpa:`
    assert len(lines) == 3 and all(": catatan R086: " in line for line in lines), lines
    with open(os.path.join(ROOT, APTIKA), encoding="utf-8") as f:  # the line of the `dpa:` that differs
        dpa_line = next(n for n, line in enumerate(f, start=1) if "dpa: 1250000000" in line)
    assert any(line.startswith(f"{APTIKA}:{dpa_line}:") and "Rp1.250.000.000" in line and "Rp1.300.000.000" in line
               for line in lines), lines
    assert re.search(r": 0 galat, \d+ peringatan — OK$", result.stdout.strip())


def test_renstra_keeps_the_pagu_indikatif(repo):
    node = repo.opds["diskominfo"].node("SK-APTIKA-2-2")
    assert node.pagu[TAHUN] == 1_300_000_000 and node.anggaran[TAHUN].dpa == 1_250_000_000
    from cascade.documents import renstra
    bab6 = next(o.data for o in renstra.render(Job(repo, repo.opds["diskominfo"], TAHUN))
                if o.path == "renstra/bab-6.docx")
    cells = text_of(bab6)
    # the OPD's 2026 total: the pagu indikatif, not the DPA (17.483.000.000) nor the APBD-P (17.558.000.000)
    assert "17.592.500.000" in cells and "17.483.000.000" not in cells and "17.558.000.000" not in cells


def test_tujuan_table_can_be_left_out_and_money_tables_follow_the_level_setting(repo):
    settings = dataclasses.replace(repo.pemda.settings, pk_tujuan=False,
                                   pk_anggaran={**repo.pemda.settings.pk_anggaran, "fungsional": False})
    changed = dataclasses.replace(repo, pemda=dataclasses.replace(repo.pemda, settings=settings))
    outputs = {o.path: o.data for o in pk.render(Job(changed, changed.opds["diskominfo"], TAHUN))}
    kepala = text_of(outputs[KEPALA])
    assert "Tabel 1 Sasaran Strategis" in kepala and "Tujuan" not in kepala.split("LAMPIRAN")[1]
    assert "Terwujudnya tata kelola pemerintahan digital" not in kepala
    katim = text_of(outputs[KATIM])
    assert "Anggaran (Rp)" not in katim and "Sumber anggaran" not in katim
    assert "Anggaran (Rp)" in text_of(outputs[KABID])  # administrator: still on


def test_statement_and_lampiran_wording(repo):
    outputs = {o.path: o.data for o in pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))}
    kepala = [p.text for p in read(outputs[KEPALA]).paragraphs]
    assert "Nomor: 01/PK/Diskominfo/2026" in kepala
    lampiran = kepala[kepala.index("LAMPIRAN PERJANJIAN KINERJA TAHUN 2026"):]
    # the Kepala's jabatan already names the OPD: one line, the OPD not repeated under it
    assert lampiran[1] == "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA KOTA ARUNIKA"
    assert "DINAS KOMUNIKASI DAN INFORMATIKA KOTA ARUNIKA" not in lampiran[2:]
    kabid = [p.text for p in read(outputs[KABID]).paragraphs]
    start = kabid.index("LAMPIRAN PERJANJIAN KINERJA TAHUN 2026")
    assert kabid[start + 1:start + 3] == ["KEPALA BIDANG APLIKASI INFORMATIKA", "DINAS KOMUNIKASI DAN INFORMATIKA KOTA ARUNIKA"]
    assert "Nomor: 08/PK/Diskominfo/2026" in kabid
    # the kop's contact line breaks only between items: no breakable space inside "Laman: …"
    kop = read(outputs[KEPALA]).tables[0].rows[0].cells[1].text
    assert "Laman:\u00a0diskominfo.arunikakota.go.id" in kop and "Pos-el:\u00a0diskominfo@arunikakota.go.id" in kop
    # the PPPK's golongan as Perpres 98/2020 writes it, no pangkat
    pppk = text_of(outputs[f"pk/{TAHUN}/pranata-komputer-ahli-pertama.docx"])
    assert "Golongan IX" in pppk and "(IX)" not in pppk and "PPPK (" not in pppk
    # and the Nomor Induk PPPK BKN gives a PPPK, not a NIP
    assert "NI PPPK. 19971205 202521 1 003" in pppk and "NIP. 19971205" not in pppk


def test_no_nomor_line_without_a_pattern(repo):
    settings = dataclasses.replace(repo.pemda.settings, nomor_pk="")
    changed = dataclasses.replace(repo, pemda=dataclasses.replace(repo.pemda, settings=settings))
    outputs = {o.path: o.data for o in pk.render(Job(changed, changed.opds["diskominfo"], TAHUN))}
    assert "Nomor:" not in text_of(outputs[KEPALA])


def test_the_lambang_daerah_is_in_the_kop_when_set(repo, tmp_repo):
    with_logo = {o.path: o.data for o in pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))}
    logo = open(f"{repo.root}/data/{repo.pemda.settings.logo}", "rb").read()
    with zipfile.ZipFile(io.BytesIO(with_logo[KEPALA])) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert logo in media
    assert read(with_logo[KEPALA]).tables[0].rows[0].cells[0]._tc.xml.count("<pic:pic") == 1

    mutate(tmp_repo, PEMDA, "  logo: lambang-arunika.png\n", "")
    without = outputs_of(tmp_repo)
    with zipfile.ZipFile(io.BytesIO(without[KEPALA])) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert "lambang" not in text_of(without[KEPALA])  # the template's mark prints nothing


def test_catatan_is_neither_an_error_nor_a_warning():
    from cascade.diagnostics import Loc, Report, info
    note = info(Loc(APTIKA, 101, 34), "R086", "DPA berbeda", "tidak perlu tindakan")
    report = Report([note])
    assert note.format() == f"{APTIKA}:101:34: catatan R086: DPA berbeda (saran: tidak perlu tindakan)"
    assert note.format_github().startswith(f"::notice file={APTIKA},line=101,col=34,title=R086::")
    assert report.errors == report.warnings == [] and not report.failed(strict=True)
    assert report.summary() == "0 galat, 0 peringatan"


def anggaran_rows(data: bytes) -> dict[str, str]:
    """The money table's rows of a PK: the name in column (2) → its Keterangan (column 4)."""
    table = [t for t in read(data).tables if t.rows[0].cells[-1].text == "Keterangan"][-1]
    return {row.cells[1].text: row.cells[3].text for row in table.rows[2:] if row.cells[0].text.strip().isdigit()}


def test_pk_perubahan_has_its_own_number_names_the_pk_it_changes_and_marks_the_changed_rows(repo):
    """Review #8: the PK Perubahan reads as a perubahan, not as a copy of the PK murni."""
    outputs = {o.path: o.data for o in pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))}
    changed = KEPALA.replace(f"pk/{TAHUN}/", f"pk/{TAHUN}/perubahan/")
    murni = [p.text for p in read(outputs[KEPALA]).paragraphs]
    perubahan = [p.text for p in read(outputs[changed]).paragraphs]
    assert "Nomor: 01/PK/Diskominfo/2026" in murni and "Nomor: 01-P/PK/Diskominfo/2026" in perubahan
    assert "Nomor: 01/PK/Diskominfo/2026" not in perubahan
    assert ("Perjanjian Kinerja Perubahan ini merupakan perubahan atas Perjanjian Kinerja Tahun 2026 Nomor "
            "01/PK/Diskominfo/2026 tanggal 5 Januari 2026, dan menggantikannya sejak ditandatangani.") in perubahan
    assert not [p for p in murni if "merupakan perubahan" in p]
    # only the aptika program changed (its pusat kendali sub kegiatan: 1.250.000.000 → 1.325.000.000)
    rows = anggaran_rows(outputs[changed])
    marked = {name: ket for name, ket in rows.items() if "Semula" in ket}
    assert marked == {"2.16.03 PROGRAM PENGELOLAAN APLIKASI INFORMATIKA":
                      "Kepala Bidang Aplikasi Informatika; Semula Rp6.237.000.000"}
    assert not [k for k in anggaran_rows(outputs[KEPALA]).values() if "Semula" in k]


def test_wali_kota_pk_has_a_nomor_line_and_its_perubahan_refers_to_it(repo):
    """Review #16: the Pemda's PK numbered from the same `dokumen.nomor_pk` pattern ("Pemkot" for {singkatan})."""
    outputs = {o.path: o.data for o in pk.render_pemda(PemdaJob(repo, TAHUN))}
    murni = read(outputs[f"pk/{TAHUN}/pk-kepala-daerah.docx"])
    perubahan_data = outputs[f"pk/{TAHUN}/perubahan/pk-kepala-daerah.docx"]
    perubahan = [p.text for p in read(perubahan_data).paragraphs]
    assert "Nomor: 01/PK/Pemkot/2026" in [p.text for p in murni.paragraphs]
    assert "Nomor: 01-P/PK/Pemkot/2026" in perubahan
    assert [p for p in perubahan if p.startswith("Perjanjian Kinerja Perubahan ini merupakan perubahan atas "
                                                 "Perjanjian Kinerja Tahun 2026 Nomor 01/PK/Pemkot/2026 tanggal "
                                                 "5 Januari 2026")]
    rows = anggaran_rows(perubahan_data)
    assert {n: k for n, k in rows.items() if k} == {"2.16.03 PROGRAM PENGELOLAAN APLIKASI INFORMATIKA":
                                                    "Semula Rp6.237.000.000"}

    settings = dataclasses.replace(repo.pemda.settings, nomor_pk="")
    unnumbered = dataclasses.replace(repo, pemda=dataclasses.replace(repo.pemda, settings=settings))
    outputs = {o.path: o.data for o in pk.render_pemda(PemdaJob(unnumbered, TAHUN))}
    text = text_of(outputs[f"pk/{TAHUN}/perubahan/pk-kepala-daerah.docx"])
    assert "Nomor" not in text and "perubahan atas Perjanjian Kinerja Tahun 2026 tanggal 5 Januari 2026" in text
