"""How many processes this one may fork, and how many make asked for.

Both the parallel YAML parse (`load.parse_cache`) and the multi-folder build (`batch`) fork workers
that inherit what the parent has loaded instead of importing and loading it again.
"""
from __future__ import annotations

import os
import sys
import threading


def cores() -> int:
    """Cores a forked worker may use; 1 where forking is not safe or not worth it."""
    if not sys.platform.startswith("linux"):
        # macOS offers fork but its system libraries are not safe across it, and spawn (Windows)
        # would import everything again in each worker: no gain at these sizes
        return 1
    if threading.active_count() > 1:
        return 1  # a fork copies only this thread; a lock another thread holds would stay held
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def make_jobs(makeflags: str | None) -> int:
    """The N of the `make -jN` that runs this process: 1 outside make or without -j; `make -j`
    (no limit) gives the cores. make passes it to recipes as a word of MAKEFLAGS ("s -j2 --jobserver-auth=3,4")."""
    options = (makeflags or "").split(" -- ")[0]  # what follows " -- " are variable assignments
    for word in options.split():
        if word.startswith("-j"):
            count = word[2:]
            if not count:
                return os.cpu_count() or 1
            return int(count) if count.isdigit() and int(count) > 0 else 1
    return 1
