"""`.github/CODEOWNERS`: who is asked to review a pull request, by the files it touches.

The shared files (data/pemda.yaml, data/referensi/, templates/, the tool's pin in requirements.txt
and .github/) belong to the Bappeda team named in data/pemda.yaml (`pemda.github_bappeda`); each
OPD folder to the mentors of its opd.yaml, or to the Bappeda team while it has none (a new OPD's
pull request then still asks Bappeda for review). GitHub applies the last matching line, so the
OPD lines come after the shared ones.
"""
from __future__ import annotations

import os
import re

from cascade.model.types import Repo

PATH = ".github/CODEOWNERS"
HEADER = ("# Dibuat otomatis oleh `cascade codeowners` (`make codeowners`) dari `pemda.github_bappeda` di data/pemda.yaml\n"
          "# dan bagian `mentor` di data/opd/*/opd.yaml. Jangan disunting langsung: ubah data itu lalu jalankan perintahnya.\n")
SHARED = ("/data/pemda.yaml", "/data/referensi/", "/templates/", "/requirements.txt", "/.github/")
# what schema/pemda.schema.json and schema/opd.schema.json accept, so a placeholder is never taken for an owner
TEAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$")
HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")


def text(team: str | None, mentors: dict[str, list[str]]) -> str:
    """The file for Bappeda's `team` (organisasi/tim, or None) and each OPD's mentors' GitHub accounts."""
    lines = [HEADER, "\n# Data bersama: ditinjau tim Bappeda.\n"]
    owner = f"@{team}" if team else None
    for path in SHARED:
        lines.append(f"{path} {owner}\n" if owner else f"# {path} belum punya pemilik: isi `github_bappeda` di data/pemda.yaml\n")
    lines.append("\n# OPD: ditinjau mentornya; OPD tanpa mentor ditinjau tim Bappeda.\n")
    for key in sorted(mentors):
        handles = sorted({f"@{h}" for h in mentors[key]})
        if handles:
            lines.append(f"/data/opd/{key}/ {' '.join(handles)}\n")
        elif owner:
            lines.append(f"/data/opd/{key}/ {owner}\n")
        else:
            lines.append(f"# /data/opd/{key}/ belum punya mentor dengan akun GitHub\n")
    return "".join(lines)


def codeowners_text(repo: Repo) -> str:
    return text(repo.pemda.github_bappeda,
                {key: [m.github for m in opd.mentor if m.github] for key, opd in repo.opds.items()})


def codeowners_from_files(root: str) -> str:
    """The same file read straight from the YAML, for a repository whose data is not complete yet
    (`cascade opd-baru` in a Pemda whose pemda.yaml still has parts to fill in); what cannot be read
    or is not yet filled in counts as absent."""
    from cascade.load.sources import OPD_DIR, PEMDA_FILE, known_opds

    pemda = _yaml(os.path.join(root, PEMDA_FILE))
    team = (pemda.get("pemda") or {}).get("github_bappeda") if isinstance(pemda.get("pemda"), dict) else None
    mentors = {}
    for key in known_opds(root):
        opd = _yaml(os.path.join(root, OPD_DIR, key, "opd.yaml")).get("opd")
        listed = opd.get("mentor") if isinstance(opd, dict) else None
        mentors[key] = [m["github"] for m in listed or [] if isinstance(m, dict) and _fits(HANDLE, m.get("github"))]
    return text(team if _fits(TEAM, team) else None, mentors)


def _fits(pattern: re.Pattern, value) -> bool:
    return isinstance(value, str) and bool(pattern.match(value))


def _yaml(path: str) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
