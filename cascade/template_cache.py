"""Jinja templates compiled in earlier processes, kept as code objects by a hash of their source.

`make all` builds every OPD in a process of its own, and each would compile the same template parts
of the Renstra chapters and the PK again (≈ 20 parts, 0.07–0.15 s per process, `make bench`). The
compiled code depends only on the source, the environment's compile-time settings, Jinja's version
and Python's bytecode format, so the key is a hash of all four: an edited template or an upgrade
simply misses. Entries live in build/.cache/jinja and are written and pruned as every ContentStore
(cascade/content_store.py); like __pycache__, they are code this build wrote for itself.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import types

import jinja2

from .content_store import ContentStore

MAX_BYTES = 64 * 1024 * 1024


def compile_settings(env: jinja2.Environment) -> str:
    """Everything besides the source that can change what `env.compile` makes of it."""
    return repr((
        jinja2.__version__, importlib.util.MAGIC_NUMBER,
        type(env).__module__, type(env).__qualname__, env.code_generator_class.__qualname__,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.is_async, env.autoescape,
        sorted(env.extensions), sorted(env.filters), sorted(env.tests),
    ))


def cacheable(env: jinja2.Environment) -> bool:
    # a callable autoescape or finalize shapes the code by what it is, which no key can name
    return isinstance(env.autoescape, bool) and env.finalize is None


class TemplateCache(ContentStore):
    def __init__(self, folder: str, max_bytes: int = MAX_BYTES):
        super().__init__(folder, max_bytes)
        # Word templates as render/docx_compiled.py prepares them (restyled, patched, saved): beside
        # the Jinja code (build/.cache/docx next to build/.cache/jinja), pruned with it
        self.prepared = ContentStore(os.path.join(os.path.dirname(folder), "docx"), max_bytes)

    def prune(self) -> None:
        super().prune()
        self.prepared.prune()

    def code(self, env: jinja2.Environment, source: str) -> types.CodeType:
        """`env.compile(source)`, taken from an earlier process when one compiled the same."""
        if not cacheable(env):
            return env.compile(source)
        digest = hashlib.sha256(f"{compile_settings(env)}\0{source}".encode("utf-8")).hexdigest()
        key = self.path(digest)
        data = self.get(key)
        if data is not None:
            try:
                code = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                code = None  # a damaged entry: compiled again below and replaced
            if isinstance(code, types.CodeType):
                return code
        code = env.compile(source)
        self.put(key, marshal.dumps(code))
        return code
