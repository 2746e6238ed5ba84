"""`cascade pratinjau` (issue 29) as a planner meets it: the real command in its own process, the OPD's
page in headless Chromium, the data edited in a throw-away copy of the example repository."""
from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass

import pytest
from conftest import ROOT, copy_example, mutate

RENSTRA = "data/opd/diskominfo/renstra.yaml"
STARTUP_S = 60
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


@dataclass
class Running:
    proc: subprocess.Popen
    lines: queue.Queue  # what it printed, line by line (stdout and stderr together)
    url: str = ""
    port: int = 0
    root: str = ""

    def wait_for_line(self, pattern: str, timeout: float = 30) -> str:
        """The first line (from now on) matching `pattern`; fails after `timeout` seconds."""
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"pratinjau printed no line matching {pattern!r} within {timeout} s")
            if line is None:
                pytest.fail(f"pratinjau ended (status {self.proc.wait()}) before printing {pattern!r}")
            if re.search(pattern, line):
                return line

    def stop(self, interrupt: bool = True) -> tuple[int, str]:
        """Ctrl-C, as the planner stops it (or, without `interrupt`, its own end): (exit status, everything
        printed that was not read yet)."""
        if interrupt:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=STARTUP_S)
        rest = []
        while (line := self.lines.get(timeout=10)) is not None:
            rest.append(line)
        return code, "".join(rest)


def start(root: str, *args: str) -> Running:
    proc = subprocess.Popen([sys.executable, "-m", "cascade", "--root", root, "pratinjau", "--opd", "diskominfo",
                             "--tanpa-peramban", *args],
                            cwd=root, env=dict(os.environ, PYTHONPATH=ROOT), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1,
                            # Ctrl-C as in a planner's terminal, even when the tests run in a background job
                            # (whose shell starts every command with SIGINT ignored)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return Running(proc, lines)


@pytest.fixture
def preview(tmp_path):
    root = copy_example(tmp_path / "repo")
    running = start(root)
    found = URL.search(running.wait_for_line(r"buka http://", STARTUP_S))
    running.url, running.port = found.group(0), int(found.group(1))
    running.root = root
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait(timeout=30)


def open_box(tab, node: str):
    box = tab.page.locator(f'.kanvas svg g.kotak[data-node="{node}"]')
    box.focus()  # brings it into the view (the first view starts at the tree's root)
    box.click()
    details = tab.page.locator("#rincian")
    details.wait_for(state="visible")
    return details


def test_the_preview_shows_the_boxes_and_a_click_shows_the_targets(preview, tab):
    tab.page.goto(preview.url)
    boxes = tab.page.locator(".kanvas svg g.kotak")
    boxes.first.wait_for()
    assert boxes.count() > 20  # diskominfo: 2 tujuan, 5 sasaran, their programs, kegiatan, sub kegiatan
    shown = " ".join(tab.page.locator(".kanvas").inner_text().split())  # a box wraps its text over lines
    assert "Meningkatnya keamanan informasi pemerintah daerah" in shown
    text = open_box(tab, "S3").inner_text()
    # S3-I1 in data/opd/diskominfo/renstra.yaml: baseline 420 (2024), targets 460 … 620
    for expected in ("Skor Indeks Keamanan Informasi", "Target 2026\t500", "Target 2027\t540", "Target 2029\t620"):
        assert expected in text, text
    assert tab.console_errors == []
    assert tab.outside(preview.url) == []


def test_a_saved_target_shows_within_seconds_without_a_reload(preview, tab):
    tab.page.goto(preview.url)
    open_box(tab, "S3")
    tab.page.locator("#rincian").get_by_text("540 Skor").wait_for()
    tab.page.click("button[data-aksi=perbesar]")  # the reader's own view, not the first one
    view = tab.page.get_attribute(".kanvas svg", "viewBox")
    mutate(preview.root, RENSTRA, "2027: 540", "2027: 547")
    preview.wait_for_line(r"berkas berubah")
    # the page reloads itself and keeps the open box and the view; nothing here touches the page
    tab.page.locator("#rincian").get_by_text("547 Skor").wait_for(timeout=8_000)
    assert "540 Skor" not in tab.page.locator("#rincian").inner_text()
    assert tab.page.get_attribute(".kanvas svg", "viewBox") == view
    assert tab.console_errors == []


def test_a_change_in_data_pemda_yaml_shows_too(preview, tab):
    tab.page.goto(preview.url)
    canvas = tab.page.locator(".kanvas")
    canvas.get_by_text("Sasaran RPJMD 1.1").wait_for()
    mutate(preview.root, "data/pemda.yaml", "Meningkatnya penyelenggaraan pemerintahan digital yang terpadu",
           "Meningkatnya layanan digital yang terpadu")
    tab.page.wait_for_function("() => document.querySelector('.kanvas').textContent.includes('layanan digital')",
                               timeout=8_000)
    assert "penyelenggaraan pemerintahan" not in canvas.inner_text()


def test_a_data_error_shows_at_the_top_with_its_file_and_line(preview, tab):
    tab.page.goto(preview.url)
    tab.page.locator(".kanvas svg g.kotak").first.wait_for()
    assert tab.page.locator(".banner[role=alert]").count() == 0
    line = mutate(preview.root, RENSTRA, "baseline: {tahun: 2024, nilai: 420}", "baseline: {tahun: 2024, nilai: empat ratus}")
    banner = tab.page.locator(".banner[role=alert]")
    banner.wait_for(timeout=8_000)
    assert f"{RENSTRA}:{line}" in banner.inner_text(), banner.inner_text()
    # fixed again: the banner goes and the tree is back
    mutate(preview.root, RENSTRA, "nilai: empat ratus}", "nilai: 420}")
    banner.wait_for(state="detached", timeout=8_000)
    tab.page.locator(".kanvas svg g.kotak").first.wait_for()


def test_a_page_older_than_the_preview_is_told_at_once(preview):
    """A change saved while a page loaded: its event stream, opened with the version it shows, gets the
    news on connecting instead of at the next change."""
    conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    page = get_page(preview)
    shown = int(re.search(r'<meta name="cascade-versi" content="(\d+)">', page).group(1))
    conn.request("GET", f"/peristiwa?versi={shown - 1}")
    stream = conn.getresponse()
    assert stream.status == 200 and stream.getheader("Content-Type").startswith("text/event-stream")
    received = b""
    while b"\n\n" not in received.split(b"retry: 500\n\n", 1)[-1]:
        received += stream.read1(1024)  # the 10 s socket timeout fails the test if nothing comes
    assert f"event: ubah\ndata: {shown}\n\n".encode() in received
    conn.close()


def get_page(preview) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    conn.request("GET", "/")
    body = conn.getresponse().read().decode("utf-8")
    conn.close()
    return body


def test_ctrl_c_stops_cleanly(preview, tab):
    with tab.page.expect_request(lambda request: "/peristiwa" in request.url):
        tab.page.goto(preview.url)  # an open page holds an event stream: it must not keep the server up
    code, printed = preview.stop()
    assert code == 0, printed
    assert "Pratinjau dihentikan." in printed and "Traceback" not in printed


def test_an_idle_browser_connection_does_not_hold_up_ctrl_c(preview):
    """Browsers open connections ahead of need and keep used ones open; one that never sends a request
    must not keep the preview running after Ctrl-C."""
    idle = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
    kept = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)  # keep-alive, left open
    kept.request("GET", "/")
    assert kept.getresponse().read()
    code, printed = preview.stop()
    assert code == 0 and "Pratinjau dihentikan." in printed, printed
    idle.close()
    kept.close()


def test_a_browser_that_hangs_up_mid_answer_leaves_no_traceback(preview):
    """Closing a tab while the page is still arriving resets the connection: the terminal stays quiet."""
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
        sock.recv(64)  # the answer has begun
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # linger 0: a reset, as a closed tab gives
        half = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
        half.sendall(b"GET / HT")  # a request cut off before its end
        half.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        half.close()
    code, printed = preview.stop()
    assert code == 0 and "Traceback" not in printed and "Exception" not in printed, printed


def test_only_its_own_pages_are_served(preview):
    def get(path: str, host: str | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{preview.port}")
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, body

    status, body = get("/")
    assert status == 200 and b"Dinas Komunikasi dan Informatika" in body
    for path in ("/../data/pemda.yaml", "/data/pemda.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/opd-diskominfo.html"):
        status, body = get(path)
        assert status == 404 and b"tahun_berjalan" not in body and b"root:" not in body, path
    status, _ = get("/", host="penyerang.example:80")  # a page elsewhere reaching 127.0.0.1 by its own name
    assert status == 403


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = start(ROOT, "--port", str(port))
        code, printed = running.stop(interrupt=False)
    assert code == 1
    problem = [line for line in printed.splitlines() if "galat" in line]
    assert problem == [f"--port: galat W010: port {port} sudah dipakai program lain (mungkin pratinjau yang masih "
                       "berjalan) (saran: hentikan program itu, pilih port lain (misalnya `--port 8001`), atau hapus "
                       "--port agar dipilih otomatis)"]
    assert "Traceback" not in printed
