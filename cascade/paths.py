"""Where data lives: the one module that knows.

Three places can hold a file Cascade reads besides the planner's own data, tried in this order:

1. the Pemda repository being built: its `templates/<document>/` and `data/referensi/` override
   Cascade's defaults file by file (a restyled PK template, a nomenklatur with local rows);
2. the installed package: a wheel carries schema/, templates/ and data/referensi/ as
   `cascade/_data/{schema,templates,referensi}` (pyproject.toml maps them there at build time);
3. the source checkout this module sits in (the repository's top-level schema/, templates/ and
   data/referensi/), when Cascade runs from a clone rather than from an installed wheel.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGED = PACKAGE / "_data"  # present only in an installed wheel
CHECKOUT = PACKAGE.parent  # the folder holding cascade/: a source checkout, or site-packages when installed
INSTALLED = PACKAGED.is_dir()

# The tool's own folder of each kind, in the installed package or else in the source checkout.
_CHECKOUT_FOLDER = {"schema": "schema", "templates": "templates", "referensi": "data/referensi"}


def tool_folder(kind: str) -> Path:
    """Cascade's own folder of `kind` ("schema", "templates" or "referensi")."""
    packaged = PACKAGED / kind
    return packaged if packaged.is_dir() else CHECKOUT / _CHECKOUT_FOLDER[kind]


SCHEMA_DIR = str(tool_folder("schema"))
TEMPLATES_DIR = str(tool_folder("templates"))
REFERENSI_DIR = str(tool_folder("referensi"))
TOOL_ROOT = str(CHECKOUT)

# What the tool is made of, relative to TOOL_ROOT, for the build manifests (cascade/freshness.py): its
# code, schemas, default templates and reference data, and the pinned library versions. Installed,
# all of it is inside the package folder (the library versions are pinned by the package's own version).
TOOL_PARTS = ("cascade",) if INSTALLED else ("cascade", "schema", "templates", "data/referensi", "requirements.txt")


def template(root: str | os.PathLike, document: str, name: str) -> Path | None:
    """The template `name` of `document` ("pk", "renstra"): the Pemda repository's own, else Cascade's;
    None when neither exists. Whatever stands at the repository's path (a folder, a broken link) is
    returned, to be reported: a planner's damaged template is never silently replaced by Cascade's."""
    for folder in (Path(root, "templates", document), tool_folder("templates") / document):
        path = folder / name
        if os.path.lexists(path):
            return path
    return None


def reference(root: str | os.PathLike, name: str) -> Path:
    """The reference file `name` (e.g. nomenklatur.csv): the Pemda repository's `data/referensi/<name>`
    when anything stands there (the loader says what is wrong with it), else Cascade's own, else the
    repository's path (missing: the loader says so)."""
    own = Path(root, "data", "referensi", name)
    if os.path.lexists(own):
        return own
    shipped = tool_folder("referensi") / name
    return shipped if shipped.is_file() else own
