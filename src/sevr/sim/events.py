"""Events: the single record of what happened in a run, read by narration, maps and later tools."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

# The events.jsonl contract: every kind the story engine emits, in the order the source tells the
# beats, with the kind-specific fields of its record and their types. `Event` refuses a record
# that does not match it (a missing, extra or mistyped field), so the contract holds by
# construction; narration templates must cover every kind (a test checks both languages).
_NUM = (int, float)
EVENT_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "arrive_house": {"place": str},
    "provisions": {"money_dirham": int, "precautions": bool},
    "exit": {"via": str, "seen_by_watchers": bool, "light_mode": str, "moon_phase": _NUM,
             "moon_alt_deg": _NUM, "visibility": _NUM},
    "decoy": {"decoy": str},
    "gait": {"gait": str, "speed_factor": _NUM, "print_factor": _NUM},
    "evasive_move": {"reversals": int, "sidesteps": int, "extra_m": _NUM},
    "departure_discovered": {"how": str, "delay_min": _NUM},
    "tracker_hired": {"tracker": str},
    "pursuit_start": {"party_size": int, "trail_age_h": _NUM},
    "false_branch": {"branch": int, "misled": bool, "loss_min": _NUM},
    "injury": {"cause": str, "bleeding": bool},
    "carry": {"carrier": str, "carried": str, "distance_m": _NUM},
    "arrive_hideout": {"walk_duration_h": _NUM, "path_length_m": _NUM, "straight_line_m": _NUM,
                       "climb_m": _NUM, "route_length_m": _NUM, "total_ascent_m": _NUM, "light_mode": str},
    "asks_to_enter": {"asker": str, "reason": str},
    "hideout_prepared": {"foot_hole": bool},
    "hazard": {"hazard": str, "victim": str},
    "why_weeping": {"asker": str, "victim": str},
    "recovered": {"victim": str, "remedy": str},
    "trail_lost": {"distance_to_hideout_m": _NUM},
    "web_spun": {},
    "pigeon_nest": {},
    "tree_rose": {},
    "voices_heard": {"distance_m": _NUM},
    "companion_weeps": {"companion": str},
    "do_not_grieve": {},
    "closest_approach": {"distance_m": _NUM, "at_mouth": bool, "could_see_inside": bool},
    "third_is_allah": {},
    "trail_end": {"distance_to_hideout_m": _NUM, "delay_min": _NUM, "misled_count": int},
    "evidence_assessed": {"prior": _NUM, "posterior": _NUM, "decision": str, "ev_enter": _NUM,
                          "cost_of_entering": _NUM, "web": bool, "nest": bool, "tree": bool},
    "found": {"where": str},
    "search_withdrawn": {},
    "search_suspended": {"intensity": _NUM, "after_h": _NUM},
    "mounts_arrive": {"camels": int, "instructed": bool, "days_after_pursuers": int},
    "depart_hideout": {"destination": str, "days_in_hideout": _NUM, "days_after_pursuers": int, "camels": int},
    "intercepted": {},
}
EVENT_KINDS = tuple(EVENT_FIELDS)

# Kinds whose record may leave out some contract fields (none today; kept explicit).
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {}


def check_fields(kind: str, data: dict[str, Any]) -> None:
    """Raise ValueError unless `data` has exactly the contract fields of `kind`, of the right types.

    Parameters
    ----------
    kind : str
        An event kind of `EVENT_FIELDS`.
    data : dict
        The event's own fields (NumPy scalars are accepted for their Python type).

    Raises
    ------
    ValueError
        On an unknown kind, a missing or unknown field, or a field of the wrong type (a boolean
        is not a number).
    """
    if kind not in EVENT_FIELDS:
        raise ValueError(f"unknown event kind {kind!r}")
    spec = EVENT_FIELDS[kind]
    missing = set(spec) - set(data) - OPTIONAL_FIELDS.get(kind, frozenset())
    extra = set(data) - set(spec)
    if missing or extra:
        raise ValueError(f"event {kind!r}: missing fields {sorted(missing)}, unknown fields {sorted(extra)}")
    for key, value in data.items():
        want = spec[key]
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()  # numpy scalar
        if isinstance(value, bool) != (want is bool) or not isinstance(value, want):
            raise ValueError(f"event {kind!r}: field {key!r} should be {want}, got {type(value).__name__}")


@dataclass(frozen=True)
class Event:
    t_min: float
    kind: str
    actors: tuple[str, ...]
    x_m: float
    y_m: float
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_fields(self.kind, self.data)


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
    """The event as the JSON object of the events.jsonl contract.

    Parameters
    ----------
    event : Event
        The event (time in minutes after the start, position in metres in the scenario frame).
    frame : GeoFrame
        Converts the position to latitude and longitude.
    clock : ScenarioClock
        Converts the minute to ISO local time.

    Returns
    -------
    dict
        t_min, time, kind, actors, x_m, y_m, lat, lon, then the event's own fields (rounded,
        NaN as null).

    Raises
    ------
    ValueError
        When an event field has the name of a contract field.
    """
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
    """Events in time order; events at the same minute keep the order in which the engine emitted them.

    Parameters
    ----------
    events : iterable of Event

    Returns
    -------
    list of Event
    """
    return sorted(events, key=lambda e: e.t_min)


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """Write records as JSON Lines (UTF-8, one object per line).

    Parameters
    ----------
    records : list of dict
        JSON-safe records (`to_record`).
    path : Path
        The file written (replaced).
    """
    lines = (json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
