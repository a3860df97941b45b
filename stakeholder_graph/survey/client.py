"""A respondent that answers the survey over HTTP, as a browser would (cookies, CSRF, forms).

Used by the simulation script (``scripts/survey-simulation.py``) and by the tests that post in
parallel; plus :func:`serve_in_thread` to run the form on a free loopback port.

Example
-------
>>> r = Respondent("http://127.0.0.1:8051", "token")  # doctest: +SKIP
>>> r.choose(["pl-adm-mayor"]); r.rate({"pl-adm-mayor": {"reliability": 3}}, submit=True)
... # doctest: +SKIP
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import flask
from werkzeug.serving import make_server

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Respondent:
    """One respondent's browser session against ``base`` with personal ``token``."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.token = token
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def request(self, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        """GET (or POST ``form``) ``/s/<token>{path}``; follow redirects; ``(status, html)``."""
        url = f"{self.base}/s/{self.token}{path}"
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=body, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def _csrf(self, page: str) -> str:
        status, html = self.request(page)
        match = _CSRF.search(html)
        if status != 200 or match is None:
            raise RuntimeError(f"{page}: status {status}, no form")
        return match.group(1)

    def choose(self, partners: list[str], consent: bool = True) -> tuple[int, str]:
        """Step 1: consent and the partners ticked; returns the page it lands on."""
        form = [("csrf", self._csrf("/partners")), ("action", "continue")]
        form += [("consent", "yes")] if consent else []
        form += [("partner", p) for p in partners]
        return self.request("/partners", form)

    def rate(self, answers: dict[str, dict[str, Any]], submit: bool) -> tuple[int, str]:
        """Step 2: answers by partner id (in the order chosen); save, or submit."""
        form = [("csrf", self._csrf("/ratings")), ("action", "submit" if submit else "save")]
        for i, entry in enumerate(answers.values()):
            for key, value in entry.items():
                values = value if isinstance(value, list) else [value]
                form += [(f"p{i}-{key}", str(v)) for v in values]
        return self.request("/ratings", form)


@contextmanager
def serve_in_thread(app: flask.Flask, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` (threaded) on ``host:port`` (0: a free port) and yield its base URL."""
    server = make_server(host, port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
