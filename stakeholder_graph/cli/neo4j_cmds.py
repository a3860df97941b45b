"""``neo4j up | down | status | password | check``: the local Neo4j server and the connection.

Parsing and printing only; the work is done by :mod:`stakeholder_graph.store.neo4j_server`
and :mod:`stakeholder_graph.store.neo4j`.
"""

from __future__ import annotations

import os

import click

from stakeholder_graph.cli import neo4j_data_cmds
from stakeholder_graph.errors import EXIT_DATABASE


@click.group("neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j Community server, or check the configured one.

    \b
    The local server is fetched through Maven on first use (about 125 MB, needs Java 17+ and
    mvn) and kept under ~/.cache/stakeholder-graph/neo4j/<version> ($STAKEHOLDER_GRAPH_HOME
    or $XDG_CACHE_HOME move it). It listens on 127.0.0.1 only, on a free port chosen once,
    with a generated password in a 0600 file. While it runs, every command that talks to
    Neo4j uses it unless NEO4J_URI or the config file names another server.
    \b
    Exit codes: 2 when Java 17+ or Maven is missing or the jars cannot be fetched;
    3 when the server does not answer (and `status` when it is stopped).
    """


def _progress(line: str) -> None:
    click.echo(line, err=True)


@neo4j_group.command("up")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=180.0,
    show_default=True,
    help="Seconds to wait for the server to answer.",
)
def up_command(timeout: float) -> None:
    """Start the local server (fetch and configure it the first time); print its Bolt URI.

    Returns once the server answers a Bolt query. Already running: prints the URI and exits 0.
    """
    from stakeholder_graph.store import neo4j_server

    server = neo4j_server.up(progress=_progress, timeout=timeout)
    click.echo(server.uri)


@neo4j_group.command("down")
def down_command() -> None:
    """Stop the local server (SIGTERM, and wait until it has exited)."""
    from stakeholder_graph.store import neo4j_server

    stopped = neo4j_server.down()
    click.echo("stopped" if stopped else "not running")


@neo4j_group.command("status")
def status_command() -> None:
    """Say whether the local server runs, and its URI. Exit 0 running, 3 stopped."""
    from stakeholder_graph.store import neo4j_server

    found = neo4j_server.status()
    if found.running:
        click.echo(f"running  {found.uri}")
        click.echo(f"user     {neo4j_server.USER} (password: stakeholder-graph neo4j password)")
    else:
        click.echo("stopped")
    click.echo(f"version  Neo4j Community {found.version}")
    click.echo(f"home     {found.home}")
    if os.environ.get("NEO4J_URI"):
        click.echo("note: NEO4J_URI is set, so commands use that server instead", err=True)
    if not found.running:
        raise click.exceptions.Exit(EXIT_DATABASE)


@neo4j_group.command("password")
def password_command() -> None:
    """Print the local server's generated password (user neo4j)."""
    from stakeholder_graph.store.neo4j_home import read_password

    click.echo(read_password())


@neo4j_group.command("check")
def check_command() -> None:
    """Connect to the configured Neo4j and say where (exit 3 if unreachable or refused).

    The server is the one named by NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE,
    else the config file's [neo4j] table, else the running local server.
    """
    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.store.neo4j import connect

    settings = neo4j_settings()
    with connect(settings):
        pass
    click.echo(
        f"ok: {settings.uri} as {settings.user}, database {settings.database} "
        f"(from {settings.source})"
    )


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    group.add_command(neo4j_group)
    neo4j_data_cmds.register(group)
