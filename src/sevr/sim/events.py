"""Events: the single record of what happened in a run, read by narration, maps and later tools."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

# The kinds the story engine emits, in the order the beats usually come. Narration templates must
# cover every one of them (a test checks both languages).
EVENT_KINDS = (
    "arrive_house", "exit", "decoy", "gait", "evasive_move", "injury", "carry", "arrive_hideout",
    "hideout_prepared", "hazard", "recovered", "departure_discovered", "tracker_hired",
    "pursuit_start", "false_branch", "trail_lost", "entrance_evidence", "closest_approach",
    "trail_end", "evidence_assessed", "found", "search_withdrawn", "search_suspended",
    "mounts_arrive", "depart_hideout", "intercepted",
)


@dataclass(frozen=True)
class Event:
    t_min: float
    kind: str
    actors: tuple[str, ...]
    x_m: float
    y_m: float
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")


def _clean(value: Any) -> Any:
    """JSON-safe, stable values: rounded floats, lists for tuples, no NaN."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, 6)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    raise TypeError(f"cannot store {type(value).__name__} in an event")


def to_record(event: Event, frame, clock) -> dict[str, Any]:
    """The event as the JSON object of the events.jsonl contract."""
    lat, lon = frame.to_latlon(event.x_m, event.y_m)
    record = {
        "t_min": round(float(event.t_min), 3),
        "time": clock.iso(event.t_min),
        "kind": event.kind,
        "actors": list(event.actors),
        "x_m": round(float(event.x_m), 2),
        "y_m": round(float(event.y_m), 2),
        "lat": round(float(lat), 7),
        "lon": round(float(lon), 7),
    }
    for key, value in event.data.items():
        if key in record:
            raise ValueError(f"event field {key!r} clashes with a contract field")
        record[key] = _clean(value)
    return record


def sort_events(events: Iterable[Event]) -> list[Event]:
    # Stable: events at the same minute keep the order in which the engine emitted them.
    return sorted(events, key=lambda e: e.t_min)


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    lines = (json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
