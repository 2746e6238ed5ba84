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

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps and attributes, keeping member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return buf.getvalue()


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
    buf = io.BytesIO()
    document.save(buf)
    return normalize_zip(buf.getvalue())
