"""Serving an exposed dashboard: waitress instead of the development server, security headers."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import flask

from dashboards.auth import SECURITY_HEADERS, install_security_headers
from stakeholder_graph.machine import free_port

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"
CLI = str(Path(sys.executable).with_name("stakeholder-graph"))


def test_every_response_carries_the_security_headers():
    server = flask.Flask("t")
    server.add_url_rule("/", "root", lambda: "ok")
    install_security_headers(server)
    response = server.test_client().get("/")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp


def test_a_non_loopback_host_is_served_by_waitress_with_the_headers(tmp_path):
    port = free_port()
    password = tmp_path / "password"
    password.write_text("s3cret\n")
    proc = subprocess.Popen(
        [CLI, "dashboard", "--source", str(TINY), "--host", "0.0.0.0", "--port", str(port),
         "--auth", f"coordinator:{password}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/")
        request.add_header("Authorization", "Basic Y29vcmRpbmF0b3I6czNjcmV0")  # coordinator:s3cret
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    headers, body = response.headers, response.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.3)
        assert headers["Server"] == "stakeholder-graph"  # waitress's ident, not Werkzeug
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "_dash-renderer" in body or "dash" in body.lower()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "waitress" in out
