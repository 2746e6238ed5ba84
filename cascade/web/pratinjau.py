"""`cascade pratinjau --opd NAMA`: the OPD's page served on 127.0.0.1, kept current while the planner edits.

The main thread polls the OPD's files (cascade/web/pantau.py); on a change it runs the same check as
`cascade validate` (load → validate → model, in process, nothing written) and renders the page again.
Open pages hold a Server-Sent Events connection and reload themselves when told that a newer page
exists; the page's own script keeps the selected box and zoom across the reload. The server answers
only its own three addresses: no path from a URL ever reaches the file system.
"""
from __future__ import annotations

import errno
import os
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cascade.diagnostics import Loc, error, internal
from cascade.documents.situs import LIVE_PATH, with_version
from cascade.web.pantau import INTERVAL_S, snapshot, watched_paths

HOST = "127.0.0.1"
# After a change is seen, how long the files must stay the same before the page is made again.
SETTLE_S = 0.1
# A quiet line on the event stream this often, so a page that went away is noticed and its thread ends.
KEEPALIVE_S = 15
class Preview:
    """The current page and its version; waiters are woken when it changes."""

    def __init__(self, render):
        self._render = render  # () -> (html, summary line for the terminal)
        self._changed = threading.Condition()
        self.version = 0
        self.html = ""
        self.stopping = False
        self.seen: dict = {}  # the watched files' state the current page was built from

    def rebuild(self) -> str:
        html, summary = self._render()
        with self._changed:
            self.html, self.version = html, self.version + 1
            self._changed.notify_all()
        return summary

    def page(self) -> tuple[str, int]:
        with self._changed:
            return self.html, self.version

    def wait_newer(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.stopping, timeout)
            return self.version

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()


def _handler(preview: Preview, port_of):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 — the planner's terminal shows changes, not requests
            pass

        def do_GET(self):  # noqa: N802 — http.server's name
            if not self._local_host():
                return self._plain(403, "Hanya untuk komputer ini.")
            path = urlsplit(self.path).path
            if path in ("/", "/index.html"):
                html, version = preview.page()
                # the page tells its version when its event stream connects (`?versi=`): a change saved
                # while it was loading is told at once instead of waiting for the next one
                return self._send(200, "text/html; charset=utf-8", with_version(html, version).encode("utf-8"))
            if path == LIVE_PATH:
                return self._events()
            if path == "/favicon.ico":
                return self._send(204, "image/x-icon", b"")
            return self._plain(404, "Halaman tidak ada; pratinjau hanya menampilkan halaman OPD di /.")

        def _local_host(self) -> bool:
            """Only pages of this computer may ask (a web page elsewhere naming 127.0.0.1 through its own
            host name, DNS rebinding, is turned away)."""
            host = (self.headers.get("Host") or "").lower()
            return host in (f"{HOST}:{port_of()}", f"localhost:{port_of()}")

        def _plain(self, status: int, text: str):
            self._send(status, "text/plain; charset=utf-8", (text + "\n").encode("utf-8"))

        def _send(self, status: int, kind: str, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

        def _events(self):
            """The page's EventSource: one `ubah` event each time a newer page exists."""
            seen = self._version_shown()
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.close_connection = True
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while not preview.stopping:
                    version = preview.wait_newer(seen, KEEPALIVE_S)
                    if preview.stopping:
                        return
                    self.wfile.write(f"event: ubah\ndata: {version}\n\n".encode() if version != seen else b": tetap\n\n")
                    self.wfile.flush()
                    seen = version
            except OSError:  # the page was closed or reloaded
                return

        def _version_shown(self) -> int:
            try:
                return int(parse_qs(urlsplit(self.path).query)["versi"][0])
            except (KeyError, ValueError):  # not one of our pages: it is told of the next change
                return preview.page()[1]

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up Ctrl-C

    def handle_error(self, request, client_address):
        """A browser closing a page (or its event stream) mid-answer is ordinary, not worth a word; any
        other failure of one request is one Indonesian line, never socketserver's traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            return
        if os.environ.get("CASCADE_DEBUG"):
            traceback.print_exc()
        print(f"pratinjau: satu permintaan peramban gagal dijawab ({type(exc).__name__}: {exc}); "
              "muat ulang halamannya", file=sys.stderr, flush=True)


def open_server(preview: Preview, port: int) -> Server:
    """Listening on 127.0.0.1:`port` (0: any free port); OSError when the port cannot be had."""
    holder: dict = {}
    server = Server((HOST, port), _handler(preview, lambda: holder["port"]))
    holder["port"] = server.server_address[1]
    return server


def port_problem(port: int, exc: OSError):
    if exc.errno == errno.EADDRINUSE:
        return error(Loc("--port"), "W010", f"port {port} sudah dipakai program lain (mungkin pratinjau yang masih berjalan)",
                     "hentikan program itu, pilih port lain (misalnya `--port 8001`), atau hapus --port agar dipilih otomatis")
    return error(Loc("--port"), "W011", f"port {port} tidak dapat dibuka ({os.strerror(exc.errno or 0)})",
                 "pilih port 1024 atau lebih (misalnya `--port 8000`), atau hapus --port agar dipilih otomatis")


def _renderer(root: str, key: str, tahun: int | None):
    from cascade.documents.situs import opd_page
    from cascade.pipeline import check

    def render() -> tuple[str, str]:
        try:
            checked = check(root, [key], tahun)
            return opd_page(checked.repo, key, checked.tahun, checked.report.sorted(), live=True), checked.report.summary()
        except Exception as exc:  # noqa: BLE001 — the preview stays up; the planner reads what broke
            if os.environ.get("CASCADE_DEBUG"):
                traceback.print_exc()
            d = internal(exc, Loc("cascade"))
            return opd_page(None, key, tahun or 0, [d], live=True), d.format()

    return render


def _can_show_a_window() -> bool:
    """Whether a graphical browser can open here: a Linux terminal without a display would get a text
    browser taking over the very terminal the preview reports in."""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(root: str, key: str, tahun: int | None, port: int, open_browser: bool, out=None) -> int:
    """Serve until Ctrl-C (or SIGTERM); 0 then, 1 when the OPD or the port cannot be used."""
    def say(text: str) -> None:
        print(text, file=out or sys.stdout, flush=True)

    preview = server = None
    try:
        preview, server = _start(root, key, tahun, port, say)
        if server is None:
            return 1
        url = f"http://{HOST}:{server.server_address[1]}/"
        say(f"Pratinjau {key}: buka {url} di peramban (tekan Ctrl-C untuk berhenti).")
        if open_browser and _can_show_a_window():
            import webbrowser
            webbrowser.open(url)
        _watch(preview, watched_paths(root), key, say)
    except KeyboardInterrupt:  # Ctrl-C, and SIGTERM (cli.Terminated) alike
        say("Pratinjau dihentikan.")
    finally:
        if preview is not None:
            preview.stop()  # the event streams end, so their pages stop waiting
        if server is not None:
            server.shutdown()
            server.server_close()
    return 0


def _start(root: str, key: str, tahun: int | None, port: int, say):
    """(preview, server serving in a thread), or (preview, None) after saying why it cannot start."""
    from cascade.load.sources import check_opd_name

    bad = check_opd_name(root, key)
    if bad:
        for d in bad:
            say(d.format())
        return None, None
    preview = Preview(_renderer(root, key, tahun))
    try:  # first: a port in use is told before any work (a page asked for meanwhile waits for the first check)
        server = open_server(preview, port)
    except OSError as exc:
        say(port_problem(port, exc).format())
        return preview, None
    preview.seen = snapshot(watched_paths(root))  # before the first check: an edit during it is seen
    say(f"Pemeriksaan {key}: {preview.rebuild()}")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return preview, server


def _watch(preview: Preview, paths: list[str], key: str, say) -> None:
    """Check and render again whenever a watched file changed and then stayed the same for a moment (a
    save written in pieces, or `git pull` touching many files, gives one new page, not a broken one
    in between); returns only by Ctrl-C."""
    seen = preview.seen
    while True:
        time.sleep(INTERVAL_S)
        now = snapshot(paths)
        while now != seen:
            time.sleep(SETTLE_S)
            later = snapshot(paths)
            if later == now:
                seen = now
                say(f"{time.strftime('%H:%M:%S')} berkas berubah; pemeriksaan {key}: {preview.rebuild()}")
            now = later
