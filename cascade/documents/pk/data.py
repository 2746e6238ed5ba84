"""The Perjanjian Kinerja as data: who signs with whom, and what each official answers for in one year.

A PK is a projection of the cascading (primer §4): the nodes a jabatan owns with that year's targets,
and the budget of the nodes directly below them. The targets come from the Renstra; the budget is the
one adopted for the year (the DPA, or the APBD Perubahan in a PK Perubahan; cascade/model/anggaran.py),
the pagu indikatif only where no DPA is recorded, and the lampiran then says so. Everything is plain
frozen data that the Word template reads; nothing in it is an internal id.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from cascade.documents import RenderError
from cascade.fmt import rupiah, tanggal, target
from cascade.model.anggaran import PAGU, amount
from cascade.model.jenjang import hierarchy
from cascade.model.perjanjian import BUDGET_PARENT, active, kinerja_nodes, owners, pk_indikator  # noqa: F401 (owners: review.people)
from cascade.model.types import Jabatan, Node, Opd, Pemda, Repo

# Which table a node's own indicators go into (primer §3.2 / §4.3: PK level follows tree level). The
# Kepala OPD's tujuan PD get their own "Tujuan" table before the sasaran strategis, never mixed into it.
KINERJA_KOLOM = {"tujuan": "Tujuan", "sasaran": "Sasaran Strategis", "program": "Sasaran Program",
                 "kegiatan": "Sasaran Kegiatan", "subkegiatan": "Sub Kegiatan"}
ANGGARAN_KOLOM = {"program": "Program", "kegiatan": "Kegiatan", "subkegiatan": "Sub Kegiatan"}


@dataclass(frozen=True)
class Pihak:
    nama: str
    jabatan: str  # with "Plt. " / "Plh. " / "Pj. " when acting
    pangkat: str  # "" for the kepala daerah: no pangkat line is printed
    nip: str  # printed form "19691015 199003 1 007"; "" for the kepala daerah
    label_nip: str = "NIP"  # "NI PPPK" for a PPPK


@dataclass(frozen=True)
class BarisIndikator:
    nama: str
    target: str
    satuan: str


@dataclass(frozen=True)
class BarisSasaran:
    no: int
    uraian: str
    node_id: str
    indikator: tuple[BarisIndikator, ...]


@dataclass(frozen=True)
class TabelKinerja:
    judul_kolom: str
    baris: tuple[BarisSasaran, ...]
    no: int = 0  # "Tabel <no>" in the lampiran's caption
    judul: str = ""  # the caption after the number


@dataclass(frozen=True)
class BarisAnggaran:
    no: int
    nama: str
    anggaran: str
    keterangan: str
    nilai: int
    node_id: str


@dataclass(frozen=True)
class GrupAnggaran:
    judul: str  # the parent program/kegiatan (or OPD); "" when the rows need no heading
    baris: tuple[BarisAnggaran, ...]


@dataclass(frozen=True)
class TabelAnggaran:
    judul_kolom: str
    grup: tuple[GrupAnggaran, ...]
    jumlah: str
    nilai: int
    no: int = 0
    judul: str = ""


@dataclass(frozen=True)
class PerjanjianKinerja:
    nomor: int  # position in hierarchy order, 1-based
    berkas: str  # the file name without extension: the jabatan's name as a slug, unique in the OPD
    jabatan_judul: str  # the lampiran heading: jabatan in capitals, without the acting prefix
    unit_judul: str  # the line under it (OPD and Pemda), "" when the jabatan line already names the OPD
    nomor_dokumen: str  # "Nomor: …" line from dokumen.nomor_pk; "" for none
    rujukan: str  # in a PK Perubahan: the sentence naming the PK it changes (number and date); "" otherwise
    pertama: Pihak
    kedua: Pihak
    kinerja: tuple[TabelKinerja, ...]
    anggaran: tuple[TabelAnggaran, ...]
    jumlah: str
    nilai: int
    sumber_anggaran: str  # where the amounts come from, printed under the money table


def _pihak_jabatan(jabatan: Jabatan, day: dt.date, role: str, whose: str) -> Pihak:
    p = jabatan.pemangku(day)
    if p is None:
        raise RenderError("P001", f"jabatan `{jabatan.id}` ({jabatan.nama}) kosong pada {day.isoformat()}, "
                                  f"sehingga {role} PK {whose} tidak dapat ditentukan",
                          "tambahkan pemangku di `pejabat:` (boleh Plt/Plh) dengan `mulai` sebelum tanggal PK")
    return Pihak(p.nama, p.awalan + jabatan.nama, p.pangkat_tampil, p.nip_tampil, p.label_nip)


def kepala_daerah_pihak(pemda: Pemda, day: dt.date) -> Pihak:
    kd = pemda.kepala_daerah
    p = kd.pemangku(day)
    if p is None:
        raise RenderError("P001", f"tidak ada kepala daerah yang menjabat pada {day.isoformat()}",
                          "tambahkan pejabat kepala daerah di data/pemda.yaml dengan `mulai` sebelum tanggal PK")
    return Pihak(p.nama, p.awalan + kd.jabatan, "", "")  # primer §4.2: no pangkat or NIP for the Wali Kota/Bupati


def _indikator(node_indikator, tahun: int) -> tuple[BarisIndikator, ...]:
    return tuple(BarisIndikator(i.nama, target(i.target[tahun]), i.satuan)
                 for i in node_indikator if tahun in i.target)


def _kinerja(nodes: list[Node], tahun: int) -> tuple[TabelKinerja, ...]:
    """The performance tables; each node's row lists what perjanjian.pk_indikator says (a tujuan or
    sasaran PD: its IKU)."""
    tables = []
    for kolom in dict.fromkeys(KINERJA_KOLOM[n.level] for n in nodes):  # keeps level order of first appearance
        rows = [n for n in nodes if KINERJA_KOLOM[n.level] == kolom and pk_indikator(n, tahun)]
        if rows:
            tables.append(TabelKinerja(kolom, tuple(
                BarisSasaran(no, n.uraian, n.id, _indikator(pk_indikator(n, tahun), tahun))
                for no, n in enumerate(rows, 1))))
    return tuple(tables)


def _label(node: Node) -> str:
    return f"{node.kode} {node.judul}" if node.kode else node.judul


def _anggaran(items: list[tuple[Node, Node | None]], tahun: int, perubahan: bool, jabatan_id: str,
              jabatan_nama: dict[str, str]) -> tuple[tuple[TabelAnggaran, ...], set[str], int]:
    """Budget lines (node, parent) → one table per level, grouped under their parent below program level;
    with the sources of the amounts and how many sub kegiatan have no DPA recorded."""
    tables, sources, missing = [], set(), 0
    for level, kolom in ANGGARAN_KOLOM.items():
        lines = [(n, parent) for n, parent in items if n.level == level]
        if not lines:
            continue
        groups: dict[str, list[BarisAnggaran]] = {}
        for no, (n, parent) in enumerate(lines, 1):
            judul = "" if level == "program" or parent is None else _label(parent)
            ket = "" if n.penanggung_jawab == jabatan_id else jabatan_nama.get(n.penanggung_jawab, "")
            found = amount(n, tahun, perubahan)
            ket = "; ".join(k for k in (ket, semula(n, tahun, perubahan, found.nilai)) if k)
            sources |= found.sumber
            missing += found.tanpa_dpa
            groups.setdefault(judul, []).append(
                BarisAnggaran(no, _label(n), rupiah(found.nilai, sign=False), ket, found.nilai, n.id))
        total = sum(r.nilai for rows in groups.values() for r in rows)
        tables.append(TabelAnggaran(kolom, tuple(GrupAnggaran(j, tuple(rows)) for j, rows in groups.items()),
                                    rupiah(total, sign=False), total, judul=f"Anggaran {kolom}"))
    return tuple(tables), sources, missing


def semula(node: Node, tahun: int, perubahan: bool, nilai: int) -> str:
    """In a PK Perubahan, a row whose amount the APBD Perubahan changed says what the PK murni had."""
    if not perubahan:
        return ""
    before = amount(node, tahun, False).nilai
    return "" if before == nilai else f"Semula Rp{rupiah(before, sign=False)}"


def sumber_anggaran(sources: set[str], missing: int, tahun: int, perubahan: bool) -> str:
    """The note under a PK's money table: which budget document its amounts come from."""
    if not sources:
        return ""
    adopted = f"DPA Perubahan Tahun Anggaran {tahun}" if perubahan else f"DPA Tahun Anggaran {tahun}"
    if sources == {PAGU}:
        return "Sumber anggaran: pagu indikatif Renstra (DPA belum dicatat)."
    if PAGU in sources:
        return (f"Sumber anggaran: {adopted}; untuk {missing} sub kegiatan pagu indikatif Renstra "
                "(DPA belum dicatat).")
    return f"Sumber anggaran: {adopted}."


def _numbered(kinerja: tuple[TabelKinerja, ...], anggaran: tuple[TabelAnggaran, ...]):
    """Tables numbered in lampiran order: "Tabel 1 Tujuan", "Tabel 2 Sasaran Strategis", "Tabel 3 Anggaran Program"."""
    no = 0
    out_k, out_a = [], []
    for t in kinerja:
        no += 1
        out_k.append(dataclasses.replace(t, no=no, judul=t.judul or t.judul_kolom))
    for t in anggaran:
        no += 1
        out_a.append(dataclasses.replace(t, no=no))
    return tuple(out_k), tuple(out_a)


def slug(text: str) -> str:
    """"Kepala Subbagian Umum & Kepegawaian" → "kepala-subbagian-umum-kepegawaian"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-") or "jabatan"


def file_names(jabatan: list[Jabatan]) -> dict[str, str]:
    """jabatan id → file name from its name; a second jabatan of the same name gets "-2", in hierarchy order."""
    names, seen = {}, {}
    for j in jabatan:
        base = slug(j.nama)
        seen[base] = seen.get(base, 0) + 1
        names[j.id] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    taken = set()
    for jid, name in names.items():  # "-2" may itself be another jabatan's name ("Staf 2"): count on
        n, candidate = 2, name
        while candidate in taken:
            candidate, n = f"{name}-{n}", n + 1
        names[jid] = candidate
        taken.add(candidate)
    return names


PERUBAHAN_SUFFIX = "-P"  # a PK Perubahan's {nomor}: "09-P/PK/Diskominfo/2026" (templates/pk/README.md)


def pk_nomor(pattern: str, nomor: int, singkatan: str, tahun: int, perubahan: bool = False) -> str:
    """The PK's number from the `dokumen.nomor_pk` pattern, "" without one. A PK Perubahan has its own
    number: {nomor} followed by "-P" (or "-P" at the end when the pattern has no {nomor})."""
    if not pattern:
        return ""
    no = f"{nomor:02d}" + (PERUBAHAN_SUFFIX if perubahan else "")
    try:
        text = pattern.format(nomor=no, singkatan=singkatan, tahun=tahun)
    except (KeyError, IndexError, ValueError, AttributeError):  # rule R090 reports the pattern; no line then
        return ""
    return text + (PERUBAHAN_SUFFIX if perubahan and "{nomor}" not in pattern else "")


def rujukan(pemda: Pemda, tahun: int, nomor_murni: str, perubahan: bool) -> str:
    """The PK Perubahan's sentence naming the PK murni it changes (PermenPANRB 53/2014: a revised PK
    replaces the year's PK; primer §4.1)."""
    if not perubahan:
        return ""
    nomor_text = f" Nomor {nomor_murni}" if nomor_murni else ""
    return (f"Perjanjian Kinerja Perubahan ini merupakan perubahan atas Perjanjian Kinerja Tahun {tahun}"
            f"{nomor_text} tanggal {tanggal(pemda.settings.pk_date(tahun))}, dan menggantikannya sejak "
            "ditandatangani.")


def pemda_singkatan(pemda: Pemda) -> str:
    """{singkatan} in the Pemda PK's number: the usual short form of the Pemerintah Daerah."""
    return {"kota": "Pemkot", "kabupaten": "Pemkab", "provinsi": "Pemprov"}.get(pemda.jenis, "Pemda")


def _nomor_line(text: str) -> str:
    return f"Nomor: {text}" if text else ""


def build_pk(opd: Opd, pemda: Pemda, jabatan: Jabatan, tahun: int, nomor: int, day: dt.date | None = None,
             perubahan: bool = False, berkas: str = "") -> PerjanjianKinerja:
    day = day or pemda.settings.pk_date(tahun)
    by_id = opd.jabatan_by_id()
    pertama = _pihak_jabatan(jabatan, day, "Pihak Pertama", jabatan.id)
    if jabatan.atasan == "kepala_daerah" or jabatan.atasan not in by_id:
        kedua = kepala_daerah_pihak(pemda, day)
    else:
        kedua = _pihak_jabatan(by_id[jabatan.atasan], day, "Pihak Kedua", jabatan.id)
    chosen = kinerja_nodes(opd, jabatan.id, tahun, pemda.settings.pk_tujuan)
    budget: list[tuple[Node, Node | None]] = []
    for node, ancestors in chosen:
        if node.level in BUDGET_PARENT:
            budget.extend((c, node) for c in node.children if active(c, tahun))
        elif node.level == "subkegiatan":
            budget.append((node, ancestors[-1] if ancestors else None))
    anggaran, sources, missing = _anggaran(budget, tahun, perubahan, jabatan.id, {j.id: j.nama for j in opd.jabatan})
    if not pemda.settings.pk_anggaran.get(jabatan.jenjang, True):  # e.g. pelaksana: no money table (primer §4.3)
        anggaran, sources = (), set()
    total = sum(t.nilai for t in anggaran)
    kinerja, anggaran = _numbered(_kinerja([n for n, _ in chosen], tahun), anggaran)
    names_opd = opd.nama.upper() in jabatan.nama.upper()
    nomor_text = pk_nomor(pemda.settings.nomor_pk, nomor, opd.singkatan or "", tahun, perubahan)
    nomor_murni = pk_nomor(pemda.settings.nomor_pk, nomor, opd.singkatan or "", tahun)
    pemda_kapital = pemda.nama.upper()
    return PerjanjianKinerja(
        nomor, berkas or slug(jabatan.nama),
        jabatan.nama.upper() + (f" {pemda_kapital}" if names_opd else ""),
        "" if names_opd else f"{opd.nama.upper()} {pemda_kapital}",
        _nomor_line(nomor_text), rujukan(pemda, tahun, nomor_murni, perubahan), pertama, kedua, kinerja, anggaran,
        rupiah(total, sign=False), total, sumber_anggaran(sources, missing, tahun, perubahan))


def build_all(opd: Opd, pemda: Pemda, tahun: int, day: dt.date | None = None,
              perubahan: bool = False) -> list[PerjanjianKinerja]:
    """One PK per jabatan that owns a node in `tahun`, in hierarchy order; none for the others.
    `day` is the signing date (the PK murni's by default): it decides who signs; `perubahan`: the
    amounts after the APBD Perubahan."""
    owning = owners(opd, tahun)
    chosen = [j for j in hierarchy(opd) if j.id in owning]
    names = file_names(chosen)
    return [build_pk(opd, pemda, j, tahun, no, day, perubahan, names[j.id]) for no, j in enumerate(chosen, 1)]


@dataclass(frozen=True)
class PerjanjianKinerjaPemda:
    """The kepala daerah's one-party PK: RPJMD sasaran with that year's targets, every OPD's programs."""

    pihak: Pihak
    nomor_dokumen: str  # "Nomor: …" from dokumen.nomor_pk ({nomor} 01, {singkatan} "Pemkot"/"Pemkab"); "" for none
    rujukan: str  # as PerjanjianKinerja.rujukan
    kinerja: TabelKinerja
    anggaran: TabelAnggaran
    sumber_anggaran: str


def build_pemda_pk(repo: Repo, tahun: int, day: dt.date | None = None, perubahan: bool = False) -> PerjanjianKinerjaPemda:
    pemda = repo.pemda
    pihak = kepala_daerah_pihak(pemda, day or pemda.settings.pk_date(tahun))
    sasaran = [s for s in pemda.rpjmd_sasaran() if _indikator(s.indikator, tahun)]
    kinerja = TabelKinerja("Sasaran Strategis", tuple(
        BarisSasaran(no, s.uraian, s.id, _indikator(s.indikator, tahun)) for no, s in enumerate(sasaran, 1)))
    groups, no, sources, missing = [], 0, set(), 0
    for key in sorted(repo.opds):  # sorted: the same data gives the same document
        opd = repo.opds[key]
        rows = []
        for n in opd.nodes():
            if n.level == "program" and active(n, tahun):
                no += 1
                found = amount(n, tahun, perubahan)
                sources |= found.sumber
                missing += found.tanpa_dpa
                rows.append(BarisAnggaran(no, _label(n), rupiah(found.nilai, sign=False),
                                          semula(n, tahun, perubahan, found.nilai), found.nilai, n.id))  # the OPD heads its group
        if rows:
            groups.append(GrupAnggaran(opd.nama, tuple(rows)))
    total = sum(r.nilai for g in groups for r in g.baris)
    kinerja = dataclasses.replace(kinerja, no=1, judul="Sasaran Strategis")
    anggaran = TabelAnggaran("Program", tuple(groups), rupiah(total, sign=False), total, 2, "Anggaran Program")
    pattern, singkatan = pemda.settings.nomor_pk, pemda_singkatan(pemda)
    return PerjanjianKinerjaPemda(
        pihak, _nomor_line(pk_nomor(pattern, 1, singkatan, tahun, perubahan)),
        rujukan(pemda, tahun, pk_nomor(pattern, 1, singkatan, tahun), perubahan),
        kinerja, anggaran, sumber_anggaran(sources, missing, tahun, perubahan))
