"""The layering the tree shows: formats never import a document, the pipeline's stages never import
the stages after them, and the shipped package never imports the benchmark tooling."""
from __future__ import annotations

import ast
import os

from conftest import ROOT

PACKAGE = os.path.join(ROOT, "cascade")


def _imports() -> dict[str, set[str]]:
    """module → every cascade/bench module it imports (at any depth in the file)."""
    found = {}
    for here, dirs, names in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(here, name)
            module = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".").removesuffix(".__init__")
            tree = ast.parse(open(path, encoding="utf-8").read())
            targets = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    targets.add(node.module)
                    targets.update(f"{node.module}.{a.name}" for a in node.names)
                elif isinstance(node, ast.Import):
                    targets.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level:
                    raise AssertionError(f"{module}: relative import; write `from cascade.… import …`")
            found[module] = {t for t in targets if t.split(".")[0] in ("cascade", "bench")}
    return found


def _offending(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{m} imports {t}" for m, ts in _imports().items() if m == prefix or m.startswith(prefix + ".")
                  for t in ts if t.startswith(forbidden))


def test_formats_never_import_a_document():
    assert _offending("cascade.formats", ("cascade.documents",)) == []


def test_stages_never_import_later_stages():
    later = ("cascade.documents", "cascade.build", "cascade.batch", "cascade.write", "cascade.cli")
    for stage in ("cascade.load", "cascade.validate", "cascade.model"):
        assert _offending(stage, later) == [], stage


def test_the_shipped_package_never_imports_the_benchmark():
    assert _offending("cascade", ("bench",)) == []


def test_a_newcomer_finds_t_c_27_and_the_spreadsheet_writer_by_name():
    assert os.path.isfile(os.path.join(PACKAGE, "formats", "xlsx.py"))
    text = open(os.path.join(PACKAGE, "documents", "renstra", "tabel_tc.py"), encoding="utf-8").read()
    assert "T-C.27" in text


def test_no_import_cycles_at_module_level():
    """Imports at the top of each module form no cycle (imports inside functions are lazy by design)."""
    modules = {}
    for here, dirs, names in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(here, name)
                modules[os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".").removesuffix(".__init__")] = path
    graph = {}
    for module, path in modules.items():
        deps = set()
        for node in ast.parse(open(path, encoding="utf-8").read()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cascade"):
                deps.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                            for a in node.names)
        graph[module] = {d for d in deps if d in modules and d != module}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def cycle_from(module, path):
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                return path + [dep]
            if dep not in state and (found := cycle_from(dep, path + [dep])):
                return found
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            assert cycle_from(module, [module]) is None


def test_a_kop_address_too_long_for_one_line_breaks_between_its_items():
    from cascade.formats.docx import house
    doc = house.base_document("F4", True)
    items = ["Jl. Jenderal Sudirman Kav. 52-53 Kompleks Perkantoran Terpadu Pemerintah Kota Arunika Blok C Lantai 4",
             "Telepon (024) 7654321", "Pos-el sekretariat.dinas.komunikasi.informatika@arunikakota.go.id",
             "Laman diskominfo.arunikakota.go.id"]
    house.kop(doc, ["PEMERINTAH KOTA ARUNIKA"], [" · ".join(items[:2]), " · ".join(items[2:])], width_mm=150)
    cell = doc.tables[0].rows[0].cells[1]
    lines = [p.text.replace("\u00a0", " ") for p in cell.paragraphs[1:]]
    # each item whole, on as many lines as needed, none starting or ending on the separator
    assert sorted(x for line in lines for x in line.split(" · ")) == sorted(items)
    assert len(lines) > 2 and not any(line.startswith("·") or line.endswith("·") for line in lines), lines
    # a line that fits stays as the caller grouped it
    doc = house.base_document("F4", True)
    house.kop(doc, ["PEMERINTAH KOTA ARUNIKA"], ["Jl. Merdeka 1 · Telepon (024) 1"], width_mm=250)
    assert [p.text for p in doc.tables[0].rows[0].cells[1].paragraphs[1:]] == ["Jl.\u00a0Merdeka\u00a01\u00a0·\u00a0Telepon\u00a0(024)\u00a01"]
