"""Perjanjian Kinerja (issue 5): real .docx files read back with python-docx and compared with the model."""
from __future__ import annotations

import dataclasses
import io
import os
import re
import zipfile

import docx
import pytest
from conftest import docx_to_pdf_text, mutate, run_cli
from docx.shared import Mm

from cascade.documents import Job, PemdaJob, RenderError, pk
from cascade.fmt import angka, rupiah
from cascade.pipeline import check

TAHUN = 2026
DISKOMINFO_ORDER = ["kadis", "sekretaris", "kasubbag-umpeg", "pengadministrasi-umum", "kasubbag-renkeu", "kabid-ikp",
                    "katim-media", "kabid-aptika", "katim-spbe", "pranata-komputer", "katim-infra", "kabid-statsan",
                    "katim-statistik", "katim-persandian"]
BUDGET = ("sasaran", "program", "kegiatan", "subkegiatan")


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
    return p.nama, p.awalan + jabatan.nama, f"{p.pangkat} ({p.golongan})", nip


@pytest.fixture(scope="module")
def diskominfo_outputs(repo):
    return pk.render(Job(repo, repo.opds["diskominfo"], TAHUN))


def by_jabatan(outputs, tahun=TAHUN) -> dict[str, bytes]:
    found = {}
    for out in outputs:
        m = re.fullmatch(rf"pk/{tahun}/(\d\d)-(.+)\.docx", out.path)
        if m:
            found[m.group(2)] = out.data
    return found


# --- tests ------------------------------------------------------------------------------------------

def test_one_pk_per_owner_in_hierarchy_order(repo, diskominfo_outputs):
    paths = [o.path for o in diskominfo_outputs]
    owners = {n.penanggung_jawab for n in repo.opds["diskominfo"].nodes()}
    assert set(by_jabatan(diskominfo_outputs)) == owners
    expected = [f"pk/{TAHUN}/{i:02d}-{j}.docx" for i, j in enumerate(DISKOMINFO_ORDER, 1)]
    assert paths == expected + [f"pk/{TAHUN}/pk-diskominfo-semua.docx"]

    bappeda = [o.path for o in pk.render(Job(repo, repo.opds["bappeda"], TAHUN))]
    assert not any("kabid-litbang-data" in p or "katim-data" in p for p in bappeda)
    assert len(bappeda) == len({n.penanggung_jawab for n in repo.opds["bappeda"].nodes()}) + 1


def test_every_pk_matches_the_model(repo, diskominfo_outputs):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    day = pemda.settings.pk_date(TAHUN)
    jab = opd.jabatan_by_id()
    by_kode = {n.kode: n for n in opd.nodes() if n.kode}
    for jid, data in by_jabatan(diskominfo_outputs).items():
        document = read(data)
        pertama, kedua = parties(document)
        nama, jabatan, pangkat, nip = holder_texts(jab[jid], day)
        assert (pertama["Nama"], pertama["Jabatan"]) == (nama, jabatan), jid
        sigs = signatures(document)
        assert len(sigs) == 2, jid  # statement page and lampiran
        for left, right in sigs:
            assert right.split("\n")[-3:] == [nama, pangkat, f"NIP. {nip}"], jid
            assert right.split("\n")[1] == jabatan + ","
        atasan = jab[jid].atasan
        if atasan != "kepala_daerah":
            a_nama, a_jabatan, a_pangkat, a_nip = holder_texts(jab[atasan], day)
            assert (kedua["Nama"], kedua["Jabatan"]) == (a_nama, a_jabatan), jid
            assert sigs[0][0].split("\n")[-3:] == [a_nama, a_pangkat, f"NIP. {a_nip}"]

        # Every kinerja row is an indicator of a node this official owns, with that year's target and satuan,
        # and every indicator the official signs for is there.
        rows = kinerja_rows(document)
        expected = {(n.uraian, i.nama, angka(i.target[TAHUN]), i.satuan)
                    for n in topmost_owned(opd, jid) for i in n.indikator}
        assert set(rows) == expected, jid
        assert len(rows) == len(expected), jid

        # Every budget line is that year's pagu of a node; the total is the pagu of what the official owns.
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
                assert anggaran == rupiah(node.pagu[TAHUN], sign=False), (jid, nama_node)
                sub += number(anggaran)
            assert number(jumlah[2]) == sub
            total += sub
        owned_budget = sum(n.pagu.get(TAHUN, 0) for n in topmost_owned(opd, jid) if n.level in BUDGET)
        assert total == owned_budget, jid


def test_kepala_opd_pk_covers_the_whole_opd_budget(repo, diskominfo_outputs):
    document = read(by_jabatan(diskominfo_outputs)["kadis"])
    [table] = anggaran_tables(document)
    whole = sum(t.pagu[TAHUN] for t in repo.opds["diskominfo"].tujuan)
    assert table[-1][2] == rupiah(whole, sign=False) == "17.592.500.000"
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
    mutate(tmp_repo, "data/pemda.yaml", "  tanggal_pk:\n", "  tanggal_pk_perubahan: {2026: \"2026-10-01\"}\n  tanggal_pk:\n")
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "      - mulai: \"2025-10-01\"\n",
           "      - mulai: \"2026-09-01\"\n        nama: Ratih Purnamasari, S.Si., M.T.\n        nip: \"198206142006042011\"\n"
           "        pangkat: Pembina\n        golongan: IV/a\n        status: definitif\n      - mulai: \"2025-10-01\"\n")
    checked = check(tmp_repo)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    outputs = {o.path: o.data for o in pk.render(Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN))}
    murni = [p for p in outputs if p.startswith("pk/2026/") and "/perubahan/" not in p]
    perubahan = [p for p in outputs if p.startswith("pk/2026/perubahan/")]
    assert len(murni) == len(perubahan) > 1
    new = all_text(read(next(outputs[p] for p in perubahan if p.endswith("-kabid-statsan.docx"))))
    old = all_text(read(next(outputs[p] for p in murni if p.endswith("-kabid-statsan.docx"))))
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2026" in new and "1 Oktober 2026" in new
    assert "Ratih Purnamasari" in new and "Plt." not in new
    assert "PERUBAHAN" not in old and "Plt." in old and "Ratih" not in old
    pemda_outputs = {o.path for o in pk.render_pemda(PemdaJob(checked.repo, TAHUN))}
    assert pemda_outputs == {"pk/2026/pk-kepala-daerah.docx", "pk/2026/perubahan/pk-kepala-daerah.docx"}


def test_combined_document_holds_every_pk_in_order(repo, diskominfo_outputs):
    combined = read(diskominfo_outputs[-1].data)
    names = [parties_block["Nama"] for parties_block in
             [dict((r[0], r[2]) for r in cells(t)) for t in combined.tables if cells(t)[0][0] == "Nama"]][::2]
    day = repo.pemda.settings.pk_date(TAHUN)
    jab = repo.opds["diskominfo"].jabatan_by_id()
    assert names == [jab[j].pemangku(day).nama for j in DISKOMINFO_ORDER]
    assert len(signatures(combined)) == 2 * len(DISKOMINFO_ORDER)
    breaks = combined.element.body.xml.count('w:type="page"')
    assert breaks == 2 * len(DISKOMINFO_ORDER) - 1  # lampiran of each PK, then between PKs


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
    [out] = pk.render_pemda(PemdaJob(repo, TAHUN))
    assert out.path == f"pk/{TAHUN}/pk-kepala-daerah.docx"
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
    assert number(table[-1][2]) == sum(n.pagu[TAHUN] for n in programs)


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


def test_libreoffice_converts_a_pk(tmp_path, repo, diskominfo_outputs):
    target = tmp_path / "01-kadis.docx"
    target.write_bytes(by_jabatan(diskominfo_outputs)["kadis"])
    text = docx_to_pdf_text(target, tmp_path)
    assert "PERJANJIAN KINERJA TAHUN 2026" in text
    assert "Ir. Bambang Setiawan, M.Kom." in text
    assert "17.592.500.000" in text
    assert "NIP. 19750312 200003 1 004" in text


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
    assert [d.code for d in checked.report.errors] == ["R018"], [d.format() for d in checked.report.errors]
    assert "kabid-litbang-data" in checked.report.errors[0].message
    # the renderer refuses too, should it ever be called on such a model
    with pytest.raises(RenderError) as info:
        pk.render(Job(checked.repo, checked.repo.opds["bappeda"], TAHUN))
    assert info.value.code == "P001" and "kabid-litbang-data" in info.value.message
