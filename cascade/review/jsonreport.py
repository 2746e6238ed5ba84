"""The review as JSON for tools: `Review` as it is (review/result.py) with its summary and exit status.

The shape is described in docs/review.md; `version` changes when a field is renamed or removed.
"""
from __future__ import annotations

import dataclasses
import json

from cascade.review.result import Review, summarise

VERSION = 1


def render_json(review: Review) -> str:
    data = {"format": "cascade-review", "version": VERSION, "exit_status": 1 if review.new_errors else 0,
            "summary": dataclasses.asdict(summarise(review)), **dataclasses.asdict(review)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
