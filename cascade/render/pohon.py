"""Placeholder until the pohon renderer lands (being written now)."""
from __future__ import annotations

from . import Job, Output, PemdaJob


def render(job: Job) -> list[Output]:
    return []


def render_pemda(job: PemdaJob) -> list[Output]:
    return []


def overview_png(job: Job) -> bytes:
    """PNG of the OPD overview tree, for BAB IV of the Renstra."""
    raise NotImplementedError
