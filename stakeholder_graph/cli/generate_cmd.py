"""Commands of this family (registered on the main group by :func:`register`)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
