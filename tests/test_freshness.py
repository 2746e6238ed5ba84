"""Never a stale document: what is out of date is decided from content, and every output the
current data no longer produces is removed, whatever folder it sits in (issue 21)."""
from __future__ import annotations

import errno
import os
import re
import resource
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, mutate, run_cli, tree_files

DISKOMINFO = "data/opd/diskominfo"
SANDI = f"{DISKOMINFO}/program/2.21.02-persandian.yaml"
NEEDS_DOT = pytest.mark.skipif(shutil.which("dot") is None, reason="perlu Graphviz (`make test` memasangnya)")


def _build(repo, out, *args, **kw):
    return run_cli("build", "--opd", "diskominfo", "--out", str(out), *args, cwd=repo, **kw)


def _documents(folder) -> dict[str, bytes]:
    """The documents below `folder`: not the caches, not the manifests."""
    return {k: v for k, v in tree_files(folder).items() if not any(p.startswith(".") for p in k.split(os.sep))}


@pytest.fixture
def built(tmp_repo, tmp_path):
    out = tmp_path / "build"
    first = _build(tmp_repo, out)
    assert first.returncode == 0, first.stdout + first.stderr
    return tmp_repo, out


@NEEDS_DOT
def test_nothing_changed_builds_nothing(built):
    repo, out = built
    before = _documents(out)
    again = _build(repo, out)
    assert again.returncode == 0 and again.stdout.strip() == "Semua dokumen sudah mutakhir; tidak ada yang dibangun."
    assert _documents(out) == before


@NEEDS_DOT
def test_a_deleted_program_is_checked_and_its_errors_shown_every_time(built):
    repo, out = built
    bab6 = out / "diskominfo" / "renstra" / "bab-6.docx"
    before = _documents(out)
    assert b"Persandian" in _docx_xml(bab6)
    os.remove(os.path.join(repo, SANDI))
    for _ in range(2):  # not "mutakhir" the second time: the data still does not validate
        result = _build(repo, out)
        assert result.returncode == 1, result.stdout
        assert f"{DISKOMINFO}/" in result.stdout and ": galat R" in result.stdout  # located errors of the rules
        assert "Tidak ada dokumen yang ditulis" in result.stdout
        assert _documents(out) == before  # left as they were, never half-rebuilt


@NEEDS_DOT
def test_an_edit_with_an_old_timestamp_is_rebuilt(built):
    repo, out = built
    path = os.path.join(repo, f"{DISKOMINFO}/renstra.yaml")
    stat = os.stat(path)
    mutate(repo, f"{DISKOMINFO}/renstra.yaml", "Meningkatnya keamanan informasi pemerintah daerah",
           "Meningkatnya keamanan siber pemerintah daerah")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**12))  # as `cp -p` or a backup restores it
    result = _build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ditulis" in result.stdout
    assert b"keamanan siber" in _docx_xml(out / "diskominfo" / "renstra" / "bab-4.docx")


@NEEDS_DOT
def test_a_renamed_file_with_the_same_content_rebuilds_but_changes_no_document(built):
    repo, out = built
    before = _documents(out)
    os.rename(os.path.join(repo, SANDI), os.path.join(repo, f"{DISKOMINFO}/program/2.21.02-sandi.yaml"))
    result = _build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "diskominfo: tidak ada dokumen yang berubah" in result.stdout
    assert _documents(out) == before


@NEEDS_DOT
def test_pk_perubahan_outputs_are_removed_when_the_date_is(built):
    repo, out = built
    line = _pemda_pk_perubahan(repo)
    result = _build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    perubahan = out / "diskominfo" / "pk" / "2026" / "perubahan"
    made = sorted(os.listdir(perubahan))
    assert len(made) >= 15, made
    with open(os.path.join(repo, "data/pemda.yaml"), encoding="utf-8") as fh:
        lines = fh.readlines()
    del lines[line - 1]
    with open(os.path.join(repo, "data/pemda.yaml"), "w", encoding="utf-8") as fh:
        fh.writelines(lines)
    result = _build(repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not perubahan.exists()
    assert result.stdout.count("dihapus build") == 0  # paths are printed relative to the working folder
    assert result.stdout.count("(tidak dihasilkan lagi oleh data sekarang)") == len(made)


def _pemda_pk_perubahan(repo) -> int:
    """Date a PK Perubahan for 2026 in data/pemda.yaml; returns the line added."""
    path = os.path.join(repo, "data/pemda.yaml")
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"  # PK Perubahan[^\n]*\n  tanggal_pk_perubahan:\n    2026: [^\n]*\n", "", text)  # the example's own date
    anchor = "  kertas: F4\n"
    assert anchor in text
    head, tail = text.split(anchor, 1)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head + '  tanggal_pk_perubahan: {2026: "2026-09-15"}\n' + anchor + tail)
    return head.count("\n") + 1


@NEEDS_DOT
def test_a_current_evaluasi_survives_a_rebuild_and_a_stale_one_does_not(built):
    repo, out = built
    ev = run_cli("evaluasi", "--opd", "diskominfo", "--tahun", "2025", "--out", str(out), cwd=repo)
    assert ev.returncode == 0, ev.stdout + ev.stderr
    evaluasi = out / "diskominfo" / "evaluasi" / "2025"
    assert (evaluasi / "evaluasi-diskominfo-2025.docx").exists()
    rebuilt = _build(repo, out, "--semua")  # the same data: the evaluasi is still current
    assert rebuilt.returncode == 0 and (evaluasi / "evaluasi-diskominfo-2025.docx").exists()

    mutate(repo, f"{DISKOMINFO}/renstra.yaml", "Meningkatnya keamanan informasi pemerintah daerah",
           "Meningkatnya keamanan siber pemerintah daerah")
    changed = _build(repo, out)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert not evaluasi.exists(), "an evaluasi of the old data must not stay looking current"
    assert "evaluasi-diskominfo-2025.docx (tidak dihasilkan lagi" in changed.stdout


@NEEDS_DOT
def test_documents_of_a_deleted_opd_are_removed(tmp_repo, tmp_path):
    out = tmp_path / "build"
    assert run_cli("build", "--opd", "dispusip", "--out", str(out), cwd=tmp_repo).returncode == 0
    assert (out / "dispusip" / "renstra" / "bab-6.docx").exists()
    shutil.rmtree(os.path.join(tmp_repo, "data/opd/dispusip"))
    result = _build(tmp_repo, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "dispusip").exists()
    assert "OPD-nya tidak ada lagi di data/opd/" in result.stdout


@NEEDS_DOT
def test_a_changed_template_rebuilds_and_a_word_lock_file_does_not(built):
    repo, out = built
    template = os.path.join(repo, "templates", "renstra", "bab-6.docx")
    shutil.copy(template, os.path.join(repo, "templates", "renstra", "~$bab-6.docx"))
    idle = _build(repo, out)
    assert idle.returncode == 0 and "sudah mutakhir" in idle.stdout, idle.stdout
    _replace_in_docx(template, b"<w:t>Tabel 6.1 Rencana", b"<w:t>Tabel 6.1 Perubahan Rencana")
    os.utime(template, ns=(1, 1))  # saved with an old timestamp
    edited = _build(repo, out)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert "renstra/bab-6.docx" in edited.stdout
    assert b"Tabel 6.1 Perubahan" in _docx_xml(out / "diskominfo" / "renstra" / "bab-6.docx")


def _replace_in_docx(path, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "word/document.xml":
                assert old in data
                data = data.replace(old, new)
            z.writestr(info, data)


@NEEDS_DOT
def test_strict_does_not_call_a_folder_with_warnings_current(built):
    repo, out = built
    warned = os.path.join(repo, DISKOMINFO, "catatan.txt")  # an unknown file: warning B004
    open(warned, "w").write("catatan\n")
    loose = _build(repo, out)
    assert loose.returncode == 0 and "peringatan B004" in loose.stdout
    strict = _build(repo, out, "--strict")
    assert strict.returncode == 1 and "peringatan B004" in strict.stdout


@NEEDS_DOT
def test_rebuilds_in_two_processes_are_byte_identical(tmp_path):
    outs = [tmp_path / "satu", tmp_path / "dua"]
    for out in outs:
        result = run_cli("build", "--pemda", "--out", str(out), env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.returncode == 0, result.stdout + result.stderr
    first, second = (tree_files(o) for o in outs)
    first = {k: v for k, v in first.items() if not k.startswith(".cache")}
    second = {k: v for k, v in second.items() if not k.startswith(".cache")}
    assert len(first) > 100 and sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


# Failures of the file system: one Indonesian line naming the file, exit 1, old documents intact.

@NEEDS_DOT
def test_a_file_where_an_output_folder_should_be(built):
    repo, out = built
    shutil.rmtree(out / "diskominfo" / "excel")
    (out / "diskominfo" / "excel").write_bytes(b"bukan folder")
    mutate(repo, f"{DISKOMINFO}/renstra.yaml", "Meningkatnya keamanan informasi pemerintah daerah",
           "Meningkatnya keamanan siber pemerintah daerah")
    before = _documents(out)
    result = _build(repo, out)
    assert result.returncode == 1
    assert "/diskominfo/excel: galat E004: gagal menulis: ada berkas biasa di tempat yang seharusnya folder" in result.stdout
    assert "saran:" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert _documents(out) == before


@NEEDS_DOT
def test_a_file_size_limit_is_reported_and_changes_nothing(built):
    repo, out = built
    mutate(repo, f"{DISKOMINFO}/renstra.yaml", "Meningkatnya keamanan informasi pemerintah daerah",
           "Meningkatnya keamanan siber pemerintah daerah")
    before = _documents(out)
    limit = 64 * 1024  # every PK fits, the whole Renstra does not

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, "-m", "cascade", "build", "--opd", "diskominfo", "--out", str(out)],
                            cwd=repo, env=env, capture_output=True, text=True, preexec_fn=small_files, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "galat E002: gagal menulis: berkas melebihi batas ukuran berkas" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert _documents(out) == before
    assert not [p for p in tree_files(out) if ".tmp-" in p]


@pytest.mark.parametrize("number, code, words", [
    (errno.ENOSPC, "E001", "ruang disk (atau kuota) habis"),
    (errno.EROFS, "E003", "hanya-baca"),
    (errno.EACCES, "E003", "tidak ada izin menulis"),
])
def test_a_failing_disk_changes_no_document(tmp_path, monkeypatch, number, code, words):
    """The disk fails at the third file: nothing is renamed, the old files stay, no temporary file."""
    from cascade import write
    from cascade.build import write_folder
    from cascade.documents import Output

    out = tmp_path / "build"
    old = [Output(f"bagian/berkas-{i}.txt", b"lama") for i in range(6)]
    write_folder(str(out), old, [])
    calls = []
    real = os.fsync

    def failing(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(number, os.strerror(number))
        real(fd)

    monkeypatch.setattr(write, "WRITERS", 1)
    monkeypatch.setattr(os, "fsync", failing)
    written, removed, diags = write_folder(str(out), [Output(o.path, b"baru") for o in old], [])
    assert (written, removed) == ([], [])
    assert [d.code for d in diags] == [code]
    assert words in diags[0].message and diags[0].loc.file.endswith("bagian/berkas-2.txt")
    assert tree_files(out) == {o.path: b"lama" for o in old}


def _docx_xml(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


# Checking a change checks everything it can affect (`make validate-changed`, CI on a pull request).

def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def git_repo(tmp_repo):
    _git(tmp_repo, "init", "-q", "-b", "main")
    _git(tmp_repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(tmp_repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "awal")
    return tmp_repo


def _checked_since(repo) -> str:
    result = run_cli("validate", "--sejak", "HEAD", cwd=repo)
    assert "Traceback" not in result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith(("Pemeriksaan", "Tidak ada data"))][-1]


@pytest.mark.parametrize("path, checks", [
    ("data/opd/dispusip/renstra.yaml", "Pemeriksaan dispusip:"),
    ("data/pemda.yaml", "Pemeriksaan bappeda, diskominfo, dispusip, inspektorat:"),
    ("data/referensi/nomenklatur.csv", "Pemeriksaan bappeda, diskominfo, dispusip, inspektorat:"),
    ("schema/opd.schema.json", "Pemeriksaan bappeda, diskominfo, dispusip, inspektorat:"),
    ("templates/renstra/README.md", "Pemeriksaan bappeda, diskominfo, dispusip, inspektorat:"),
])
def test_a_change_checks_every_opd_it_can_affect(git_repo, path, checks):
    with open(os.path.join(git_repo, path), "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert _checked_since(git_repo).startswith(checks)


def test_a_change_outside_the_inputs_checks_nothing(git_repo):
    with open(os.path.join(git_repo, "CATATAN.md"), "w", encoding="utf-8") as fh:
        fh.write("catatan rapat\n")
    assert _checked_since(git_repo) == "Tidak ada data OPD yang berubah sejak HEAD."


def test_a_deleted_opd_checks_every_opd(git_repo):
    shutil.rmtree(os.path.join(git_repo, "data/opd/dispusip"))
    assert _checked_since(git_repo).startswith("Pemeriksaan bappeda, diskominfo, inspektorat:")


# Folders and files the build would otherwise pass over in silence.

@NEEDS_DOT
def test_an_opd_folder_with_a_space_is_named_and_the_others_still_built(tmp_repo, tmp_path):
    folder = os.path.join(tmp_repo, "data/opd/Dinas Kesehatan")
    shutil.copytree(os.path.join(tmp_repo, "data/opd/inspektorat"), folder)
    out = tmp_path / "build"
    result = run_cli("build", "--opd", "dispusip", "--out", str(out), cwd=tmp_repo)
    assert result.returncode == 0  # asked for one OPD: the other folder is not its business
    for _ in range(2):  # shown again when nothing else is left to build
        result = run_cli("build", "--out", str(out), cwd=tmp_repo)
        assert result.returncode == 1
        assert ("data/opd/Dinas Kesehatan/: galat B007: folder OPD `Dinas Kesehatan` tidak dibaca" in result.stdout
                and "saran: ganti nama foldernya, misalnya menjadi `dinas-kesehatan`" in result.stdout), result.stdout
    assert sorted(n for n in os.listdir(out) if not n.startswith(".")) == ["bappeda", "diskominfo", "dispusip", "inspektorat"]


def test_a_missing_pemda_file_is_named(tmp_repo, tmp_path):
    os.remove(os.path.join(tmp_repo, "data/pemda.yaml"))
    result = run_cli("build", "--out", str(tmp_path / "build"), cwd=tmp_repo)
    assert result.returncode == 1
    assert "data/pemda.yaml: galat B003: berkas wajib tidak ditemukan" in result.stdout
    assert not (tmp_path / "build").exists()


@NEEDS_DOT
@pytest.mark.parametrize("field, value", [("opd_terkait", ["../../.."]), ("keluaran", ["../../etc/passwd"]),
                                          ("sidik", None), ("peringatan", "banyak")])
def test_a_manifest_edited_by_hand_only_makes_the_folder_stale(built, field, value):
    import json

    repo, out = built
    path = out / "diskominfo" / ".dibangun.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw[field] = value
    path.write_text(json.dumps(raw), encoding="utf-8")
    result = _build(repo, out)
    assert result.returncode == 0 and "Pemeriksaan diskominfo" in result.stdout, result.stdout + result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))[field] != value  # written anew by the rebuild
