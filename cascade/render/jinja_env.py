"""The Jinja environments the Word renderers fill their templates with.

docxtpl hands over the patched XML of every part on every render, and the same parts recur (the
chapters share their header and footer, BAB I–III share a template, every PK of a level shares one):
each distinct source is compiled once per process, and with a TemplateCache once across processes.
"""
from __future__ import annotations

import threading

import jinja2


_DICT_ATTRIBUTES = frozenset(dir(dict))


class CompilingEnv(jinja2.Environment):
    def __init__(self, cache=None, filters: dict | None = None):
        """`cache`: a cascade.template_cache.TemplateCache, or None to compile in this process only."""
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.filters.update(filters or {})
        self._cache = cache
        self._compiled: dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def getattr(self, obj, attribute):
        # `row.tujuan` on a context dict: Jinja asks for the attribute first, and the AttributeError
        # each dict raised was a tenth of filling a T-C.27 (issue 9); the same answer, without it
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
        if found is None:
            code = self.compile(source) if self._cache is None else self._cache.code(self, source)
            found = self.template_class.from_code(self, code, self.make_globals(None), None)
            with self._lock:
                found = self._compiled.setdefault(source, found)
        return found


_ENVS: dict = {}
_LOCK = threading.Lock()


def env_for(name: str, cache=None, filters: dict | None = None) -> CompilingEnv:
    """The environment `name` (one per renderer) for templates kept in `cache`; made once per process
    and cache folder, so a renderer called for OPD after OPD compiles each template once."""
    key = (name, getattr(cache, "folder", None))
    with _LOCK:
        if key not in _ENVS:
            _ENVS[key] = CompilingEnv(cache, filters)
        return _ENVS[key]
