"""What a broken Word template, git, or a mistyped command-line argument does to a run: one Indonesian
line naming the file or argument, what is wrong and how to fix it; a non-zero exit; no traceback, no
"galat internal" (X001); and no document written or changed. Each case runs `python -m cascade` as a
planner would, on a copy of the example.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, copy_example, run_cli, tree_files

OPD = "inspektorat"  # the smallest OPD of the example: its build is the quickest
RESTORE = "pulihkan dengan `git checkout {0}` atau simpan ulang dari Word sebagai .docx"


def clean_failure(result, status: int = 1) -> str:
    """The run failed as a planner should see it; returns everything it printed."""
    printed = result.stdout + result.stderr
    assert result.returncode == status, printed
    assert "Traceback" not in printed and "X001" not in printed and "galat internal" not in printed, printed
    return printed


def lines_of(printed: str) -> list[str]:
    return printed.splitlines()


def nothing_built(out) -> None:
    """No document of the OPD is written; only the caches beside the documents (build/.cache) may exist."""
    assert not os.path.exists(os.path.join(out, OPD))
    assert set(os.listdir(out)) <= {".cache"} if os.path.isdir(out) else True


def build(repo, out, *extra, env=None):
    return run_cli("--root", repo, "build", "--opd", OPD, "--out", str(out), *extra, env=env)


def rewrite(path: str, member: str, old: str | None, new: str | None) -> None:
    """Replace `old` by `new` in one member of a .docx (or drop the member when `new` is None)."""
    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    if new is None:
        del members[member]
    else:
        text = members[member].decode("utf-8")
        assert old in text, f"{old!r} not in {member}"
        members[member] = text.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)


def without_dac_override(*args, cwd=ROOT):
    """`python -m cascade` unable to read past file permissions: root reads every file whatever its
    mode, so the run drops that power (setpriv) when the tests run as root."""
    prefix = []
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        prefix = [shutil.which("setpriv"), f"--inh-caps={caps}", f"--bounding-set={caps}"]
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([*prefix, sys.executable, "-m", "cascade", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


# ---------------------------------------------------------------- Word templates


def _not_a_zip(path):
    with open(path, "wb") as fh:
        fh.write(b"ini bukan dokumen Word")


def _empty(path):
    open(path, "wb").close()


def _folder(path):
    os.remove(path)
    os.makedirs(os.path.join(path, "isi"))


def _old_doc(path):  # what Word 97–2003 (and a password-protected document) starts with
    with open(path, "wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


def _dotx(path):
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    rewrite(path, "[Content_Types].xml", main, main.replace("document.main", "template.main"))


FILLED_NOT_XML = ("hasil pengisian templat bukan XML yang utuh: sebuah tag menyisipkan tanda XML (misalnya lewat "
                  "`|safe`)")
BROKEN = {
    "not a zip": ("templates/renstra/bab-6.docx", _not_a_zip, "T005",
                  "templat bukan berkas .docx: isinya bukan arsip zip (terpotong, atau berkas lain yang diberi nama "
                  ".docx)", RESTORE),
    "empty": ("templates/renstra/bab-5.docx", _empty, "T004", "templat kosong (0 bait)", RESTORE),
    "a folder": ("templates/renstra/bab-4.docx", _folder, "T002", "di tempat templat ini ada folder, bukan berkas .docx",
                 "pindahkan atau hapus yang ada di {0}, lalu pulihkan dengan `git checkout {0}`"),
    "Word 97-2003": ("templates/pk/pk-opd.docx", _old_doc, "T005",
                     "templat ini dokumen Word lama (.doc) atau dilindungi kata sandi, bukan .docx", RESTORE),
    "no document.xml": ("templates/pk/pk-opd.docx", lambda p: rewrite(p, "word/document.xml", None, None), "T006",
                        "templat tidak memuat bagian word/document.xml, jadi bukan dokumen Word yang utuh", RESTORE),
    "broken XML": ("templates/renstra/bab-7.docx",
                   lambda p: rewrite(p, "word/document.xml", "</w:body>", "</w:bod>"), "T007",
                   "bagian word/document.xml di dalam templat bukan XML yang utuh (terpotong atau disunting di luar "
                   "Word)", RESTORE),
    "a .dotx": ("templates/renstra/bab-8.docx", _dotx, "T008",
                "templat disimpan sebagai templat Word (.dotx), bukan dokumen Word (.docx)",
                "buka di Word, pilih Simpan Sebagai → Dokumen Word (*.docx) dengan nama yang sama, atau pulihkan "
                "dengan `git checkout {0}`"),
    "unclosed {{": ("templates/renstra/bab-6.docx",
                    lambda p: rewrite(p, "word/document.xml", "{{ opd.nama }}, diolah", "{{ opd.nama , diolah"), "T009",
                    "tag di templat salah tulis: `{{` tidak ditutup dengan `}}`, di paragraf "
                    "“Sumber: {{ opd.nama , diolah dari data cascading Renstra.”",
                    "perbaiki tag itu di Word (lihat templates/renstra/README.md) atau pulihkan dengan `git checkout {0}`"),
    "unknown tag": ("templates/renstra/bab-7.docx",
                    lambda p: rewrite(p, "word/document.xml", "{{ tahun_dasar }}", "{% foo %}"), "T009",
                    "tag di templat salah tulis: tag `{% foo %}` tidak dikenal, di paragraf "
                    "“Kondisi Kinerja pada Awal Periode RPJMD ({% foo %})”",
                    "perbaiki tag itu di Word (lihat templates/renstra/README.md) atau pulihkan dengan `git checkout {0}`"),
    "undefined in a loop": ("templates/renstra/bab-4.docx",
                            lambda p: rewrite(p, "word/document.xml", "{{ r.indikator }}", "{{ r.indikatorr }}"),
                            "T010", "tag `{{ r.indikatorr }}` memakai nama `indikatorr` yang tidak ada",
                            "maksudnya `r.indikator`? nama yang tersedia dijelaskan di templates/renstra/README.md"),
    "undefined name": ("templates/renstra/bab-8.docx",
                       lambda p: rewrite(p, "word/document.xml", "{{ tempat }}", "{{ tempatt }}"), "T010",
                       "tag `{{ tempatt }}` memakai nama `tempatt` yang tidak ada",
                       "maksudnya `tempat`? nama yang tersedia dijelaskan di templates/renstra/README.md"),
    "undefined in the PK": ("templates/pk/pk-opd.docx",
                            lambda p: rewrite(p, "word/document.xml", "{{ pk.pertama.nama }}", "{{ pk.pertama.namaa }}"),
                            "T010", "tag `{{ pk.pertama.namaa }}` memakai nama `namaa` yang tidak ada",
                            "maksudnya `pk.pertama.nama`? nama yang tersedia dijelaskan di templates/pk/README.md"),
    "a tag that raises": ("templates/renstra/bab-7.docx",
                          lambda p: rewrite(p, "word/document.xml", "{{ tahun_dasar }}", "{{ 1 / 0 }}"), "T011",
                          "tag di templat tidak dapat dijalankan dengan data ini (pembagian dengan nol), di paragraf "
                          "“Kondisi Kinerja pada Awal Periode RPJMD ({{ 1 / 0 }})”",
                          "sederhanakan tag itu (lihat templates/renstra/README.md) atau pulihkan dengan `git checkout {0}`"),
    "filled not XML": ("templates/renstra/bab-8.docx",
                       lambda p: rewrite(p, "word/document.xml", "{{ tempat }}", "{{ '%c'|format(60)|safe }}"), "T012",
                       FILLED_NOT_XML, "hapus `|safe` atau tanda `<`, `>` dari tag di templat, atau pulihkan dengan "
                       "`git checkout {0}`"),
    "filled not XML, whole": ("templates/renstra/renstra-lengkap.docx",
                              lambda p: rewrite(p, "word/document.xml", "{{ tahun_penetapan }}",
                                                "{{ '%c'|format(60)|safe }}"), "T012",
                              FILLED_NOT_XML, "hapus `|safe` atau tanda `<`, `>` dari tag di templat, atau pulihkan "
                              "dengan `git checkout {0}`"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_template_is_one_located_line_and_nothing_is_built(tmp_repo, tmp_path, case):
    rel, breaks, code, message, hint = BROKEN[case]
    breaks(os.path.join(tmp_repo, rel))
    out = tmp_path / "build"
    printed = clean_failure(build(tmp_repo, out))
    assert f"{rel}: galat {code}: {message} (saran: {hint.format(rel)})" in lines_of(printed), printed
    assert [line for line in lines_of(printed) if " galat " in line] == \
        [f"{rel}: galat {code}: {message} (saran: {hint.format(rel)})"]
    nothing_built(out)


def test_every_broken_template_is_reported_in_the_same_run(tmp_repo, tmp_path):
    _empty(os.path.join(tmp_repo, "templates/renstra/bab-5.docx"))
    rewrite(os.path.join(tmp_repo, "templates/renstra/bab-4.docx"), "word/document.xml", "{{ r.indikator }}", "{{ r.x }}")
    rewrite(os.path.join(tmp_repo, "templates/renstra/bab-narasi.docx"), "word/document.xml", "{{ isi }}", "{{ isi")
    _not_a_zip(os.path.join(tmp_repo, "templates/pk/pk-opd.docx"))
    printed = clean_failure(build(tmp_repo, tmp_path / "build"))
    blamed = sorted(line.split(": galat ")[0] for line in lines_of(printed) if ": galat " in line)
    assert blamed == ["templates/pk/pk-opd.docx", "templates/renstra/bab-4.docx", "templates/renstra/bab-5.docx",
                      "templates/renstra/bab-narasi.docx"], printed
    nothing_built(tmp_path / "build")


def test_documents_already_built_are_left_as_they_were(tmp_repo, tmp_path):
    out = tmp_path / "build"
    assert build(tmp_repo, out).returncode == 0
    before = tree_files(out / OPD)
    _empty(os.path.join(tmp_repo, "templates/renstra/bab-6.docx"))
    printed = clean_failure(build(tmp_repo, out))
    assert "templates/renstra/bab-6.docx: galat T004: templat kosong (0 bait)" in printed
    assert tree_files(out / OPD) == before


def test_a_pemda_template_is_named_too(tmp_repo, tmp_path):
    rel = "templates/pk/pk-kepala-daerah.docx"
    _not_a_zip(os.path.join(tmp_repo, rel))
    out = tmp_path / "build"
    printed = clean_failure(run_cli("--root", tmp_repo, "build-pemda", "--out", str(out)))
    assert any(line.startswith(f"{rel}: galat T005: ") for line in lines_of(printed)), printed
    assert not os.path.exists(out / "pemda")


def test_an_unreadable_template(tmp_repo, tmp_path):
    rel = "templates/renstra/bab-narasi.docx"
    os.chmod(os.path.join(tmp_repo, rel), 0)
    out = tmp_path / "build"
    printed = clean_failure(without_dac_override("--root", tmp_repo, "build", "--opd", OPD, "--out", str(out)))
    assert (f"{rel}: galat T003: templat tidak dapat dibaca (izin baca tidak ada) (saran: beri izin baca, misalnya "
            f"`chmod a+r {rel}`, lalu jalankan lagi)") in lines_of(printed), printed
    nothing_built(out)


def test_a_template_missing_from_the_repository_and_from_cascade(tmp_path):
    """A checkout of Cascade itself (its own templates are the fallback, so both are gone)."""
    root = copy_example(tmp_path / "repo")
    shutil.copytree(os.path.join(ROOT, "cascade"), os.path.join(root, "cascade"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    rel = "templates/renstra/bab-7.docx"
    os.remove(os.path.join(root, rel))
    out = os.path.join(root, "build")
    result = subprocess.run([sys.executable, "-m", "cascade", "build", "--opd", OPD], cwd=root,
                            env=dict(os.environ, PYTHONPATH=root), capture_output=True, text=True, timeout=600)
    printed = clean_failure(result)
    assert (f"{rel}: galat T001: templat Word ini tidak ditemukan (saran: pulihkan dengan `git checkout {rel}`, "
            "atau salin templat itu dari repositori Cascade)") in lines_of(printed), printed
    nothing_built(out)


# ---------------------------------------------------------------- git


def git(root, *args, env=None):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})))


def committed(root, commits: int = 1) -> str:
    git(root, "init", "-q", "-b", "main")
    for n in range(commits):
        with open(os.path.join(root, "data", "catatan.txt"), "w") as fh:
            fh.write(f"komit {n}\n")
        git(root, "add", "-A")
        git(root, "-c", "user.email=p@example.go.id", "-c", "user.name=Perencana", "commit", "-qm", f"komit {n}")
    return root


NOT_A_REPOSITORY = ("git: galat G004: folder {0} bukan repositori git (saran: jalankan di dalam repositori git "
                    "(hasil `git clone`), atau tanpa `--sejak`/`base=`)")
NO_SUCH_REVISION = ("git: galat G005: revisi `{0}` tidak ada di repositori ini (saran: periksa ejaannya (`git branch "
                    "-a`, `git log --oneline`); bila ada di server, ambil dulu dengan `git fetch origin {1}`)")
# the tests' temporary folders are outside any repository; git must not look above them either way
OUTSIDE = {"GIT_CEILING_DIRECTORIES": os.path.dirname(ROOT)}


def no_build_folder(root) -> None:
    assert not os.path.exists(os.path.join(root, "build"))


def no_report(command) -> int:
    """The exit status when git cannot give what was asked: `review` says 2 (no report; 1 means the
    change adds errors), `validate` says 1 as for any finding."""
    return 2 if command[0] == "review" else 1


@pytest.mark.parametrize("command", [["review", "--tanpa-dokumen"], ["validate", "--sejak", "main"]])
def test_outside_a_git_repository(tmp_repo, command):
    result = run_cli(*command, cwd=tmp_repo, env={"GIT_CEILING_DIRECTORIES": os.path.dirname(tmp_repo)})
    assert lines_of(clean_failure(result, no_report(command))) == [NOT_A_REPOSITORY.format(tmp_repo)]
    no_build_folder(tmp_repo)


@pytest.mark.parametrize("command,rev,branch", [
    (["review", "--tanpa-dokumen", "--base", "origin/mian"], "origin/mian", "mian"),
    (["validate", "--sejak", "rilis-2026"], "rilis-2026", "rilis-2026"),
])
def test_an_unknown_revision(tmp_repo, command, rev, branch):
    committed(tmp_repo)
    result = run_cli(*command, cwd=tmp_repo)
    assert lines_of(clean_failure(result, no_report(command))) == [NO_SUCH_REVISION.format(rev, branch)]
    no_build_folder(tmp_repo)


def test_a_revision_that_looks_like_an_option_is_not_passed_to_git(tmp_repo):
    committed(tmp_repo)
    result = run_cli("validate", "--sejak=--output=bocor.txt", cwd=tmp_repo)
    assert lines_of(clean_failure(result)) == [
        "git: galat G005: revisi `--output=bocor.txt` tidak ada di repositori ini (saran: periksa ejaannya "
        "(`git branch -a`, `git log --oneline`))"]
    assert not os.path.exists(os.path.join(tmp_repo, "bocor.txt"))


@pytest.mark.parametrize("command", [["review", "--tanpa-dokumen", "--base", "HEAD~1"], ["validate", "--sejak", "HEAD~1"]])
def test_a_shallow_clone_without_the_base(tmp_path, command):
    origin = committed(copy_example(tmp_path / "asal"), commits=2)
    clone = str(tmp_path / "klon")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", clone)
    result = run_cli(*command, cwd=clone)
    assert lines_of(clean_failure(result, no_report(command))) == [
        "git: galat G006: revisi `HEAD~1` tidak ada di klon dangkal (shallow) ini (saran: ambil riwayatnya dengan "
        "`git fetch --unshallow origin` (di GitHub Actions: `fetch-depth: 0` pada actions/checkout))"]
    no_build_folder(clone)


def test_a_repository_without_commits(tmp_repo):
    git(tmp_repo, "init", "-q", "-b", "main")
    result = run_cli("review", "--tanpa-dokumen", cwd=tmp_repo)
    assert lines_of(clean_failure(result, status=2)) == [
        "git: galat G007: repositori git ini belum punya commit (saran: buat commit pertama dulu (`git add -A` lalu "
        "`git commit`))"]


def test_git_not_installed(tmp_repo, tmp_path):
    committed(tmp_repo)
    empty = tmp_path / "tanpa-git"
    empty.mkdir()
    result = run_cli("review", "--tanpa-dokumen", cwd=tmp_repo, env={"PATH": str(empty)})
    assert lines_of(clean_failure(result, status=2)) == [
        "git: galat G003: program `git` tidak ditemukan (saran: pasang git (`sudo apt-get install git`), lalu "
        "jalankan lagi)"]


def test_a_repository_of_another_user(tmp_repo):
    committed(tmp_repo)
    result = run_cli("validate", "--sejak", "main", cwd=tmp_repo, env={"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"})
    assert lines_of(clean_failure(result)) == [
        f"git: galat G010: git menolak membaca repositori {tmp_repo} karena pemiliknya pengguna lain (saran: "
        f"percayai repositori itu dengan `git config --global --add safe.directory {tmp_repo}`)"]


def test_a_review_of_a_good_base_still_works(tmp_repo):
    committed(tmp_repo, commits=2)
    result = run_cli("review", "--tanpa-dokumen", "--base", "HEAD~1", cwd=tmp_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- command-line arguments


@pytest.mark.parametrize("args,line", [
    (["build", "--tahun", "20x6"],
     "--tahun: galat A005: tahun harus empat angka, bukan `20x6` (saran: tulis tahun empat angka dalam periode RPJMD "
     "2025–2029, misalnya `tahun=2026` (make) atau `--tahun 2026`)"),
    (["evaluasi", "--tahun", "26"],
     "--tahun: galat A005: tahun harus empat angka, bukan `26` (saran: tulis tahun empat angka dalam periode RPJMD "
     "2025–2029, misalnya `tahun=2026` (make) atau `--tahun 2026`)"),
    (["build", "--tahun"],
     "--tahun: galat A003: opsi --tahun butuh nilai (saran: tulis nilainya sesudah opsi itu, misalnya `--tahun 2026`)"),
    (["validate", "--format", "xml"],
     "--format: galat A004: `xml` bukan pilihan untuk --format (saran: pilih salah satu: teks, github)"),
    (["validate", "--format", "gitub"],
     "--format: galat A004: `gitub` bukan pilihan untuk --format (saran: maksudnya `github`? pilih salah satu: teks, github)"),
    (["biuld"],
     "python -m cascade: galat A001: perintah `biuld` tidak dikenal (saran: maksudnya `build`? perintah yang ada: "
     "validate, build, build-pemda, evaluasi, review, pdf, codeowners, daftar-aturan, daftar-opd, init, opd-baru, skema, "
     "salin-templat, periksa-alat, bandingkan-hasil, impor, pratinjau, situs)"),
    ([],
     "python -m cascade: galat A001: perintah belum diberikan (saran: misalnya `python -m cascade validate`; daftar "
     "perintah: `python -m cascade --help`)"),
    (["build", "--opd", OPD, "--bersih"],
     "--bersih: galat A002: `--bersih` tidak dikenal oleh perintah ini (saran: lihat `python -m cascade build --help` "
     "untuk opsi yang ada)"),
    (["build", "--s", "main"],
     "--s: galat A007: opsi `--s` bisa berarti --strict, --sejak, --semua (saran: tulis nama opsinya lengkap)"),
    (["validate", "--strict=ya"],
     "--strict: galat A003: opsi --strict tidak memakai nilai (saran: tulis --strict saja, tanpa `=…`)"),
    (["build", "--jobs", "dua"],
     "--jobs: galat A006: nilainya harus bilangan bulat 1 atau lebih, bukan `dua` (saran: misalnya `--jobs 2`)"),
    (["pdf", "--jobs", "-1"],
     "--jobs: galat A006: nilainya harus bilangan bulat 1 atau lebih, bukan `-1` (saran: misalnya `--jobs 2`)"),
])
def test_an_argument_mistake_is_one_indonesian_line(tmp_repo, args, line):
    printed = clean_failure(run_cli(*args, cwd=tmp_repo), status=2)
    assert lines_of(printed) == [line]
    for english in ("usage", "error:", "invalid", "argument", "expected", "choose from"):
        assert english not in printed
    no_build_folder(tmp_repo)


def test_help_is_indonesian():
    printed = run_cli("build", "--help").stdout
    assert printed.startswith("pemakaian: python -m cascade build")
    assert "tampilkan bantuan ini lalu keluar" in printed and "opsi:" in printed
    assert "usage" not in printed and "show this help" not in printed and "options:" not in printed


@pytest.mark.parametrize("args,line", [
    (["--root", "tidak-ada", "validate"],
     "--root: galat A008: folder repositori `tidak-ada` tidak ada (saran: beri folder yang berisi data/pemda.yaml, "
     "misalnya `--root .`)"),
    (["build", "--out", "catatan.txt"],
     "--out: galat A008: `catatan.txt` bukan folder (saran: beri --out folder lain, atau pindahkan `catatan.txt`)"),
    (["evaluasi", "--out", "catatan.txt/hasil"],
     "--out: galat A008: `catatan.txt` bukan folder, jadi `catatan.txt/hasil` tidak dapat dibuat (saran: beri --out "
     "folder lain, atau pindahkan `catatan.txt`)"),
    (["review", "--keluaran", "data"],
     "--keluaran: galat A008: `data` adalah folder, bukan berkas (saran: beri nama berkas, misalnya `--keluaran laporan.md`)"),
])
def test_a_path_on_the_command_line_that_cannot_be_used(tmp_repo, args, line):
    with open(os.path.join(tmp_repo, "catatan.txt"), "w") as fh:
        fh.write("bukan folder\n")
    before = tree_files(tmp_repo)
    printed = clean_failure(run_cli(*args, cwd=tmp_repo), status=2)
    assert lines_of(printed) == [line]
    assert tree_files(tmp_repo) == before


def test_an_output_folder_that_may_not_be_written(tmp_repo):
    os.makedirs(os.path.join(tmp_repo, "hasil"))
    os.chmod(os.path.join(tmp_repo, "hasil"), 0o555)
    printed = clean_failure(without_dac_override("build", "--opd", OPD, "--out", "hasil", cwd=tmp_repo), status=2)
    assert lines_of(printed) == ["--out: galat A008: folder `hasil` tidak boleh ditulis (saran: periksa izinnya "
                                 "(misalnya `chmod u+w hasil`) atau beri --out folder lain)"]
    assert os.listdir(os.path.join(tmp_repo, "hasil")) == []


# ---------------------------------------------------------------- codeowners and pdf


def test_codeowners_in_a_folder_that_may_not_be_written(tmp_repo):
    folder = os.path.join(tmp_repo, ".github")
    os.makedirs(folder)
    os.chmod(folder, 0o555)
    printed = clean_failure(without_dac_override("codeowners", cwd=tmp_repo))
    assert lines_of(printed) == [
        ".github/CODEOWNERS: galat A009: berkas ini tidak dapat ditulis (izin tulis tidak ada) (saran: periksa izin "
        "berkas dan folder .github (misalnya `chmod u+rw .github/CODEOWNERS`), lalu jalankan lagi)"]
    assert os.listdir(folder) == []


def test_pdf_of_documents_that_cannot_be_read(tmp_path):
    folder = tmp_path / "build" / OPD / "renstra"
    folder.mkdir(parents=True)
    (folder / "bab-4.docx").write_bytes(b"bukan docx")
    locked = folder / "bab-5.docx"
    with zipfile.ZipFile(locked, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    os.chmod(locked, 0)
    printed = clean_failure(without_dac_override("pdf", "--opd", OPD, "--out", "build", cwd=str(tmp_path)))
    assert [line for line in lines_of(printed) if " galat " in line] == [
        f"build/{OPD}/renstra/bab-4.docx: galat F002: dokumen ini tidak dapat diubah menjadi PDF: berkasnya rusak "
        "(bukan arsip .docx) (saran: hapus folder hasil OPD itu (misalnya `rm -r build/<opd>`), bangun ulang dengan "
        "`make opd=<opd>`, lalu jalankan `make pdf` lagi)",
        f"build/{OPD}/renstra/bab-5.docx: galat F002: dokumen ini tidak dapat diubah menjadi PDF: berkasnya tidak "
        f"dapat dibaca (izin baca tidak ada) (saran: periksa izinnya (misalnya `chmod a+r build/{OPD}/renstra/bab-5.docx`), "
        "lalu jalankan `make pdf` lagi)"]
    assert sorted(os.listdir(folder)) == ["bab-4.docx", "bab-5.docx"]
