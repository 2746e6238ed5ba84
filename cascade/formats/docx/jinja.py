"""The Jinja environments the Word renderers fill their templates with.

Autoescape, so "R&D" stays "R&D", and strict undefined, so a misspelt tag in an edited template is an
error, not a blank; one environment per renderer and process, since docx_compiled keeps each prepared
template per environment.
"""
from __future__ import annotations

import threading

import jinja2

_ENVS: dict[str, jinja2.Environment] = {}
_LOCK = threading.Lock()


def env_for(name: str, filters: dict | None = None) -> jinja2.Environment:
    """The environment `name` (one per renderer) with `filters`, made once per process, so a renderer
    called for OPD after OPD prepares each template once."""
    with _LOCK:
        if name not in _ENVS:
            env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
            env.filters.update(filters or {})
            _ENVS[name] = env
        return _ENVS[name]
