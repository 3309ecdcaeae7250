"""Scenario time: minutes since the start, mapped to calendar dates and to ephem instants.

Simulation code only ever sees ``t_min`` (float minutes since the scenario start). This module
turns that number into an absolute instant for astronomy (``ephem``) and into human labels.

Calendars matter here: dates before 1582 are normally quoted in the Julian calendar, while
ISO-8601 strings are, by definition, proleptic Gregorian. Both directions go through the
Julian Day Number (JDN), with integer arithmetic valid for every year after -4800.
"""

from __future__ import annotations

import datetime as _dt
import math

import ephem

__all__ = [
    "CALENDARS",
    "ScenarioClock",
    "jdn_from_date",
    "date_from_jdn",
    "julian_day",
]

CALENDARS = ("julian", "gregorian")

# ephem counts days from the "Dublin Julian Day" epoch, 1899-12-31 12:00 UT = JD 2415020.0.
_EPHEM_EPOCH_JD = 2415020.0
_SECONDS_PER_DAY = 86400


def _check_calendar(calendar: str) -> str:
    if calendar not in CALENDARS:
        raise ValueError(f"calendar must be one of {CALENDARS}, got {calendar!r}")
    return calendar


def jdn_from_date(year: int, month: int, day: int, calendar: str = "gregorian") -> int:
    """Julian Day Number of a civil date (the JD at noon of that day).

    Standard integer algorithm (Richards / Tøndering); ``year`` is astronomical
    (1 BCE = 0). Python floor division keeps it exact for years >= -4800.

    Parameters
    ----------
    year : int
        Astronomical year (1 BCE = 0).
    month : int
        Month, 1-12.
    day : int
        Day of the month.
    calendar : {"gregorian", "julian"}, default "gregorian"
        Calendar the date is read in.

    Returns
    -------
    int
        The Julian Day Number.

    Raises
    ------
    ValueError
        If *calendar* is not one of :data:`CALENDARS`.
    """
    _check_calendar(calendar)
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4
    if calendar == "gregorian":
        return jdn - y // 100 + y // 400 - 32045
    return jdn - 32083


def date_from_jdn(jdn: int, calendar: str = "gregorian") -> tuple[int, int, int]:
    """Inverse of :func:`jdn_from_date`: (year, month, day) in the given calendar.

    Parameters
    ----------
    jdn : int
        Julian Day Number.
    calendar : {"gregorian", "julian"}, default "gregorian"
        Calendar of the result.

    Returns
    -------
    tuple of int
        ``(year, month, day)``, year astronomical (1 BCE = 0).

    Raises
    ------
    ValueError
        If *calendar* is not one of :data:`CALENDARS`.
    """
    _check_calendar(calendar)
    if calendar == "gregorian":
        a = jdn + 32044
        b = (4 * a + 3) // 146097
        c = a - (146097 * b) // 4
    else:
        b = 0
        c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return year, month, day


def julian_day(when: _dt.datetime, calendar: str = "gregorian") -> float:
    """Julian Date (fractional, days) of a naive datetime read in ``calendar``.

    Parameters
    ----------
    when : datetime.datetime
        Naive datetime whose fields are taken as they are (no time zone is applied).
    calendar : {"gregorian", "julian"}, default "gregorian"
        Calendar the date is read in.

    Returns
    -------
    float
        Julian Date, in days (a day starts at JD x.5, midnight).

    Raises
    ------
    ValueError
        If *calendar* is not one of :data:`CALENDARS`.
    """
    jdn = jdn_from_date(when.year, when.month, when.day, calendar)
    return jdn - 0.5 + _seconds_of_day(when) / _SECONDS_PER_DAY


def _seconds_of_day(when: _dt.datetime) -> float:
    return when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6


def _format_year(year: int) -> str:
    # ISO-8601 expanded form for years outside 0000..9999.
    return f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"


def _format_offset(offset_min: float) -> str:
    total_s = round(offset_min * 60)
    sign = "+" if total_s >= 0 else "-"
    hours, rest = divmod(abs(total_s), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    # Non-whole-minute offsets (local mean time) keep their seconds, as Python's isoformat does.
    return text + (f":{seconds:02d}" if seconds else "")


def minutes_between(a: _dt.datetime, b: _dt.datetime) -> float:
    """Minutes from local clock time a to b (same calendar; scenario times are naive).

    Parameters
    ----------
    a, b : datetime.datetime
        The two clock times.

    Returns
    -------
    float
        ``b - a`` in minutes (negative when *b* is earlier).
    """
    return (b - a).total_seconds() / 60.0


class ScenarioClock:
    """Maps scenario minutes to absolute time.

    Parameters
    ----------
    start_local:
        Naive datetime of the scenario start, local time; its year-month-day are read in
        ``calendar``. (The datetime object is only a container for the fields: Python itself
        would call them Gregorian.)
    utc_offset_min:
        Local time minus UTC, in minutes (e.g. +159 for Mecca's local mean time).
    calendar:
        "julian" (the usual convention for historical dates such as 622 CE) or "gregorian".
    """

    def __init__(
        self,
        start_local: _dt.datetime,
        utc_offset_min: float,
        calendar: str = "julian",
    ) -> None:
        if start_local.tzinfo is not None:
            raise ValueError("start_local must be a naive datetime (local wall-clock time)")
        self.start_local = start_local
        self.utc_offset_min = float(utc_offset_min)
        self.calendar = _check_calendar(calendar)
        # Keep the start as an integer day number plus seconds, so labels round exactly.
        self._start_jdn = jdn_from_date(
            start_local.year, start_local.month, start_local.day, calendar
        )
        self._start_sod = _seconds_of_day(start_local)
        local_jd = self._start_jdn - 0.5 + self._start_sod / _SECONDS_PER_DAY
        self.start_jd_utc = local_jd - self.utc_offset_min / 1440.0

    @classmethod
    def of(cls, time) -> "ScenarioClock":
        """The clock of a scenario's `[time]` table (start, utc_offset_min, calendar).

        Parameters
        ----------
        time : object
            The scenario's time table, with ``start`` (naive datetime), ``utc_offset_min``
            (min) and ``calendar``.

        Returns
        -------
        ScenarioClock
            The clock.

        Raises
        ------
        ValueError
            If ``start`` carries a time zone or the calendar is unknown.
        """
        return cls(time.start, time.utc_offset_min, time.calendar)

    def __repr__(self) -> str:
        return (
            f"ScenarioClock(start_local={self.start_local!r}, "
            f"utc_offset_min={self.utc_offset_min!r}, calendar={self.calendar!r})"
        )

    # --- absolute instants -------------------------------------------------------------

    def jd_utc(self, t_min: float) -> float:
        """Julian Date (UT) of the instant ``t_min`` minutes after the start.

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start.

        Returns
        -------
        float
            Julian Date (UT), in days.
        """
        return self.start_jd_utc + float(t_min) / 1440.0

    def to_ephem(self, t_min: float) -> ephem.Date:
        """The instant as an ``ephem.Date``.

        Built from the Julian Date rather than a (y, m, d) tuple, because ephem reads tuples
        before 1582-10-15 as Julian-calendar dates whatever our calendar is.

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start.

        Returns
        -------
        ephem.Date
            The same instant (UT).
        """
        return ephem.Date(self.jd_utc(t_min) - _EPHEM_EPOCH_JD)

    def from_ephem(self, d: ephem.Date | float) -> float:
        """Minutes after the start of an ``ephem.Date``.

        Parameters
        ----------
        d : ephem.Date or float
            An instant (UT), as ephem's days since its 1899-12-31 12:00 epoch.

        Returns
        -------
        float
            Scenario time, in minutes since the start (negative before it).
        """
        return (float(d) + _EPHEM_EPOCH_JD - self.start_jd_utc) * 1440.0

    # --- local labels ------------------------------------------------------------------

    def _local_day_and_seconds(self, t_min: float, round_to_s: int) -> tuple[int, int]:
        """(local JDN, whole seconds into that local day), rounded to ``round_to_s``."""
        seconds = self._start_sod + float(t_min) * 60.0
        seconds = round(seconds / round_to_s) * round_to_s
        days, sod = divmod(int(seconds), _SECONDS_PER_DAY)
        return self._start_jdn + days, sod

    def iso(self, t_min: float) -> str:
        """ISO-8601 local time with offset, proleptic Gregorian, rounded to the second.

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start.

        Returns
        -------
        str
            ``"YYYY-MM-DDTHH:MM:SS+HH:MM"`` (expanded year form outside 0000-9999).
        """
        jdn, sod = self._local_day_and_seconds(t_min, 1)
        year, month, day = date_from_jdn(jdn, "gregorian")
        hh, rest = divmod(sod, 3600)
        mm, ss = divmod(rest, 60)
        return (
            f"{_format_year(year)}-{month:02d}-{day:02d}T{hh:02d}:{mm:02d}:{ss:02d}"
            f"{_format_offset(self.utc_offset_min)}"
        )

    def date_label(self, t_min: float, calendar: str | None = None) -> str:
        """Local date 'YYYY-MM-DD' in ``calendar`` (default: the scenario's), minute-rounded.

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start.
        calendar : {"julian", "gregorian"}, optional
            Calendar of the label; None means the scenario's.

        Returns
        -------
        str
            The local date.

        Raises
        ------
        ValueError
            If *calendar* is not one of :data:`CALENDARS`.
        """
        jdn, _ = self._local_day_and_seconds(t_min, 60)
        year, month, day = date_from_jdn(jdn, _check_calendar(calendar or self.calendar))
        return f"{_format_year(year)}-{month:02d}-{day:02d}"

    def local_label(self, t_min: float) -> tuple[str, str]:
        """(date in the scenario calendar 'YYYY-MM-DD', local time 'HH:MM'), for narration.

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start (rounded to the minute).

        Returns
        -------
        tuple of str
            ``(date, time)`` in local time.
        """
        jdn, sod = self._local_day_and_seconds(t_min, 60)
        year, month, day = date_from_jdn(jdn, self.calendar)
        hh, rest = divmod(sod, 3600)
        return f"{_format_year(year)}-{month:02d}-{day:02d}", f"{hh:02d}:{rest // 60:02d}"

    def day_index(self, t_min: float) -> int:
        """Local midnights passed since the start: 0 on the start day, 1 the next, ...

        Parameters
        ----------
        t_min : float
            Scenario time, in minutes since the start.

        Returns
        -------
        int
            Day index (negative before the start day).
        """
        seconds = self._start_sod + float(t_min) * 60.0
        return int(math.floor(seconds / _SECONDS_PER_DAY))
