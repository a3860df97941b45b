"""stakeholder-graph: map and analyse how municipalities, businesses and civil-society
organizations cooperate.

The API verbs live in :mod:`stakeholder_graph.api` (``validate``, ``analyze``, ``export``);
``validate`` and ``analyze`` are also available here (``stakeholder_graph.export`` is the
export module, so use ``stakeholder_graph.api.export`` for the verb).
"""

from typing import Any

__all__ = [
    "NetworkData",
    "SECTORS",
    "__version__",
    "analyze",
    "backtest_allies",
    "compare",
    "validate",
    "what_if",
]
__version__ = "0.1.0"

_API = ("analyze", "backtest_allies", "compare", "validate", "what_if")


def __getattr__(name: str) -> Any:
    """The API verbs of :mod:`stakeholder_graph.api`, imported on first use."""
    if name in _API:
        from stakeholder_graph import api

        return getattr(api, name)
    if name in ("NetworkData", "SECTORS"):  # lazy: the entry point must import fast
        from stakeholder_graph.dataset import model

        return getattr(model, name)
    raise AttributeError(f"module 'stakeholder_graph' has no attribute {name!r}")
