"""Whether an output folder is current, decided from the content of what it was built from.

Every producer (the build of an OPD or of the Pemda, an evaluasi) writes a manifest beside its
outputs once they are all written: the input files it read with their content hashes, the year
asked for, the code, the templates, the schema and the tool versions. A folder is current when
the same inputs hash the same now. Modification times play no part: a deleted or renamed file,
or an edit restored with an old timestamp (`cp -p`, `rsync -a`, a backup, an unpacked zip),
changes the hash just as an edit does.

What an OPD's documents read: its own folder, the OPDs its crosscutting links name (their boxes
are drawn in its trees; recorded in the manifest, since they are only known once the data is
read, and they can only change through the OPD's own files) and everything shared. The Pemda's
documents read every data file.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import sys
from dataclasses import dataclass

from cascade.load.sources import NOMENKLATUR_FILE, OPD_DIR, OPD_NAME, PEMDA_FILE
from cascade.paths import TOOL_PARTS, TOOL_ROOT

MANIFEST = ".dibangun.json"
FORMAT = 1

# The tool itself (TOOL_PARTS): its code, schemas, default templates, reference data and pinned library versions.
CODE_SUFFIXES = (".py", ".json", ".docx", ".txt", ".csv")


def _skipped(name: str) -> bool:
    # hidden files (editor swap files, .DS_Store) and Word's lock files (~$bab-6.docx) are never read
    return name.startswith((".", "~$")) or name == "__pycache__"


def _files_below(root: str, rel: str, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Every file below root/rel (or rel itself when it is a file), relative to root, sorted."""
    top = os.path.join(root, rel)
    if os.path.isfile(top):
        return [rel]
    found = []
    for here, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not _skipped(d)]
        for name in names:
            if not _skipped(name) and (suffixes is None or name.endswith(suffixes)):
                found.append(os.path.relpath(os.path.join(here, name), root).replace(os.sep, "/"))
    return sorted(found)


def logo_files(root: str) -> list[str]:
    """The lambang daerah data/pemda.yaml names (`dokumen.logo`, relative to data/), printed on the
    Renstra's cover and in every kop: a new image must rebuild them. Read with a plain YAML parse; a
    file that cannot be read names none (the check reports it, and pemda.yaml is an input itself)."""
    import yaml

    try:
        with open(os.path.join(root, PEMDA_FILE), "rb") as fh:
            doc = yaml.safe_load(fh)
        logo = doc["dokumen"]["logo"]
    except (OSError, yaml.YAMLError, TypeError, KeyError, ValueError):
        return []
    if not isinstance(logo, str) or not logo.strip():
        return []
    rel = posixpath.normpath(posixpath.join(os.path.dirname(PEMDA_FILE), logo.replace("\\", "/")))
    return [] if rel.startswith("../") or posixpath.isabs(rel) else [rel]  # outside: rule R066


class Hasher:
    """Content hashes of files, each read once per process (the Pemda folder and every OPD share
    data/pemda.yaml and the code)."""

    def __init__(self):
        self._done: dict[str, str] = {}

    def file(self, path: str) -> str:
        if path not in self._done:
            digest = hashlib.sha256()
            try:
                with open(path, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(block)
                self._done[path] = digest.hexdigest()
            except OSError:
                self._done[path] = "tidak-terbaca"  # the check reports it; the folder is simply stale
        return self._done[path]

    def files(self, root: str, rels: list[str]) -> dict[str, str]:
        return {rel: self.file(os.path.join(root, rel)) for rel in rels}


@functools.lru_cache(maxsize=1)
def _tools() -> str:
    """The versions that decide output bytes besides the pinned Python packages (requirements.txt):
    Python and Graphviz."""
    from cascade.formats.dot.run import read_graphviz_version

    return f"python {sys.version.split()[0]}; {read_graphviz_version()}"


@dataclass(frozen=True)
class Inputs:
    """What one folder was, or would now be, built from."""

    files: dict[str, str]  # path (data: relative to the Pemda repository; the tool's own: "alat:" + path) → sha256
    linked: tuple[str, ...]  # the other OPDs read (crosscutting)
    tahun: int | None  # as asked for (None: tahun_berjalan of data/pemda.yaml, itself an input)

    @property
    def digest(self) -> str:
        h = hashlib.sha256(f"{FORMAT}\n{_tools()}\n{self.tahun}\n".encode("utf-8"))
        for path in sorted(self.files):
            h.update(f"{path}\0{self.files[path]}\n".encode("utf-8"))
        return h.hexdigest()


class Fingerprints:
    """The inputs of any folder of one Pemda repository, hashing each file once."""

    def __init__(self, root: str):
        self.root = root
        self.hasher = Hasher()

    @functools.cached_property
    def _shared(self) -> dict[str, str]:
        rels = [PEMDA_FILE] + _files_below(self.root, os.path.dirname(NOMENKLATUR_FILE)) + _files_below(self.root, "templates")
        rels += logo_files(self.root)
        shared = self.hasher.files(self.root, rels)
        tool = [p for part in TOOL_PARTS for p in _files_below(TOOL_ROOT, part, CODE_SUFFIXES)]
        shared.update({"alat:" + rel: h for rel, h in self.hasher.files(TOOL_ROOT, tool).items()})
        return shared

    def opd(self, key: str, linked: tuple[str, ...], tahun: int | None) -> Inputs:
        files = dict(self._shared)
        for k in (key, *linked):
            files.update(self.hasher.files(self.root, _files_below(self.root, f"{OPD_DIR}/{k}")))
        return Inputs(files, tuple(sorted(linked)), tahun)

    def pemda(self, tahun: int | None) -> Inputs:
        files = dict(self._shared)
        files.update(self.hasher.files(self.root, _files_below(self.root, "data")))
        return Inputs(files, (), tahun)


@dataclass(frozen=True)
class Manifest:
    digest: str
    tahun: int | None
    linked: tuple[str, ...]
    outputs: tuple[str, ...]  # relative to the folder, forward slashes
    warnings: int  # warnings the check gave: a --strict run must not call such a folder current


def read_manifest(folder: str) -> Manifest | None:
    """The folder's manifest, or None when it has none or it cannot be read (then it is stale)."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            raw = json.load(fh)
        manifest = Manifest(str(raw["sidik"]), raw["tahun"], tuple(raw["opd_terkait"]), tuple(raw["keluaran"]),
                            int(raw["peringatan"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # a manifest edited by hand must not make the build read or test paths outside data/ and build/
    if not all(isinstance(k, str) and OPD_NAME.match(k) for k in manifest.linked):
        return None
    if not all(isinstance(p, str) and p and not p.startswith("/") and ".." not in p.split("/") for p in manifest.outputs):
        return None
    return manifest


def manifest_bytes(inputs: Inputs, outputs: list[str], warnings: int) -> bytes:
    """The manifest as written: sorted, so the same build writes the same bytes."""
    raw = {"format": FORMAT, "sidik": inputs.digest, "tahun": inputs.tahun, "opd_terkait": list(inputs.linked),
           "peringatan": warnings, "alat": _tools(), "masukan": dict(sorted(inputs.files.items())),
           "keluaran": sorted(outputs)}
    return (json.dumps(raw, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def is_current(folder: str, inputs_of, strict: bool = False) -> bool:
    """Whether `folder` holds what its inputs give now. `inputs_of(linked)` makes the folder's
    current Inputs for the linked OPDs its manifest names."""
    manifest = read_manifest(folder)
    if manifest is None or (strict and manifest.warnings):
        return False
    if inputs_of(manifest.linked).digest != manifest.digest:
        return False
    return all(os.path.isfile(os.path.join(folder, *p.split("/"))) for p in manifest.outputs)


def linked_opds(opd) -> tuple[str, ...]:
    """The other OPDs whose boxes an OPD's documents show: those its crosscutting links name."""
    return tuple(sorted({c.opd for n in opd.nodes() for c in (*n.crosscutting, *n.crosscutting_diterima)} - {opd.key}))


def current_elsewhere(prints: Fingerprints, key: str):
    """For an OPD's build: whether a sub-folder holds another producer's outputs (an evaluasi) that
    are still current; stale ones are removed with the rebuilt folder's other leftovers."""
    def keep(sub_folder: str) -> bool:
        manifest = read_manifest(sub_folder)
        return manifest is not None and prints.opd(key, manifest.linked, manifest.tahun).digest == manifest.digest
    return keep


def orphans(out: str, keys: list[str], reserved: str) -> list[str]:
    """Build folders made for an OPD that data/opd/ no longer has (they carry a manifest, or the
    `.built` stamp of Cascade versions before manifests)."""
    try:
        names = sorted(os.listdir(out))
    except OSError:
        return []
    return [os.path.join(out, n) for n in names
            if n not in keys and n != reserved and not n.startswith(".") and any(os.path.isfile(os.path.join(out, n, m)) for m in (MANIFEST, ".built"))]
