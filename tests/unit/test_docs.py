"""The README documents every command and option the CLI has (docs kept honest by tests)."""

from __future__ import annotations

import re

import click
import pytest

from stakeholder_graph.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, prefix=f"{full} "))
    return found


COMMANDS = _commands(cli)


def _section(command: str) -> str:
    """The README text from the command's heading to the next heading of the same level."""
    match = re.search(
        rf"^### `stakeholder-graph {re.escape(command)}`.*?(?=^### |\Z)", README, re.M | re.S
    )
    return match.group(0) if match else ""


def test_cli_has_the_documented_families() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"validate", "generate", "analyze", "export", "dashboard", "flag-isolated"} <= names
    assert {"neo4j up", "neo4j down", "neo4j status", "load", "cypher"} <= names


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(name: str, command: click.Command) -> None:
    if isinstance(command, click.Group):
        assert f"stakeholder-graph {name}" in README
        return
    section = _section(name)
    assert section, f"README has no '### `stakeholder-graph {name}`' section"
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in section, f"{longest} of '{name}' is not documented in its section"
