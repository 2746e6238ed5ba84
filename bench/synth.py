"""A synthetic but schema-valid Pemda of any size, deterministic from a seed.

    python -m bench.synth --opd 40 --sub 300 --pejabat 30 --seed 1 --out /tmp/cascade-bench

writes OUT/data/pemda.yaml, OUT/data/referensi/nomenklatur.csv and OUT/data/opd/<key>/ in exactly the
formats of the example data (opd.yaml, renstra.yaml, program/*.yaml, bab-*.md), so the benchmark
exercises the same loader, rules and renderers planners use. The output validates with zero errors
and zero warnings: every code is in the generated nomenklatur, every official's NIP is well formed,
owners follow the jenjang and atasan chains, and crosscutting links are acknowledged on both sides.

The same arguments always give byte-identical files: all randomness comes from `random.Random(seed)`,
files are written in a fixed order, and nothing depends on the clock or the machine.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
from dataclasses import dataclass

YEARS = (2025, 2026, 2027, 2028, 2029)
BASE_YEAR = 2024
SUB_PER_KEGIATAN = 6  # a typical Renstra kegiatan holds 3–10 sub kegiatan
KEGIATAN_PER_PROGRAM = 7
MAX_SASARAN = 4  # sasaran PD per OPD (2 tujuan × 2 sasaran), as in mid-sized dinas

DINAS = [
    "Pendidikan", "Kesehatan", "Pekerjaan Umum dan Penataan Ruang", "Perumahan dan Kawasan Permukiman",
    "Sosial", "Tenaga Kerja", "Pemberdayaan Perempuan dan Perlindungan Anak", "Pangan", "Lingkungan Hidup",
    "Kependudukan dan Pencatatan Sipil", "Perhubungan", "Koperasi dan Usaha Mikro", "Penanaman Modal",
    "Kepemudaan dan Olahraga", "Kebudayaan", "Pariwisata", "Pertanian", "Perdagangan", "Perindustrian",
    "Perikanan", "Pemadam Kebakaran", "Pengendalian Penduduk dan Keluarga Berencana", "Pertanahan",
    "Kearsipan", "Perpustakaan", "Statistik", "Persandian", "Komunikasi dan Informatika",
]
KATA_BENDA = [
    "layanan publik", "data sektoral", "sarana prasarana", "kapasitas aparatur", "tata kelola", "pengawasan",
    "pembinaan masyarakat", "informasi publik", "dokumen perencanaan", "sistem informasi", "kemitraan",
    "kualitas lingkungan", "ketahanan pangan", "akses layanan dasar", "standar pelayanan", "perizinan",
]
KATA_KERJA = ["Penyediaan", "Pengelolaan", "Pembinaan", "Pengembangan", "Fasilitasi", "Koordinasi", "Penyelenggaraan",
              "Pemeliharaan", "Peningkatan", "Penyusunan"]
SATUAN = [("Dokumen", "hitungan"), ("Kegiatan", "hitungan"), ("Orang", "hitungan"), ("Unit", "posisi"),
          ("Laporan", "hitungan"), ("Lokasi", "posisi")]
NAMA_DEPAN = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lukman",
              "Maya", "Nanda", "Oki", "Putri", "Rizky", "Sari", "Teguh", "Umi", "Wahyu", "Yuni"]
NAMA_BELAKANG = ["Pratama", "Santoso", "Wijaya", "Lestari", "Hidayat", "Kurniawan", "Rahmawati", "Saputra",
                 "Handayani", "Nugroho", "Setiawan", "Anggraini", "Susanto", "Permata"]
GELAR = ["S.E.", "S.T.", "S.Sos.", "S.Kom.", "S.H.", "S.Si.", "S.Pd.", "S.IP."]


def q(text: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML and can never be read as numbers or booleans."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float) -> str:
    value = round(value, 2)
    return str(int(value)) if value == int(value) else repr(value)


def yearmap(values) -> str:
    return "{" + ", ".join(f"{y}: {v}" for y, v in zip(YEARS, values)) + "}"


@dataclass(frozen=True)
class Shape:
    """How one OPD is laid out for a given number of sub kegiatan."""

    sub: int
    kegiatan: int
    program: int
    sasaran: int
    tujuan: int

    @classmethod
    def of(cls, sub: int) -> "Shape":
        kegiatan = max(1, math.ceil(sub / SUB_PER_KEGIATAN))
        program = min(kegiatan, max(MAX_SASARAN, math.ceil(kegiatan / KEGIATAN_PER_PROGRAM)))
        sasaran = min(MAX_SASARAN, program)
        return cls(sub, kegiatan, program, sasaran, math.ceil(sasaran / 2))


def spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal positive counts, larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


class Gen:
    def __init__(self, n_opd: int, sub: int, pejabat: int, seed: int):
        if n_opd < 1 or sub < 1 or pejabat < 3:
            raise ValueError("perlu paling sedikit 1 OPD, 1 sub kegiatan dan 3 pejabat per OPD")
        if n_opd > 9 * 99:
            raise ValueError("paling banyak 891 OPD (kode bidang urusan 1.01–9.99)")
        self.n, self.pejabat, self.seed = n_opd, pejabat, seed
        self.shape = Shape.of(sub)
        self.rng = random.Random(seed)
        self.n_rs = min(12, n_opd * self.shape.tujuan)  # every RPJMD sasaran is supported by some OPD
        self.nomenklatur: list[tuple[str, str, str, str]] = []
        self.keys = [f"opd{i + 1:02d}" for i in range(n_opd)]

    # ------------------------------------------------------------ helpers

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(NAMA_DEPAN)} {r.choice(NAMA_BELAKANG)}, {r.choice(GELAR)}"

    def nip(self, serial: int) -> str:
        r = self.rng
        born = (r.randint(1966, 1996), r.randint(1, 12), r.randint(1, 28))
        tmt = (born[0] + r.randint(22, 28), r.randint(1, 12))
        return f"{born[0]:04d}{born[1]:02d}{born[2]:02d}{tmt[0]:04d}{tmt[1]:02d}{r.choice('12')}{serial % 1000:03d}"

    def indikator(self, ind_id: str, nama: str, indent: str, kind: str = "persen", iku: bool = False) -> list[str]:
        r = self.rng
        if kind == "persen":
            satuan, pola = "%", "posisi"
            start = r.uniform(40, 80)
            step = (100 - start) / 6
            values = [num(min(100, start + step * (i + 1))) for i in range(5)]
            base = num(start)
        else:
            satuan, pola = r.choice(SATUAN)
            start = r.randint(2, 40)
            values = [str(start + r.randint(0, 3) * (i + 1)) for i in range(5)]
            base = str(start)
        return [
            f"{indent}- id: {ind_id}",
            f"{indent}  nama: {q(nama)}",
            f"{indent}  satuan: {q(satuan)}",
            f"{indent}  polaritas: positif",
            f"{indent}  pola_ukur: {pola}",
            f"{indent}  baseline: {{tahun: {BASE_YEAR}, nilai: {base}}}",
            f"{indent}  target: {yearmap(values)}",
        ] + (self.iku_lines(nama, indent) if iku else [])

    @staticmethod
    def iku_lines(nama: str, indent: str) -> list[str]:
        """A tujuan/sasaran indicator as an IKU with its Manual IKU fields (no random draws: the rest of
        the generated data stays as it was)."""
        return [f"{indent}  iku: true",
                f"{indent}  definisi: {q('Capaian ' + nama[0].lower() + nama[1:] + ' pada akhir tahun')}",
                f'{indent}  formula: "{{A}} / {{B}} × 100%"',
                f"{indent}  komponen:",
                f"{indent}    - {{simbol: A, uraian: Jumlah unit yang memenuhi standar, sumber_data: Laporan kinerja}}",
                f"{indent}    - {{simbol: B, uraian: Jumlah seluruh unit yang dinilai, sumber_data: Laporan kinerja}}",
                f"{indent}  sumber_data: Laporan kinerja perangkat daerah",
                f"{indent}  periode_pelaporan: tahunan"]

    def phrase(self) -> str:
        return self.rng.choice(KATA_BENDA)

    # ------------------------------------------------------------ pemda.yaml

    def pemda_yaml(self) -> str:
        lines = [
            "# Pemda sintetis untuk benchmark (python -m bench.synth). Jangan disunting.",
            "pemda:",
            "  nama: Kota Sintetis",
            "  jenis: kota",
            "  provinsi: Provinsi Nusantara Raya",
            "  ibu_kota: Sintetis",
            "  kepala_daerah:",
            "    jabatan: Wali Kota Sintetis",
            "    pejabat:",
            '      - mulai: "2025-02-20"',
            f"        nama: {q(self.person())}",
            "        status: definitif",
            "",
            "dokumen:",
            "  tempat: Sintetis",
            "  tahun_berjalan: 2026",
            '  tanggal_renstra: "2025-08-15"',
            "  tanggal_pk:",
            '    2025: "2025-03-03"',
            '    2026: "2026-01-05"',
            '    2027: "2027-01-04"',
            "  kertas: F4",
            "  huruf: Bookman Old Style",
            "  ukuran_huruf: 12",
            "  tema_pohon: madiun",
            "",
            "rpjmd:",
            "  periode:",
            f"    awal: {YEARS[0]}",
            f"    akhir: {YEARS[-1]}",
            f"  tahun_dasar: {BASE_YEAR}",
            "  visi: Kota Sintetis yang Maju, Sejahtera, dan Berkelanjutan",
            "  misi:",
        ]
        rs = 0
        n_rt = math.ceil(self.n_rs / 2)
        for m in range(math.ceil(n_rt / 2)):
            lines += [f"    - nomor: {m + 1}", f"      uraian: {q(f'Misi pembangunan ke-{m + 1}: mewujudkan {self.phrase()} yang unggul')}",
                      "      tujuan:"]
            for t in range(2 * m, min(2 * m + 2, n_rt)):
                lines += [f"        - id: RT{t + 1}", f"          uraian: {q(f'Meningkatnya {self.phrase()} daerah')}",
                          "          indikator:"]
                lines += self.indikator(f"RT{t + 1}-I1", f"Indeks {self.phrase()} daerah", " " * 12, iku=True)
                lines += ["          sasaran:"]
                while rs < min(2 * (t + 1), self.n_rs):
                    rs += 1
                    lines += [f"            - id: RS{rs}", f"              uraian: {q(f'Meningkatnya kualitas {self.phrase()}')}",
                              "              indikator:"]
                    lines += self.indikator(f"RS{rs}-I1", f"Persentase capaian {self.phrase()}", " " * 16, iku=True)
                    lines += ["              strategi:",
                              f"                - uraian: {q(f'Memperkuat {self.phrase()}')}",
                              "                  arah_kebijakan:",
                              f"                    - {q(f'Peningkatan {self.phrase()} secara terpadu')}"]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------ one OPD

    def opd_files(self, i: int) -> dict[str, str]:
        key, shape = self.keys[i], self.shape
        nama = f"Dinas {DINAS[i % len(DINAS)]}" + (f" {i // len(DINAS) + 1}" if i >= len(DINAS) else "")
        bidang = f"{1 + i // 99}.{i % 99 + 1:02d}"
        jabatan, admins, staff = self.struktur(shape.program)
        files = {"opd.yaml": self.opd_yaml(key, nama, bidang, jabatan)}
        giver = self.keys[(i - 1) % self.n] if self.n > 1 else None  # gives to this OPD's S1
        receiver = self.keys[(i + 1) % self.n] if self.n > 1 else None  # this OPD gives to its S1
        files["renstra.yaml"] = self.renstra_yaml(i, giver)
        keg_counts = spread(shape.kegiatan, shape.program)
        sub_counts = spread(shape.sub, shape.kegiatan)
        k0 = 0
        if i % 99 == 0:  # the urusan above the bidang, so the nomenklatur has every code's parent (N016)
            self.nomenklatur.append((bidang.split(".")[0], "urusan", f"URUSAN PEMERINTAHAN {bidang.split('.')[0]}", ""))
        self.nomenklatur.append((bidang, "bidang_urusan", f"URUSAN PEMERINTAHAN BIDANG {DINAS[i % len(DINAS)].upper()}", ""))
        for p in range(shape.program):
            kode = f"{bidang}.{p + 1:02d}"
            admin = admins[p % len(admins)]
            text = self.program_yaml(p, kode, nama, admin, staff[admin], sub_counts[k0:k0 + keg_counts[p]],
                                     receiver if p == 0 else None)
            files[f"program/{kode}-program-{p + 1:02d}.yaml"] = text
            k0 += keg_counts[p]
        files["bab-1.md"] = self.narasi(nama, "Latar Belakang")
        files["bab-2.md"] = self.narasi(nama, "Tugas, Fungsi dan Struktur Organisasi")
        files["bab-3.md"] = self.narasi(nama, "Identifikasi Permasalahan")
        files["bab-8.md"] = self.narasi(nama, "Penutup")
        files["kinerja-periode-lalu.yaml"] = self.kinerja_lalu(nama, bidang)
        return files

    def kinerja_lalu(self, nama: str, bidang: str) -> str:
        """BAB II's previous period (T-C.23/T-C.24): two indicators and one program, five years each."""
        years = [YEARS[0] - 5 + i for i in range(5)]

        def series(start: int, step: int) -> str:
            return "{" + ", ".join(f"{y}: {start + step * i}" for i, y in enumerate(years)) + "}"

        return "\n".join([
            "indikator:",
            f"  - nama: Indeks kepuasan layanan {nama}",
            "    satuan: Indeks",
            f"    target: {series(70, 2)}",
            f"    realisasi: {series(69, 2)}",
            f"  - nama: Persentase layanan {nama} yang terdigitalisasi",
            '    satuan: "%"',
            f"    target: {series(50, 10)}",
            f"    realisasi: {series(48, 10)}",
            "program:",
            f'  - kode: "{bidang}.01"',
            f"    nama: PROGRAM {nama.upper()}",
            f"    anggaran: {series(1_000_000_000, 100_000_000)}",
            f"    realisasi: {series(950_000_000, 100_000_000)}",
            "",
        ])

    def struktur(self, n_program: int):
        """Jabatan lines, the administrator ids (one per program, round robin) and each one's staff."""
        rest = self.pejabat - 1
        n_admin = min(n_program, max(1, rest // 4))
        rest -= n_admin
        n_pengawas = max(n_admin, math.ceil(rest * 2 / 3)) if rest else 0
        n_pengawas = min(n_pengawas, rest)
        n_pelaksana = rest - n_pengawas
        posts = [("kadis", "Kepala Dinas", "jpt_pratama", "kepala_daerah", "Pimpinan")]
        admins = ["sekretaris"] + [f"kabid-{a}" for a in range(1, n_admin)]
        for a, aid in enumerate(admins):
            unit = "Sekretariat" if a == 0 else f"Bidang {a}"
            posts.append((aid, "Sekretaris Dinas" if a == 0 else f"Kepala Bidang {a}", "administrator", "kadis", unit))
        staff: dict[str, list[tuple[str, list[str]]]] = {a: [] for a in admins}
        pengawas = []
        for w in range(n_pengawas):
            aid = admins[w % n_admin]
            jenjang = "pengawas" if w % 2 == 0 else "fungsional"
            wid = f"{'kasi' if jenjang == 'pengawas' else 'katim'}-{w + 1}"
            label = ("Kepala Seksi" if jenjang == "pengawas" else "Ketua Tim Kerja") + f" {w + 1}"
            posts.append((wid, label, jenjang, aid, f"Bidang {admins.index(aid)}" if aid != "sekretaris" else "Sekretariat"))
            entry = (wid, [])
            staff[aid].append(entry)
            pengawas.append(entry)
        for e in range(n_pelaksana):
            wid, pel = pengawas[e % len(pengawas)]
            eid = f"pelaksana-{e + 1}"
            posts.append((eid, f"Pengadministrasi {e + 1}", "pelaksana", wid, "Pelaksana"))
            pel.append(eid)
        for a in admins:  # every program needs a kegiatan owner below its administrator
            if not staff[a]:
                staff[a].append((a, []))
        lines = []
        for n, (jid, label, jenjang, atasan, unit) in enumerate(posts):
            golongan = {"jpt_pratama": "IV/c", "administrator": "IV/b", "pengawas": "III/d",
                        "fungsional": "III/c", "pelaksana": "II/c"}[jenjang]
            lines += [
                f"  - id: {jid}",
                f"    nama: {q(label)}",
                f"    jenjang: {jenjang}",
                f"    unit_kerja: {q(unit)}",
                f"    atasan: {atasan}",
                "    pejabat:",
                f'      - mulai: "{2020 + n % 5}-01-0{1 + n % 9}"',
                f"        nama: {q(self.person())}",
                f'        nip: "{self.nip(n + 1)}"',
                "        pangkat: Penata",
                f"        golongan: {golongan}",
                "        status: definitif",
            ]
        return lines, admins, staff

    def opd_yaml(self, key: str, nama: str, bidang: str, jabatan: list[str]) -> str:
        return "\n".join([
            "# Profil perangkat daerah sintetis (python -m bench.synth).",
            "opd:",
            f"  nama: {q(nama)}",
            f"  singkatan: {q(key.upper())}",
            f"  alamat: {q(f'Jl. Sintetis No. {self_num(key)}, Sintetis')}",
            f"  email: {key}@sintetis.go.id",
            f'  bidang_urusan: ["{bidang}"]',
            "  mentor:",
            f"    - nama: {q(self.person())}",
            "      jabatan: Perencana Ahli Madya, Bappeda Kota Sintetis",
            "",
            "jabatan:",
            *jabatan,
        ]) + "\n"

    def renstra_yaml(self, i: int, giver: str | None) -> str:
        shape = self.shape
        lines = ["# Tujuan dan sasaran Renstra PD sintetis.", "tujuan:"]
        s_no = 0
        for t in range(shape.tujuan):
            rs = (i * shape.tujuan + t) % self.n_rs + 1
            lines += [f"  - id: T{t + 1}", f"    uraian: {q(f'Meningkatnya {self.phrase()} perangkat daerah')}",
                      f"    mendukung: [RS{rs}]", "    penanggung_jawab: kadis", "    indikator:"]
            lines += self.indikator(f"T{t + 1}-I1", f"Indeks {self.phrase()}", " " * 6, iku=True)
            lines += ["    sasaran:"]
            for _ in range(2 if s_no + 2 <= shape.sasaran else shape.sasaran - s_no):
                s_no += 1
                lines += [f"      - id: S{s_no}", f"        uraian: {q(f'Meningkatnya kualitas {self.phrase()}')}",
                          "        penanggung_jawab: kadis", "        indikator:"]
                lines += self.indikator(f"S{s_no}-I1", f"Persentase {self.phrase()} yang memenuhi standar", " " * 10, iku=True)
                lines += ["        strategi:",
                          f"          - uraian: {q(f'Memperkuat {self.phrase()} berbasis data')}",
                          "            arah_kebijakan:",
                          f"              - {q(f'Peningkatan {self.phrase()} setiap tahun')}"]
                if s_no == 1 and giver:
                    lines.append(f"        crosscutting_diterima: [{{opd: {giver}, node: SK1-1-1}}]")
        return "\n".join(lines) + "\n"

    def program_yaml(self, p: int, kode: str, opd_nama: str, admin: str, staff, sub_counts: list[int],
                     receiver: str | None) -> str:
        pid = f"P{p + 1}"
        nama = f"PROGRAM {self.rng.choice(KATA_KERJA).upper()} {self.phrase().upper()} {p + 1}"
        self.nomenklatur.append((kode, "program", nama, ""))
        lines = [f"# Program sintetis {p + 1} {opd_nama}.", "program:", f"  id: {pid}", f'  kode: "{kode}"',
                 f"  nama: {q(nama)}", f"  sasaran: S{p % self.shape.sasaran + 1}",
                 f"  uraian: {q(f'Meningkatnya {self.phrase()} program {p + 1}')}",
                 f"  penanggung_jawab: {admin}", "  indikator:"]
        lines += self.indikator(f"{pid}-I1", f"Persentase capaian {self.phrase()}", " " * 4)
        lines += ["  kegiatan:"]
        for k, n_sub in enumerate(sub_counts):
            kid, kkode = f"K{p + 1}-{k + 1}", f"{kode}.2.{k + 1:02d}"
            owner, pelaksana = staff[k % len(staff)]
            knama = f"{self.rng.choice(KATA_KERJA)} {self.phrase()} {p + 1}.{k + 1}"
            self.nomenklatur.append((kkode, "kegiatan", knama, ""))
            lines += [f"    - id: {kid}", f'      kode: "{kkode}"', f"      nama: {q(knama)}",
                      f"      uraian: {q(f'Terselenggaranya {self.phrase()}')}", f"      penanggung_jawab: {owner}",
                      "      indikator:"]
            lines += self.indikator(f"{kid}-I1", f"Persentase {self.phrase()} yang terselesaikan", " " * 8)
            lines += ["      sub_kegiatan:"]
            for s in range(n_sub):
                sid, skode = f"SK{p + 1}-{k + 1}-{s + 1}", f"{kkode}.{s + 1:04d}"
                sowner = pelaksana[s % len(pelaksana)] if pelaksana and s % 2 else owner
                snama = f"{self.rng.choice(KATA_KERJA)} {self.phrase()} {p + 1}.{k + 1}.{s + 1}"
                satuan = self.rng.choice(SATUAN)[0]
                self.nomenklatur.append((skode, "sub_kegiatan", snama, satuan))
                start = self.rng.randint(50, 900) * 1_000_000
                pagu = [start + self.rng.randint(0, 20) * 5_000_000 * (y + 1) for y in range(5)]
                lines += [f"        - id: {sid}", f'          kode: "{skode}"', f"          nama: {q(snama)}",
                          f"          penanggung_jawab: {sowner}", "          lokasi: Kota Sintetis", "          indikator:"]
                lines += self.indikator(f"{sid}-I1", f"Jumlah {self.phrase()} yang dilaksanakan", " " * 12, "jumlah")
                if receiver and k == 0 and s == 0:
                    lines.append(f'          crosscutting: [{{opd: {receiver}, node: S1, keterangan: "Dukungan lintas OPD"}}]')
                lines.append(f"          pagu: {yearmap(pagu)}")
                # the DPA of the year built, as adopted (equal to the pagu): a PK shows the adopted budget (R085)
                lines.append(f"          anggaran: {{{YEARS[1]}: {{dpa: {pagu[1]}}}}}")
        return "\n".join(lines) + "\n"

    def narasi(self, nama: str, judul: str) -> str:
        r = self.rng
        para = " ".join(f"{r.choice(KATA_KERJA)} {self.phrase()} menjadi perhatian {nama} Kota Sintetis."
                        for _ in range(6))
        items = "\n".join(f"{n}. {r.choice(KATA_KERJA)} {self.phrase()};" for n in range(1, 6))
        return f"# {judul}\n\n{para}\n\n{items}\n\n{para}\n"

    # ------------------------------------------------------------ everything

    def files(self) -> dict[str, str]:
        """Every file of the synthetic repository, path → text, in a fixed order."""
        out = {}
        opd_files = {}
        for i, key in enumerate(self.keys):  # OPDs first: they fill the nomenklatur
            for rel, text in self.opd_files(i).items():
                opd_files[f"data/opd/{key}/{rel}"] = text
        out["data/pemda.yaml"] = self.pemda_yaml()
        rows = ["kode,level,nama,satuan_if_known,source_repo_path"]
        for kode, level, nama, satuan in self.nomenklatur:
            rows.append(",".join([kode, level, csv_cell(nama), csv_cell(satuan), "sintetis"]))
        out["data/referensi/nomenklatur.csv"] = "\n".join(rows) + "\n"
        out.update(opd_files)
        return out


def self_num(key: str) -> int:
    return int("".join(c for c in key if c.isdigit()) or 0)


def csv_cell(text: str) -> str:
    return f'"{text}"' if ("," in text or '"' in text) else text


def generate(out: str, n_opd: int, sub: int, pejabat: int, seed: int) -> dict:
    """Write the synthetic repository's data/ under `out` (replacing an earlier data/); returns its size."""
    files = Gen(n_opd, sub, pejabat, seed).files()
    data = os.path.join(out, "data")
    if os.path.isdir(data):
        shutil.rmtree(data)  # a smaller run must not leave the OPDs of a larger one behind
    total = 0
    for rel, text in files.items():
        path = os.path.join(out, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        raw = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(raw)
        total += len(raw)
    shape = Shape.of(sub)
    return {"opd": n_opd, "sub_per_opd": sub, "pejabat_per_opd": pejabat, "files": len(files), "bytes": total,
            "program_per_opd": shape.program, "kegiatan_per_opd": shape.kegiatan, "sasaran_per_opd": shape.sasaran}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.synth",
                                description="Tulis Pemda sintetis yang sah menurut skema, untuk benchmark.")
    p.add_argument("--opd", type=int, default=40, help="jumlah OPD (bawaan 40)")
    p.add_argument("--sub", type=int, default=300, help="sub kegiatan per OPD (bawaan 300)")
    p.add_argument("--pejabat", type=int, default=30, help="jabatan per OPD (bawaan 30)")
    p.add_argument("--seed", type=int, default=1, help="benih acak; argumen yang sama memberi berkas yang sama persis")
    p.add_argument("--out", required=True, help="folder tujuan; data/ di dalamnya ditimpa")
    a = p.parse_args(argv)
    try:
        info = generate(a.out, a.opd, a.sub, a.pejabat, a.seed)
    except ValueError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    print(f"Pemda sintetis ditulis ke {a.out}/data: {info['opd']} OPD × {info['sub_per_opd']} sub kegiatan × "
          f"{info['pejabat_per_opd']} jabatan; {info['files']} berkas, {info['bytes'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
