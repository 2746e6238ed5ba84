"""Noticing that a planner saved a file: the preview polls the files it was built from.

Polling the file list and each file's (mtime, size) is enough for the few hundred files of one OPD and
needs nothing beyond the standard library on every system planners use (no inotify, no extra package).
"""
from __future__ import annotations

import os

# How often the preview looks: a change shows well within a second.
INTERVAL_S = 0.3


def watched_paths(root: str) -> list[str]:
    """What an OPD's page is built from: its own folder, data/pemda.yaml and data/referensi/, and also
    the other OPDs' folders, whose crosscutting the page draws (a few thousand stats at most: cheap)."""
    return [os.path.join(root, "data")]


def snapshot(paths: list[str]) -> dict[str, tuple[int, int, int]]:
    """Every file below `paths` (hidden files and editors' temporary files left out) → (mtime_ns, size, inode).
    A file added, removed or renamed changes the keys; an edit changes its value."""
    found: dict[str, tuple[int, int, int]] = {}
    for top in paths:
        if os.path.isfile(top):
            _add(found, top)
            continue
        for here, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith(".") and not name.endswith("~"):
                    _add(found, os.path.join(here, name))
    return found


def _add(found: dict, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:  # removed while we looked: the next look sees it gone
        return
    found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)  # the inode: an editor that saves by renaming
