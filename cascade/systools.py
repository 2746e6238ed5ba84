"""The programs Cascade runs (Graphviz `dot`, LibreOffice `soffice`, `pdftoppm`, `git`): where they
are, and how a planner installs one that is missing on the system in front of them.

Found on PATH first; on Windows and macOS also in the folder their own installers use, since those
(winget, the LibreOffice installer, the LibreOffice app bundle) do not always add it to PATH.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# Where the official installers put each program, when PATH does not name it.
_INSTALLED = {
    "win32": {
        "dot": ["Graphviz/bin/dot.exe"],
        "soffice": ["LibreOffice/program/soffice.exe"],
        "git": ["Git/cmd/git.exe"],
    },
    "darwin": {
        "dot": ["/opt/homebrew/bin/dot", "/usr/local/bin/dot"],
        "soffice": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
        "pdftoppm": ["/opt/homebrew/bin/pdftoppm", "/usr/local/bin/pdftoppm"],
    },
}
# Other names a program goes by on PATH.
_ALIASES = {"soffice": ("soffice", "libreoffice")}

# How to install each program, per system: winget and Chocolatey (Windows), Homebrew (macOS), apt (Debian/Ubuntu).
_INSTALL = {
    "dot": {"win32": "`winget install --id Graphviz.Graphviz -e` atau `choco install graphviz`",
            "darwin": "`brew install graphviz`",
            "linux": "`sudo apt-get install graphviz`"},
    "soffice": {"win32": "`winget install --id TheDocumentFoundation.LibreOffice -e` atau `choco install libreoffice-fresh`",
                "darwin": "`brew install --cask libreoffice`",
                "linux": "`sudo apt-get install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui "
                         "python3-uno fonts-liberation fonts-urw-base35`"},
    # LibreOffice's Python bridge, which updates the Daftar Isi before a PDF is exported: Windows and macOS
    # installers ship it inside LibreOffice, Debian packages it apart
    "uno": {"win32": "penginstal LibreOffice lengkap (`winget install --id TheDocumentFoundation.LibreOffice -e`)",
            "darwin": "`brew install --cask libreoffice` (Python LibreOffice sudah termasuk)",
            "linux": "`sudo apt-get install --no-install-recommends python3-uno libreoffice-calc-nogui`"},
    "pdftoppm": {"win32": "`choco install poppler`",
                 "darwin": "`brew install poppler`",
                 "linux": "`sudo apt-get install poppler-utils`"},
    "git": {"win32": "`winget install --id Git.Git -e` atau `choco install git`",
            "darwin": "`xcode-select --install` atau `brew install git`",
            "linux": "`sudo apt-get install git`"},
}
NAMES = {"dot": "Graphviz (`dot`)", "soffice": "LibreOffice (`soffice`)", "pdftoppm": "Poppler (`pdftoppm`)", "git": "git",
         "uno": "modul Python `uno` LibreOffice"}


def system(platform: str | None = None) -> str:
    """"win32", "darwin" or "linux" (every other Unix is told as Linux: apt is the likeliest there)."""
    platform = platform or sys.platform
    return platform if platform in ("win32", "darwin") else "linux"


def program(name: str, platform: str | None = None, environ=None) -> str | None:
    """The path of program `name` ("dot", "soffice", "pdftoppm", "git"), or None when it is not installed."""
    for alias in _ALIASES.get(name, (name,)):
        found = shutil.which(alias)
        if found:
            return found
    env = os.environ if environ is None else environ
    bases = [env.get(v) for v in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA")] if system(platform) == "win32" else [""]
    for rel in _INSTALLED.get(system(platform), {}).get(name, []):
        for base in bases:
            if base is None:
                continue
            path = Path(base, *rel.split("/")) if base else Path(rel)
            if path.is_file():
                return str(path)
    return None


def install_hint(name: str, platform: str | None = None) -> str:
    """How to install program `name` on this system, in the planner's words."""
    how = _INSTALL[name][system(platform)]
    where = {"win32": "di Windows", "darwin": "di macOS", "linux": "di Debian/Ubuntu"}[system(platform)]
    return f"pasang {NAMES[name]} {where} dengan {how}, lalu buka terminal baru dan jalankan lagi"
