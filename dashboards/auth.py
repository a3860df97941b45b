"""HTTP basic authentication for a dashboard exposed beyond the loopback interface.

A few lines over Flask's ``before_request``: every request must carry the configured user and
password, compared in constant time (:func:`hmac.compare_digest`); otherwise ``401`` with a
``WWW-Authenticate`` challenge. Use it behind TLS (a reverse proxy) on untrusted networks.
"""

from __future__ import annotations

import hmac
import ipaddress
from pathlib import Path

import flask

from stakeholder_graph.errors import InputError


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.168.1.10"), is_loopback("example.org")
    (False, False, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, auth: str | None, no_auth: bool) -> None:
    """Refuse to serve a non-loopback address without ``--auth`` or an explicit ``--no-auth``.

    Raises
    ------
    InputError
        When the combination is unsafe or contradictory (exit code 2).
    """
    if auth and no_auth:
        raise InputError("--auth and --no-auth exclude each other")
    if not is_loopback(host) and not auth and not no_auth:
        raise InputError(
            f"--host {host} exposes the dashboard beyond this machine: give "
            "--auth USER:PASSWORD_FILE (HTTP basic authentication) or, to serve it openly, --no-auth"
        )


def read_credentials(spec: str) -> tuple[str, str]:
    """``USER:PASSWORD_FILE`` → ``(user, password)``; the password is the file's first line.

    Raises
    ------
    InputError
        For a malformed spec, an unreadable file or an empty user or password.
    """
    user, sep, file_name = spec.partition(":")
    if not sep or not user or not file_name:
        raise InputError(
            "--auth expects USER:PASSWORD_FILE, e.g. --auth coordinator:~/.dashboard-password"
        )
    path = Path(file_name).expanduser()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(
            f"--auth: cannot read the password file {path}: {error.strerror}"
        ) from None
    password = lines[0].strip() if lines else ""
    if not password:
        raise InputError(f"--auth: the password file {path} is empty")
    return user, password


def install_basic_auth(
    server: flask.Flask, user: str, password: str, realm: str = "dashboard"
) -> None:
    """Require HTTP basic authentication with ``user`` and ``password`` on every request."""
    expected_user = user.encode("utf-8")
    expected_password = password.encode("utf-8")

    @server.before_request
    def _require_credentials() -> flask.Response | None:
        given = flask.request.authorization
        if given is not None and given.type == "basic":
            user_ok = hmac.compare_digest((given.username or "").encode("utf-8"), expected_user)
            password_ok = hmac.compare_digest(
                (given.password or "").encode("utf-8"), expected_password
            )
            if user_ok and password_ok:
                return None
        return flask.Response(
            "Authentication required.\n",
            status=401,
            headers={"WWW-Authenticate": f'Basic realm="{realm}", charset="UTF-8"'},
        )


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Dash starts its renderer from one inline script, and plotly compiles some functions
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""A Content-Security-Policy Dash tolerates: nothing from other origins, no framing."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def install_security_headers(server: flask.Flask) -> None:
    """Add :data:`SECURITY_HEADERS` to every response (clickjacking, sniffing, other origins)."""

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def serve(server: flask.Flask, host: str, port: int, threads: int = 8) -> None:
    """Serve ``server`` with waitress, a production WSGI server (pure Python, no C build).

    Used for every non-loopback ``--host``: Flask's development server is not meant to face a
    network. waitress buffers requests and responses, bounds request sizes and serves
    ``threads`` requests at once.
    """
    import waitress

    waitress.serve(server, host=host, port=port, threads=threads, ident="stakeholder-graph")
