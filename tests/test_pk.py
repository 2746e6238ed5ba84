"""Perjanjian Kinerja (issue 5): real .docx files read back with python-docx and compared with the model."""
from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import zipfile

import docx
import pytest
from conftest import mutate, run_cli
from docx.oxml.ns import qn
from docx.shared import Mm

from cascade.documents import Job, PemdaJob, RenderError, pk
from cascade.fmt import angka, rupiah
from cascade.pipeline import check

TAHUN = 2026
DISKOMINFO_ORDER = ["kadis", "sekretaris", "kasubbag-umpeg", "pengadministrasi-umum", "kasubbag-renkeu", "kabid-ikp",
                    "katim-media", "kabid-aptika", "katim-spbe", "pranata-komputer", "katim-infra", "kabid-statsan",
                    "katim-statistik", "katim-persandian"]
BUDGET = ("sasaran", "program", "kegiatan", "subkegiatan")
# file names: the jabatan's name, lower case, words joined by "-" (written out, not computed by the code under test)
FILE = {"kadis": "kepala-dinas-komunikasi-dan-informatika", "sekretaris": "sekretaris-dinas",
        "kasubbag-umpeg": "kepala-subbagian-umum-dan-kepegawaian", "pengadministrasi-umum": "pengadministrasi-perkantoran",
        "kasubbag-renkeu": "kepala-subbagian-perencanaan-dan-keuangan",
        "kabid-ikp": "kepala-bidang-informasi-dan-komunikasi-publik",
        "katim-media": "ketua-tim-kerja-media-dan-komunikasi-publik", "kabid-aptika": "kepala-bidang-aplikasi-informatika",
        "katim-spbe": "ketua-tim-kerja-tata-kelola-spbe", "pranata-komputer": "pranata-komputer-ahli-pertama",
        "katim-infra": "ketua-tim-kerja-infrastruktur-dan-pusat-data",
        "kabid-statsan": "kepala-bidang-statistik-dan-persandian", "katim-statistik": "ketua-tim-kerja-statistik-sektoral",
        "katim-persandian": "ketua-tim-kerja-persandian-dan-keamanan-informasi"}


# --- reading a PK back -------------------------------------------------------------------------

def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def parties(document) -> tuple[dict, dict | None]:
    """The Nama/Jabatan blocks in order: Pihak Pertama, then Pihak Kedua (absent in the one-party PK)."""
    blocks = [dict((r[0], r[2]) for r in cells(t)) for t in document.tables if cells(t)[0][0] == "Nama"]
    return blocks[0], (blocks[1] if len(blocks) > 1 else None)


def signatures(document) -> list[tuple[str, str]]:
    """(left, right) column texts of every two-party signature block, one non-empty line per row."""
    found = []
    for t in document.tables:
        rows = cells(t)
        starts = [i for i, r in enumerate(rows) if r[1:2] == ["PIHAK PERTAMA,"]]
        if starts:
            block = rows[starts[0]:]
            found.append(("\n".join(r[0] for r in block if r[0]), "\n".join(r[1] for r in block if r[1])))
    return found


def kinerja_rows(document) -> list[tuple[str, str, str, str]]:
    rows = []
    for t in document.tables:
        data = cells(t)
        if data[0][2:3] == ["Indikator Kinerja"]:
            rows.extend((r[1], r[2], r[3], r[4]) for r in data[2:])
    return rows


def anggaran_tables(document) -> list[list[list[str]]]:
    return [cells(t)[2:] for t in document.tables if cells(t)[0][2:3] == ["Anggaran (Rp)"]]


def number(text: str) -> int:
    return int(text.replace(".", ""))


# --- what the model says --------------------------------------------------------------------------

def ancestry(opd):
    out = {}

    def go(node, ancestors):
        out[node.id] = ancestors
        for c in node.children:
            go(c, ancestors + (node,))

    for t in opd.tujuan:
        go(t, ())
    return out


def topmost_owned(opd, jid):
    """Owned nodes with no owned sasaran/program/kegiatan above them: what the official signs for."""
    anc = ancestry(opd)
    return [n for n in opd.nodes() if n.penanggung_jawab == jid
            and not (n.level in ("program", "kegiatan", "subkegiatan")
                     and any(a.penanggung_jawab == jid and a.level in BUDGET for a in anc[n.id]))]


def holder_texts(jabatan, day):
    p = jabatan.pemangku(day)
    nip = f"{p.nip[:8]} {p.nip[8:14]} {p.nip[14]} {p.nip[15:]}"
    pppk = "/" not in p.golongan
    pangkat = f"Golongan {p.golongan}" if pppk else f"{p.pangkat} ({p.golongan})"  # PPPK: no pangkat, no NIP
    return p.nama, p.awalan + jabatan.nama, pangkat, f"{'NI PPPK' if pppk else 'NIP'}. {nip}"


def adopted(node, tahun=TAHUN, perubahan=False) -> int:
    """The budget a PK shows: per sub kegiatan the APBD-P amount (PK Perubahan), else the DPA, else the pagu."""
    total = 0
    for leaf in (n for n in node.walk() if n.level == "subkegiatan"):
        a = leaf.anggaran.get(tahun)
        if a is not None and perubahan and a.perubahan is not None:
            total += a.perubahan
        elif a is not None and a.dpa is not None:
            total += a.dpa
        else:
            total += leaf.pagu.get(tahun, 0)
    return total


@pytest.fixture(scope="module")
def diskominfo_outputs(repo):
    return pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))


def by_jabatan(outputs, tahun=TAHUN, folder="") -> dict[str, bytes]:
    """jabatan id → the bytes of its PK, found by the file name written out in FILE."""
    ids = {name: jid for jid, name in FILE.items()}
    found = {}
    for out in outputs:
        m = re.fullmatch(rf"pk/{tahun}/{folder}([^/]+)\.docx", out.path)
        if m and m.group(1) in ids:
            found[ids[m.group(1)]] = out.data
    return found


# --- tests ------------------------------------------------------------------------------------------

def test_one_pk_per_owner_in_hierarchy_order(repo, diskominfo_outputs):
    paths = [o.path for o in diskominfo_outputs]
    owners = {n.penanggung_jawab for n in repo.opds["diskominfo"].nodes()}
    assert set(by_jabatan(diskominfo_outputs)) == owners
    expected = [f"pk/{TAHUN}/{FILE[j]}.docx" for j in DISKOMINFO_ORDER]
    murni = [p for p in paths if "/perubahan/" not in p]
    assert murni == expected + [f"pk/{TAHUN}/pk-diskominfo-semua.docx"]
    assert [p for p in paths if "/perubahan/" in p] == [p.replace(f"/{TAHUN}/", f"/{TAHUN}/perubahan/") for p in murni]

    bappeda = [o.path for o in pk.render(Job(repo, repo.opds["bappeda"], TAHUN)) if "/perubahan/" not in o.path]
    assert not any("kepala-bidang-penelitian" in p or "ketua-tim-kerja-data-dan" in p for p in bappeda)
    assert len(bappeda) == len({n.penanggung_jawab for n in repo.opds["bappeda"].nodes()}) + 1


def test_two_jabatan_of_one_name_get_a_running_number(repo):
    opd = repo.opds["diskominfo"]
    twin = dataclasses.replace(opd.jabatan_by_id()["katim-infra"], nama="Ketua Tim Kerja Tata Kelola SPBE")
    jabatan = tuple(twin if j.id == "katim-infra" else j for j in opd.jabatan)
    outputs = pk.render(Job(repo, dataclasses.replace(opd, jabatan=jabatan), TAHUN))
    names = [o.path for o in outputs if "/perubahan/" not in o.path]
    assert f"pk/{TAHUN}/ketua-tim-kerja-tata-kelola-spbe.docx" in names
    assert f"pk/{TAHUN}/ketua-tim-kerja-tata-kelola-spbe-2.docx" in names  # katim-infra comes after katim-spbe
    assert len(set(names)) == len(names)


def test_every_pk_matches_the_model(repo, diskominfo_outputs):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    day = pemda.settings.pk_date(TAHUN)
    jab = opd.jabatan_by_id()
    by_kode = {n.kode: n for n in opd.nodes() if n.kode}
    for jid, data in by_jabatan(diskominfo_outputs).items():
        document = read(data)
        pertama, kedua = parties(document)
        nama, jabatan, pangkat, nip_line = holder_texts(jab[jid], day)
        assert (pertama["Nama"], pertama["Jabatan"]) == (nama, jabatan), jid
        sigs = signatures(document)
        assert len(sigs) == 2, jid  # statement page and lampiran
        for left, right in sigs:
            assert right.split("\n")[-3:] == [nama, pangkat, nip_line], jid
            assert right.split("\n")[1] == jabatan + ","
        atasan = jab[jid].atasan
        if atasan != "kepala_daerah":
            a_nama, a_jabatan, a_pangkat, a_nip_line = holder_texts(jab[atasan], day)
            assert (kedua["Nama"], kedua["Jabatan"]) == (a_nama, a_jabatan), jid
            assert sigs[0][0].split("\n")[-3:] == [a_nama, a_pangkat, a_nip_line]

        # Every kinerja row is an indicator of a node this official owns, with that year's target and satuan,
        # and every indicator the official signs for is there.
        rows = kinerja_rows(document)
        expected = {(n.uraian, i.nama, angka(i.target[TAHUN]), i.satuan)
                    for n in topmost_owned(opd, jid) for i in n.indikator}
        assert set(rows) == expected, jid
        assert len(rows) == len(expected), jid

        # Every budget line is that year's adopted budget (DPA) of a node; the total is that of what the official owns.
        total = 0
        for table in anggaran_tables(document):
            *lines, jumlah = table
            assert jumlah[1] == "Jumlah"
            sub = 0
            for no, nama_node, anggaran, _ in lines:
                if not no:  # a heading row naming the parent program/kegiatan
                    assert nama_node.split(" ", 1)[0] in by_kode and anggaran == ""
                    continue
                node = by_kode[nama_node.split(" ", 1)[0]]
                assert anggaran == rupiah(adopted(node), sign=False), (jid, nama_node)
                sub += number(anggaran)
            assert number(jumlah[2]) == sub
            total += sub
        owned_budget = sum(adopted(n) for n in topmost_owned(opd, jid) if n.level in BUDGET)
        if jab[jid].jenjang == "pelaksana":  # no money table at that level by default (dokumen.pk_anggaran)
            owned_budget = 0
        assert total == owned_budget, jid


def test_kepala_opd_pk_covers_the_whole_opd_budget(repo, diskominfo_outputs):
    document = read(by_jabatan(diskominfo_outputs)["kadis"])
    [table] = anggaran_tables(document)
    whole = sum(adopted(t) for t in repo.opds["diskominfo"].tujuan)
    # the DPA: the pagu indikatif 17.592.500.000 less 34.500.000, 25.000.000 and 50.000.000 (data/opd/diskominfo/program)
    assert table[-1][2] == rupiah(whole, sign=False) == "17.483.000.000"
    assert [r[1] for r in table[:-1]] == [f"{n.kode} {n.nama}" for n in repo.opds["diskominfo"].nodes()
                                          if n.level == "program"]


def test_wali_kota_block_has_no_nip_or_pangkat(repo, diskominfo_outputs):
    document = read(by_jabatan(diskominfo_outputs)["kadis"])
    _, kedua = parties(document)
    kd = repo.pemda.kepala_daerah.pemangku(repo.pemda.settings.pk_date(TAHUN))
    assert (kedua["Nama"], kedua["Jabatan"]) == (kd.nama, "Wali Kota Arunika")
    for left, right in signatures(document):
        assert left.split("\n")[-1] == kd.nama
        assert "NIP" not in left and "(IV/" not in left
        assert "NIP. 19750312 200003 1 004" in right

    pemda_doc = read(pk.render_pemda(PemdaJob(repo, TAHUN))[0].data)
    text = all_text(pemda_doc)
    assert "NIP" not in text and kd.nama in text


def test_plt_prefix_follows_who_held_the_post(repo, diskominfo_outputs):
    statsan = read(by_jabatan(diskominfo_outputs)["kabid-statsan"])
    assert parties(statsan)[0]["Jabatan"] == "Plt. Kepala Bidang Statistik dan Persandian"
    assert parties(statsan)[0]["Nama"] == "Fajar Nugroho, S.Kom., M.T."
    staff = read(by_jabatan(diskominfo_outputs)["katim-statistik"])
    assert parties(staff)[1]["Jabatan"] == "Plt. Kepala Bidang Statistik dan Persandian"

    earlier = by_jabatan(pk.render(Job(repo, repo.opds["diskominfo"], 2025)), 2025)
    old = read(earlier["kabid-statsan"])
    assert parties(old)[0] == {"Nama": "Wahyu Hidayat, S.Si., M.Si.", "Jabatan": "Kepala Bidang Statistik dan Persandian"}
    assert "Plt." not in all_text(old)
    assert "PERJANJIAN KINERJA TAHUN 2025" in all_text(old)


def test_pk_perubahan_is_built_when_the_data_dates_it(tmp_repo):
    """A mutation in September: the PK Perubahan of 1 October is signed by the new, definitif holder."""
    mutate(tmp_repo, "data/pemda.yaml", "    2026: \"2026-10-05\"\n", "    2026: \"2026-10-01\"\n")
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "      - mulai: \"2025-10-01\"\n",
           "      - mulai: \"2026-09-01\"\n        nama: Ratih Purnamasari, S.Si., M.T.\n        nip: \"198206142006042011\"\n"
           "        pangkat: Pembina\n        golongan: IV/a\n        status: definitif\n      - mulai: \"2025-10-01\"\n")
    checked = check(tmp_repo)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    outputs = {o.path: o.data for o in pk.render(Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN))}
    murni = [p for p in outputs if p.startswith("pk/2026/") and "/perubahan/" not in p]
    perubahan = [p for p in outputs if p.startswith("pk/2026/perubahan/")]
    assert len(murni) == len(perubahan) > 1
    new = all_text(read(outputs[f"pk/2026/perubahan/{FILE['kabid-statsan']}.docx"]))
    old = all_text(read(outputs[f"pk/2026/{FILE['kabid-statsan']}.docx"]))
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2026" in new and "1 Oktober 2026" in new
    assert "Ratih Purnamasari" in new and "Plt." not in new
    assert "PERUBAHAN" not in old and "Plt." in old and "Ratih" not in old
    pemda_outputs = {o.path for o in pk.render_pemda(PemdaJob(checked.repo, TAHUN))}
    assert pemda_outputs == {"pk/2026/pk-kepala-daerah.docx", "pk/2026/perubahan/pk-kepala-daerah.docx"}


def test_combined_document_holds_every_pk_in_order(repo, diskominfo_outputs):
    combined = read(next(o.data for o in diskominfo_outputs if o.path == f"pk/{TAHUN}/pk-diskominfo-semua.docx"))
    names = [parties_block["Nama"] for parties_block in
             [dict((r[0], r[2]) for r in cells(t)) for t in combined.tables if cells(t)[0][0] == "Nama"]][::2]
    day = repo.pemda.settings.pk_date(TAHUN)
    jab = repo.opds["diskominfo"].jabatan_by_id()
    assert names == [jab[j].pemangku(day).nama for j in DISKOMINFO_ORDER]
    assert len(signatures(combined)) == 2 * len(DISKOMINFO_ORDER)
    xml = combined.element.body.xml
    assert xml.count('w:type="page"') == len(DISKOMINFO_ORDER)  # the lampiran of each PK
    # each PK is its own section (next page), numbered from 1
    assert len(combined.sections) == len(DISKOMINFO_ORDER)
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in combined.sections)


def test_paper_and_font_follow_settings(repo, diskominfo_outputs):
    document = read(diskominfo_outputs[0].data)
    section = document.sections[0]  # Word stores twips, so allow the rounding of 330 mm
    assert abs(section.page_height - Mm(330)) < Mm(0.1) and abs(section.page_width - Mm(210)) < Mm(0.1)
    assert document.styles["Normal"].font.name == repo.pemda.settings.huruf
    a4 = dataclasses.replace(repo.pemda, settings=dataclasses.replace(repo.pemda.settings, kertas="A4", huruf="Arial"))
    a4_repo = dataclasses.replace(repo, pemda=a4)
    document = read(pk.render(Job(a4_repo, a4_repo.opds["bappeda"], TAHUN))[0].data)
    assert abs(document.sections[0].page_height - Mm(297)) < Mm(0.1)
    assert document.styles["Normal"].font.name == "Arial"


def test_pemda_pk_lists_rpjmd_sasaran_and_every_program(repo):
    out, perubahan = pk.render_pemda(PemdaJob(repo, TAHUN))
    assert (out.path, perubahan.path) == (f"pk/{TAHUN}/pk-kepala-daerah.docx", f"pk/{TAHUN}/perubahan/pk-kepala-daerah.docx")
    document = read(out.data)
    text = all_text(document)
    assert "PERJANJIAN KINERJA TAHUN 2026" in text and "PEMERINTAH KOTA ARUNIKA" in text
    assert "berjanji akan mewujudkan" in text and "PIHAK KEDUA" not in text
    expected = {(s.uraian, i.nama, angka(i.target[TAHUN]), i.satuan)
                for s in repo.pemda.rpjmd_sasaran() for i in s.indikator}
    assert set(kinerja_rows(document)) == expected
    [table] = anggaran_tables(document)
    programs = [n for o in repo.opds.values() for n in o.nodes() if n.level == "program"]
    assert {r[1] for r in table if r[0]} == {f"{n.kode} {n.nama}" for n in programs}
    assert number(table[-1][2]) == sum(adopted(n) for n in programs)
    [changed] = anggaran_tables(read(perubahan.data))
    assert number(changed[-1][2]) == sum(adopted(n, perubahan=True) for n in programs) == number(table[-1][2]) + 75_000_000


def test_vacant_post_fails_validation_with_location(tmp_repo):
    path = os.path.join(tmp_repo, "data", "opd", "diskominfo", "opd.yaml")
    text = open(path, encoding="utf-8").read()
    start = text.index("  - id: katim-statistik")
    block_end = text.index("  - id: katim-persandian")
    block = text[start:block_end]
    vacant = block[:block.index("    pejabat:")] + "    pejabat: []\n\n"
    edited = text[:start] + vacant + text[block_end:]
    open(path, "w", encoding="utf-8").write(edited)
    line = edited[:edited.index("    pejabat: []")].count("\n") + 1  # the empty list is what the planner must fill

    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert re.search(rf"data/opd/diskominfo/opd\.yaml:{line}(:\d+)?: galat R018: jabatan `katim-statistik`", out), out


def test_hostile_text_round_trips_literally(tmp_repo):
    hostile = "Tata & kelola <digital> \"aman\" 'terpadu' {{ x }} {% if %} {_{ y }_} {_% z %_}"
    path = os.path.join(tmp_repo, "data", "opd", "diskominfo", "renstra.yaml")
    text = open(path, encoding="utf-8").read()
    quoted = "'" + hostile.replace("'", "''") + "'"
    text = text.replace("uraian: Meningkatnya kualitas layanan pemerintahan berbasis elektronik", f"uraian: {quoted}", 1)
    text = text.replace("nama: Persentase layanan publik yang terintegrasi melalui sistem penghubung layanan",
                        f"nama: {quoted}", 1)
    open(path, "w", encoding="utf-8").write(text)
    checked = check(tmp_repo)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    outputs = pk.render(Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN))
    rows = kinerja_rows(read(by_jabatan(outputs)["kadis"]))
    assert (hostile, hostile, "60", "%") in rows


def test_rebuild_is_byte_identical(repo, diskominfo_outputs):
    again = pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))
    assert [o.path for o in again] == [o.path for o in diskominfo_outputs]
    assert all(a.data == b.data for a, b in zip(again, diskominfo_outputs))
    assert pk.render_pemda(PemdaJob(repo, TAHUN))[0].data == pk.render_pemda(PemdaJob(repo, TAHUN))[0].data


def test_misspelt_tag_in_an_edited_template_is_a_located_error(tmp_repo):
    path = os.path.join(tmp_repo, "templates", "pk", "pk-opd.docx")
    src = zipfile.ZipFile(path)
    members = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert "{{ pk.pertama.nama }}" in xml
    members["word/document.xml"] = xml.replace("{{ pk.pertama.nama }}", "{{ pk.pertama.namaa }}").encode("utf-8")
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    checked = check(tmp_repo)
    with pytest.raises(RenderError) as info:
        pk.render(Job(checked.repo, checked.repo.opds["bappeda"], TAHUN))
    assert info.value.code == "T010" and "namaa" in info.value.message


def pdf_pages(docx_paths, workdir) -> dict[str, list[str]]:
    """Convert .docx files with real LibreOffice in one run and return each one's text, page by page."""
    workdir = str(workdir)
    profile = os.path.join(workdir, "lo-profile")
    result = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                             "--convert-to", "pdf", "--outdir", workdir, *map(str, docx_paths)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    pages = {}
    for path in docx_paths:
        pdf = os.path.join(workdir, os.path.splitext(os.path.basename(str(path)))[0] + ".pdf")
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
        pages[os.path.basename(str(path))] = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    return pages


def test_pk_of_three_levels_and_a_pk_perubahan_in_pdf(repo, tmp_path, diskominfo_outputs):
    """Kepala OPD, an eselon III, a pelaksana, the eselon III's PK Perubahan and the Wali Kota's PK (murni
    and Perubahan), as LibreOffice prints them."""
    murni = by_jabatan(diskominfo_outputs)
    changed = by_jabatan(diskominfo_outputs, folder="perubahan/")
    pemda = {o.path: o.data for o in pk.render_pemda(PemdaJob(repo, TAHUN))}
    files = {"kepala.docx": murni["kadis"], "eselon.docx": murni["kabid-aptika"],
             "pelaksana.docx": murni["pengadministrasi-umum"], "eselon-perubahan.docx": changed["kabid-aptika"],
             "walikota.docx": pemda[f"pk/{TAHUN}/pk-kepala-daerah.docx"],
             "walikota-perubahan.docx": pemda[f"pk/{TAHUN}/perubahan/pk-kepala-daerah.docx"]}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    pages = pdf_pages([tmp_path / n for n in files], tmp_path)

    for name, texts in pages.items():
        assert len(texts) >= 2, name  # the statement, then the lampiran
        for number, text in enumerate(texts, 1):  # the last line of every page is its number
            assert text.strip().splitlines()[-1].strip() == str(number), (name, number, text[-200:])
        whole = "\n".join(texts)
        # no internal ids, file paths or YAML keys in print
        assert not re.search(r"\b(T\d|S\d|SK-|K-APTIKA|P-APTIKA|kadis|kabid-|katim-|dpa|pagu:|\.yaml)", whole), name
        # the lampiran's signatures share their page with the end of the table they sign: the table's
        # numbered header (repeated on a continued page) and a row are on the last page too (review #7)
        last = texts[-1]
        assert re.search(r"Arunika, \d+ (Januari|Oktober) 2026", last), name  # the signature block's date line
        assert re.search(r"\(1\)\s+\(2\)\s+\(3\)", last) and re.search(r"^[ \t]+\d+[ \t]+\S", last, re.M), (name, last)

    kepala = "\n".join(pages["kepala.docx"])
    # the DPA total (pagu indikatif 17.592.500.000 less the three DPA cuts in the example data)
    assert "17.483.000.000" in kepala and "17.592.500.000" not in kepala
    assert "Sumber anggaran: DPA Tahun Anggaran 2026." in kepala
    # tujuan in their own labelled table, before and apart from the sasaran strategis
    tujuan, sasaran = kepala.index("Tabel 1 Tujuan"), kepala.index("Tabel 2 Sasaran Strategis")
    assert tujuan < kepala.index("Terwujudnya tata kelola") < sasaran
    assert tujuan < kepala.index("Meningkatnya keterbukaan") < sasaran
    assert kepala.index("Meningkatnya kualitas data") > sasaran
    assert "Tabel 3 Anggaran Program" in kepala
    # the last program row and the total come with the signatures (alone on page 3 before)
    assert "8.913.000.000" in pages["kepala.docx"][-1] and "17.483.000.000" in pages["kepala.docx"][-1]

    eselon = "\n".join(pages["eselon.docx"])
    # kegiatan 2.16.03.2.02: DPA 6.190.000.000 (its pagu indikatif is 6.240.000.000)
    assert "6.190.000.000" in eselon and "6.240.000.000" not in eselon
    perubahan = "\n".join(pages["eselon-perubahan.docx"])
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2026" in perubahan
    # the pusat kendali sub kegiatan went from 1.250.000.000 (DPA) to 1.325.000.000 in the APBD Perubahan
    # … and the row says what the PK murni had (review #8)
    # (the Keterangan column is narrow: "Semula" and the amount may be on two lines of the text)
    assert "6.265.000.000" in perubahan and perubahan.count("Semula") == 1
    assert perubahan.count("6.190.000.000") == 1 and "Rp6.190.000.000" in perubahan
    assert "Sumber anggaran: DPA Perubahan Tahun Anggaran 2026." in perubahan
    # its own number, and the sentence naming the PK it changes by number and date
    assert "Nomor: 08-P/PK/Diskominfo/2026" in perubahan and "Nomor: 08/PK/Diskominfo/2026" not in perubahan
    assert ("Perjanjian Kinerja Perubahan ini merupakan perubahan atas Perjanjian Kinerja Tahun 2026 Nomor "
            "08/PK/Diskominfo/2026 tanggal 5 Januari 2026") in " ".join(perubahan.split())
    assert "merupakan perubahan" not in eselon and "Semula" not in eselon

    # the Wali Kota's PK: a Nomor line (review #16); the signatures under Tabel 2 on page 2, not alone on page 3
    walikota = pages["walikota.docx"]
    assert "Nomor: 01/PK/Pemkot/2026" in walikota[0]
    assert len(walikota) == 2 and "25.066.500.000" in walikota[1]
    walikota_p = " ".join("\n".join(pages["walikota-perubahan.docx"]).split())
    assert "Nomor: 01-P/PK/Pemkot/2026" in walikota_p
    assert ("merupakan perubahan atas Perjanjian Kinerja Tahun 2026 Nomor 01/PK/Pemkot/2026 tanggal 5 Januari "
            "2026") in walikota_p
    assert "Rp6.237.000.000" in walikota_p and walikota_p.count("Semula") == 1

    pelaksana = "\n".join(pages["pelaksana.docx"])
    assert "Sub Kegiatan" in pelaksana and "Indikator Kinerja" in pelaksana
    assert "Anggaran (Rp)" not in pelaksana and "Sumber anggaran" not in pelaksana and ".000.000" not in pelaksana


def test_vacant_superior_is_an_error_not_a_blank_signature(tmp_repo):
    # katim-data owns a sub kegiatan; its superior kabid-litbang-data owns nothing but must sign, and is vacant.
    prog = os.path.join(tmp_repo, "data", "opd", "bappeda", "program", "5.01.02-perencanaan.yaml")
    text = open(prog, encoding="utf-8").read()
    head, tail = text.split("        - id: SK-BPPE-2-1\n", 1)
    tail = tail.replace("penanggung_jawab: katim-perencanaan", "penanggung_jawab: katim-data", 1)
    open(prog, "w", encoding="utf-8").write(head + "        - id: SK-BPPE-2-1\n" + tail)
    opd = os.path.join(tmp_repo, "data", "opd", "bappeda", "opd.yaml")
    text = open(opd, encoding="utf-8").read()
    start = text.index("  - id: kabid-litbang-data")
    end = text.index("  - id: katim-data")
    block = text[start:end]
    open(opd, "w", encoding="utf-8").write(text[:start] + block[:block.index("    pejabat:")] + "    pejabat: []\n\n"
                                           + text[end:])
    checked = check(tmp_repo)
    # once for the PK and once for the PK Perubahan, which that superior signs too
    assert {d.code for d in checked.report.errors} == {"R018"}, [d.format() for d in checked.report.errors]
    assert "kabid-litbang-data" in checked.report.errors[0].message
    # the renderer refuses too, should it ever be called on such a model
    with pytest.raises(RenderError) as info:
        pk.render(Job(checked.repo, checked.repo.opds["bappeda"], TAHUN))
    assert info.value.code == "P001" and "kabid-litbang-data" in info.value.message


def test_the_kop_breaks_its_contact_line_between_items_never_after_a_separator(diskominfo_outputs, tmp_repo):
    kepala = read(by_jabatan(diskominfo_outputs)["kadis"])
    kop = kepala.tables[0].rows[0].cells[1]
    contact = next(p for p in kop.paragraphs if "Pos-el" in p.text)
    lines = contact.text.replace("\u00a0", " ").split("\n")
    assert len(lines) == 2 and all(line.strip() and not line.strip().startswith("·") and not line.strip().endswith("·")
                                   for line in lines), lines
    assert [item.split(":")[0] for line in lines for item in line.split(" · ")] == ["Telepon", "Pos-el", "Laman"]
    # a longer address of the same OPD: every item on a line of its own rather than a broken item
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "diskominfo@arunikakota.go.id",
           "sekretariat.dinas.komunikasi.dan.informatika@arunikakota.go.id")
    repo = check(tmp_repo, ["diskominfo"]).repo
    outputs = pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))
    kop = read(by_jabatan(outputs)["kadis"]).tables[0].rows[0].cells[1]
    lines = next(p for p in kop.paragraphs if "Pos-el" in p.text).text.replace("\u00a0", " ").split("\n")
    assert len(lines) == 3 and not any(line.strip().endswith("·") for line in lines), lines
