"""`.github/CODEOWNERS` from the mentor assignments in each OPD's opd.yaml, so a pull request that
touches data/opd/<opd>/ asks that OPD's Bappeda mentor for review."""
from __future__ import annotations

from cascade.model.types import Repo

PATH = ".github/CODEOWNERS"
HEADER = ("# Dibuat otomatis oleh `make codeowners` dari bagian `mentor` di data/opd/*/opd.yaml.\n"
          "# Jangan disunting langsung: ubah mentor di opd.yaml lalu jalankan `make codeowners`.\n")


def codeowners_text(repo: Repo) -> str:
    lines = [HEADER]
    for key in sorted(repo.opds):
        handles = sorted({f"@{m.github}" for m in repo.opds[key].mentor if m.github})
        if handles:
            lines.append(f"/data/opd/{key}/ {' '.join(handles)}\n")
        else:
            lines.append(f"# /data/opd/{key}/ belum punya mentor dengan akun GitHub\n")
    return "".join(lines)
