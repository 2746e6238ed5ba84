"""File-system failures (a full disk, a file-size limit, a read-only or misplaced build folder)
said the way a planner can act on them: which file, what happened, what to do."""
from __future__ import annotations

import errno
import os

from cascade.diagnostics import Diagnostic, Loc, error, relpath

_WHAT = [
    ({errno.ENOSPC, errno.EDQUOT}, "E001", "ruang disk (atau kuota) habis saat menulis",
     "kosongkan ruang disk, misalnya dengan `make clean`, lalu jalankan lagi"),
    ({errno.EFBIG}, "E002", "berkas melebihi batas ukuran berkas yang diizinkan sistem",
     "naikkan batas ukuran berkas (`ulimit -f`) lalu jalankan lagi"),
    ({errno.EROFS}, "E003", "folder ini hanya-baca",
     "pilih folder hasil yang dapat ditulis (`BUILD=...` atau `--out`), atau pasang ulang disknya sebagai baca-tulis"),
    ({errno.EACCES, errno.EPERM}, "E003", "tidak ada izin menulis di sini",
     "periksa pemilik dan hak akses folder hasil (`ls -l`), atau pilih folder hasil lain"),
    ({errno.ENOTDIR, errno.EEXIST}, "E004", "ada berkas biasa di tempat yang seharusnya folder",
     "hapus atau pindahkan berkas itu, lalu jalankan lagi"),
    ({errno.EISDIR}, "E004", "ada folder di tempat yang seharusnya berkas",
     "hapus atau pindahkan folder itu, lalu jalankan lagi"),
    ({errno.ENAMETOOLONG}, "E005", "nama atau jalur berkas terlalu panjang untuk sistem berkas ini",
     "pindahkan repositori ke folder dengan jalur yang lebih pendek"),
]


def describe(exc: OSError, doing: str = "menulis", shown: str | None = None) -> Diagnostic:
    """One located, Indonesian diagnostic for an OSError raised while `doing` something to a file;
    `shown`: what to name instead of the file (a library's temporary file means nothing to a planner)."""
    path = exc.filename if isinstance(exc.filename, str) else None
    where = Loc(shown or (relpath(path, os.getcwd()) if path else "build"))
    for numbers, code, text, hint in _WHAT:
        if exc.errno in numbers:
            return error(where, code, f"gagal {doing}: {text}; dokumen lama dibiarkan seperti semula", hint)
    name = errno.errorcode.get(exc.errno or 0, "tanpa kode")
    return error(where, "E009", f"gagal {doing}: sistem berkas menolak ({name}); dokumen lama dibiarkan seperti semula",
                 "periksa disk dan folder hasil, lalu jalankan lagi")
