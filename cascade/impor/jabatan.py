"""Penanggung jawab for imported nodes: a table names a unit kerja, Cascade wants a jabatan id of
opd.yaml whose jenjang fits the node's level (rule R016)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cascade.diagnostics import relpath
from cascade.impor.cells import folded
from cascade.impor.tulis import DEFAULT_JABATAN
from cascade.load.sources import OPD_DIR
from cascade.load.yaml_strict import load_bytes
from cascade.validate.rules import OWNER_LEVELS

_RANK = {"jpt_pratama": 0, "administrator": 1, "pengawas": 2, "fungsional": 3, "pelaksana": 4}


@dataclass
class Jabatan:
    """The jabatan of the OPD's opd.yaml (id, jenjang, unit kerja, nama; highest jenjang first), to turn
    the table's Unit Kerja column into the penanggung jawab a node of each level may have (rule R016)."""

    items: list[tuple[str, str, str, str]] = field(default_factory=list)
    exists: bool = False
    opd_nama: str = ""

    def find(self, unit: str, level: str) -> str | None:
        """The highest jabatan of that unit kerja (or of that name) allowed to hold a node of `level`."""
        allowed = OWNER_LEVELS.get(level, ())
        mine = [j for j in self.items if folded(unit) in (folded(j[2]), folded(j[3]))]
        if not mine and self.items and folded(unit) == folded(self.opd_nama):
            mine = self.items
        return next((j[0] for j in mine if j[1] in allowed), None)

    def default(self, level: str) -> str:
        allowed = OWNER_LEVELS.get(level, ())
        return next((j[0] for j in self.items if j[1] in allowed), DEFAULT_JABATAN)


def load_jabatan(root: Path, opd: str) -> Jabatan:
    """The jabatan of data/opd/<opd>/opd.yaml, highest jenjang first (the table names unit kerja only)."""
    data = read_yaml(root / OPD_DIR / opd / "opd.yaml", root)
    if not data or not isinstance(data.get("jabatan"), list):
        return Jabatan()
    items = [j for j in data["jabatan"] if isinstance(j, dict) and isinstance(j.get("id"), str)]
    text = lambda v: v if isinstance(v, str) else ""  # noqa: E731
    ordered = sorted(items, key=lambda j: _RANK.get(j.get("jenjang"), 9))
    nama = text(data["opd"].get("nama")) if isinstance(data.get("opd"), dict) else ""
    return Jabatan(items=[(j["id"], text(j.get("jenjang")), text(j.get("unit_kerja")), text(j.get("nama")))
                          for j in ordered], exists=True, opd_nama=nama)


def read_yaml(path: Path, root: Path):
    """A small YAML file's data when it loads cleanly, else None (the importer then works without it)."""
    try:
        doc, problems = load_bytes(path.read_bytes(), relpath(path, root))
    except OSError:
        return None
    return None if problems or doc is None or not isinstance(doc.data, dict) else doc.data
