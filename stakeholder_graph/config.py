"""Settings from the environment and the config file; nothing is read at import.

Neo4j connection settings are resolved by :func:`neo4j_settings`, the first source that names a
server winning:

1. the environment: ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
2. the ``[neo4j]`` table of the config file (``$STAKEHOLDER_GRAPH_CONFIG``, else
   ``$XDG_CONFIG_HOME/stakeholder-graph/config.toml``, else
   ``~/.config/stakeholder-graph/config.toml``) with keys ``uri``, ``user``, ``password``,
   ``database``; ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE`` override single keys;
3. the local server started by ``stakeholder-graph neo4j up``, while it runs.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stakeholder_graph.errors import DatabaseUnavailable, InputError

DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. The password never appears in ``repr``.

    >>> Neo4jSettings("bolt://127.0.0.1:7687", "neo4j", "s3cret")
    Neo4jSettings(uri='bolt://127.0.0.1:7687', user='neo4j', database='neo4j', source='')
    """

    uri: str
    user: str = DEFAULT_USER
    password: str = field(default="", repr=False)
    database: str = DEFAULT_DATABASE
    source: str = ""
    """Where the settings came from (``environment``, the config file's path, ``local server``)."""


def config_path() -> Path:
    """The config file's path (it need not exist)."""
    explicit = os.environ.get("STAKEHOLDER_GRAPH_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    return base / "stakeholder-graph" / "config.toml"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The parsed config file, or an empty dict when there is none.

    Raises :class:`InputError` when the file is not valid TOML.
    """
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read the config file: {error}") from error


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def neo4j_settings() -> Neo4jSettings:
    """The Neo4j to use: environment, then config file, then the running local server.

    Raises
    ------
    DatabaseUnavailable
        When no source names a server.
    InputError
        When the config file is unreadable or its ``[neo4j]`` table is malformed.
    """
    env_uri = _env("NEO4J_URI")
    if env_uri:
        return Neo4jSettings(
            uri=env_uri,
            user=_env("NEO4J_USER") or DEFAULT_USER,
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=_env("NEO4J_DATABASE") or DEFAULT_DATABASE,
            source="environment",
        )
    path = config_path()
    table = read_config(path).get("neo4j", {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: [neo4j] must be a table")
    if table.get("uri"):
        values = {key: table.get(key) for key in ("uri", "user", "password", "database")}
        bad = [
            key for key, value in values.items() if value is not None and not isinstance(value, str)
        ]
        if bad:
            raise InputError(f"{path}: [neo4j] {', '.join(bad)} must be text")
        return Neo4jSettings(
            uri=str(values["uri"]),
            user=_env("NEO4J_USER") or values["user"] or DEFAULT_USER,
            password=os.environ.get("NEO4J_PASSWORD", values["password"] or ""),
            database=_env("NEO4J_DATABASE") or values["database"] or DEFAULT_DATABASE,
            source=str(path),
        )
    orphans = [name for name in ("NEO4J_USER", "NEO4J_PASSWORD") if _env(name)]
    if orphans:
        raise InputError(
            f"{' and '.join(orphans)} {'is' if len(orphans) == 1 else 'are'} set but no server "
            f"is named: set NEO4J_URI (or uri in the [neo4j] table of {path}); the local server "
            "of `stakeholder-graph neo4j up` uses its own generated password"
        )
    from stakeholder_graph.store.neo4j_server import local_credentials

    local = local_credentials()
    if local is not None:
        uri, user, password = local
        return Neo4jSettings(
            uri=uri,
            user=user,
            password=password,
            database=_env("NEO4J_DATABASE") or DEFAULT_DATABASE,
            source="local server",
        )
    raise DatabaseUnavailable(
        "no Neo4j is configured: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), add a [neo4j] "
        f"table to {path}, or start the local server with `stakeholder-graph neo4j up`"
    )
