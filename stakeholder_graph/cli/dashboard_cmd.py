"""``stakeholder-graph dashboard``: serve the coordinators' dashboard (registered by
:func:`register`)."""

from __future__ import annotations

import click

from stakeholder_graph.cli.common import source_option


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


@click.command("dashboard")
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--auth",
    metavar="USER:PASSWORD_FILE",
    default=None,
    help="Require HTTP basic authentication; the password is the file's first line.",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="Serve a non-loopback --host without authentication (say so explicitly).",
)
@click.option(
    "--job-out",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="The isolated-NGO job's out folder: show its newly / still isolated and recovered.",
)
@click.option(
    "--no-precompute",
    is_flag=True,
    help="Do not analyse the likely next year windows in a background process.",
)
@click.option(
    "--role",
    type=click.Choice(["coordinator", "analyst"]),
    default="coordinator",
    show_default=True,
    help="coordinator: survey ratings only aggregated; analyst: every rater → ratee dyad too.",
)
@click.option("--debug", is_flag=True, help="Dash debug mode (reloader, in-browser errors).")
def dashboard(
    source: str,
    host: str,
    port: int,
    auth: str | None,
    no_auth: bool,
    job_out: str | None,
    no_precompute: bool,
    role: str,
    debug: bool,
) -> None:
    """Serve the dashboard of a network: overview, network, trust, allies, isolated NGOs, rankings.

    Binds 127.0.0.1 unless --host says otherwise; a non-loopback --host needs --auth or
    --no-auth and is served by waitress (a production WSGI server). Every response carries
    security headers (CSP, X-Frame-Options, nosniff). The network is read and analysed once.
    """
    from dashboards.auth import (
        check_exposure,
        install_basic_auth,
        install_security_headers,
        is_loopback,
        read_credentials,
        serve,
    )

    check_exposure(host, auth, no_auth)
    credentials = read_credentials(auth) if auth else None

    from dashboards import create_app

    click.echo(f"Reading and analysing {source} …", err=True)
    app = create_app(source, job_out=job_out, precompute=not no_precompute and not debug, role=role)
    if credentials is not None:
        install_basic_auth(app.server, *credentials)
    install_security_headers(app.server)
    protection = "HTTP basic authentication" if credentials else "no authentication"
    exposed = not is_loopback(host) and not debug
    how = "waitress" if exposed else "the development server"
    click.echo(
        f"Serving the dashboard on {_url(host, port)} ({protection}, {how}, {role} role; "
        "Ctrl+C to stop)"
    )
    if exposed:
        serve(app.server, host, port)
    else:
        app.run(host=host, port=port, debug=debug, use_reloader=debug)


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    group.add_command(dashboard)
