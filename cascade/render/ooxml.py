"""Reproducible Office Open XML packages (.docx, .xlsx).

python-docx and docxtpl stamp every zip member with the current time; rewriting the package with
fixed timestamps and attributes makes the same sources give byte-identical files (python-docx
issue #1042). Document dates come from the data or SOURCE_DATE_EPOCH, never from the clock.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from docx.opc.pkgwriter import PackageWriter

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def member(name: str) -> zipfile.ZipInfo:
    """A zip member header that carries nothing of the machine or the moment it was written on."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


class FixedTimeZip(zipfile.ZipFile):
    """A zip to write into whose members carry fixed headers, whatever the writer passes."""

    def __init__(self, buf):
        super().__init__(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = zinfo_or_arcname if isinstance(zinfo_or_arcname, str) else zinfo_or_arcname.filename
        super().writestr(member(name), data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl streams each worksheet through a temporary file, whose mtime must not leak in
        with open(filename, "rb") as fh:
            self.writestr(arcname or os.path.basename(filename), fh.read())


class _PackageWriter:
    """python-docx's physical package writer interface, over a FixedTimeZip."""

    def __init__(self, buf):
        self._zip = FixedTimeZip(buf)

    def write(self, pack_uri, blob: bytes) -> None:
        self._zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self._zip.close()


def source_datetime(fallback: dt.date) -> dt.datetime:
    """The document timestamp: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else a date from the data."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(fallback.year, fallback.month, fallback.day)


def fix_core_properties(document, when: dt.datetime, title: str = "", author: str = "Cascade") -> None:
    """Set python-docx core properties to fixed values so no clock time leaks into docProps/core.xml."""
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.last_modified_by = author
    props.author = author
    if title:
        props.title = title


def docx_bytes(document, when: dt.datetime, title: str = "") -> bytes:
    """Serialise a python-docx (or docxtpl) document reproducibly."""
    fix_core_properties(document, when, title)
    # OpcPackage.save with our zip writer: one deflate pass instead of saving, then rewriting the zip
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    writer = _PackageWriter(buf)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buf.getvalue()
