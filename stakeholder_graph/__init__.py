"""stakeholder-graph: map and analyse how municipalities, businesses and civil-society
organizations cooperate."""

from stakeholder_graph.dataset.model import SECTORS, NetworkData

__all__ = ["NetworkData", "SECTORS", "__version__"]
__version__ = "0.1.0"
