"""Nothing of the machinery in print: no ids of the data, folder slugs, YAML keys, paths or commands in any
document a Pemda prints or publishes.

The example Pemda is built as a planner builds it (every OPD and the Pemda documents, and the evaluation
of 2025 of every OPD with realisasi), and the text of every built document is read back: Word (every
XML part's w:t, headers and footers included), Excel (every cell string, sheet names, print headers),
SVG (every text element) and the Markdown reports. One test per family of documents, so a hit names
the family (and the file) it comes from.
"""
from __future__ import annotations

import glob
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import ROOT, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SVG = "{http://www.w3.org/2000/svg}"
YEAR = "2025"

# Tokens printed nowhere, whatever their case, as words of their own
LITERALS = (re.compile(r"data/"), re.compile(r"\.yaml\b"), re.compile(r"\bmake\s"),
            re.compile(r"\bcascade\b", re.IGNORECASE))

FAMILIES = {  # family → the built files that belong to it (paths relative to the build folder)
    "keselarasan": lambda p: p.startswith("pemda/keselarasan/"),
    "evaluasi": lambda p: "/evaluasi/" in p and "/pohon/" not in p,
    "evaluasi-pohon": lambda p: "/evaluasi/" in p and "/pohon/" in p,
    "pohon": lambda p: "/pohon/" in p and "/evaluasi/" not in p,
    "renstra": lambda p: "/renstra/" in p,
    "pk": lambda p: "/pk/" in p,
    "excel": lambda p: "/excel/" in p,
    "penjenjangan": lambda p: "/penjenjangan/" in p,
    "skp": lambda p: "/skp/" in p,
    "iku": lambda p: "/iku/" in p,
    "ringkasan-opd": lambda p: p.endswith("/ringkasan.md") and not p.startswith("pemda/"),
}
READ = (".docx", ".xlsx", ".svg", ".md")
EDUCATION = {"S1", "S2", "S3", "D1", "D2", "D3", "D4"}  # jenjang pendidikan, ordinary words of a Renstra


@pytest.fixture(scope="module")
def build(example, tmp_path_factory):
    out = tmp_path_factory.mktemp("cetak") / "build"
    result = run_cli("build", "--pemda", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    with_realisasi = sorted(key for key, opd in example.repo.opds.items()
                            if any(r.tahun == int(YEAR) for r in opd.realisasi))
    assert with_realisasi, "the example has realisasi for 2025"
    for key in with_realisasi:
        result = run_cli("evaluasi", "--opd", key, "--tahun", YEAR, "--out", str(out))
        assert result.returncode == 0, result.stdout + result.stderr
    return str(out)


# ---------------------------------------------------------------- what must not be printed


def _words_of(name: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", name)}


def _schema_tokens() -> set[str]:
    """Keys (and enum values) of the schema with an underscore: `sama_dengan`, `pola_ukur`, `jpt_pratama`.
    Keys without one (`nama`, `target`, `uraian`) are ordinary Indonesian words and are left out."""
    found: set[str] = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in ("properties", "patternProperties") and isinstance(v, dict):
                    found.update(v)
                if k == "enum" and isinstance(v, list):
                    found.update(x for x in v if isinstance(x, str))
                walk(v)
        elif isinstance(o, list):
            for x in o:
                walk(x)

    for path in glob.glob(os.path.join(ROOT, "schema", "*.json")):
        with open(path, encoding="utf-8") as fh:
            walk(json.load(fh))
    return {t for t in found if "_" in t}


@pytest.fixture(scope="module")
def forbidden(example) -> dict[str, re.Pattern]:
    """token → the pattern that finds it printed as a word of its own."""
    repo = example.repo
    ids: set[str] = set()
    for opd in repo.opds.values():
        for node in opd.nodes():
            ids.add(node.id)
            ids.update(i.id for i in node.indikator)
        for j in opd.jabatan:
            # A jabatan id that is a word of the jabatan's own name ("sekretaris" of "Sekretaris Dinas",
            # "inspektur") cannot be told from that word in a sentence: left out.
            if j.id.lower() not in _words_of(j.nama):
                ids.add(j.id)
    for t in repo.pemda.rpjmd_tujuan():
        ids.add(t.id)
        ids.update(i.id for i in t.indikator)
        for s in t.sasaran:
            ids.add(s.id)
            ids.update(i.id for i in s.indikator)
    ids.discard("")
    # Ids are matched as written (case matters): "S1" is an id, "s1" is not; a node id is a word of its
    # own, not part of a nomenklatur code or e-mail ("RS1.1" does not match inside "RS1.10").
    out = {i: re.compile(rf"(?<![\w.@/-]){re.escape(i)}(?![\w@-]|\.\w)") for i in ids}
    for i in ids & EDUCATION:
        # Sasaran ids "S1", "S2" are also the education levels a Renstra's BAB II counts staff by ("S2",
        # "S1/D4"): such an id is only machinery where it names a node ("Sasaran S1", "S1: …", "S1 ·").
        out[i] = re.compile(rf"(?:\b(?:Tujuan|Sasaran|Program|Kegiatan|Indikator|RPJMD|PD)\s+{i}\b"
                            rf"|(?<![\w.@/-]){i}\s*[:·›])")
    for key, opd in repo.opds.items():
        # A folder slug that is a word of the OPD's own name ("inspektorat" of "Inspektorat Daerah") is
        # that word in a sentence: left out. Slugs inside addresses (diskominfo@…, laman …go.id) are not
        # words of their own.
        if key.lower() not in _words_of(opd.nama):
            out[key] = re.compile(rf"(?<![\w.@/-]){re.escape(key)}(?![\w@-]|\.\w)")
    for token in _schema_tokens():
        out[token] = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")
    for pattern in LITERALS:
        out[pattern.pattern] = pattern
    return out


# ---------------------------------------------------------------- printed text of each format


def _paragraph_texts(root, para_tag: str, text_tag: str) -> list[str]:
    """The text of each paragraph (runs joined, so a token split over runs is still found)."""
    return ["".join(t.text or "" for t in p.iter(text_tag)) for p in root.iter(para_tag)]


def _docx_texts(path: str) -> list[str]:
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = ET.fromstring(z.read(name))
                texts += _paragraph_texts(root, f"{W}p", f"{W}t")
    return texts


def _xlsx_texts(path: str) -> list[str]:
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            root = ET.fromstring(z.read(name))
            if name == "xl/sharedStrings.xml":
                texts += ["".join(t.text or "" for t in si.iter(f"{S}t")) for si in root.iter(f"{S}si")]
            elif name.startswith("xl/worksheets/"):
                texts += ["".join(t.text or "" for t in c.iter(f"{S}t")) for c in root.iter(f"{S}is")]
                for tag in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
                    texts += [e.text or "" for e in root.iter(f"{S}{tag}")]
            elif name == "xl/workbook.xml":
                texts += [s.get("name", "") for s in root.iter(f"{S}sheet")]
    return texts


def _svg_texts(path: str) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _md_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [re.sub(r"\\(.)", r"\1", line) for line in fh.read().splitlines()]  # Markdown escapes undone


def printed_texts(path: str) -> list[str]:
    reader = {".docx": _docx_texts, ".xlsx": _xlsx_texts, ".svg": _svg_texts, ".md": _md_texts}
    return reader[os.path.splitext(path)[1]](path)


def hits(folder: str, rel: str, forbidden: dict[str, re.Pattern]) -> list[str]:
    found = []
    for text in printed_texts(os.path.join(folder, rel)):
        for token, pattern in forbidden.items():
            m = pattern.search(text)
            if m:
                at = max(0, m.start() - 30)
                found.append(f"{rel}: {token!r} in …{text[at:m.end() + 30]}…")
    return found


def _built(folder: str) -> list[str]:
    out = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            if name.endswith(READ):
                out.append(os.path.relpath(os.path.join(dirpath, name), folder).replace(os.sep, "/"))
    return sorted(out)


# ---------------------------------------------------------------- the tests


def test_every_built_document_belongs_to_a_family(build):
    """So a new kind of document is scanned too, not silently left out of every family."""
    orphans = [p for p in _built(build) if not any(f(p) for f in FAMILIES.values())]
    assert not orphans


def test_the_reader_sees_every_printed_part(build):
    """Headers of Word documents, cells of workbooks and text of drawings are read, not only Word bodies."""
    word = printed_texts(os.path.join(build, "pemda/keselarasan/keselarasan-2025-2029.docx"))
    assert "Keselarasan Renstra PD dengan RPJMD Kota Arunika" in word  # the running header (header2.xml)
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in word  # the kop, in a table
    cells = printed_texts(os.path.join(build, "diskominfo/excel/t-c-27.xlsx"))
    assert any("APLIKASI INFORMATIKA" in c for c in cells)
    drawing = printed_texts(os.path.join(build, "diskominfo/pohon/ikhtisar.svg"))
    assert any("Meningkatnya kualitas layanan pemerintahan" in t for t in drawing)


def test_the_scan_finds_what_it_looks_for(forbidden):
    """The patterns find each token class in a sentence, and leave names, codes and addresses alone."""
    def found(text):
        return {t for t, p in forbidden.items() if p.search(text)}

    assert found("Tujuan T1 dan indikator SK-APTIKA-2-3-I1") >= {"T1", "SK-APTIKA-2-3-I1"}
    assert "S1" in found("Sasaran S1 · Strategic") and "S1" in found("S1: Meningkatnya") and not found("S1/D4 12")
    assert "RS1.1" in found("Sasaran RS1.1: x") and "RS1.1" not in found("kode 2.RS1.10")
    assert "sama_dengan" in found("ditandai sama_dengan") and "crosscutting_diterima" in found("(crosscutting_diterima)")
    assert "diskominfo" in found("folder diskominfo") and not found("Pos-el diskominfo@arunikakota.go.id")
    assert "kadis" in found("jabatan kadis") and not found("Sekretaris Dinas; Inspektur")
    assert found("jalankan make pemda") and found("dari data/pemda.yaml") and found("Dibangun oleh Cascade")
    assert not found("Kepala Dinas Komunikasi dan Informatika (Diskominfo), Inspektorat Daerah, Matriks Cascading")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_machinery_in_print(build, forbidden, family):
    files = [p for p in _built(build) if FAMILIES[family](p)]
    assert files, f"no {family} documents were built"
    found = [h for rel in files for h in hits(build, rel, forbidden)]
    assert not found, f"{len(found)} temuan:\n" + "\n".join(found[:60])
