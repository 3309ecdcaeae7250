"""Natural light at a place and time: sun, moon, starlight, and a visibility index.

Two light modes, because the story and the sky disagree (see docs/model-world.md):

* ``"astronomical"`` - sun and moon as computed by ephem for the scenario's date;
* ``"as_narrated"`` - the sun is still computed, but the moon is replaced by the bright,
  high moon the narration describes (phase ``narrated_moon_phase`` at
  ``narrated_moon_alt_deg``), all night.

Illuminance is a deliberately simple horizontal-surface model for a clear sky; every number
is a module constant, documented in docs/model-world.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ephem
import numpy as np

from .clock import ScenarioClock

__all__ = [
    "LIGHT_MODES",
    "LightState",
    "light_at",
    "sun_illuminance_lux",
    "moon_phase_factor",
    "moon_illuminance_lux",
    "visibility_from_lux",
    "sun_moon_state",
    "find_sun_crossing",
    "moon_report",
]

LIGHT_MODES = ("as_narrated", "astronomical")

# Sun above the horizon: E = SUN_HORIZON_LUX + SUN_ZENITH_EXTRA_LUX * sin(alt).
SUN_HORIZON_LUX = 400.0
SUN_ZENITH_EXTRA_LUX = 1.0e5
# Twilight: log10(lux) interpolated linearly between these (sun altitude deg, lux) anchors.
TWILIGHT_TABLE = ((-18.0, 6.0e-4), (-12.0, 0.008), (-6.0, 3.0), (0.0, SUN_HORIZON_LUX))
# Moon: full moon at the zenith, clear sky; scaled by the phase law and sin(altitude).
FULL_MOON_ZENITH_LUX = 0.25
# Phase law (Allen 1973; Krisciunas & Schaefer 1991): brightness drop in magnitudes at phase
# angle psi (deg) = MOON_PHASE_MAG_LINEAR * psi + MOON_PHASE_MAG_QUARTIC * psi**4.
MOON_PHASE_MAG_LINEAR = 0.026
MOON_PHASE_MAG_QUARTIC = 4.0e-9
STARLIGHT_LUX = 0.001  # clear moonless night sky: stars + airglow
# visibility = clip((log10(lux) - VIS_LOG_LUX_ZERO) / VIS_LOG_LUX_SPAN, 0, 1)
VIS_LOG_LUX_ZERO = -3.0  # starlight -> 0
VIS_LOG_LUX_SPAN = 5.0  # 100 lux and brighter -> 1

# Defaults of the narrated moon.
DEFAULT_NARRATED_MOON_PHASE = 1.0
DEFAULT_NARRATED_MOON_ALT_DEG = 60.0


@dataclass(frozen=True)
class LightState:
    """Light at one place and instant.

    ``moon_*`` are the values actually used (narrated or astronomical); ``moon_phase`` is the
    illuminated fraction 0..1; ``visibility`` is 0 (starlight) .. 1 (100 lux or more).
    """

    sun_alt_deg: float
    moon_alt_deg: float
    moon_phase: float
    illuminance_lux: float
    visibility: float


# --- illuminance model ---------------------------------------------------------------------

_TW_ALT = np.array([a for a, _ in TWILIGHT_TABLE])
_TW_LOG = np.log10([lux for _, lux in TWILIGHT_TABLE])


def sun_illuminance_lux(sun_alt_deg):
    """Horizontal illuminance (lux) from the sun and its twilight; 0 below -18 deg."""
    alt = np.asarray(sun_alt_deg, dtype=float)
    day = SUN_HORIZON_LUX + SUN_ZENITH_EXTRA_LUX * np.sin(np.radians(np.clip(alt, 0.0, 90.0)))
    twilight = 10.0 ** np.interp(alt, _TW_ALT, _TW_LOG)
    lux = np.where(alt >= 0.0, day, np.where(alt >= _TW_ALT[0], twilight, 0.0))
    return float(lux) if lux.ndim == 0 else lux


def moon_phase_factor(phase):
    """Moon brightness relative to full, from the illuminated fraction ``phase`` (0..1).

    Converts the fraction to the phase angle psi = arccos(2*phase - 1) and applies the
    magnitude law above; a half-lit moon comes out at ~0.09 of full.
    """
    k = np.clip(np.asarray(phase, dtype=float), 0.0, 1.0)
    psi = np.degrees(np.arccos(2.0 * k - 1.0))
    dmag = MOON_PHASE_MAG_LINEAR * psi + MOON_PHASE_MAG_QUARTIC * psi**4
    f = 10.0 ** (-0.4 * dmag)
    return float(f) if f.ndim == 0 else f


def moon_illuminance_lux(moon_alt_deg, phase):
    """Horizontal illuminance (lux) from the moon; 0 when it is below the horizon.

    Parameters
    ----------
    moon_alt_deg : float or array_like
        Moon altitude, in degrees (clipped to [0, 90]).
    phase : float or array_like
        Illuminated fraction of the disc, 0..1 (see :func:`moon_phase_factor`).

    Returns
    -------
    float or numpy.ndarray
        Illuminance in lux (``FULL_MOON_ZENITH_LUX`` for a full moon at the zenith).
    """
    s = np.sin(np.radians(np.clip(np.asarray(moon_alt_deg, dtype=float), 0.0, 90.0)))
    lux = FULL_MOON_ZENITH_LUX * moon_phase_factor(phase) * s
    return float(lux) if np.ndim(lux) == 0 else lux


def visibility_from_lux(lux):
    """0..1 index on a log-lux scale: 0 at starlight (1e-3 lux), 1 at 100 lux and above."""
    v = np.clip(
        (np.log10(np.maximum(np.asarray(lux, dtype=float), 1e-12)) - VIS_LOG_LUX_ZERO)
        / VIS_LOG_LUX_SPAN,
        0.0,
        1.0,
    )
    return float(v) if v.ndim == 0 else v


# --- astronomy -----------------------------------------------------------------------------


def _observer(lat: float, lon: float, date: ephem.Date) -> ephem.Observer:
    obs = ephem.Observer()
    obs.lat = math.radians(lat)  # ephem takes floats as radians (strings as degrees)
    obs.lon = math.radians(lon)
    obs.elevation = 0.0
    obs.pressure = 0.0  # no refraction: geometric altitudes; thresholds carry it instead
    obs.date = date
    return obs


def _sun_alt_deg(obs: ephem.Observer) -> float:
    return math.degrees(float(ephem.Sun(obs).alt))


def sun_moon_state(clock: ScenarioClock, t_min: float, lat: float, lon: float) -> dict:
    """Astronomical sun altitude, moon altitude (deg) and moon illuminated fraction.

    Geometric altitudes from ephem (no refraction), observer at sea level.

    Parameters
    ----------
    clock : ScenarioClock
        Maps scenario minutes to absolute time.
    t_min : float
        Scenario time, in minutes since the start.
    lat, lon : float
        Place, WGS84 latitude and longitude in degrees.

    Returns
    -------
    dict
        ``sun_alt_deg`` and ``moon_alt_deg`` (degrees) and ``moon_phase`` (illuminated
        fraction, 0..1).
    """
    obs = _observer(lat, lon, clock.to_ephem(t_min))
    moon = ephem.Moon(obs)
    return {
        "sun_alt_deg": _sun_alt_deg(obs),
        "moon_alt_deg": math.degrees(float(moon.alt)),
        "moon_phase": float(moon.moon_phase),
    }


def light_at(
    clock: ScenarioClock,
    t_min: float,
    lat: float,
    lon: float,
    mode: str = "as_narrated",
    narrated_moon_phase: float = DEFAULT_NARRATED_MOON_PHASE,
    narrated_moon_alt_deg: float = DEFAULT_NARRATED_MOON_ALT_DEG,
) -> LightState:
    """Light at (lat, lon) ``t_min`` minutes into the scenario, in the chosen ``mode``.

    Illuminance is sun (with twilight) plus moon plus starlight; the visibility index is
    :func:`visibility_from_lux` of that sum.

    Parameters
    ----------
    clock : ScenarioClock
        Maps scenario minutes to absolute time.
    t_min : float
        Scenario time, in minutes since the start.
    lat, lon : float
        Place, WGS84 latitude and longitude in degrees.
    mode : {"as_narrated", "astronomical"}, default "as_narrated"
        Whether the moon is the narrated one or ephem's.
    narrated_moon_phase : float, optional
        Illuminated fraction (0..1) of the moon in ``"as_narrated"`` mode.
    narrated_moon_alt_deg : float, optional
        Moon altitude, in degrees, in ``"as_narrated"`` mode.

    Returns
    -------
    LightState
        Sun and moon altitudes (deg), moon phase, illuminance (lux) and visibility (0..1).

    Raises
    ------
    ValueError
        If *mode* is not one of :data:`LIGHT_MODES`.
    """
    if mode not in LIGHT_MODES:
        raise ValueError(f"mode must be one of {LIGHT_MODES}, got mode={mode!r}")
    sky = sun_moon_state(clock, t_min, lat, lon)
    if mode == "as_narrated":
        moon_alt, moon_phase = float(narrated_moon_alt_deg), float(narrated_moon_phase)
    else:
        moon_alt, moon_phase = sky["moon_alt_deg"], sky["moon_phase"]
    lux = (
        sun_illuminance_lux(sky["sun_alt_deg"])
        + moon_illuminance_lux(moon_alt, moon_phase)
        + STARLIGHT_LUX
    )
    return LightState(
        sun_alt_deg=sky["sun_alt_deg"],
        moon_alt_deg=moon_alt,
        moon_phase=moon_phase,
        illuminance_lux=lux,
        visibility=visibility_from_lux(lux),
    )


def find_sun_crossing(
    clock: ScenarioClock,
    after_t_min: float,
    lat: float,
    lon: float,
    altitude_deg: float,
    rising: bool = True,
    step_min: float = 5.0,
    max_search_min: float = 3 * 1440.0,
    tol_min: float = 1.0 / 60.0,
) -> float:
    """First time after ``after_t_min`` when the sun's (geometric) altitude crosses
    ``altitude_deg`` upwards (``rising``) or downwards; e.g. -12 for nautical dawn/dusk,
    -0.833 for sunrise/sunset (refraction and the solar radius folded into the threshold).

    Scans in ``step_min`` steps for up to ``max_search_min``, then bisects to ``tol_min``.
    Raises ValueError if no crossing is found (e.g. polar day or night).

    Parameters
    ----------
    clock : ScenarioClock
        Maps scenario minutes to absolute time.
    after_t_min : float
        Start of the search, scenario minutes.
    lat, lon : float
        Place, WGS84 latitude and longitude in degrees.
    altitude_deg : float
        Sun altitude threshold, in degrees.
    rising : bool, default True
        Look for an upward crossing (dawn) rather than a downward one (dusk).
    step_min : float, default 5.0
        Scan step, in minutes.
    max_search_min : float, default 4320.0
        How far to scan, in minutes (3 days).
    tol_min : float, default 1/60
        Bisection tolerance, in minutes (one second).

    Returns
    -------
    float
        Scenario time of the crossing, in minutes since the start.

    Raises
    ------
    ValueError
        If the sun does not cross *altitude_deg* in that direction within *max_search_min*.
    """
    obs = _observer(lat, lon, clock.to_ephem(after_t_min))

    def above(t: float) -> float:
        obs.date = clock.to_ephem(t)
        return _sun_alt_deg(obs) - altitude_deg

    t0, f0 = after_t_min, above(after_t_min)
    while t0 - after_t_min < max_search_min:
        t1 = t0 + step_min
        f1 = above(t1)
        if (f0 < 0.0 <= f1) if rising else (f0 >= 0.0 > f1):
            lo, hi = t0, t1
            while hi - lo > tol_min:
                mid = 0.5 * (lo + hi)
                if (above(mid) >= 0.0) == rising:
                    hi = mid
                else:
                    lo = mid
            return 0.5 * (lo + hi)
        t0, f0 = t1, f1
    direction = "rising" if rising else "setting"
    raise ValueError(
        f"no {direction} sun crossing of {altitude_deg} deg within {max_search_min} min"
    )


def moon_report(clock: ScenarioClock, t_min: float, lat: float, lon: float) -> dict:
    """Astronomical moon at ``t_min`` and the nearest new moon, for docs and summaries.

    Keys: ``moon_phase`` (illuminated fraction), ``moon_alt_deg``, ``new_moon_t_min``
    (scenario minutes, negative if before the start), ``days_to_new_moon`` (signed),
    ``new_moon_iso`` (local time, ISO-8601 proleptic Gregorian) and
    ``new_moon_julian_date`` (local date in the Julian calendar).

    Parameters
    ----------
    clock : ScenarioClock
        Maps scenario minutes to absolute time.
    t_min : float
        Scenario time, in minutes since the start.
    lat, lon : float
        Place, WGS84 latitude and longitude in degrees.

    Returns
    -------
    dict
        The keys above; ``days_to_new_moon`` in days, ``moon_alt_deg`` in degrees.
    """
    sky = sun_moon_state(clock, t_min, lat, lon)
    now = clock.to_ephem(t_min)
    prev_nm, next_nm = ephem.previous_new_moon(now), ephem.next_new_moon(now)
    nearest = prev_nm if float(now) - float(prev_nm) <= float(next_nm) - float(now) else next_nm
    t_nm = clock.from_ephem(nearest)
    return {
        "moon_phase": sky["moon_phase"],
        "moon_alt_deg": sky["moon_alt_deg"],
        "new_moon_t_min": t_nm,
        "days_to_new_moon": (t_nm - t_min) / 1440.0,
        "new_moon_iso": clock.iso(t_nm),
        "new_moon_julian_date": clock.date_label(t_nm, "julian"),
    }
