"""`cascade impor excel FILE… --opd NAMA`: read the workbooks, print every finding, write the YAML.

Nothing is written while an error remains (a file that is not a workbook, no table found, a
hand-edited file without --timpa); warnings (cells that could not be read, values written as null)
are printed and the YAML is written, for the planner to review with `git diff` or `make review`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from cascade.diagnostics import Diagnostic, Loc, Severity, error, relpath, warning
from cascade.impor.excel import read_workbook
from cascade.impor.jabatan import load_jabatan, read_yaml
from cascade.impor.model import ImportedOpd, nodes
from cascade.impor.profil import load_profil
from cascade.impor.tulis import write_opd
from cascade.load.sources import OPD_DIR


def scales(root: Path) -> dict[str, list[str]]:
    """The predicate scales of data/pemda.yaml: name → values (`skala.<name>.urutan`)."""
    data = read_yaml(root / "data" / "pemda.yaml", root) or {}
    found = data.get("skala") if isinstance(data.get("skala"), dict) else {}
    return {name: [str(v) for v in s["urutan"]] for name, s in sorted(found.items())
            if isinstance(s, dict) and isinstance(s.get("urutan"), list)}


def assign_scales(model: ImportedOpd, known: dict[str, list[str]], display: str) -> list[Diagnostic]:
    """An indicator with predicate values gets the one scale of data/pemda.yaml that holds them all;
    when none or several do, it is told (I026) and left for the planner."""
    problems = []
    for ind in (i for node in nodes(model) for i in node.indikator):
        texts = {v for v in (ind.baseline, ind.kondisi_akhir, *ind.target.values()) if isinstance(v, str)}
        if not texts or ind.skala:
            continue
        fits = [name for name, values in known.items() if texts <= set(values)]
        if len(fits) == 1:
            ind.skala = fits[0]
            continue
        values = ", ".join(sorted(texts))
        problems.append(warning(
            Loc(ind.sumber or display), "I026",
            f"nilai teks ({values}) indikator \"{ind.nama}\" " + (
                "tidak termuat dalam satu skala pun di data/pemda.yaml" if not fits else
                f"cocok dengan beberapa skala ({', '.join(fits)})"),
            "tambahkan `skala` pada indikatornya (dan skalanya di data/pemda.yaml bila belum ada)"))
    return problems


def plan_context(root: Path) -> tuple[tuple[int, int] | None, int | None]:
    """The plan period and tahun dasar from data/pemda.yaml, when it states them."""
    data = read_yaml(root / "data" / "pemda.yaml", root) or {}
    rpjmd = data.get("rpjmd") if isinstance(data.get("rpjmd"), dict) else {}
    periode = rpjmd.get("periode") if isinstance(rpjmd.get("periode"), dict) else {}
    awal, akhir = periode.get("awal"), periode.get("akhir")
    period = (awal, akhir) if isinstance(awal, int) and isinstance(akhir, int) else None
    dasar = rpjmd.get("tahun_dasar") if isinstance(rpjmd.get("tahun_dasar"), int) else None
    return period, dasar


def run_excel(root: str, files: list[str], opd: str, profil: str | None = None, timpa: bool = False,
              out=sys.stdout) -> int:
    root_path = Path(root)
    diags: list[Diagnostic] = []
    prof = None
    if profil:
        prof, found = load_profil(Path(profil), profil)
        diags += found
    period, dasar = plan_context(root_path)
    jabatan = load_jabatan(root_path, opd)
    if not jabatan.exists:
        diags.append(warning(Loc(f"{OPD_DIR}/{opd}/opd.yaml"), "I017",
                             "opd.yaml OPD ini belum ada atau belum terbaca; setiap penanggung jawab ditulis `kepala`",
                             f"buat dulu kerangkanya dengan `make opd-baru nama={opd}` dan isi jabatannya, lalu impor lagi"))
    model = None
    for name in files:
        result = read_workbook(Path(name), opd, display=Path(name).name, period=period, tahun_dasar=dasar,
                               jabatan=jabatan, profil=prof, model=model)
        model = result.model
        diags += result.diagnostics
    if model is not None:
        model.sumber = ", ".join(Path(f).name for f in files)
        diags += assign_scales(model, scales(root_path), model.sumber)
    written = None
    if not any(d.severity is Severity.ERROR for d in diags) and model is not None:
        if not (root_path / "data").is_dir():
            diags.append(error(Loc("--root"), "I019", f"folder {root_path}/data tidak ada: ini bukan repositori Pemda",
                               "jalankan dari folder repositori Pemda, atau beri --root"))
        else:
            written = write_opd(root_path, model, timpa=timpa)
            diags += written.diagnostics
    for d in diags:
        print(d.format(), file=out)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    if written is not None and not errors:
        for path in written.written:
            print(f"ditulis {relpath(path, root_path)}", file=out)
        for path in written.removed:
            print(f"dihapus {relpath(path, root_path)} (program tidak ada lagi di tabel)", file=out)
        if not written.written and not written.removed:
            print("Tidak ada perubahan: data hasil impor sama dengan berkas yang ada.", file=out)
        else:
            print("Periksa perubahannya dengan `git diff` atau `make review`, lalu jalankan `make validate "
                  f"opd={opd}`.", file=out)
    warnings = len(diags) - errors
    print(f"{errors} galat, {warnings} peringatan.", file=out)
    return 1 if errors else 0
