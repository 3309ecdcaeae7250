"""One counter-based random stream per episode, shared by the story engine and the batched engine.

Every random number of an episode is a pure function of (seed, grid point, episode, counter): the
SplitMix64 output of the state `key + (counter + 1) * GOLDEN`, where `key` mixes the first three.
The story engine reads it here in plain Python, one number at a time; the batched engine computes
the same numbers with NumPy (the fixed slots) and inside its Numba kernel (the tracker's draws),
so the two engines see identical uniforms and produce identical rows (tests compare them).

Counters are assigned by purpose, not by order of use, so a rule that draws more or fewer numbers
(a longer trail, say) never shifts the numbers of another rule. SplitMix64: Steele, Lea & Flood,
"Fast splittable pseudorandom number generators", OOPSLA 2014.
"""
from __future__ import annotations

import numpy as np

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
MIX1, MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # SplitMix64's multipliers
SEED_LIMIT = 1 << 63  # seeds, points and episodes are non-negative and below this

# The fixed slots of an episode (counters); the tracker reads from TRACKER_FIRST onwards.
SEEN = 0          # do the watchers see the exit
LOOKS = 1         # how many looks until the watchers notice an empty house
SKILL = 2         # tracker's skill (Monte Carlo draws only)
MISLED = 3        # tracker's chance to be misled at a false turn
FADING = 4        # factor on every ground's fading half-life
HIRE = 5          # delay (minutes) between discovery and the tracker's start
DEPART = 6        # is the departure noticed
TRACKER_FIRST = 16


def mix64(z: int) -> int:
    """SplitMix64's finaliser on one 64-bit integer."""
    z = ((z ^ (z >> 30)) * MIX1) & MASK
    z = ((z ^ (z >> 27)) * MIX2) & MASK
    return z ^ (z >> 31)


def _checked(name: str, value: int) -> int:
    if not 0 <= int(value) < SEED_LIMIT:
        raise ValueError(f"{name} must be an integer in [0, 2**63), got {value}")
    return int(value)


def _point_key(seed: int, point: int) -> int:
    key = mix64((_checked("seed", seed) + GOLDEN) & MASK)
    return mix64(((key ^ _checked("point", point)) + GOLDEN) & MASK)


def episode_key(seed: int, point: int, episode: int) -> int:
    """The 64-bit key of one episode's stream.

    Parameters
    ----------
    seed, point, episode : int
        Each in [0, 2**63).

    Returns
    -------
    int
        The key, 0 .. 2**64 - 1.

    Raises
    ------
    ValueError
        When an argument is out of range.
    """
    return mix64(((_point_key(seed, point) ^ _checked("episode", episode)) + GOLDEN) & MASK)


def to_unit(z: int) -> float:
    """A 64-bit integer to a uniform in the open interval (0, 1): the top 53 bits, centred."""
    return ((z >> 11) + 0.5) * (1.0 / 9007199254740992.0)


def uniform(key: int, counter: int) -> float:
    """The uniform number `counter` of the stream `key`.

    Parameters
    ----------
    key : int
        The stream's 64-bit key.
    counter : int
        Index of the number, >= 0.

    Returns
    -------
    float
        In the open interval (0, 1).
    """
    return to_unit(mix64((key + (counter + 1) * GOLDEN) & MASK))


class EpisodeStream:
    """One episode's numbers, read in plain Python: fixed slots, then the tracker's sequence."""

    def __init__(self, key: int):
        self.key = key
        self._next = TRACKER_FIRST

    @classmethod
    def of(cls, seed: int, point: int = 0, episode: int = 0) -> "EpisodeStream":
        """The stream of one episode.

        Parameters
        ----------
        seed : int
            The run's seed, in [0, 2**63).
        point : int, default=0
            The grid point.
        episode : int, default=0
            The episode number.

        Returns
        -------
        EpisodeStream
        """
        return cls(episode_key(seed, point, episode))

    def slot(self, counter: int) -> float:
        """The number of one fixed slot (SEEN, LOOKS, SKILL, ...).

        Parameters
        ----------
        counter : int
            The slot, 0 .. TRACKER_FIRST - 1.

        Returns
        -------
        float
            In (0, 1).

        Raises
        ------
        ValueError
            When `counter` is not a fixed slot.
        """
        if not 0 <= counter < TRACKER_FIRST:
            raise ValueError(f"slot {counter} is not a fixed slot")
        return uniform(self.key, counter)

    def random(self) -> float:
        """The tracker's next number (the interface of `numpy.random.Generator.random`)."""
        u = uniform(self.key, self._next)
        self._next += 1
        return u


# --- the same numbers for many episodes at once (NumPy, uint64 arithmetic wraps modulo 2**64) --------

def _mix64_array(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(MIX1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(MIX2)
    return z ^ (z >> np.uint64(31))


def episode_keys(seed: int, point: int, episodes: np.ndarray) -> np.ndarray:
    """`episode_key` for an array of episode numbers.

    Parameters
    ----------
    seed, point : int
        Each in [0, 2**63).
    episodes : array_like
        Episode numbers, >= 0.

    Returns
    -------
    numpy.ndarray
        uint64 keys, the shape of `episodes`.

    Raises
    ------
    ValueError
        On a negative episode number (or a seed or point out of range).
    """
    episodes = np.asarray(episodes, dtype=np.int64)
    if episodes.size and (episodes.min() < 0):
        raise ValueError("episode numbers must be non-negative")
    k2 = np.uint64(_point_key(seed, point))
    with np.errstate(over="ignore"):
        return _mix64_array((k2 ^ episodes.astype(np.uint64)) + np.uint64(GOLDEN))


def uniforms(keys: np.ndarray, counter: int) -> np.ndarray:
    """`uniform(key, counter)` for an array of keys.

    Parameters
    ----------
    keys : numpy.ndarray
        uint64 stream keys.
    counter : int
        Index of the number, >= 0.

    Returns
    -------
    numpy.ndarray
        float64 in (0, 1), the shape of `keys`.
    """
    with np.errstate(over="ignore"):
        z = _mix64_array(keys + np.uint64(((counter + 1) * GOLDEN) & MASK))
    return ((z >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / 9007199254740992.0)


def uniforms_at(keys: np.ndarray, counters: np.ndarray) -> np.ndarray:
    """`uniform(key, counter)` elementwise, `keys` broadcast against `counters` (NumPy rules).

    `keys[:, None]` against a row of counters gives one row of numbers per stream.

    Parameters
    ----------
    keys : array_like
        uint64 stream keys.
    counters : array_like
        Indices of the numbers, >= 0.

    Returns
    -------
    numpy.ndarray
        float64 in (0, 1), the broadcast shape.

    Raises
    ------
    ValueError
        On a negative counter.
    """
    counters = np.asarray(counters, dtype=np.int64)
    if counters.size and counters.min() < 0:
        raise ValueError("counters must be non-negative")
    with np.errstate(over="ignore"):
        z = _mix64_array(np.asarray(keys, dtype=np.uint64)
                         + (counters.astype(np.uint64) + np.uint64(1)) * np.uint64(GOLDEN))
    return ((z >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / 9007199254740992.0)
