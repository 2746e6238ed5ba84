"""The review's generic parts on small hand-made inputs: table cells, tree boxes, per-year series,
word differences. Expected results are written out here, not computed by the code under test."""
from __future__ import annotations

import dataclasses
from typing import Mapping

from cascade.diagnostics import Loc
from cascade.model.types import Node, Opd, Pemda
from cascade.review import diff
from cascade.review.report import render_markdown
from cascade.review.result import Delta, OpdReview, Review, Revision
from cascade.review.tables import Grid, diff_grid
from cascade.review.trees import diff_trees
from cascade.review.words import word_diff

HEADER = (("No", "Kode", "Program, Kegiatan dan Sub Kegiatan", "Target", "Target"), ("", "", "", "2025", "2026"))


def grid(*rows) -> Grid:
    return Grid("Tabel 6.1 Rencana", HEADER, tuple(rows))


def test_a_row_whose_code_changed_is_one_row_with_one_changed_cell():
    old = grid(("1", "2.21.02.2.01", "Penyelenggaraan Persandian", "85", "90"),
               ("2", "2.21.02.2.02", "Penetapan Pola Hubungan Komunikasi Sandi", "1", "1"))
    new = grid(("1", "2.20.02.2.02", "Penetapan Pola Hubungan Komunikasi Sandi", "1", "1"),
               ("2", "2.21.02.2.01", "Penyelenggaraan Persandian", "85", "90"))
    d = diff_grid(old, new)
    assert (d.rows_changed, d.cells_changed, d.rows_added, d.rows_removed) == (1, 1, 0, 0)
    (change,) = d.cells
    assert (change.column, change.before, change.after, change.rows) == (
        "Kode", "2.21.02.2.02", "2.20.02.2.02", ("2.20.02.2.02 Penetapan Pola Hubungan Komunikasi Sandi",))


def test_the_same_change_down_many_rows_is_told_once_and_running_numbers_are_not_changes():
    old = grid(("1", "2.21.02", "Lama", "70", "80"), ("2", "2.21.02.2.01", "Lama", "85", "90"),
               ("3", "2.21.02.2.01.0002", "Lama", "1", "1"))
    new = grid(("1", "2.21.02", "Baru", "70", "75"), ("2", "2.21.02.2.01", "Baru", "85", "90"),
               ("3", "2.21.02.2.01.0002", "Baru", "1", "1"))
    d = diff_grid(old, new)
    assert [(c.column, c.before, c.after, len(c.rows)) for c in d.cells] == [
        ("Program, Kegiatan dan Sub Kegiatan", "Lama", "Baru", 3), ("Target / 2026", "80", "75", 1)]
    renumbered = grid(("2", "2.21.02", "Lama", "70", "80"))
    assert diff_grid(grid(("1", "2.21.02", "Lama", "70", "80")), renumbered).cells == ()


def test_a_new_row_lists_only_its_own_cells():
    old = grid(("1", "2.21.02", "Program", "70", "80"))
    new = grid(("1", "2.21.02", "Program", "70", "80"), ("1", "2.21.02", "Program", "12", "9"))
    d = diff_grid(old, new)
    assert d.rows_added == 1 and d.cells == ()
    (row,) = d.rows
    assert row.kind == "baru" and row.cells == (("Target / 2025", "12"), ("Target / 2026", "9"))


def test_unlike_rows_are_not_paired():
    old = grid(("1", "", "Persentase aplikasi yang sesuai arsitektur", "50", "60"))
    new = grid(("1", "", "Jumlah insiden siber", "12", "9"))
    d = diff_grid(old, new)
    assert (d.rows_changed, d.rows_added, d.rows_removed) == (0, 1, 1)


DOT = """digraph "sasaran" {{
  "S3" [label=<<TABLE><TR><TD>Sasaran</TD></TR><TR><TD>{sasaran}</TD></TR><TR><TD>500 Skor</TD></TR></TABLE>>];
  "P1" [label=<<TABLE><TR><TD>Program</TD></TR><TR><TD>2.21.02 PROGRAM SANDI</TD></TR><TR><TD>{target}</TD></TR></TABLE>>];
  "P2" [label=<<TABLE><TR><TD>Program</TD></TR><TR><TD>2.20.02 PROGRAM STATISTIK</TD></TR></TABLE>>];
  "K1" [label=<<TABLE><TR><TD>Kegiatan</TD></TR><TR><TD>2.21.02.2.02 Pola<BR ALIGN="LEFT"/>Hubungan</TD></TR></TABLE>>];
  "XC" [label=<<TABLE><TR><TD>Crosscutting</TD></TR><TR><TD>Bappeda</TD></TR></TABLE>>];
  "S3" -> "P1";
  "S3" -> "P2";
  "XC" -> "K1" [style="dashed"];
  "{parent}>K1" [label="" shape="point"];
  "{parent}" -> "{parent}>K1" [weight="20"];
  "{parent}>K1" -> "K1";
}}
"""


def test_tree_boxes_changed_moved_and_their_texts():
    old = DOT.format(sasaran="Keamanan informasi", target="80%", parent="P1")
    new = DOT.format(sasaran="Keamanan siber", target="75%", parent="P2")
    changes = diff_trees(old, new)
    assert [(c.kind, c.box) for c in changes] == [("diubah", "Keamanan siber"), ("diubah", "2.21.02 PROGRAM SANDI"),
                                                  ("dipindah", "2.21.02.2.02 Pola Hubungan")]
    assert changes[0].details == (Delta("", "Keamanan informasi", "Keamanan siber"),)
    assert changes[1].details == (Delta("", "80%", "75%"),)
    # a renamed parent does not move its children; a dashed crosscutting edge is not a parent
    assert changes[2].details == (Delta("di bawah", "2.21.02 PROGRAM SANDI", "2.20.02 PROGRAM STATISTIK"),)


@dataclasses.dataclass(frozen=True)
class NodeWithDpa(Node):
    """A node as it may look once DPA amounts land: one more per-year amount."""

    dpa: Mapping[int, int] = dataclasses.field(default_factory=dict)


def _opd(sub_pagu: dict, sub_dpa: dict) -> Opd:
    loc = Loc("data/opd/x/renstra.yaml")
    sub = NodeWithDpa(loc, level="subkegiatan", id="SK1", kode="2.21.02.2.01.0002", nama="Analisis Kebutuhan",
                      pagu=sub_pagu, dpa=sub_dpa)
    kegiatan = Node(loc, level="kegiatan", id="K1", kode="2.21.02.2.01", nama="Persandian", children=(sub,),
                    pagu=dict(sub_pagu))
    program = Node(loc, level="program", id="P1", kode="2.21.02", nama="PROGRAM SANDI", children=(kegiatan,),
                   pagu=dict(sub_pagu))
    sasaran = Node(loc, level="sasaran", id="S1", uraian="Keamanan informasi", children=(program,), pagu=dict(sub_pagu))
    tujuan = Node(loc, level="tujuan", id="T1", uraian="Tata kelola", children=(sasaran,), pagu=dict(sub_pagu))
    return Opd(loc, key="x", nama="Dinas X", tujuan=(tujuan,))


def test_every_per_year_amount_of_a_node_is_compared_and_summed_under_its_label(monkeypatch):
    before = _opd({2026: 90_000_000}, {2026: 88_000_000})
    after = _opd({2026: 90_000_000}, {2026: 95_000_000})
    model = diff.OpdDiff(before, after, Pemda(Loc("data/pemda.yaml")), lambda j: j, lambda c: "")
    numbers = model.node_numbers()
    assert [(n.id, n.series, [(y.tahun, y.before, y.after) for y in n.years]) for n in numbers] == [
        ("SK1", "dpa", [(2026, 88_000_000, 95_000_000)])]  # its pagu did not change; parents' sums are not its own
    rollups = model.rollups()
    assert [(r.series, r.level, r.id) for r in rollups] == [("dpa", "program", "P1"), ("dpa", "sasaran", "S1"),
                                                            ("dpa", "opd", "x")]
    review = Review(Revision("main", "abc1234"), Revision("usulan", "def5678"), 2026,
                    opds=(OpdReview("x", "Dinas X", "berubah", node_numbers=tuple(numbers), rollups=tuple(rollups)),),
                    documents_compared=False)
    assert "### Dpa (Rp)" in render_markdown(review)
    monkeypatch.setitem(diff.SERIES_LABEL, "dpa", "Pagu DPA")
    text = render_markdown(review)
    assert "### Pagu DPA (Rp)" in text
    assert "| 2.21.02.2.01.0002 Analisis Kebutuhan | sebelum | 88.000.000 |\n|  | sesudah | 95.000.000 |" in text


def test_word_differences_keep_a_little_context():
    segments, added, removed = word_diff("a b c d e f g h i j k l m n o p", "a b c d e f g h X j k l m n o p", context=2)
    assert [(s.op, s.text) for s in segments] == [("…", ""), ("=", "g h"), ("-", "i"), ("+", "X"), ("=", "j k"),
                                                  ("…", "")]
    assert (added, removed) == (1, 1)


def test_a_signature_block_is_named_as_such_not_by_its_date_line():
    import io as _io

    import docx

    from cascade.review.tables import docx_grids
    d = docx.Document()
    for rows in ((("", "Arunika, 5 Januari 2026"), ("Wali Kota Arunika,", ""), ("Dr. Hj. Ratna Sari Dewi, M.Si.", "")),
                 (("No", "Nama"), ("1", "Program Persandian"))):
        t = d.add_table(rows=len(rows), cols=2)
        for r, row in zip(t.rows, rows):
            for c, text in zip(r.cells, row):
                c.text = text
        d.add_paragraph("Paragraf pemisah.")
    buffer = _io.BytesIO()
    d.save(buffer)
    titles = [g.title for g in docx_grids(buffer.getvalue())]
    assert titles == ["Teks", "Blok tanda tangan", "Tabel No, Nama"]
