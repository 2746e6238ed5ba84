"""How many processes this one may fork, how many make asked for, and how forked workers are stopped.

The multi-folder build (`batch`) forks workers that inherit what the parent has loaded and checked
instead of importing and checking it again.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor


def can_fork() -> bool:
    """Whether workers may be forked: only on Linux. macOS offers fork but its system libraries are not
    safe across it, and Windows has none (spawn would import everything again in each worker: no gain
    at these sizes). Elsewhere every folder is built in this process, one after the other."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """Cores a forked worker may use; 1 where forking is not safe or not worth it."""
    if not can_fork():
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


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_start() -> None:
    """Initializer of a forked pool's workers. Ctrl-C reaches every process of make's group, and
    `stop` ends workers with SIGTERM: a worker just dies of either, instead of turning it into an
    exception that it would print or send back and then go on with its next piece of work (the
    parent's own handlers are inherited through fork). A build started with Ctrl-C ignored (a
    background job) keeps ignoring it in its workers too. A worker also dies with its parent, even
    one killed outright (`kill -9`, out of memory): it would otherwise build the folders already
    queued to it and then wait for more for ever, holding its memory. (The kernel ties that to the
    thread that forked it: the pool is made, and forks at its first `submit`, in the main thread.)"""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError, TypeError):  # not Linux: no workers are forked there (`cores`)
        pass
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the line above
        os._exit(1)


def stop(pool: ProcessPoolExecutor) -> None:
    """End `pool` at once (Ctrl-C, SIGTERM, or its results are no longer wanted) and wait for its workers.

    Work already handed to a worker's queue cannot be cancelled, so a worker that did not get the
    Ctrl-C itself (`kill -INT` of this process alone) would go on after the prompt came back; it is
    terminated (files are written whole or not at all). The pool is not shut down waiting: its
    result reader may be stuck on a message a killed worker never finished. Every multiprocessing
    child of this process is one of `pool`'s: the build runs one pool at a time."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in multiprocessing.active_children():
        process.terminate()
        process.join()
