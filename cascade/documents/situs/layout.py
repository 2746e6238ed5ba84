"""The page shell every situs page shares: Jinja2 with autoescape, the inline stylesheet and script,
a Content-Security-Policy that admits exactly those (by hash) and nothing from elsewhere, and the
JSON the script reads, escaped so no text in it can end the <script> element it sits in."""
from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import json
import re
import unicodedata

import jinja2
from markupsafe import Markup

ASET = importlib.resources.files("cascade.documents.situs") / "aset"


@functools.lru_cache(maxsize=None)
def aset(name: str) -> str:
    return (ASET / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: aset(name)),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters["relatif"] = relative
    return env


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> Markup:
    """`value` as JSON safe inside <script type="application/json">: no "</script>", "<!--" or
    line separator can occur, as every <, >, & and U+2028/U+2029 is a \\u escape (JSON.parse reads
    them back as the same characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup("".join(_JSON_ESCAPES.get(c, c) for c in text))


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(style: str, script: str, live: bool) -> str:
    """Nothing may load from anywhere but the page itself: only the inline stylesheet and script
    (by hash), images as data: URIs (SVG inline needs none), and in the live preview the event
    stream from the same server."""
    return "; ".join([
        "default-src 'none'",
        f"style-src {sha256(style)}",
        f"script-src {sha256(script)}",
        "img-src data:",
        "connect-src 'self'" if live else "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


_SCHEME = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\)")


def relative(href: str) -> str:
    """Links of the site are relative paths; anything with a scheme (javascript:, http:) or a host
    becomes "#", so no link leaves the site and none runs code."""
    return "#" if _SCHEME.match(href or "") else href


def render(template: str, *, judul: str, nav, data: dict, live: bool = False, css: str = "", **context) -> str:
    """A whole page: `template` (under aset/) extends shell.html; `data` is what the script reads;
    `css` rules the page adds to the shared stylesheet (the tree's colours)."""
    style, script = aset("halaman.css") + css, aset("halaman.js")
    nav_items = [{"label": label, "href": relative(href), "aktif": href == ""} for label, href in nav]
    return environment().get_template(template).render(
        judul=judul, nav=nav_items, csp=csp(style, script, live), style=Markup(style), script=Markup(script),
        data=script_json({**data, "langsung": live}), live=live, **context)


def anchor_id(text: str, taken: set[str]) -> str:
    """A section's anchor from its heading: lower-case ASCII letters, digits and hyphens, unique on
    the page (a second "Renstra" becomes "renstra-2")."""
    base = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    base = base.strip("-")[:60].strip("-") or "bagian"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name
