"""Placeholder until the pk renderer lands (being written now)."""
from __future__ import annotations

from . import Job, Output, PemdaJob


def render(job: Job) -> list[Output]:
    return []


def render_pemda(job: PemdaJob) -> list[Output]:
    return []
