"""The Jinja environments the Word renderers fill their templates with.

Autoescape and strict undefined, with the renderer's filters; one environment per renderer and
process, so that docx_compiled prepares and compiles each template once per process.
"""
from __future__ import annotations

import threading

import jinja2


_DICT_ATTRIBUTES = frozenset(dir(dict))


class CompilingEnv(jinja2.Environment):
    def __init__(self, filters: dict | None = None):
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.filters.update(filters or {})

    def getattr(self, obj, attribute):
        # `row.tujuan` on a context dict: Jinja asks for the attribute first, and the AttributeError
        # each dict raised was a tenth of filling a T-C.27 (issue 9); the same answer, without it
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_ENVS: dict = {}
_LOCK = threading.Lock()


def env_for(name: str, filters: dict | None = None) -> CompilingEnv:
    """The environment `name` (one per renderer), made once per process: docx_compiled keeps a
    prepared template per environment, so a renderer called for OPD after OPD prepares it once."""
    with _LOCK:
        if name not in _ENVS:
            _ENVS[name] = CompilingEnv(filters)
        return _ENVS[name]
