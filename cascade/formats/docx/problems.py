"""Why a Word template cannot be used, said in one Indonesian line: which template, what is wrong
with it and how to put it right (codes T001–T012).

A template is a planner's file: it can go missing, become a folder, lose its read permission, be
saved empty, as an old .doc or a .dotx, arrive cut short, or carry a mistyped tag. The renderers
only say which template they were using when something failed (`blamed_on`); the failure is then
looked at again here, the file first and Jinja's own error after, and becomes a RenderError whose
`file` is the template. Looking happens only after a failure, so a good template costs nothing.
"""
from __future__ import annotations

import contextlib
import difflib
import errno
import html
import io
import os
import posixpath
import re
import stat
import zipfile
import zlib
from urllib.parse import unquote

import jinja2
from lxml import etree

from cascade.diagnostics import relpath
from cascade.formats import RenderError

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
REQUIRED = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and password-protected documents
_OTHER_KINDS = (("template.main", "templat Word (.dotx)"), ("macroEnabled", "dokumen Word bermakro (.docm)"))
_XML = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)
_TAGS = re.compile(r"<[^>]*>")
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_SHOWN_CHARS = 70


class TemplateSourceError(Exception):
    """Jinja failed on one templated part of a template: compiling it (a TemplateSyntaxError) or
    filling it (an undefined name, an expression that raised). `source` is the text Jinja was given,
    one paragraph of the document per line, so `lineno` names the paragraph to blame."""

    def __init__(self, part: str, source: str, lineno: int | None, cause: BaseException, context: dict | None = None):
        super().__init__(f"{part}: {cause}")
        self.part, self.source, self.lineno, self.cause, self.context = part, source, lineno, cause, context


class TemplateXmlError(Exception):
    """The filled template is not well-formed XML (a value put in with `|safe`, a broken tag)."""


def template_lineno(exc: BaseException) -> int | None:
    """The line of the template source an exception raised while filling comes from (Jinja rewrites
    the traceback so that template frames carry their source lines)."""
    lineno, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


@contextlib.contextmanager
def blamed_on(path: str, root: str):
    """Turn a failure while the template at `path` is opened, prepared or filled into a RenderError
    naming it, when the template is to blame; anything else (a fault of Cascade) goes on as it was."""
    try:
        yield
    except RenderError:
        raise
    except Exception as exc:  # noqa: BLE001 — python-docx, zipfile, lxml and Jinja each raise their own
        problem = explain(exc, path, root)
        if problem is None:
            raise
        raise problem from exc


def shown_path(path: str, root: str) -> str:
    """The template's path as the planner sees it: relative to the repository, or whole for
    Cascade's own copy outside it."""
    rel = relpath(path, root)
    return os.path.abspath(path).replace(os.sep, "/") if rel.startswith("../") else rel


def missing(root: str, folder: str, name: str) -> RenderError:
    """No template `name` in the repository's templates/<folder>/ nor in Cascade's own."""
    rel = f"templates/{folder}/{name}"
    return RenderError("T001", "templat Word ini tidak ditemukan", _file_hint("T001", rel), file=rel)


def explain(exc: BaseException, path: str, root: str) -> RenderError | None:
    rel = shown_path(path, root)
    found = file_problem(path)
    if found is not None:
        code, message = found
        return RenderError(code, message, _file_hint(code, rel), file=rel)
    if isinstance(exc, TemplateSourceError):
        return _jinja_problem(exc, rel)
    if isinstance(exc, TemplateXmlError):
        return RenderError("T012", "hasil pengisian templat bukan XML yang utuh: sebuah tag menyisipkan tanda XML "
                                   "(misalnya lewat `|safe`)",
                           f"hapus `|safe` atau tanda `<`, `>` dari tag di templat, atau pulihkan dengan "
                           f"`git checkout {rel}`", file=rel)
    return None


# ---------------------------------------------------------------- the file itself


def file_problem(path: str) -> tuple[str, str] | None:
    """(code, what is wrong) when the file at `path` cannot be a Word template at all; None when it
    looks like a whole .docx (its Jinja may still be wrong)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return "T002", "templat ini tautan (symlink) ke berkas yang tidak ada"
        return "T001", "templat Word ini tidak ditemukan"
    except OSError as exc:
        return "T003", f"templat tidak dapat dibaca ({_os_reason(exc)})"
    if stat.S_ISDIR(st.st_mode):
        return "T002", "di tempat templat ini ada folder, bukan berkas .docx"
    if not stat.S_ISREG(st.st_mode):
        return "T002", "templat ini bukan berkas biasa"
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return "T003", f"templat tidak dapat dibaca ({_os_reason(exc)})"
    if not data:
        return "T004", "templat kosong (0 bait)"
    if data.startswith(_OLE2):
        return "T005", "templat ini dokumen Word lama (.doc) atau dilindungi kata sandi, bukan .docx"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        return "T005", "templat bukan berkas .docx: isinya bukan arsip zip (terpotong, atau berkas lain yang diberi nama .docx)"
    with archive:
        return _package_problem(archive)


def _package_problem(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    names = set(archive.namelist())
    for required in REQUIRED:
        if required not in names:
            return "T006", f"templat tidak memuat bagian {required}, jadi bukan dokumen Word yang utuh"
    parts = {}
    for name in sorted(names):
        try:
            data = archive.read(name)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError):
            return "T005", f"arsip templat rusak: bagiannya {name} tidak dapat dibuka"
        if name.endswith((".xml", ".rels")):
            try:
                parts[name] = etree.fromstring(data, _XML)
            except etree.XMLSyntaxError:
                return "T007", f"bagian {name} di dalam templat bukan XML yang utuh (terpotong atau disunting di luar Word)"
    kind = _main_content_type(parts["[Content_Types].xml"])
    if kind != WORD_MAIN:
        what = next((label for key, label in _OTHER_KINDS if kind and key in kind), "berkas yang bukan dokumen Word")
        return "T008", f"templat disimpan sebagai {what}, bukan dokumen Word (.docx)"
    for name, root in parts.items():
        if name.endswith(".rels"):
            for target in _internal_targets(name, root):
                if target not in names:
                    return "T006", f"bagian {target} yang dirujuk di dalam templat tidak ada"
    return None


def _main_content_type(types) -> str | None:
    for item in types:
        if str(item.get("PartName", "")).lower() == "/word/document.xml":
            return item.get("ContentType")
    return None


def _internal_targets(rels_name: str, root) -> list[str]:
    """The package members the relationships of `rels_name` point at (`word/_rels/document.xml.rels`
    is read from word/)."""
    base = posixpath.dirname(posixpath.dirname(rels_name))
    out = []
    for rel in root:
        target = rel.get("Target")
        if not target or rel.get("TargetMode") == "External":
            continue
        target = unquote(target)
        out.append(target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target)))
    return out


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "izin baca tidak ada"
    if exc.errno == errno.ELOOP:
        return "tautan yang berputar"
    return f"galat sistem {errno.errorcode.get(exc.errno, exc.errno)}"


def _file_hint(code: str, rel: str) -> str:
    restore = (f"pulihkan dengan `git checkout {rel}`" if not rel.startswith("/")
               else "pulihkan berkas itu dari repositori Cascade")
    if code == "T001":
        return f"{restore}, atau salin templat itu dari repositori Cascade"
    if code == "T002":
        return f"pindahkan atau hapus yang ada di {rel}, lalu {restore}"
    if code == "T003":
        return f"beri izin baca, misalnya `chmod a+r {rel}`, lalu jalankan lagi"
    if code == "T008":
        return f"buka di Word, pilih Simpan Sebagai → Dokumen Word (*.docx) dengan nama yang sama, atau {restore}"
    return f"{restore} atau simpan ulang dari Word sebagai .docx"


# ---------------------------------------------------------------- the tags inside


def _jinja_problem(err: TemplateSourceError, rel: str) -> RenderError:
    readme = posixpath.join(posixpath.dirname(rel), "README.md")
    paragraph = _paragraph(err.source, err.lineno)
    where = _part_label(err.part)
    cause = err.cause
    if isinstance(cause, jinja2.TemplateSyntaxError):
        what, focus = _syntax_problem(cause.message or "")
        return RenderError("T009", f"tag di templat salah tulis{where}: {what}{_in(_excerpt(paragraph, focus))}",
                           f"perbaiki tag itu di Word (lihat {readme}) atau pulihkan dengan `git checkout {rel}`",
                           file=rel)
    if isinstance(cause, jinja2.UndefinedError):
        name, prefix = _undefined_name(cause.message or "")
        tag = _tag_with(paragraph, name)
        what = (f"tag `{tag}` memakai nama `{name}` yang tidak ada{where}" if tag else
                f"templat memakai nama `{name}` yang tidak ada{where}{_in(_excerpt(paragraph))}")
        guess = _guess(err, name, prefix, paragraph)
        return RenderError("T010", what,
                           (f"maksudnya `{guess}`? " if guess else "periksa ejaannya; ")
                           + f"nama yang tersedia dijelaskan di {readme}", file=rel)
    return RenderError("T011", f"tag di templat tidak dapat dijalankan dengan data ini{where}"
                               f" ({_runtime_reason(cause)}){_in(_excerpt(paragraph))}",
                       f"sederhanakan tag itu (lihat {readme}) atau pulihkan dengan `git checkout {rel}`", file=rel)


def _paragraph(source: str, lineno: int | None) -> str:
    """The text of the paragraph on source line `lineno`, as Word shows it (XML stripped)."""
    lines = source.split("\n")
    if not lineno or not 1 <= lineno <= len(lines):
        return ""
    return " ".join(html.unescape(_TAGS.sub("", lines[lineno - 1])).split())


def _excerpt(text: str, focus: str | None = None) -> str:
    """`text` shortened to what a message can hold, around the first match of the pattern `focus`."""
    if len(text) <= _SHOWN_CHARS:
        return text
    m = re.search(focus, text) if focus else None
    start = max(0, min(m.start() - 20, len(text) - _SHOWN_CHARS)) if m else 0
    if start:
        start = text.rfind(" ", 0, start) + 1  # from the start of a word
    end = start + _SHOWN_CHARS
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _in(paragraph: str) -> str:
    return f", di paragraf “{paragraph}”" if paragraph else ""


def _part_label(part: str) -> str:
    name = posixpath.basename(part)
    if name.startswith("header"):
        return " (di kop/header)"
    if name.startswith("footer"):
        return " (di kaki/footer)"
    return ""


_UNCLOSED = r"(?:(?!{end}|\{{\{{|\{{%).)*(?=\{{\{{|\{{%|$)"  # an opening with no closing before the next
# Jinja's message (English; its wording is stable across 3.x) → what the planner is told, and where in
# the paragraph to look
_SYNTAX = (
    (r"end of print statement", lambda m: "`{{` tidak ditutup dengan `}}`",
     lambda m: r"\{\{" + _UNCLOSED.format(end=r"\}\}")),
    (r"end of statement block", lambda m: "`{%` tidak ditutup dengan `%}`",
     lambda m: r"\{%" + _UNCLOSED.format(end="%\\}")),
    (r"innermost block that needs to be closed is '(\w+)'",
     lambda m: f"blok `{{% {m[1]} %}}` tidak ditutup dengan `{{% end{m[1]} %}}`", lambda m: rf"\{{%-?\s*{m[1]}\b"),
    (r"Encountered unknown tag '(\w+)'", lambda m: f"tag `{{% {m[1]} %}}` tidak dikenal",
     lambda m: rf"\{{%-?\s*{m[1]}\b"),
    (r"No filter named '([^']+)'", lambda m: f"filter `{m[1]}` tidak dikenal", lambda m: rf"\|\s*{re.escape(m[1])}"),
    (r"No test named '([^']+)'", lambda m: f"uji `is {m[1]}` tidak dikenal", lambda m: rf"\bis\s+{re.escape(m[1])}"),
    (r"unexpected char '([“”‘’])'",
     lambda m: f"tanda kutip miring `{m[1]}` tidak boleh ada di dalam tag (Word menggantinya dari kutip lurus)",
     lambda m: re.escape(m[1])),
    (r"unexpected char '(.)'", lambda m: f"tanda `{m[1]}` tidak boleh ada di dalam tag", lambda m: re.escape(m[1])),
    (r"unexpected '([^']+)'", lambda m: f"`{m[1]}` tidak pada tempatnya", lambda m: re.escape(m[1])),
    (r"unexpected end of template", lambda m: "tag tidak ditutup sampai akhir templat", lambda m: None),
)


def _syntax_problem(message: str) -> tuple[str, str | None]:
    """What is wrong, in Indonesian, and a pattern of where it is in the paragraph."""
    for pattern, say, focus in _SYNTAX:
        m = re.search(pattern, message)
        if m:
            return say(m), focus(m)
    return "penulisan `{{ … }}` atau `{% … %}` tidak dapat dibaca", None


def _undefined_name(message: str) -> tuple[str, bool]:
    """The name Jinja did not find and whether it was looked up on a value (`x.name`) rather than alone."""
    m = re.search(r"has no attribute '([^']+)'", message)
    if m:
        return m[1], True
    m = re.search(r"has no element (\S+)", message)
    if m:
        return f"[{m[1]}]", True
    m = re.search(r"'([^']+)' is undefined", message)
    return (m[1], False) if m else ("", False)


def _tag_with(paragraph: str, name: str) -> str:
    if not name:
        return ""
    word = re.compile(r"(?<![\w])" + re.escape(name.strip("[]")) + r"(?![\w])")
    return next((t for t in _JINJA_TAG.findall(paragraph) if word.search(t)), "")


_EXPR = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\[]*\])*"


def _guess(err: TemplateSourceError, name: str, on_value: bool, paragraph: str) -> str:
    """A near name the template may have meant (`pk.pertama.namaa` → `pk.pertama.nama`), from the
    values it was filled with; inside a `for` loop, from the loop's first item."""
    if not name or err.context is None or name.startswith("["):
        return ""
    try:
        if not on_value:
            found = difflib.get_close_matches(name, list(err.context), n=1)
            return found[0] if found else ""
        m = re.search(rf"({_EXPR})\.{re.escape(name)}(?!\w)", paragraph)
        if not m:
            return ""
        prefix = m[1]
        head = prefix.split(".")[0].split("[")[0]
        loop = re.search(rf"for\s+{re.escape(head)}\s+in\s+({_EXPR})", err.source)
        expr = f"(({loop[1]})|first){prefix[len(head):]}" if loop and head not in err.context else prefix
        value = jinja2.Environment().compile_expression(expr, undefined_to_none=True)(**err.context)
        if value is None:
            return ""
        names = list(value) if isinstance(value, dict) else [a for a in dir(value) if not a.startswith("_")]
        found = difflib.get_close_matches(name, [str(n) for n in names], n=1)
        return f"{prefix}.{found[0]}" if found else ""
    except Exception:  # noqa: BLE001 — a guess only; the error itself stands without it
        return ""


def _runtime_reason(exc: BaseException) -> str:
    if isinstance(exc, ZeroDivisionError):
        return "pembagian dengan nol"
    if isinstance(exc, (TypeError, ValueError)):
        return "jenis nilai tidak cocok dengan ungkapannya"
    if isinstance(exc, (KeyError, IndexError)):
        return "nilai yang diminta tidak ada"
    return "ungkapan gagal dijalankan"
