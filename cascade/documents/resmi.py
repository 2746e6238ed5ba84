"""What makes a report an official document of an OPD: its kop (letterhead) and the pengesahan (signature)
of its head, both from the data (opd.yaml's address and jabatan holders, pemda.yaml's logo)."""
from __future__ import annotations

import datetime as dt
import os

from cascade.fmt import tanggal
from cascade.formats.docx.report import Kop, Pengesahan
from cascade.model.types import Opd, Pemda

PERENCANAAN = "5.01"  # bidang urusan Perencanaan (unsur penunjang): the one Bappeda carries


def bappeda(opds) -> Opd | None:
    """The Pemda's planning agency: the OPD whose bidang urusan is Perencanaan (5.01), first by folder."""
    return next((o for _, o in sorted(opds.items()) if PERENCANAAN in o.bidang_urusan), None)


def logo_path(pemda: Pemda, root: str) -> str:
    """The lambang daerah (dokumen.logo, relative to data/), or "" when none is set or it is not there."""
    if not pemda.settings.logo:
        return ""
    path = os.path.join(root, "data", pemda.settings.logo)
    return path if os.path.isfile(path) else ""


def kop(pemda: Pemda, opd: Opd | None, root: str) -> Kop:
    """The OPD's letterhead; without an OPD, the Pemda's."""
    lines = [f"PEMERINTAH {pemda.nama.upper()}"]
    address: list[str] = []
    if opd is not None:
        lines.append(opd.nama.upper())
        # two lines, address and telephone, then e-mail and web site: house.kop keeps each line whole
        first = [opd.alamat] + ([f"Telepon {opd.telepon}"] if opd.telepon else [])
        second = [f"{label} {value}" for label, value in (("Pos-el", opd.email), ("Laman", opd.laman)) if value]
        address += [" · ".join(x for x in line if x) for line in (first, second) if any(line)]
    return Kop(tuple(lines), tuple(address), logo_path(pemda, root))


def pengesahan(pemda: Pemda, opd: Opd, day: dt.date) -> Pengesahan | None:
    """The head of `opd` who held the post on `day` signs; None when the OPD has no head in the data."""
    head = opd.kepala()
    if head is None:
        return None
    holder = head.pemangku(day)
    role = f"{holder.awalan if holder else ''}{head.nama} {pemda.nama}"
    if holder is None:
        return Pengesahan(f"{pemda.settings.tempat}, {tanggal(day)}", role, "……………………………")
    return Pengesahan(f"{pemda.settings.tempat}, {tanggal(day)}", role, holder.nama, holder.pangkat_tampil,
                      holder.nip_tampil, holder.label_nip)


def pengesahan_kepala_daerah(pemda: Pemda, day: dt.date) -> Pengesahan:
    """The kepala daerah who held the office on `day` signs (no pangkat or NIP, primer §4.2)."""
    kd = pemda.kepala_daerah
    holder = kd.pemangku(day)
    place = f"{pemda.settings.tempat}, {tanggal(day)}"
    if holder is None:
        return Pengesahan(place, kd.jabatan, "……………………………")
    return Pengesahan(place, f"{holder.awalan}{kd.jabatan}", holder.nama)
