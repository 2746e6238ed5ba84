"""Run by LibreOffice's own Python (the one that has `uno`), not by Cascade's: open documents in one
headless soffice, bring their indexes up to date, export each to PDF.

    python3 pdf_uno.py SOFFICE PROFILE_URL OUTDIR FILE...

Why not `soffice --convert-to pdf`: it exports what the file holds, and a .docx holds its Daftar Isi /
Daftar Tabel / Daftar Gambar as the field result Cascade wrote, without page numbers (only a word
processor that lays out the pages knows them). Here every index of a text document is updated after
layout (XDocumentIndexesSupplier → update()), twice, because the first update can move pages.

One line per file on stdout: "ok\tFILE" or "gagal\tFILE\tWHY". Imports nothing from Cascade.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_TIMEOUT_S = 60


def _props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def _connect(pipe: str, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _filter(doc) -> str:
    if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        return "calc_pdf_Export"
    return "writer_pdf_Export"


def _update_indexes(doc) -> None:
    if not hasattr(doc, "getDocumentIndexes"):
        return
    indexes = doc.getDocumentIndexes()
    for _ in range(2):  # an index that grows by a page moves what follows; the second pass sees that
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()


def export(desktop, path: str, outdir: str) -> str | None:
    """Export `path` to OUTDIR/<stem>.pdf; the reason it failed, or None."""
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True, ReadOnly=True))
    if doc is None:
        return "LibreOffice tidak dapat membuka berkasnya"
    try:
        _update_indexes(doc)
        stem = os.path.splitext(os.path.basename(path))[0]
        target = uno.systemPathToFileUrl(os.path.join(os.path.abspath(outdir), stem + ".pdf"))
        doc.storeToURL(target, _props(FilterName=_filter(doc)))
    finally:
        doc.close(True)
    return None


def main(argv: list[str]) -> int:
    soffice, profile, outdir, files = argv[0], argv[1], argv[2], argv[3:]
    pipe = "cascade-" + uuid.uuid4().hex
    proc = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                             f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for path in files:
            try:
                why = export(desktop, path, outdir)
            except Exception as exc:  # noqa: BLE001 — one document's failure must not stop the others
                why = f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}".strip()
            line = f"ok\t{path}" if why is None else f"gagal\t{path}\t{' '.join(why.split())}"
            print(line, flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 — the bridge goes down with the process
            pass
    finally:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
