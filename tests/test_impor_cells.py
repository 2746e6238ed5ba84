"""Reading single cells of published tables (cascade/impor/cells.py) and writing YAML text (tulis.py)."""
from cascade.impor.cells import clean_text, parse_kode, parse_money, parse_number
from cascade.impor.model import ImportedOpd, Indikator, Kegiatan, Program, Sasaran, Tujuan
from cascade.impor.tulis import edited_by_hand, render_opd, scalar, write_opd
from cascade.load.yaml_strict import load_text as _load


def load_text(text, name):
    doc, problems = _load(text, name)
    assert not problems, problems
    return doc


def test_numbers_with_units_and_both_number_formats():
    assert parse_number("70 Indeks")[:2] == (70, "Indeks")
    assert parse_number("30\nDokumen")[:2] == (30, "Dokumen")
    assert parse_number("42.50%")[:2] == (42.5, "%")
    assert parse_number("2,8")[:2] == (2.8, None)
    assert parse_number("1,775,000,000")[0] == 1775000000
    assert parse_number(2.59) == (2.59, None, None)


def test_text_targets_dashes_and_unreadable_cells():
    assert parse_number("BB") == ("BB", None, None)
    assert parse_number("-") == (None, None, None)
    assert parse_number("n/a") == (None, None, None)
    only_unit = parse_number("%")
    assert only_unit.value is None and only_unit.unit == "%" and "satuan" in only_unit.problem
    assert parse_number("1 Dokumen / 2900 orang").problem
    assert parse_number("2.500").problem  # 2,5 or 2500: not guessed


def test_money_in_both_formats():
    assert parse_money("Rp. 4.100.832.755") == (4100832755, None)
    assert parse_money("1,775,000,000") == (1775000000, None)
    assert parse_money("Rp 1.000") == (1000, None)
    assert parse_money("-") == (0, None)  # Excel's accounting format shows 0 as "-"
    assert parse_money("n/a") == (None, None)
    assert parse_money(1775000000.0) == (1775000000, None)
    assert parse_money("12.5").problem


def test_kode_split_comma_short_and_shifted():
    assert parse_kode(["2", "16", "02", "", ""]).kode == "2.16.02"
    assert parse_kode(["5", "01", "01", "2,01", ""]).kode == "5.01.01.2.01"
    assert parse_kode([2, 16, 3, 2.01, 4]).kode == "2.16.03.2.01.0004"
    shifted = parse_kode(["03", "02", "2.01"], urusan="5")
    assert shifted.kode == "5.03.02.2.01" and shifted.note
    assert parse_kode(["03", "02", "2.01"]).problem
    assert parse_kode(["2", "2 Paket", "02", "2.02", ""]).problem


def test_excel_escapes_are_decoded():
    assert clean_text("perundang_x0002_undangan") == "perundang-undangan"
    assert clean_text("  a \t b \n\n c ") == "a b\nc"


def test_scalars_are_yaml_the_strict_loader_reads_back():
    for value in ["Meningkatnya: kualitas", "% x", "yes", "2.16.03", "BB", "A (baik)", 'kutip "x"', 12, 2.5, None]:
        doc = load_text(f"v: {scalar(value)}\n", "x.yaml")
        assert doc.data["v"] == value, value


def _model():
    return ImportedOpd(
        opd="contoh", sumber="contoh.xlsx, lembar T-C.27", years=[2021, 2022], tahun_dasar=2020,
        tujuan=[Tujuan("Tujuan satu", [Indikator("Indeks A", "Indeks", 2.5, None, {2021: 3, 2022: None})],
                       [Sasaran("Sasaran satu", [Indikator("Persen", "%", None, None, {2021: "BB", 2022: 50.5})])])],
        program=[Program("2.16.02", "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK", "S1",
                         [Indikator("P", "%", 1, None, {2021: 1, 2022: 2})], {},
                         [Kegiatan("2.16.02.2.01", "Keg", [Indikator("k", "Dokumen", 1, None, {2021: 2, 2022: 3})],
                                   {2021: 5, 2022: None}),
                          Kegiatan("2.16.02.2.01", "Keg kembar", [Indikator("k", "Dokumen", 1, None, {2021: 2})])])])


def test_ids_are_stable_and_repeated_codes_numbered():
    files = render_opd(_model())
    assert set(files) == {"renstra.yaml", "program/2.16.02-informasi-komunikasi-publik.yaml"}
    prog = load_text(files["program/2.16.02-informasi-komunikasi-publik.yaml"], "p.yaml").data["program"]
    assert [k["id"] for k in prog["kegiatan"]] == ["K-2.16.02.2.01", "K-2.16.02.2.01-2"]
    assert prog["kegiatan"][0]["pagu"] == {"2021": 5}  # an absent year is left out, never 0
    renstra = load_text(files["renstra.yaml"], "r.yaml").data
    assert renstra["tujuan"][0]["indikator"][0]["target"] == {"2021": 3, "2022": None}
    assert render_opd(_model()) == files


def test_reimport_changes_nothing_and_hand_edits_are_kept(tmp_path):
    first = write_opd(tmp_path, _model())
    assert not first.diagnostics and len(first.written) == 2
    again = write_opd(tmp_path, _model())
    assert again.written == [] and len(again.unchanged) == 2
    path = tmp_path / "data/opd/contoh/renstra.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Tujuan satu", "Tujuan diubah"), encoding="utf-8")
    assert edited_by_hand(path.read_text(encoding="utf-8"))
    changed = _model()
    changed.tujuan[0].uraian = "Tujuan baru dari tabel"
    refused = write_opd(tmp_path, changed)
    assert [d.code for d in refused.diagnostics] == ["I018"] and refused.written == []
    assert "Tujuan diubah" in path.read_text(encoding="utf-8")
    forced = write_opd(tmp_path, changed, timpa=True)
    assert path in forced.written and "Tujuan baru dari tabel" in path.read_text(encoding="utf-8")


def test_never_writes_outside_the_opd_folder(tmp_path):
    model = _model()
    model.opd = "../luar"
    result = write_opd(tmp_path, model)
    assert [d.code for d in result.diagnostics] == ["I019"] and not any(tmp_path.rglob("*.yaml"))


def test_a_program_gone_from_the_table_is_removed_only_when_unedited(tmp_path):
    model = _model()
    model.program.append(Program("2.16.03", "PROGRAM APLIKASI INFORMATIKA", "S1",
                                 [Indikator("P", "%", 1, None, {2021: 1})], {},
                                 [Kegiatan("2.16.03.2.01", "Keg", [Indikator("k", "Dokumen", 1, None, {2021: 2})])]))
    write_opd(tmp_path, model)
    gone = tmp_path / "data/opd/contoh/program/2.16.03-aplikasi-informatika.yaml"
    assert gone.exists()
    result = write_opd(tmp_path, _model())
    assert result.removed == [gone] and not gone.exists()
    write_opd(tmp_path, model)
    gone.write_text(gone.read_text(encoding="utf-8") + "# catatan tangan\n", encoding="utf-8")
    result = write_opd(tmp_path, _model())
    assert gone.exists() and [d.code for d in result.diagnostics] == ["I024"]


def test_an_unfilled_opd_baru_skeleton_is_replaced_and_told(tmp_path):
    folder = tmp_path / "data/opd/contoh"
    (folder / "program").mkdir(parents=True)
    (folder / "renstra.yaml").write_text('tujuan:\n  - id: X-T1\n    uraian: "<isi tujuan>"\n', encoding="utf-8")
    (folder / "program" / "program-1.yaml").write_text('program:\n  kode: "<isi kode program>"\n', encoding="utf-8")
    result = write_opd(tmp_path, _model())
    assert sorted(d.code for d in result.diagnostics) == ["I029", "I029"]
    assert not (folder / "program" / "program-1.yaml").exists()
    assert "Tujuan satu" in (folder / "renstra.yaml").read_text(encoding="utf-8")
