"""What one story run produces, handed to narration, maps and the summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sevr.sim.events import Event

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario
    from sevr.world.clock import ScenarioClock
    from sevr.world.frame import GeoFrame
    from sevr.world.terrain import Terrain


@dataclass
class StoryResult:
    scenario: EvasionScenario
    seed: int
    frame: GeoFrame
    clock: ScenarioClock
    terrain: Terrain
    events: list[Event]           # sorted by time
    start_xy: tuple[float, float]
    hideout_xy: tuple[float, float]
    path_xy: np.ndarray           # (n, 2) the evaders' walked path, false branches included
    path_t_min: np.ndarray        # (n,) time at each vertex
    route_xy: np.ndarray          # (k, 2) the least-cost route before the evasive tactics
    branches: list[np.ndarray]    # each (j, 2): a false branch (out and back) left by a reversal
    prints_xy: np.ndarray         # (m, 2)
    prints_t_min: np.ndarray      # (m,) when each print was made
    prints_strength: np.ndarray   # (m,) strength when made (gait x load x ground)
    prints_blood: np.ndarray      # (m,) bool: blood trace
    tracker_xy: np.ndarray        # (p, 2) the tracker's route, detours included ((0, 2) if none)
    tracker_t_min: np.ndarray     # (p,)
    closest_xy: tuple[float, float] | None
    beliefs: list[tuple[float, np.ndarray]] = field(default_factory=list)  # (t_min, grid on terrain)
    belief_labels: list[str] = field(default_factory=list)  # discovery, trail_followed, trail_end, evidence
    summary: dict[str, Any] = field(default_factory=dict)
