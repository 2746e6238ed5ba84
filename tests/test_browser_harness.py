"""The browser harness itself (tests/browser.py): it sees what the site tests rely on it to see."""
from __future__ import annotations


def test_console_errors_and_requests_are_recorded(tab):
    # port 9 (discard) on the loopback: refused at once, yet the request is made and must be recorded
    tab.page.set_content("<p id='t'>halo</p><script>console.error('rusak')</script>"
                         "<img src='http://127.0.0.1:9/gambar.png'><script>undefined_function()</script>")
    assert tab.page.inner_text("#t") == "halo"
    tab.page.wait_for_function("() => document.images[0].complete")
    assert any("rusak" in e for e in tab.console_errors), tab.console_errors
    assert any("undefined_function" in e for e in tab.console_errors), tab.console_errors
    assert "http://127.0.0.1:9/gambar.png" in tab.requests
    assert tab.outside("http://127.0.0.1:8000/") == ["http://127.0.0.1:9/gambar.png"]

