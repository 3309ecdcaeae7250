"""Land search-and-rescue bookkeeping: segments, searches, POA / POD / POS and the ledger.

The vocabulary is the planners' (NASAR, *Fundamentals of Search and Rescue*; Koester 2008;
Frost's *The Theory of Search* for the US Coast Guard):

POA   probability of area -- the chance the subject is in a segment (probability of
      containment, POC, in the search-theory literature). POAs of all segments plus the
      rest of world (ROW, everywhere outside the search area) sum to 1.
POD   probability of detection -- the chance a search of a segment would have found the
      subject had they been there. From coverage ``C = W L / A`` (sweep width W, track length
      L = speed x hours x searchers, segment area A) by a detection law,
      :func:`sevr.search.detection.pod`.
POS   probability of success = POA x POD.

After an unsuccessful search every POA shifts by Bayes' rule,

    POA_i' = POA_i (1 - POD_i) / (1 - sum_j POA_j POD_j),

computed by :func:`sevr.search.bayes.update_miss` over the segments *and* ROW (whose POD is
0, so ROW grows as the searched segments are worked). Repeated searches of one segment
combine as independent chances to miss: the cumulative POD after searches with PODs
``q_1, q_2, ...`` is ``1 - prod_k (1 - q_k)`` -- two passes at 0.5 give 0.75, not 1.0.

The ledger keeps two kinds of POS. The *conditional* POS of a period, ``sum_i POA_i POD_i``
with the POAs current at the start of that period, is the chance of finding the subject in
that period given they were not found before. The *absolute* POS counts in units of the
initial probability: it is what the period adds to the cumulative POS, and it satisfies at
every moment

    cumulative POS + probability still unfound in the area + initial ROW = 1.

Everything is returned as plain dicts and lists of dicts (tables) for JSON/CSV output.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from .bayes import update_miss
from .detection import LAWS, pod as pod_of_coverage
from .validate import as_nonnegative_scalar, as_probability_scalar, check_choice, fail

__all__ = ["ROW_ID", "Segment", "SearchRecord", "Ledger"]

ROW_ID = "ROW"
_TOL = 1e-6


@dataclass(frozen=True, eq=False)
class Segment:
    """A search segment: an id, its area (m²), its initial POA, and optionally where it is.

    *mask* (boolean grid of the planning terrain) and *polygon* (exterior ring of (x, y)
    metres in the local frame) are carried along for maps and exports; the ledger only
    needs ``id``, ``area_m2`` and ``poa``.
    """

    id: str
    area_m2: float
    poa: float
    mask: np.ndarray | None = field(default=None, repr=False)
    polygon: tuple[tuple[float, float], ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id or self.id == ROW_ID:
            raise fail("id", f"must be a non-empty string other than {ROW_ID!r}, got {self.id!r}")
        area = as_nonnegative_scalar("area_m2", self.area_m2)
        if area == 0:
            raise fail("area_m2", f"segment {self.id}: must be > 0")
        object.__setattr__(self, "area_m2", area)
        object.__setattr__(self, "poa", as_probability_scalar("poa", self.poa))


@dataclass(frozen=True)
class SearchRecord:
    """One search of one segment by *searchers* people for *hours* at *speed_kmh*, each
    sweeping *sweep_width_m*.

    ``track_length_m = speed_kmh * 1000 * hours * searchers``; ``coverage = W L / A``;
    ``pod = pod(coverage, law)``.
    """

    segment: Segment
    sweep_width_m: float
    speed_kmh: float
    hours: float
    searchers: int = 1
    law: str = "exponential"
    team: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.segment, Segment):
            raise fail("segment", f"must be a Segment, got {type(self.segment).__name__}")
        for name in ("sweep_width_m", "speed_kmh", "hours"):
            object.__setattr__(self, name, as_nonnegative_scalar(name, getattr(self, name)))
        if isinstance(self.searchers, bool) or int(self.searchers) != self.searchers or self.searchers < 0:
            raise fail("searchers", f"must be a whole number >= 0, got {self.searchers!r}")
        object.__setattr__(self, "searchers", int(self.searchers))
        check_choice("law", self.law, LAWS)

    @property
    def searcher_hours(self) -> float:
        """Effort in searcher-hours (h): *hours* times *searchers*."""
        return self.hours * self.searchers

    @property
    def track_length_m(self) -> float:
        """Total track length walked by all searchers, in metres."""
        return self.speed_kmh * 1000.0 * self.searcher_hours

    @property
    def coverage(self) -> float:
        """Coverage ``W L / A`` of the segment (dimensionless; may exceed 1)."""
        return self.sweep_width_m * self.track_length_m / self.segment.area_m2

    @property
    def pod(self) -> float:
        """Probability of detection of this search, in [0, 1], from the coverage and *law*."""
        return float(pod_of_coverage(self.coverage, self.law))

    def as_dict(self) -> dict:
        """The record as a flat dict (segment id, team, inputs and the derived effort,
        track length in m, coverage and POD), e.g. for a table row or JSON."""
        return {
            "segment": self.segment.id,
            "team": self.team,
            "sweep_width_m": self.sweep_width_m,
            "speed_kmh": self.speed_kmh,
            "hours": self.hours,
            "searchers": self.searchers,
            "searcher_hours": self.searcher_hours,
            "track_length_m": self.track_length_m,
            "coverage": self.coverage,
            "law": self.law,
            "pod": self.pod,
        }


class Ledger:
    """The running POA / POD / POS account of a search.

    ``Ledger(segments, rest_of_world=None)``: the segments' initial POAs plus ROW must sum to
    1 (ROW defaults to ``1 - sum POA``). :meth:`record` enters one operational period's
    searches and returns that period's table; the properties report the current state.
    """

    def __init__(self, segments: Sequence[Segment], rest_of_world: float | None = None) -> None:
        segs = list(segments)
        if not segs:
            raise fail("segments", "need at least one segment")
        ids = [s.id for s in segs]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise fail("segments", f"duplicate segment id {dup!r}")
        self._segments: "OrderedDict[str, Segment]" = OrderedDict((s.id, s) for s in segs)
        poa0 = np.array([s.poa for s in segs], dtype=np.float64)
        total = float(poa0.sum())
        if rest_of_world is None:
            if total > 1.0 + _TOL:
                raise fail("segments", f"POAs sum to {total:.6g} > 1")
            row0 = max(0.0, 1.0 - total)
        else:
            row0 = as_probability_scalar("rest_of_world", rest_of_world)
            if abs(total + row0 - 1.0) > _TOL:
                raise fail("rest_of_world", f"POAs ({total:.6g}) plus ROW ({row0:.6g}) must sum to 1")
        vec = np.append(poa0, row0)
        vec = vec / vec.sum()
        self._poa0 = vec  # initial POAs, ROW last
        self._poa = vec.copy()  # current (conditional on no find so far)
        self._unfound = vec[:-1].copy()  # absolute probability still unfound in each segment
        self._miss = np.ones(len(segs))  # prod (1 - POD) per segment
        self._hours = np.zeros(len(segs))
        self._history: list[dict] = []

    # --- state -------------------------------------------------------------------------------

    @property
    def segments(self) -> list[Segment]:
        """The segments, in the order given (a new list)."""
        return list(self._segments.values())

    @property
    def ids(self) -> list[str]:
        """The segment ids, in order."""
        return list(self._segments)

    @property
    def periods(self) -> int:
        """Number of rounds entered with :meth:`record` so far."""
        return len(self._history)

    @property
    def history(self) -> list[dict]:
        """The accounts returned by :meth:`record`, one per round, oldest first (a new list)."""
        return list(self._history)

    def poa(self) -> dict[str, float]:
        """Current POA per segment (given no find so far), ROW not included."""
        return dict(zip(self._segments, map(float, self._poa[:-1])))

    def poa_array(self) -> np.ndarray:
        """Current POA per segment as an array of shape ``(n_segments,)``, ROW not included."""
        return self._poa[:-1].copy()

    @property
    def row(self) -> float:
        """Current probability that the subject is outside the search area."""
        return float(self._poa[-1])

    @property
    def initial_row(self) -> float:
        """Probability that the subject is outside the search area before any search."""
        return float(self._poa0[-1])

    @property
    def poa_in_area(self) -> float:
        """Current probability that the subject is inside the search area (1 - ROW)."""
        return float(self._poa[:-1].sum())

    def cumulative_pod(self) -> dict[str, float]:
        """``1 - prod(1 - POD_k)`` over every search of each segment so far."""
        return dict(zip(self._segments, map(float, 1.0 - self._miss)))

    @property
    def cumulative_pos(self) -> float:
        """Absolute probability that one of the searches so far found the subject."""
        return float(np.sum(self._poa0[:-1] - self._unfound))

    @property
    def remaining_in_area(self) -> float:
        """Absolute (initial-units) probability in the area not yet found by a search."""
        return float(self._unfound.sum())

    # --- recording ---------------------------------------------------------------------------

    def pods_of(self, searches: Iterable[SearchRecord]) -> np.ndarray:
        """Combined POD per segment of a set of searches (independent misses multiply).

        Parameters
        ----------
        searches : iterable of SearchRecord
            Searches of this ledger's segments.

        Returns
        -------
        numpy.ndarray, shape (n_segments,)
            POD per segment in ledger order, in [0, 1]; 0 for a segment not searched.

        Raises
        ------
        InputError
            If a search names a segment not in the ledger, or one with the same id but a
            different area.
        """
        miss = np.ones(len(self._segments))
        index = {sid: i for i, sid in enumerate(self._segments)}
        for rec in searches:
            if rec.segment.id not in index:
                raise fail("searches", f"unknown segment {rec.segment.id!r}")
            if self._segments[rec.segment.id] is not rec.segment and rec.segment.area_m2 != self._segments[rec.segment.id].area_m2:
                raise fail("searches", f"segment {rec.segment.id!r} has a different area than the ledger's")
            miss[index[rec.segment.id]] *= 1.0 - rec.pod
        return 1.0 - miss

    def record(self, searches: Iterable[SearchRecord], label: str | None = None) -> dict:
        """Enter one round of searches (e.g. an operational period), none of which found the
        subject; shift the POAs and return the round's account.

        Returns a dict with ``label``, ``period`` (1-based), ``searches`` (one row per record),
        ``segments`` (one row per searched segment: POA before/after, searcher-hours,
        coverage, POD, POS, cumulative POD), the round's conditional and absolute POS, the
        cumulative POS, POA in the area and ROW after the round.
        """
        recs = list(searches)
        pods = self.pods_of(recs)
        hours = np.zeros(len(self._segments))
        cover = np.zeros(len(self._segments))
        index = {sid: i for i, sid in enumerate(self._segments)}
        for rec in recs:
            hours[index[rec.segment.id]] += rec.searcher_hours
            cover[index[rec.segment.id]] += rec.coverage
        before = self._poa.copy()
        pos_i = before[:-1] * pods
        pos_abs_i = self._unfound * pods
        # Bayes over segments and ROW (POD 0 outside the area).
        self._poa = update_miss(before, np.append(pods, 0.0))
        self._unfound = self._unfound * (1.0 - pods)
        self._miss = self._miss * (1.0 - pods)
        self._hours += hours
        cum_pod = 1.0 - self._miss
        rows = []
        for sid, i in index.items():
            if hours[i] > 0 or pods[i] > 0:
                rows.append({
                    "segment": sid,
                    "area_m2": self._segments[sid].area_m2,
                    "poa_before": float(before[i]),
                    "searcher_hours": float(hours[i]),
                    "coverage": float(cover[i]),
                    "pod": float(pods[i]),
                    "pos": float(pos_i[i]),
                    "pos_absolute": float(pos_abs_i[i]),
                    "poa_after": float(self._poa[i]),
                    "cumulative_pod": float(cum_pod[i]),
                    "cumulative_pos_absolute": float(self._poa0[i] - self._unfound[i]),
                })
        entry = {
            "label": label if label is not None else f"period {len(self._history) + 1}",
            "period": len(self._history) + 1,
            "searches": [r.as_dict() for r in recs],
            "segments": rows,
            "searcher_hours": float(hours.sum()),
            "pos": float(pos_i.sum()),
            "pos_absolute": float(pos_abs_i.sum()),
            "cumulative_pos": self.cumulative_pos,
            "poa_in_area_before": float(before[:-1].sum()),
            "poa_in_area_after": self.poa_in_area,
            "row_before": float(before[-1]),
            "row_after": self.row,
        }
        self._history.append(entry)
        return entry

    # --- tables ------------------------------------------------------------------------------

    def table(self) -> list[dict]:
        """One row per segment (and a last row for ROW): initial and current POA, total
        searcher-hours, cumulative POD and absolute cumulative POS."""
        rows = []
        for i, (sid, seg) in enumerate(self._segments.items()):
            rows.append({
                "segment": sid,
                "area_m2": seg.area_m2,
                "poa_initial": float(self._poa0[i]),
                "poa": float(self._poa[i]),
                "searcher_hours": float(self._hours[i]),
                "cumulative_pod": float(1.0 - self._miss[i]),
                "cumulative_pos_absolute": float(self._poa0[i] - self._unfound[i]),
            })
        rows.append({
            "segment": ROW_ID,
            "area_m2": None,
            "poa_initial": self.initial_row,
            "poa": self.row,
            "searcher_hours": 0.0,
            "cumulative_pod": 0.0,
            "cumulative_pos_absolute": 0.0,
        })
        return rows

    def summary(self) -> dict:
        """The headline numbers: periods, searcher-hours, cumulative POS, POA in area, ROW."""
        return {
            "periods": self.periods,
            "searcher_hours": float(self._hours.sum()),
            "cumulative_pos": self.cumulative_pos,
            "remaining_in_area_absolute": self.remaining_in_area,
            "initial_row": self.initial_row,
            "poa_in_area": self.poa_in_area,
            "row": self.row,
        }
