"""Penjenjangan kinerja (issue 28): the matriks penjenjangan and the SKP sheets read back cell by cell
against the data, and the rules R140/R141 firing where the chain of PKs breaks."""
from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import openpyxl
import pytest
from conftest import mutate

from cascade.diagnostics import Loc
from cascade.documents import Job, jenjang, pk, renderers
from cascade.fmt import target
from cascade.model.jenjang import aspek
from cascade.model.types import Indikator
from cascade.pipeline import check

OPD = "data/opd/diskominfo/opd.yaml"
APTIKA = "data/opd/diskominfo/program/2.16.03-aptika.yaml"


def _hits(root, code):
    return [d for d in check(root).report.items if d.code == code]


# --- R140: what an official supports is in the PK of their direct atasan ----------------------------------


def test_a_kegiatan_under_the_program_of_the_atasans_atasan_breaks_the_chain(tmp_repo):
    # katim-infra now reports to katim-spbe, but its kegiatan still supports the Kabid's program: the
    # Kabid is in the chain (no R022), yet not the atasan whose PK the katim's result must be in
    mutate(tmp_repo, OPD, "    unit_kerja: Bidang Aplikasi Informatika\n    atasan: kabid-aptika\n    pejabat:\n"
                          "      - mulai: \"2024-01-02\"\n        nama: Maya",
           "    unit_kerja: Bidang Aplikasi Informatika\n    atasan: katim-spbe\n    pejabat:\n"
           "      - mulai: \"2024-01-02\"\n        nama: Maya")
    text = open(f"{tmp_repo}/{APTIKA}", encoding="utf-8").read()
    line = text[:text.index("id: K-APTIKA-1\n")].count("\n") + 1 + 4  # K-APTIKA-1's penanggung_jawab line
    assert text.splitlines()[line - 1].strip() == "penanggung_jawab: katim-infra"
    hits = _hits(tmp_repo, "R140")
    assert [(d.loc.file, d.loc.line) for d in hits] == [(APTIKA, line)], [d.format() for d in hits]
    assert "atasan langsungnya `katim-spbe`" in hits[0].message and "kabid-aptika" in hits[0].message
    assert "katim-spbe" in hits[0].hint
    assert not _hits(tmp_repo, "R022")  # the weaker rule stays silent: kabid-aptika is above katim-infra


def test_the_example_chain_is_whole(example):
    assert not [d for d in example.report.items if d.code in ("R140", "R141")]


# --- R141: every official who signs a PK has a NIP ------------------------------------------------------


def test_a_pk_signatory_without_nip_is_reported_at_the_holder(tmp_repo):
    line = mutate(tmp_repo, OPD, "      - mulai: \"2024-01-02\"\n        nama: Maya Kusumawati, S.T.\n        nip: \"199309092018012001\"\n",
                  "      - mulai: \"2024-01-02\"\n        nama: Maya Kusumawati, S.T.\n")
    hits = _hits(tmp_repo, "R141")
    assert [(d.loc.file, d.loc.line) for d in hits] == [(OPD, line)], [d.format() for d in hits]
    assert "Maya Kusumawati" in hits[0].message and "katim-infra" in hits[0].message


# --- the documents, read back --------------------------------------------------------------------------

TAHUN = 2026
# top down as the PKs are numbered (written out, as in test_pk.py)
ORDER = ["kadis", "sekretaris", "kasubbag-umpeg", "pengadministrasi-umum", "kasubbag-renkeu", "kabid-ikp",
         "katim-media", "kabid-aptika", "katim-spbe", "pranata-komputer", "katim-infra", "kabid-statsan",
         "katim-statistik", "katim-persandian"]
SKP_FILE = {"kadis": "kepala-dinas-komunikasi-dan-informatika", "kabid-aptika": "kepala-bidang-aplikasi-informatika",
            "pranata-komputer": "pranata-komputer-ahli-pertama", "kabid-statsan": "kepala-bidang-statistik-dan-persandian"}
ZWSP = "\u200b"
NBSP = "\u00a0"  # holds a target ("a. 2,75 Nilai") on one line


@pytest.fixture(scope="module")
def built(repo):
    job = Job(repo, repo.opds["diskominfo"], TAHUN)
    return {o.path: o.data for o in jenjang.render(job)}


def _owned_rows(opd, jid):
    """The results an official signs for, independently of the code under test: the nodes they own that
    have a target in the year, less those below a sasaran/program/kegiatan of their own."""
    out = []

    def go(node, ancestors):
        below_own = node.level != "sasaran" and any(
            a.penanggung_jawab == jid and a.level in ("sasaran", "program", "kegiatan") for a in ancestors)
        if node.penanggung_jawab == jid and not below_own and any(TAHUN in i.target for i in node.indikator):
            out.append((node, ancestors[-1] if ancestors else None, ancestors))
        for c in node.children:
            go(c, ancestors + (node,))

    for t in opd.tujuan:
        go(t, ())
    return out


def _lettered(items):
    return items[0] if len(items) == 1 else "\n".join(f"{'abcdefgh'[k]}. {x}" for k, x in enumerate(items))


def matriks_rows(data: bytes) -> list:
    """("grup", text) for a group row, the cells for a result row, over every piece of the table."""
    document = docx.Document(io.BytesIO(data))
    out = []
    for t in document.tables:
        if t.rows[0].cells[0].text != "No":
            continue
        for row in t.rows:
            texts = [c.text.replace(ZWSP, "").replace(NBSP, " ") for c in row.cells]
            if texts[0] in ("No", "(1)"):
                continue
            out.append(("grup", texts[0]) if len(set(texts)) == 1 else texts)
    return out


def test_matriks_word_names_every_official_top_down_with_the_atasan(built, repo):
    opd = repo.opds["diskominfo"]
    jab = opd.jabatan_by_id()
    groups = [r[1] for r in matriks_rows(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]) if r[0] == "grup"]
    assert [g.split(" — ")[0].replace("Plt. ", "") for g in groups] == [f"{k}. {jab[j].nama}" for k, j in enumerate(ORDER, 1)]
    assert groups[0] == ("1. Kepala Dinas Komunikasi dan Informatika — Ir. Bambang Setiawan, M.Kom.; "
                         "atasan: Wali Kota Arunika")
    # on the PK date (2 January 2026 unless dated) Fajar Nugroho is Plt. of Statistik dan Persandian
    assert groups[11] == ("12. Plt. Kepala Bidang Statistik dan Persandian — Fajar Nugroho, S.Kom., M.T.; "
                          "atasan: Kepala Dinas Komunikasi dan Informatika")


def test_matriks_word_rows_cell_by_cell_against_the_data(built, repo):
    opd = repo.opds["diskominfo"]
    rpjmd = {s.id: s for s in repo.pemda.rpjmd_sasaran()}
    rows = [r for r in matriks_rows(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]) if r[0] != "grup"]
    expected = []
    for jid in ORDER:
        for node, parent, ancestors in _owned_rows(opd, jid):
            inds = [i for i in node.indikator if TAHUN in i.target]
            own = (_lettered([i.nama for i in inds]), _lettered([target(i.target[TAHUN], i.satuan, True) for i in inds]))
            if parent is None or parent.penanggung_jawab == jid:  # the Kepala OPD: the RPJMD sasaran
                top = ancestors[0] if ancestors else node
                support = node.mendukung if "mendukung" in node.locs else top.mendukung
                above_inds = [i for x in support for i in rpjmd[x].indikator]
                above_text = "\n".join(rpjmd[x].uraian for x in support)
            else:
                above_inds = [i for i in parent.indikator if TAHUN in i.target]
                above_text = parent.uraian
            expected.append((node, own, above_text, above_inds))
    assert len(rows) == len(expected) == 28
    for k, (row, (node, own, above_text, above_inds)) in enumerate(zip(rows, expected), 1):
        assert row[0] == str(k)
        statement = node.judul if node.level == "subkegiatan" else node.uraian
        assert statement in row[1], (row[1], statement)
        assert node.id not in "".join(row)  # never an internal id
        assert (row[2], row[3]) == own
        assert all(line in row[4] for line in above_text.split("\n")), (row[4], above_text)
        assert row[5] == _lettered([i.nama for i in above_inds])
        assert row[6] == _lettered([target(i.target[TAHUN], i.satuan, True) for i in above_inds])


def test_matriks_word_rows_written_out(built):
    """Two rows as a planner reads them in the YAML: the Kabid Aptika's program, the pranata komputer's sub kegiatan."""
    rows = {r[0]: r for r in matriks_rows(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]) if r[0] != "grup"}
    assert rows["20"] == ["20", "Meningkatnya layanan e-government yang terintegrasi dan andal\n"
                                "(Program 2.16.03 PROGRAM PENGELOLAAN APLIKASI INFORMATIKA)",
                          "a. Persentase perangkat daerah yang terhubung jaringan intra pemerintah daerah\n"
                          "b. Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE",
                          "a. 86,84%\nb. 60%",
                          "Sasaran 1.1: Meningkatnya kualitas layanan pemerintahan berbasis elektronik",
                          "Persentase layanan publik yang terintegrasi melalui sistem penghubung layanan", "60%"]
    assert rows["22"] == ["22", "Sub Kegiatan 2.16.03.2.02.0020 Pembangunan dan/atau Pengembangan Aplikasi Khusus yang "
                                "sesuai dengan arsitektur dan peta rencana SPBE pemerintah daerah",
                          "Jumlah aplikasi khusus yang dibangun atau dikembangkan", "4 Aplikasi",
                          "Terselenggaranya SPBE yang terpadu di lingkungan Pemerintah Kota Arunika\n"
                          "(Kegiatan 2.16.03.2.02 Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota)",
                          "Persentase perangkat daerah yang menerapkan layanan SPBE terintegrasi", "72%"]


def test_matriks_word_is_signed_by_the_kepala_opd_with_kop_and_page_numbers(built):
    data = built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "PEMERINTAH KOTA ARUNIKA\nDINAS KOMUNIKASI DAN INFORMATIKA" in text  # the kop
    assert "Ir. Bambang Setiawan, M.Kom.\nPembina Utama Muda (IV/c)\nNIP. 19750312 200003 1 004" in text
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    footer = b"".join(z.read(n) for z in [zipfile.ZipFile(io.BytesIO(data))] for n in z.namelist() if "footer" in n)
    assert b"PAGE" in footer


def test_matriks_excel_holds_the_same_rows(built):
    words = matriks_rows(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"])
    ws = openpyxl.load_workbook(io.BytesIO(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.xlsx"])).active
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    assert [ws.cell(header_row, c).value for c in range(1, 8)] == [
        "No", "Sasaran / Hasil Kerja", "Indikator Kinerja", "Target 2026", "Sasaran Atasan yang Didukung",
        "Indikator Kinerja Atasan", "Target Atasan 2026"]
    sheet_rows = []
    for r in range(header_row + 2, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, 8)]
        if values[1:] == [None] * 6:
            sheet_rows.append(("grup", values[0]))
        else:
            sheet_rows.append([str(values[0])] + [(v or "").replace(NBSP, " ") for v in values[1:]])
    assert sheet_rows == [w if w[0] == "grup" else [x.replace(ZWSP, "") for x in w] for w in words]


def _skp(built, jid):
    wb = openpyxl.load_workbook(io.BytesIO(built[f"skp/2026/{SKP_FILE[jid]}.xlsx"]))
    return wb.worksheets[0]


def _identity(ws) -> tuple[dict, dict]:
    """The two identity blocks: label → value for the pegawai, then for the pejabat penilai."""
    blocks, current = [], None
    for r in range(1, ws.max_row + 1):
        a, b, c = (ws.cell(r, k).value for k in (1, 2, 3))
        if a == "No":  # the table's header
            break
        if a in ("Pegawai yang Dinilai", "Pejabat Penilai Kinerja"):
            current = {}
            blocks.append(current)
        elif current is not None and a and b:
            current[b] = c
    return blocks[0], blocks[1]


def _skp_table(ws) -> list[tuple]:
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No")
    assert [ws.cell(header, c).value for c in range(1, 7)] == [
        "No", "Rencana Hasil Kerja Pimpinan yang Diintervensi", "Rencana Hasil Kerja", "Aspek",
        "Indikator Kinerja Individu", "Target"]
    out = []
    for r in range(header + 2, ws.max_row + 1):
        values = tuple(ws.cell(r, c).value for c in range(1, 7))
        values = values[:5] + (values[5].replace(NBSP, " ") if values[5] else None,)
        if values[3] is None:  # past the table: the signatures
            break
        out.append(values)
    return out


def test_skp_of_the_kabid_is_keyed_by_nip_and_names_the_penilai(built):
    ws = _skp(built, "kabid-aptika")
    assert ws.title == "SKP 198002112005011007"
    pegawai, penilai = _identity(ws)
    assert pegawai == {"Nama": "Fajar Nugroho, S.Kom., M.T.", "NIP": "19800211 200501 1 007",
                       "Pangkat/Golongan Ruang": "Pembina (IV/a)", "Jabatan": "Kepala Bidang Aplikasi Informatika",
                       "Unit Kerja": "Bidang Aplikasi Informatika, Dinas Komunikasi dan Informatika"}
    assert penilai == {"Nama": "Ir. Bambang Setiawan, M.Kom.", "NIP": "19750312 200003 1 004",
                       "Pangkat/Golongan Ruang": "Pembina Utama Muda (IV/c)",
                       "Jabatan": "Kepala Dinas Komunikasi dan Informatika",
                       "Unit Kerja": "Dinas Komunikasi dan Informatika"}
    assert _skp_table(ws) == [
        (1, "Meningkatnya kualitas layanan pemerintahan berbasis elektronik",
         "Meningkatnya layanan e-government yang terintegrasi dan andal", "Kualitas",
         "Persentase perangkat daerah yang terhubung jaringan intra pemerintah daerah", "86,84%"),
        (None, None, None, "Kualitas", "Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE", "60%")]
    assert "B{0}:B{1}".format(*[r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value and
                                ws.cell(r, 5).value.startswith("Persentase")]) in {str(m) for m in ws.merged_cells.ranges}
    # the signatures at the table's two ends: the pegawai left, the pejabat penilai (who sets the SKP) right,
    # each name under its role, the place and date above the pejabat penilai
    role = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Pegawai yang Dinilai,")
    assert ws.cell(role, 5).value == "Pejabat Penilai Kinerja," and ws.cell(role - 1, 5).value.startswith("Arunika, ")
    names = next(r for r in range(role + 1, ws.max_row + 1) if ws.cell(r, 2).value)
    assert (ws.cell(names, 2).value, ws.cell(names, 5).value) == ("Fajar Nugroho, S.Kom., M.T.", "Ir. Bambang Setiawan, M.Kom.")
    assert (ws.cell(names + 1, 2).value, ws.cell(names + 1, 5).value) == ("NIP. 19800211 200501 1 007",
                                                                          "NIP. 19750312 200003 1 004")


def test_skp_of_the_pranata_komputer_counts_a_quantity(built):
    ws = _skp(built, "pranata-komputer")
    pegawai, penilai = _identity(ws)
    # a PPPK: a golongan without pangkat, and a Nomor Induk PPPK rather than a NIP, in the form and at the signature
    assert (pegawai["NI PPPK"], pegawai["Pangkat/Golongan Ruang"]) == ("19971205 202521 1 003", "Golongan IX")
    assert "NIP" not in pegawai
    signed = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ". " in str(ws.cell(r, 2).value or "")
              and str(ws.cell(r, 2).value).startswith("NI")]
    assert signed == ["NI PPPK. 19971205 202521 1 003"]
    # the Ketua Tim Kerja leads the work the pranata komputer intervenes, but the Kabid assesses him: the
    # pejabat penilai kinerja is at the lowest a pejabat pengawas (PP 30/2019)
    assert (penilai["Nama"], penilai["NIP"]) == ("Fajar Nugroho, S.Kom., M.T.", "19800211 200501 1 007")
    assert penilai["Jabatan"] == "Kepala Bidang Aplikasi Informatika"
    # "Bidang Aplikasi Informatika, Dinas Komunikasi dan Informatika" wraps: its row grows to two lines
    unit_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Unit Kerja"]
    assert unit_rows and all((ws.row_dimensions[r].height or 0) >= 2 * 12.75 for r in unit_rows)
    assert _skp_table(ws) == [(1, "Terselenggaranya SPBE yang terpadu di lingkungan Pemerintah Kota Arunika",
                               "Pembangunan dan/atau Pengembangan Aplikasi Khusus yang sesuai dengan arsitektur dan "
                               "peta rencana SPBE pemerintah daerah", "Kuantitas",
                               "Jumlah aplikasi khusus yang dibangun atau dikembangkan", "4 Aplikasi")]


def test_skp_of_the_kepala_opd_intervenes_the_rpjmd_and_is_assessed_by_the_kepala_daerah(built, repo):
    ws = _skp(built, "kadis")
    _, penilai = _identity(ws)
    assert penilai["Nama"] == "Dr. Hj. Ratna Sari Dewi, M.Si." and penilai["NIP"] == "-"
    assert penilai["Jabatan"] == "Wali Kota Arunika"
    table = _skp_table(ws)
    assert table[0] == (1, "Meningkatnya penyelenggaraan pemerintahan digital yang terpadu",
                        "Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu", "Kualitas",
                        "Indeks Pemerintahan Digital", "3 Indeks")


def test_every_skp_row_is_an_indicator_of_the_officials_pk(built, repo):
    opd = repo.opds["diskominfo"]
    jab = opd.jabatan_by_id()
    day = repo.pemda.settings.pk_date(TAHUN)
    files = {p for p in built if p.startswith("skp/")}
    assert len(files) == len(ORDER)  # every post that signs a PK is held in the example
    for path in files:
        ws = openpyxl.load_workbook(io.BytesIO(built[path])).worksheets[0]
        nip = ws.title.removeprefix("SKP ")
        jid = next(j.id for j in opd.jabatan if j.pemangku(day) and j.pemangku(day).nip == nip
                   and (slug := j.nama.lower().replace(" ", "-")) and path.endswith(f"/{slug}.xlsx"))
        want = [(i.nama, target(i.target[TAHUN], i.satuan, True)) for n, _, _ in _owned_rows(opd, jid)
                for i in n.indikator if TAHUN in i.target]
        assert [(r[4], r[5]) for r in _skp_table(ws)] == want, path
        assert _identity(ws)[0]["Jabatan"].endswith(jab[jid].nama)


def test_a_vacant_post_gets_no_skp_and_no_error(repo):
    opd = repo.opds["diskominfo"]
    vacant = tuple(dataclasses.replace(j, pejabat=()) if j.id == "katim-infra" else j for j in opd.jabatan)
    job = Job(repo, dataclasses.replace(opd, jabatan=vacant), TAHUN)
    paths = {o.path for o in jenjang.render(job)}
    assert "skp/2026/ketua-tim-kerja-infrastruktur-dan-pusat-data.xlsx" not in paths
    assert "skp/2026/ketua-tim-kerja-tata-kelola-spbe.xlsx" in paths
    assert len([p for p in paths if p.startswith("skp/")]) == len(ORDER) - 1


def test_a_draft_plan_gets_no_penjenjangan_nor_skp():
    assert jenjang.render in renderers(False)
    assert jenjang.render not in renderers(True)


@pytest.mark.parametrize("satuan, pola, skala, want", [
    ("Dokumen", "hitungan", None, "Kuantitas"), ("Layanan", "posisi", None, "Kuantitas"),
    ("%", "posisi", None, "Kualitas"), ("Indeks", "rilis", None, "Kualitas"), ("Orang", "rilis", None, "Kualitas"),
    ("Predikat", "rilis", "predikat_sakip", "Kualitas"), ("Hari kerja", "posisi", None, "Waktu"),
    ("Bulan", "hitungan", None, "Waktu"), ("Rupiah", "hitungan", None, "Biaya"), ("Rp", "posisi", None, "Biaya"),
])
def test_the_aspek_is_read_from_the_satuan_and_pola_ukur(satuan, pola, skala, want):
    assert aspek(Indikator(Loc("x", 1, 1), satuan=satuan, pola_ukur=pola, skala=skala)) == want


def test_an_aspek_written_in_the_data_wins(tmp_repo):
    # the pranata komputer's count of applications, declared a matter of time by the planner
    mutate(tmp_repo, APTIKA, "satuan: Aplikasi\n", "satuan: Aplikasi\n              aspek: waktu\n")
    checked = check(tmp_repo)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    job = Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN)
    data = next(o.data for o in jenjang.render(job) if o.path.endswith("/pranata-komputer-ahli-pertama.xlsx"))
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [r[3] for r in _skp_table(ws)] == ["Waktu"]


def test_an_unknown_aspek_is_refused_by_the_schema(tmp_repo):
    line = mutate(tmp_repo, APTIKA, "satuan: Aplikasi\n", "satuan: Aplikasi\n              aspek: mutu\n")
    errors = check(tmp_repo).report.errors
    assert any(d.loc.file == APTIKA and d.loc.line == line + 1 for d in errors), [d.format() for d in errors]


def test_a_target_never_breaks_inside(built):
    """"a. 2,75 Nilai" is held together by no-break spaces, in Word and in Excel."""
    document = docx.Document(io.BytesIO(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]))
    targets = {c.text for t in document.tables if t.rows[0].cells[0].text == "No" for row in t.rows[2:]
               for c in row.cells[3:4] + row.cells[6:7]}
    assert "a.\u00a073\u00a0Nilai\nb.\u00a094%" in targets and "2,75\u00a0Nilai" in targets
    ws = _skp(built, "kabid-statsan")
    assert [r[5] for r in _skp_table(ws)] == ["75%", "80%"]
    assert "SKP 198002112005011007" == ws.title  # the Plt.'s own NIP: he holds Aptika too


def test_each_officials_matriks_rows_are_the_indicators_of_their_pk(built, repo):
    """The matriks and the PK cannot disagree: per official, the same indicators with the same targets."""
    job = Job(repo, repo.opds["diskominfo"], TAHUN)
    murni = {o.path: o.data for o in pk.render(job) if "/perubahan/" not in o.path and not o.path.endswith("-semua.docx")}
    pk_rows = {}
    for path, data in murni.items():
        rows = []
        for t in docx.Document(io.BytesIO(data)).tables:
            texts = [[c.text for c in r.cells] for r in t.rows]
            if texts[0][2:3] == ["Indikator Kinerja"]:
                rows += [(r[2], r[3]) for r in texts[2:]]  # indicator, target (the satuan has its own cell)
        pk_rows[path.rsplit("/", 1)[1].removesuffix(".docx")] = rows
    matriks, current = {}, None
    for row in matriks_rows(built["penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx"]):
        if row[0] == "grup":
            current = matriks.setdefault(row[1].split(" — ")[0].split(". ", 1)[1].removeprefix("Plt. "), [])
            continue
        names = [n.split(". ", 1)[1] if n[1:3] == ". " else n for n in row[2].split("\n")]
        targets = [v.split(". ", 1)[1] if v[1:3] == ". " else v for v in row[3].split("\n")]
        current += list(zip(names, targets))
    jab = repo.opds["diskominfo"].jabatan_by_id()
    by_file = {jab[j].nama.lower().replace(" ", "-"): jab[j].nama for j in ORDER}
    assert set(by_file) == set(pk_rows)

    for name, rows in pk_rows.items():
        # the PK lists its tujuan table first, the matriks in tree order; the matriks prints the satuan with
        # the value ("60%", "4 Aplikasi"), or alone when it says nothing more ("BB", not "BB Predikat")
        mine = sorted(matriks[by_file[name]])
        assert rows and [n for n, _ in sorted(rows)] == [n for n, _ in mine], name
        assert all(t.replace("\u00a0", " ").startswith(v) for (_, v), (_, t) in zip(sorted(rows), mine)), name
