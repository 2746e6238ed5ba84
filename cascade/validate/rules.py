"""Domain rules over the model, each with a stable code, an Indonesian message and a hint.

A rule is a function `(Context) -> iterable of Diagnostic`, registered with `@rule`. The README's
rule list is generated from RULES, so the documentation cannot drift from the code.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from cascade.diagnostics import Diagnostic, Loc, Severity, error, warning
from cascade.fmt import rupiah
from cascade.model.types import (
    JENJANG_LABEL,
    LEVEL_LABEL,
    Indikator,
    NomenklaturEntry,
    Pemda,
)

# The rules of the other modules register themselves when imported; `run_rules` and `rule_table` then see all.
from cascade.validate import (  # noqa: E402,F401
    rules_anggaran,
    rules_data,
    rules_dokumen,
    rules_draf,
    rules_iku,
    rules_jenjang,
    rules_kinerja_lalu,
    rules_lintas,
    rules_realisasi,
    rules_rencana_aksi,
)
from cascade.validate.registry import RULES, Context, rule, rule_table, run_rules  # noqa: F401 (the pipeline's entry)
from cascade.validate.registry import all_indicators as _all_indicators
from cascade.validate.registry import label as _label

ID_NUMBER = re.compile(r"^[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$|^[-+]?[0-9]+,[0-9]+$|^[-+]?[0-9]+$")
OWNER_LEVELS = {
    "tujuan": ("jpt_pratama",),
    "sasaran": ("jpt_pratama",),
    "program": ("administrator",),
    "kegiatan": ("pengawas", "fungsional"),
    "subkegiatan": ("pengawas", "fungsional", "pelaksana"),
}


def _rpjmd_indicators(pemda: Pemda) -> Iterator[Indikator]:
    for t in pemda.rpjmd_tujuan():
        yield from t.indikator
        for s in t.sasaran:
            yield from s.indikator


# --- identity and references -------------------------------------------------------------


@rule("R001", "setiap id (simpul, indikator, jabatan) unik di dalam OPD")
def unique_ids(ctx: Context):
    seen: dict[str, Loc] = {}
    items = [(n.id, n.at("id"), _label(n)) for n in ctx.opd.nodes()]
    items += [(i.id, i.at("id"), f"indikator `{i.id}`") for _, i in _all_indicators(ctx.opd)]
    items += [(j.id, j.at("id"), f"jabatan `{j.id}`") for j in ctx.opd.jabatan]
    for node_id, loc, what in items:
        if node_id in seen:
            first = seen[node_id]
            yield error(loc, "R001", f"id `{node_id}` sudah dipakai di {first}",
                        f"beri {what.split(' `')[0]} ini id lain yang unik; id dipakai untuk rujukan dan laporan perubahan")
        else:
            seen[node_id] = loc
    for p in ctx.orphans:
        if p.id in seen:
            yield error(p.at("id"), "R001", f"id `{p.id}` sudah dipakai di {seen[p.id]}", "beri program ini id lain yang unik")


@rule("R002", "setiap tujuan PD mendukung sasaran RPJMD yang ada")
def tujuan_supports_rpjmd(ctx: Context):
    known = {s.id for s in ctx.pemda.rpjmd_sasaran()}
    tujuan_ids = {t.id for t in ctx.pemda.rpjmd_tujuan()}
    for t in ctx.opd.tujuan:
        for ref in t.mendukung:
            if ref not in known:
                hint = (f"`{ref}` adalah tujuan RPJMD; tulis id sasaran RPJMD di bawahnya" if ref in tujuan_ids
                        else "sasaran RPJMD yang ada: " + ", ".join(sorted(known)))
                yield error(t.at("mendukung"), "R002", f"tujuan `{t.id}` merujuk sasaran RPJMD `{ref}` yang tidak ada di data/pemda.yaml", hint)


@rule("R003", "setiap penanggung jawab adalah jabatan yang ada di opd.yaml")
def owner_exists(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()
    for n in ctx.opd.nodes():
        if n.penanggung_jawab not in jabatan:
            yield error(n.at("penanggung_jawab"), "R003",
                        f"penanggung jawab `{n.penanggung_jawab}` pada {_label(n)} bukan id jabatan di opd.yaml",
                        _suggest(n.penanggung_jawab, jabatan))


def _suggest(value: str, known) -> str:
    import difflib
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
    return f"maksud Anda `{close[0]}`?" if close else "id jabatan yang ada: " + ", ".join(sorted(known))


@rule("R004", "atasan setiap jabatan ada; Kepala OPD beratasan `kepala_daerah`")
def atasan_exists(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()
    for j in ctx.opd.jabatan:
        if j.atasan != "kepala_daerah" and j.atasan not in jabatan:
            yield error(j.at("atasan"), "R004", f"atasan `{j.atasan}` dari jabatan `{j.id}` tidak ada",
                        _suggest(j.atasan, list(jabatan) + ["kepala_daerah"]))
    heads = [j for j in ctx.opd.jabatan if j.atasan == "kepala_daerah"]
    if len(heads) != 1:
        loc = heads[1].at("atasan") if len(heads) > 1 else ctx.opd.loc
        yield error(loc, "R004", f"harus ada tepat satu Kepala OPD dengan `atasan: kepala_daerah`, ditemukan {len(heads)}",
                    "hanya jabatan Kepala OPD yang beratasan kepala daerah")
    for j in heads:
        if j.jenjang != "jpt_pratama":
            yield error(j.at("jenjang"), "R004", f"Kepala OPD `{j.id}` berjenjang `{j.jenjang}`, seharusnya `jpt_pratama`",
                        "ubah jenjang menjadi jpt_pratama")


@rule("R005", "rantai atasan tidak berputar")
def no_atasan_cycle(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()
    reported: set[frozenset] = set()
    for start in ctx.opd.jabatan:
        chain, cur = [], start
        while cur is not None and cur.id not in chain:
            chain.append(cur.id)
            cur = jabatan.get(cur.atasan)
        if cur is not None:
            cycle = chain[chain.index(cur.id):]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                yield error(jabatan[cycle[0]].at("atasan"), "R005",
                            "rantai atasan berputar: " + " → ".join(cycle + [cycle[0]]),
                            "perbaiki `atasan` salah satu jabatan agar rantai berakhir di Kepala OPD")


# --- indicators ---------------------------------------------------------------------------


def _check_indicator(ind: Indikator, owner: str, years: tuple[int, ...], skala: dict) -> Iterator[Diagnostic]:
    missing = [y for y in years if y not in ind.target]
    extra = [y for y in ind.target if y not in years]
    if missing:
        yield error(ind.at("target"), "R007", f"indikator `{ind.id}` ({owner}) tidak punya target untuk tahun {', '.join(map(str, missing))}",
                    f"isi target setiap tahun periode {years[0]}–{years[-1]}")
    for y in extra:
        yield error(ind.at(f"target.{y}"), "R007", f"target indikator `{ind.id}` untuk tahun {y} berada di luar periode {years[0]}–{years[-1]}",
                    "hapus target tahun tersebut atau perbaiki tahunnya")
    if years and ind.baseline_tahun >= years[0]:
        yield error(ind.at("baseline"), "R007", f"tahun baseline indikator `{ind.id}` ({ind.baseline_tahun}) harus sebelum awal periode ({years[0]})",
                    f"kondisi awal biasanya tahun {years[0] - 1}")
    if ind.skala and ind.skala not in skala:
        yield error(ind.at("skala"), "R008", f"skala `{ind.skala}` pada indikator `{ind.id}` tidak didefinisikan di data/pemda.yaml",
                    "skala yang ada: " + (", ".join(sorted(skala)) or "(belum ada; tambahkan bagian `skala:`)"))
        return
    order = skala[ind.skala].urutan if ind.skala else ()
    values = [("baseline", ind.baseline)] + [(f"target.{y}", v) for y, v in sorted(ind.target.items())]
    if ind.kondisi_akhir_tertulis is not None:
        values.append(("kondisi_akhir", ind.kondisi_akhir_tertulis))
    for where, value in values:
        if not isinstance(value, str):
            if order and value is not None:
                yield error(ind.at(where), "R008", f"indikator `{ind.id}` memakai skala `{ind.skala}`, tetapi nilainya angka ({value})",
                            "tulis salah satu predikat: " + ", ".join(order))
            continue
        text = value.strip()
        if order and text in order:
            continue
        if order:
            yield error(ind.at(where), "R008", f"predikat \"{value}\" tidak ada di skala `{ind.skala}`",
                        "predikat yang sah: " + ", ".join(order))
        elif ID_NUMBER.match(text):
            plain = text.replace(".", "").replace(",", ".")
            yield error(ind.at(where), "R008", f"nilai indikator `{ind.id}` ditulis sebagai teks \"{value}\"",
                        f"tulis angka tanpa tanda kutip dan tanpa pemisah ribuan, dengan titik sebagai desimal: {plain}")
        elif text.endswith("%") or text.split(" ")[0].replace(",", ".").replace(".", "", 1).isdigit():
            yield error(ind.at(where), "R008", f"nilai indikator `{ind.id}` memuat satuan di dalam sel: \"{value}\"",
                        "tulis angkanya saja; satuan ditulis sekali di `satuan:`")
        else:
            yield error(ind.at(where), "R008", f"nilai teks \"{value}\" pada indikator `{ind.id}` memerlukan skala predikat",
                        "tambahkan `skala: <nama skala>` pada indikator dan definisikan skalanya di data/pemda.yaml")


@rule("R007", "setiap indikator punya baseline sebelum periode dan target untuk setiap tahun periode, tidak di luarnya")
def indicator_years(ctx: Context):
    for n, ind in _all_indicators(ctx.opd):
        for d in _check_indicator(ind, _label(n), ctx.pemda.years, ctx.pemda.skala):
            if d.code == "R007":
                yield d


@rule("R008", "nilai target berupa angka, atau predikat dari skala yang didefinisikan; bukan teks mirip angka")
def indicator_values(ctx: Context):
    for n, ind in _all_indicators(ctx.opd):
        for d in _check_indicator(ind, _label(n), ctx.pemda.years, ctx.pemda.skala):
            if d.code == "R008":
                yield d


@rule("R021", "indikator RPJMD lengkap dan sah (aturan R007 dan R008 untuk data/pemda.yaml)", scopes=("pemda",))
def rpjmd_indicators(ctx: Context):
    seen: dict[str, Loc] = {}
    items = [(t.id, t.at("id")) for t in ctx.pemda.rpjmd_tujuan()] + [(s.id, s.at("id")) for s in ctx.pemda.rpjmd_sasaran()]
    items += [(i.id, i.at("id")) for i in _rpjmd_indicators(ctx.pemda)]
    for item_id, loc in items:
        if item_id in seen:
            yield error(loc, "R021", f"id `{item_id}` sudah dipakai di {seen[item_id]}", "beri id lain yang unik di RPJMD")
        seen[item_id] = loc
    for ind in _rpjmd_indicators(ctx.pemda):
        yield from _check_indicator(ind, "RPJMD", ctx.pemda.years, ctx.pemda.skala)


@rule("R023", "periode RPJMD paling lama 5 tahun dan tahun dasar tepat sebelum periode", scopes=("pemda",))
def period(ctx: Context):
    awal, akhir = ctx.pemda.periode  # a reversed period is R024's, found before any rule runs
    if akhir - awal > 4:
        # RPJMD and Renstra span five years at most; the T-C tables have five year columns
        yield error(ctx.pemda.at("periode"), "R023", f"periode RPJMD {awal}–{akhir} lebih dari 5 tahun",
                    "periode RPJMD/Renstra paling lama 5 tahun; periksa tahun awal dan akhir")
    if ctx.pemda.tahun_dasar != awal - 1:
        yield warning(ctx.pemda.at("tahun_dasar"), "R023", f"tahun dasar {ctx.pemda.tahun_dasar} bukan tahun sebelum awal periode ({awal - 1})",
                      "tahun kondisi awal biasanya satu tahun sebelum periode")


@rule("R018", "setiap jabatan yang memiliki simpul dijabat seseorang pada tahun yang dibangun; kepala daerah juga",
      scopes=("opd", "pemda"), completeness=True)
def holders(ctx: Context):
    # every signing of the year (the PK murni and, when dated, the PK Perubahan) needs its signatories
    for day, _ in ctx.pemda.settings.pk_dates(ctx.tahun):
        yield from _holders_on(ctx, day)


def _holders_on(ctx: Context, day: dt.date):
    if ctx.opd is None:
        if ctx.pemda.kepala_daerah.pemangku(day) is None:
            yield error(ctx.pemda.kepala_daerah.loc, "R018", f"tidak ada kepala daerah yang menjabat pada {day.isoformat()}",
                        "tambahkan pejabat kepala daerah dengan `mulai` sebelum tanggal tersebut")
        return
    owners = {n.penanggung_jawab for n in ctx.opd.nodes()}
    # the superior of every owner signs that owner's PK as Pihak Kedua, so their post must be held too
    signers = {j.atasan for j in ctx.opd.jabatan if j.id in owners} - {"kepala_daerah"}
    for j in ctx.opd.jabatan:
        if j.pemangku(day) is not None:
            continue
        if j.id in owners:
            yield error(j.at("pejabat"), "R018", f"jabatan `{j.id}` ({j.nama}) kosong pada {day.isoformat()}, padahal memiliki simpul cascading tahun {ctx.tahun}",
                        "tambahkan pemangku di `pejabat:` (boleh Plt/Plh) dengan `mulai` sebelum tanggal tersebut")
        elif j.id in signers:
            yield error(j.at("pejabat"), "R018", f"jabatan `{j.id}` ({j.nama}) kosong pada {day.isoformat()}, padahal menandatangani PK bawahannya sebagai Pihak Kedua",
                        "tambahkan pemangku di `pejabat:` (boleh Plt/Plh) dengan `mulai` sebelum tanggal tersebut")


# --- structure ----------------------------------------------------------------------------


@rule("R009", "tidak ada tingkat yang dilompati: program di bawah sasaran PD yang ada")
def program_parent(ctx: Context):
    kinds = {n.id: n for n in ctx.opd.nodes()}
    for p in ctx.orphans:
        other = kinds.get(p.sasaran_ref)
        if other is not None:
            msg = f"program `{p.id}` digantungkan pada {_label(other)}; program harus berada langsung di bawah sasaran PD"
        else:
            msg = f"program `{p.id}` merujuk sasaran `{p.sasaran_ref}` yang tidak ada di renstra.yaml"
        sasaran = sorted(n.id for n in ctx.opd.nodes() if n.level == "sasaran")
        yield error(p.at("sasaran"), "R009", msg, "sasaran PD yang ada: " + ", ".join(sasaran))


@rule("R026", "setiap sasaran PD didukung paling sedikit satu program", Severity.WARNING)
def sasaran_has_program(ctx: Context):
    for n in ctx.opd.nodes():
        if n.level == "sasaran" and not n.children:
            yield warning(n.at("id"), "R026", f"sasaran `{n.id}` belum didukung program apa pun",
                          "tambahkan program di folder program/ dengan `sasaran: " + n.id + "`")


@rule("R010", "kode kegiatan diawali kode programnya; kode sub kegiatan diawali kode kegiatannya")
def kode_prefix(ctx: Context):
    for n in ctx.opd.nodes():
        if n.level in ("program", "kegiatan"):
            for c in n.children:
                if c.kode and n.kode and not c.kode.startswith(n.kode + "."):
                    yield error(c.at("kode"), "R010", f"kode {_label(c)} \"{c.kode}\" tidak diawali kode induknya \"{n.kode}\"",
                                f"pindahkan {LEVEL_LABEL[c.level].lower()} ini ke induk yang benar, atau perbaiki kodenya")


@rule("R011", "bidang urusan setiap program diampu OPD")
def bidang_urusan(ctx: Context):
    for n in ctx.opd.nodes():
        if n.level == "program" and n.kode:
            bidang = ".".join(n.kode.split(".")[:2])
            if "X" not in bidang and bidang not in ctx.opd.bidang_urusan:
                yield error(n.at("kode"), "R011", f"program `{n.id}` berada di bidang urusan {bidang} yang tidak diampu OPD ini",
                            f"tambahkan \"{bidang}\" ke `bidang_urusan` di opd.yaml, atau perbaiki kode program")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@rule("R012", "kode program/kegiatan/sub kegiatan dikenal di nomenklatur", Severity.WARNING)
def kode_known(ctx: Context):
    if not ctx.nomenklatur:
        return
    for n in ctx.opd.nodes():
        if n.kode and n.kode not in ctx.nomenklatur:
            yield warning(n.at("kode"), "R012", f"kode \"{n.kode}\" ({LEVEL_LABEL[n.level].lower()}) tidak ada di data/referensi/nomenklatur.csv",
                          "periksa kodenya pada Kepmendagri yang berlaku; bila kode ini memang dipakai daerah, tambahkan barisnya "
                          "beserta catatan alasannya ke data/referensi/nomenklatur-lokal.csv (kolom kode,level,nama,catatan)")


@rule("R013", "nama program/kegiatan/sub kegiatan sama dengan nomenklatur", Severity.WARNING)
def nama_matches(ctx: Context):
    for n in ctx.opd.nodes():
        entry: NomenklaturEntry | None = ctx.nomenklatur.get(n.kode) if n.kode else None
        if entry is not None and n.nama and _norm(n.nama) != _norm(entry.nama):
            yield warning(n.at("nama"), "R013", f"nama {_label(n)} berbeda dengan nomenklatur untuk kode {n.kode}",
                          f"nama baku: \"{entry.nama}\"")


# --- money --------------------------------------------------------------------------------


@rule("R014", "pagu yang ditulis pada program/kegiatan sama dengan jumlah pagu anaknya")
def pagu_adds_up(ctx: Context):
    for n in ctx.opd.nodes():
        if n.pagu_tertulis is None or not n.children:
            continue
        for year in sorted(set(n.pagu_tertulis) | set(n.pagu)):
            stated, summed = n.pagu_tertulis.get(year, 0), n.pagu.get(year, 0)
            if stated != summed:
                yield error(n.at(f"pagu.{year}") if year in n.pagu_tertulis else n.at("pagu"), "R014",
                            f"pagu {_label(n)} tahun {year} tertulis {rupiah(stated)}, tetapi jumlah pagu di bawahnya {rupiah(summed)} (selisih {rupiah(stated - summed)})",
                            "perbaiki pagu di bawahnya, atau hapus `pagu:` di sini agar dihitung otomatis")


@rule("R015", "pagu hanya untuk tahun dalam periode")
def pagu_years(ctx: Context):
    years = ctx.pemda.years
    for n in ctx.opd.nodes():
        if n.pagu_tertulis is None:  # a kegiatan with neither sub kegiatan nor pagu is R101's
            continue
        # a year of the period left out is R112's (a draft may lack it)
        for y in n.pagu_tertulis:
            if y not in years:
                yield error(n.at(f"pagu.{y}"), "R015", f"pagu {_label(n)} untuk tahun {y} berada di luar periode {years[0]}–{years[-1]}",
                            "hapus atau perbaiki tahunnya")


# --- people -------------------------------------------------------------------------------


@rule("R016", "penanggung jawab berjenjang sesuai tingkat simpul (sasaran→JPT Pratama, program→Administrator, kegiatan→Pengawas/JF, sub kegiatan→Pengawas/JF/Pelaksana)")
def owner_level(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()
    for n in ctx.opd.nodes():
        j = jabatan.get(n.penanggung_jawab)
        if j is None:
            continue
        allowed = OWNER_LEVELS[n.level]
        if j.jenjang not in allowed:
            want = " atau ".join(JENJANG_LABEL[a] for a in allowed)
            yield error(n.at("penanggung_jawab"), "R016",
                        f"{_label(n)} dipegang `{j.id}` ({JENJANG_LABEL.get(j.jenjang, j.jenjang)}); {LEVEL_LABEL[n.level].lower()} menjadi kinerja jenjang {want} (PermenPANRB 53/2014)",
                        f"pilih penanggung jawab berjenjang {want}")


@rule("R022", "penanggung jawab simpul anak adalah bawahan penanggung jawab induknya", Severity.WARNING)
def owner_chain(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()

    def chain(jid):
        seen = []
        while jid in jabatan and jid not in seen:
            seen.append(jid)
            jid = jabatan[jid].atasan
        return seen

    for n in ctx.opd.nodes():
        for c in n.children:
            if c.penanggung_jawab in jabatan and n.penanggung_jawab not in chain(c.penanggung_jawab):
                yield warning(c.at("penanggung_jawab"), "R022",
                              f"penanggung jawab {_label(c)} (`{c.penanggung_jawab}`) bukan bawahan penanggung jawab induknya (`{n.penanggung_jawab}`)",
                              "PK berjenjang mengikuti rantai atasan; periksa `atasan` di opd.yaml atau penanggung jawabnya")


def nip_problem(nip: str) -> str | None:
    """Why an 18-digit NIP is not well-formed (birth date, TMT, gender), or None."""
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"8 digit pertama ({nip[:8]}) bukan tanggal lahir yang sah"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not (1 <= month <= 12 or month == 21):
        return f"digit 13–14 ({nip[12:14]}) bukan bulan TMT yang sah"
    if year < born.year + 15:
        return f"tahun TMT {year} terlalu dekat dengan tahun lahir {born.year}"
    if nip[14] not in "12":
        return f"digit ke-15 ({nip[14]}) harus 1 (laki-laki) atau 2 (perempuan)"
    return None


@rule("R017", "NIP 18 digit berisi tanggal lahir, TMT dan kode jenis kelamin yang sah", scopes=("opd", "pemda"))
def nip_valid(ctx: Context):
    people = [p for j in ctx.opd.jabatan for p in j.pejabat] if ctx.opd else list(ctx.pemda.kepala_daerah.pejabat)
    for p in people:
        if p.nip:
            problem = nip_problem(p.nip)
            if problem:
                yield error(p.at("nip"), "R017", f"NIP {p.nip} milik {p.nama} tidak sah: {problem}",
                            "salin NIP dari SK atau SIASN; formatnya TTTTBBHH TTTTBB J NNN")




@rule("R019", "crosscutting merujuk simpul yang ada di OPD lain")
def crosscutting_targets(ctx: Context):
    for n in ctx.opd.nodes():
        for cc in n.crosscutting + n.crosscutting_diterima:
            if cc.opd == ctx.opd.key:
                yield error(cc.at("opd"), "R019", f"crosscutting pada {_label(n)} menunjuk OPD ini sendiri",
                            "crosscutting hanya untuk hubungan antar-OPD")
            elif cc.opd not in ctx.others:
                yield error(cc.at("opd"), "R019", f"crosscutting pada {_label(n)} menunjuk OPD `{cc.opd}` yang tidak ada atau datanya tidak dapat dibaca",
                            "OPD yang ada: " + ", ".join(sorted(ctx.others)))
            elif ctx.others[cc.opd].node(cc.node) is None:
                yield error(cc.at("node"), "R019", f"crosscutting pada {_label(n)} menunjuk simpul `{cc.node}` yang tidak ada di OPD `{cc.opd}`",
                            f"periksa id simpul di data/opd/{cc.opd}/")


