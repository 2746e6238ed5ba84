"""Reproducible Office Open XML packages (.docx, .xlsx).

python-docx and docxtpl stamp every zip member with the current time; rewriting the package with
fixed timestamps and attributes makes the same sources give byte-identical files (python-docx
issue #1042). Document dates come from the data or SOURCE_DATE_EPOCH, never from the clock.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import secrets
import struct
import zipfile
import zlib

from docx.opc.pkgwriter import PackageWriter

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DOCUMENT = "word/document.xml"


def member(name: str) -> zipfile.ZipInfo:
    """A zip member header that carries nothing of the machine or the moment it was written on."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


# The records zipfile writes for `member()` headers (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate
_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_UTF8_NAME = 0x800
_KEEP_MAX = 1024 * 1024
_OWN = ("word/document.xml", "docProps/core.xml", "xl/worksheets/")  # names (or folders) different in every document


def _deflate(data: bytes) -> tuple[int, bytes]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), packer.compress(data) + packer.flush()


@functools.lru_cache(maxsize=64)
def _deflate_kept(data: bytes) -> tuple[int, bytes]:
    return _deflate(data)


def zip_bytes(members) -> bytes:
    """The zip of `(name, data)` members, byte for byte what zipfile writes with `member()` headers.

    Styles, theme, fonts and settings are the same in every document built from one template, and
    compressing them again for each of 30 PKs was most of the zip work (`make bench`), so a member's
    compressed form is kept by its content.
    """
    out, central = io.BytesIO(), []
    for name, data in members:
        crc, packed = _deflate(data) if name.startswith(_OWN) or len(data) > _KEEP_MAX else _deflate_kept(data)
        if max(len(data), len(packed)) >= 0xFFFFFFFF:
            raise ValueError(f"{name}: terlalu besar untuk berkas Office")
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), _UTF8_NAME
        fields = (flags, zipfile.ZIP_DEFLATED, 0, _DOS_DATE, crc, len(packed), len(data), len(raw), 0)
        central.append((fields, raw, out.tell()))
        out.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields) + raw + packed)
    start = out.tell()
    for fields, raw, offset in central:
        out.write(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, *fields, 0, 0, 0, 0o644 << 16, offset) + raw)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


class _PackageWriter:
    """python-docx's physical package writer interface, collecting the members for `zip_bytes`."""

    def __init__(self):
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def source_datetime(fallback: dt.date) -> dt.datetime:
    """The document timestamp: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else a date from the data."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(fallback.year, fallback.month, fallback.day)


def fix_core_properties(document, when: dt.datetime, title: str = "", author: str = "Cascade") -> None:
    """Set python-docx core properties to fixed values so no clock time leaks into docProps/core.xml."""
    set_core_properties(document.core_properties, when, title, author)


def set_core_properties(props, when: dt.datetime, title: str = "", author: str = "Cascade") -> None:
    """`fix_core_properties` on a python-docx CoreProperties object."""
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.last_modified_by = author
    props.author = author
    if title:
        props.title = title


_DECLARATION = re.compile(rb'\s(xmlns:\w+="[^"]*")')


def declarations(start_tag: bytes) -> set[bytes]:
    """The `xmlns:p="uri"` declarations an element's start tag makes."""
    return set(_DECLARATION.findall(start_tag))


def inheriting(element: bytes, declared: set[bytes]) -> bytes:
    """`element`'s XML (serialised on its own, so declaring every namespace it uses) without the
    declarations of its start tag that `declared` (its new root's) already makes: each would be
    written again in every document."""
    end = element.find(b">")
    if end < 0:
        return element
    start = _DECLARATION.sub(lambda m: b"" if m.group(1) in declared else m.group(0), element[:end])
    return start + element[end:]


def package_members(document) -> list[tuple[str, bytes]]:
    """The (zip member name, bytes) a python-docx document saves as, in the order it saves them."""
    # OpcPackage.save with our zip writer: one deflate pass instead of saving, then rewriting the zip
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    writer = _PackageWriter()
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    return writer.members


def docx_bytes(document, when: dt.datetime, title: str = "") -> bytes:
    """Serialise a python-docx (or docxtpl) document reproducibly."""
    fix_core_properties(document, when, title)
    return zip_bytes(package_members(document))


# A stand-in paragraph is found again by its text, and data and narratives may hold any character
# Word can (U+2063 included), so its text carries a token drawn once per process: no planner can
# write it, and it never reaches a document.
_STAND_IN_TOKEN = secrets.token_hex(8)


def stand_in_text(name: str) -> str:
    """The text of a stand-in paragraph named `name`, which no text of the data can equal."""
    return f"\u2063cascade:{name}:{_STAND_IN_TOKEN}\u2063"
