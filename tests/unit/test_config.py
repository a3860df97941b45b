"""Neo4j settings: environment, config file, local server, and nothing configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from stakeholder_graph import config
from stakeholder_graph.config import Neo4jSettings, neo4j_settings
from stakeholder_graph.errors import DatabaseUnavailable, InputError
from stakeholder_graph.store import neo4j_server

NEO4J_VARS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No NEO4J_* variables, no config file, no local server: each test sets what it needs."""
    for name in NEO4J_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("STAKEHOLDER_GRAPH_HOME", str(tmp_path / "home"))
    return tmp_path


def write_config(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_environment_wins(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    write_config(isolated / "config.toml", '[neo4j]\nuri = "bolt://file:1"\npassword = "f"\n')
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7688")
    monkeypatch.setenv("NEO4J_USER", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "network")
    settings = neo4j_settings()
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "neo4j://db.example:7688",
        "analyst",
        "pw-from-env",
        "network",
    )
    assert settings.source == "environment"


def test_environment_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://localhost:7687")
    settings = neo4j_settings()
    assert (settings.user, settings.password, settings.database) == ("neo4j", "", "neo4j")


def test_config_file_table(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    path = isolated / "config.toml"
    write_config(
        path,
        '[neo4j]\nuri = "bolt://graph:7687"\nuser = "reader"\npassword = "pw-file"\n'
        'database = "stakeholders"\n',
    )
    settings = neo4j_settings()
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://graph:7687",
        "reader",
        "pw-file",
        "stakeholders",
    )
    assert settings.source == str(path)
    monkeypatch.setenv("NEO4J_DATABASE", "other")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-env")
    overridden = neo4j_settings()
    assert (overridden.database, overridden.password, overridden.user) == (
        "other",
        "pw-env",
        "reader",
    )


def test_config_file_in_xdg_config_home(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    monkeypatch.delenv("STAKEHOLDER_GRAPH_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(isolated / "xdg"))
    folder = isolated / "xdg" / "stakeholder-graph"
    folder.mkdir(parents=True)
    write_config(folder / "config.toml", '[neo4j]\nuri = "bolt://xdg:7687"\n')
    assert config.config_path() == folder / "config.toml"
    assert neo4j_settings().uri == "bolt://xdg:7687"


def test_invalid_config_file_is_input_error(isolated: Path) -> None:
    write_config(isolated / "config.toml", "[neo4j\nuri = ")
    with pytest.raises(InputError, match="config.toml"):
        neo4j_settings()


def test_non_text_value_is_input_error(isolated: Path) -> None:
    write_config(isolated / "config.toml", '[neo4j]\nuri = "bolt://x:1"\npassword = 123\n')
    with pytest.raises(InputError, match="password must be text"):
        neo4j_settings()


def test_running_local_server_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        neo4j_server, "local_credentials", lambda: ("bolt://127.0.0.1:40001", "neo4j", "gen-pw")
    )
    settings = neo4j_settings()
    assert (settings.uri, settings.user, settings.password) == (
        "bolt://127.0.0.1:40001",
        "neo4j",
        "gen-pw",
    )
    assert settings.source == "local server"


def test_nothing_configured_is_database_unavailable() -> None:
    with pytest.raises(DatabaseUnavailable) as raised:
        neo4j_settings()
    assert raised.value.exit_code == 3
    assert "NEO4J_URI" in raised.value.message
    assert "neo4j up" in raised.value.message


def test_repr_hides_the_password() -> None:
    settings = Neo4jSettings("bolt://h:7687", "neo4j", "Very-Secret-123", "neo4j")
    assert "Very-Secret-123" not in repr(settings)
    assert "Very-Secret-123" not in str(settings)
    assert "bolt://h:7687" in repr(settings)
    assert settings.password == "Very-Secret-123"


@pytest.mark.parametrize(
    "names", [("NEO4J_PASSWORD",), ("NEO4J_USER",), ("NEO4J_USER", "NEO4J_PASSWORD")]
)
def test_credentials_without_uri_are_an_error(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, names: tuple[str, ...]
) -> None:
    monkeypatch.setattr(
        neo4j_server, "local_credentials", lambda: ("bolt://127.0.0.1:40001", "neo4j", "gen-pw")
    )
    for name in names:
        monkeypatch.setenv(name, "wrong")
    with pytest.raises(InputError) as info:
        neo4j_settings()
    assert info.value.exit_code == 2
    assert "NEO4J_URI" in info.value.message
    for name in names:
        assert name in info.value.message
    assert "wrong" not in info.value.message


def test_password_with_uri_in_config_file_is_fine(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    write_config(isolated / "config.toml", '[neo4j]\nuri = "bolt://graph:7687"\n')
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-env")
    assert neo4j_settings().password == "pw-env"
