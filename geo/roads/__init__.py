"""The road network: pieces between nodes, snapping stops onto roads, the routing arrays and
chain folding behind the travel-time matrix, and the drawable legs of a tour.
"""

from geo.roads.network import CostMatrix, RoadGraph

__all__ = ["CostMatrix", "RoadGraph"]
