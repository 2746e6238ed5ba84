"""Rules about what data/pemda.yaml's `dokumen:` points at outside the YAML: the lambang daerah.

The logo is printed on the Renstra's cover and in the kop of documents. Word (python-docx) can only
place a PNG or JPEG, and a path that leaves data/ would print a file that is not part of the
Pemda's reviewed data, so each is found here, at `dokumen.logo`, before anything is built.
"""
from __future__ import annotations

import os

from cascade.diagnostics import Diagnostic, error
from cascade.validate.registry import Context, rule

DATA_DIR = "data"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_HINT_PATH = "tulis jalur berkas relatif terhadap folder data/, misalnya lambang-arunika.png"


def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def logo_problem(ctx: Context) -> Diagnostic | None:
    """What is wrong with `dokumen.logo`, or None (no logo, or a PNG/JPEG inside data/)."""
    logo = ctx.pemda.settings.logo
    if not logo or not ctx.root:
        return None
    loc = ctx.pemda.settings.at("logo")
    data = os.path.join(ctx.root, DATA_DIR)
    path = os.path.join(data, logo)
    if not _inside(path, data):
        return error(loc, "R066", f"lambang daerah `{logo}` berada di luar folder data/",
                     f"salin gambarnya ke dalam folder data/ lalu {_HINT_PATH}")
    if not os.path.isfile(path):
        return error(loc, "R064", f"berkas lambang daerah `{logo}` tidak ada di folder data/",
                     f"simpan gambar lambang daerah di folder data/, atau perbaiki namanya; {_HINT_PATH}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return error(loc, "R065", f"berkas lambang daerah `{logo}` tidak dapat dibaca ({exc.strerror})",
                     "periksa hak akses berkasnya")
    if not (head.startswith(_PNG) or head.startswith(_JPEG)):
        return error(loc, "R065", f"berkas lambang daerah `{logo}` bukan gambar PNG atau JPEG",
                     "simpan ulang lambangnya sebagai PNG atau JPEG (mengganti akhiran nama berkas saja "
                     "tidak mengubah isinya)")
    return None


def _only(code: str, ctx: Context):
    problem = logo_problem(ctx)
    return [problem] if problem is not None and problem.code == code else []


@rule("R064", "berkas lambang daerah (dokumen.logo) ada di folder data/", scopes=("pemda",))
def logo_exists(ctx: Context):
    return _only("R064", ctx)


@rule("R065", "lambang daerah (dokumen.logo) berupa gambar PNG atau JPEG yang dapat dibaca", scopes=("pemda",))
def logo_is_image(ctx: Context):
    return _only("R065", ctx)


@rule("R066", "lambang daerah (dokumen.logo) berada di dalam folder data/", scopes=("pemda",))
def logo_inside_data(ctx: Context):
    return _only("R066", ctx)
