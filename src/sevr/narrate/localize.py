"""Localisation: the template files, and numbers, units, dates and names in English or Turkish.

Public API: :data:`LANGS`, :func:`load_templates`, :class:`Localizer`, :func:`format_date`,
:func:`format_date_range`, :func:`weekday_of`.
"""
from __future__ import annotations

import re
import string
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from sevr.narrate.turkish import CASES, tr_inflect, tr_upper

LANGS = ("en", "tr")


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, got {lang!r}")
    return lang


@lru_cache(maxsize=None)
def _load(lang: str) -> dict:
    raw = resources.files("sevr.narrate").joinpath("templates", f"{lang}.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def load_templates(lang: str) -> dict:
    """The parsed template file of `lang` ("en" or "tr"); ValueError for any other language."""
    return _load(_check_lang(lang))


class Localizer(string.Formatter):
    """str.format with the language's numbers, units and (in Turkish) case suffixes.

    Extra format specs: ``pct`` (0..1 -> percent), ``dist`` (metres -> "20 m" / "5.3 km"),
    ``dur`` (minutes -> "3 hours 10 minutes"), ``hours`` (hours, likewise), ``words`` (small whole
    numbers as words), ``ord`` (ordinal), and the Turkish cases ``acc dat gen loc abl ins``.
    Missing values (None) print as "–".
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = _check_lang(lang)
        tpl = load_templates(lang)
        self.names = tpl.get("names", {})
        self.units = tpl.get("units", {})
        self.glossary = tpl.get("glossary", {})

    # -- numbers ------------------------------------------------------------------------------
    def number(self, text: str) -> str:
        """Swap the decimal point and thousands separator of a formatted number.

        A leading hyphen becomes a real minus sign.

        Parameters
        ----------
        text : str
            A number formatted the English way ("1,234.5").

        Returns
        -------
        str
            The same number with the language's separators.
        """
        dec, th = self.names.get("decimal", "."), self.names.get("thousands", ",")
        text = "".join(dec if c == "." else th if c == "," else c for c in text)
        return "\u2212" + text[1:] if text.startswith("-") else text  # a real minus sign

    def pct(self, p: float) -> str:
        """A probability as a percentage, e.g. 0.25 -> "25%" (Turkish "%25").

        Whole percent from 10 % up (and for whole values), one decimal from 0.1 %, one
        significant digit below 0.1 %; trailing zeros dropped.

        Parameters
        ----------
        p : float
            Probability, 0..1.

        Returns
        -------
        str
        """
        v = 100.0 * float(p)
        if v == 0 or abs(v) >= 10 or abs(v - round(v)) < 1e-9:
            s = f"{v:.0f}"
        elif abs(v) >= 1:
            s = f"{v:.1f}"
        else:
            s = f"{v:.1g}" if abs(v) < 0.1 else f"{v:.1f}"
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return self.names.get("percent", "{}%").format(self.number(s))

    def dist(self, metres: float) -> str:
        """A distance in metres as text: "20 m" below 50 m, to 10 m below 1 km, else km to 0.1.

        Parameters
        ----------
        metres : float
            Distance, m.

        Returns
        -------
        str
        """
        m = abs(float(metres))
        u = self.units
        if m < 50:
            return f"{metres:.0f} {u.get('m', 'm')}"
        if m < 1000:
            return f"{10 * round(metres / 10):.0f} {u.get('m', 'm')}"
        km = f"{metres / 1000:.1f}"
        km = km[:-2] if km.endswith(".0") else km
        return f"{self.number(km)} {u.get('km', 'km')}"

    def duration(self, minutes: float) -> str:
        """A duration in minutes as words, e.g. "3 hours 10 minutes".

        Under an hour: whole minutes (at least 1); from 48 hours: days and hours (the hours left out
        when within 3 of a whole day); otherwise hours and minutes rounded to 5 minutes.

        Parameters
        ----------
        minutes : float
            Duration, min.

        Returns
        -------
        str
        """
        u = self.units
        minutes = float(minutes)
        if minutes < 60:
            n = max(1, int(round(minutes)))
            return f"{n} {u.get('minute') if n == 1 else u.get('minutes')}"
        if minutes >= 48 * 60:
            days, hours = divmod(int(round(minutes / 60)), 24)
            if hours <= 3 or hours >= 21:  # "2 days", not "2 days 1 hour"
                days, hours = days + (hours >= 21), 0
            parts = [f"{days} {u.get('days')}"]
            if hours:
                parts.append(f"{hours} {u.get('hour') if hours == 1 else u.get('hours')}")
            return u.get("duration_join", " ").join(parts)
        total = int(5 * round(minutes / 5))
        hours, mins = divmod(total, 60)
        parts = [f"{hours} {u.get('hour') if hours == 1 else u.get('hours')}"]
        if mins:
            parts.append(f"{mins} {u.get('minute') if mins == 1 else u.get('minutes')}")
        return u.get("duration_join", " ").join(parts)

    def words(self, n: float) -> str:
        """A small whole number as a word ("three"), else as digits.

        Parameters
        ----------
        n : float
            The number (rounded to a whole one).

        Returns
        -------
        str
        """
        k = int(round(float(n)))
        numbers = self.names.get("numbers", [])
        return numbers[k] if 0 <= k < len(numbers) else str(k)

    def ordinal(self, n: float) -> str:
        """An ordinal ("third" / "üçüncü"), else digits with the language's ordinal suffix.

        Parameters
        ----------
        n : float
            The number (rounded to a whole one).

        Returns
        -------
        str
        """
        k = int(round(float(n)))
        ords = self.names.get("ordinals", [])
        if 0 <= k < len(ords):
            return ords[k]
        return f"{k}{self.names.get('ordinal_suffix', '.')}"

    def term(self, text: str) -> str:
        """A scenario string in this language, via the glossary when it has no field of its own.

        Parameters
        ----------
        text : str
            The string as written in the scenario.

        Returns
        -------
        str
            The glossary's translation, or `text` unchanged.
        """
        return self.glossary.get(text, text)

    def join(self, names: list[str]) -> str:
        """Names joined as a list in the language ("A, B and C"); empty names are left out.

        Parameters
        ----------
        names : list of str
            The names.

        Returns
        -------
        str
            "" when there are none.
        """
        names = [n for n in names if n]
        if not names:
            return ""
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} {self.names.get('and_two', 'and')} {names[1]}"
        sep = self.names.get("list_sep", ", ")
        return f"{sep.join(names[:-1])} {self.names.get('and', 'and')} {names[-1]}"

    # -- string.Formatter hooks ------------------------------------------------------------------
    def format_field(self, value: Any, format_spec: str) -> str:
        """`string.Formatter.format_field` with the extra specs of the class.

        ``pct``, ``dist`` (m), ``dur`` (min), ``hours`` (h), ``days`` (days), ``words``, ``ord``, the
        Turkish case suffixes (ignored in English), else Python's format with the language's
        separators.

        Parameters
        ----------
        value : object
            The value; None prints as "–".
        format_spec : str
            The spec after the colon.

        Returns
        -------
        str
        """
        if value is None:
            return "–"
        spec = format_spec
        if spec in CASES:
            text = str(value)
            return tr_inflect(text, spec) if self.lang == "tr" else text
        if spec == "pct":
            return self.pct(value)
        if spec == "dist":
            return self.dist(value)
        if spec == "dur":
            return self.duration(value)
        if spec == "days":
            return self.duration(1440.0 * float(value))
        if spec == "hours":
            return self.duration(60.0 * float(value))
        if spec == "words":
            return self.words(value)
        if spec == "ord":
            return self.ordinal(value)
        if isinstance(value, bool):
            return format(value, spec)
        if isinstance(value, float) and not spec:
            spec = "g"
        text = format(value, spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = self.number(text)
        return text

    def format(self, template: str, context: Mapping[str, Any], capitalize: bool = True) -> str:  # type: ignore[override]
        """Fill `template` from `context`; a value that starts a sentence gets a capital.

        Only the template decides where sentences start (its own text is written with its
        capitals); a filled-in value is touched at its first letter only, so the cost is linear
        in the length of the result however long the names are.

        Parameters
        ----------
        template : str
            A template in `str.format` syntax with the class's extra specs.
        context : Mapping
            Field name to value.
        capitalize : bool, default=True
            False: plain `vformat`, nothing capitalised.

        Returns
        -------
        str
        """
        if not capitalize:
            return self.vformat(template, (), context)
        out: list[str] = []
        at_start = True
        for literal, name, spec, conversion in self.parse(template):
            if literal:
                out.append(self.capitalize_first(literal) if at_start else literal)
                if literal.strip():
                    at_start = _ends_sentence(literal, self.lang)
            if name is not None:
                value, _ = self.get_field(name, (), context)
                value = self.convert_field(value, conversion)
                text = self.format_field(value, self.vformat(spec, (), context) if spec else "")
                out.append(self.capitalize_first(text) if at_start else text)
                at_start = False
        return "".join(out)

    def capitalize_first(self, text: str) -> str:
        """Upper-case the first letter only (Turkish-aware: i -> İ).

        Stops at the first letter or at any character that is neither space, quote nor opening
        bracket.

        Parameters
        ----------
        text : str

        Returns
        -------
        str
        """
        for i, c in enumerate(text):
            if c.isalpha():
                if not c.islower():
                    return text
                up = tr_upper(c) if self.lang == "tr" else c.upper()
                return text[:i] + up + text[i + 1:]
            if not (c.isspace() or c in _OPENERS):
                return text
        return text


_OPENERS = "“\"'‘(–—-"
_ABBREVIATIONS = {"Hz", "Dr", "Mr", "Mrs", "Ms", "St", "Prof", "vb", "bkz", "vs", "Av"}
_LAST_WORD = re.compile(r"([\w.]{0,20})([.!?])[”\"’']?\s+$")


def _ends_sentence(literal: str, lang: str) -> bool:
    """Whether template text ends a sentence (so the next value starts one): a full stop,
    question or exclamation mark and a space, not after an abbreviation ("Hz.", "s.a.v.")."""
    m = _LAST_WORD.search(literal[-40:])
    if m is None:
        return False
    word = m.group(1)
    if m.group(2) != ".":
        return True
    return not (word in _ABBREVIATIONS or "." in word or (lang == "tr" and word.isdigit()))


def format_date(date_label: str, lang: str) -> str:
    """A local date in words: '0622-09-09' -> '9 September 622' / '9 Eylül 622'.

    Parameters
    ----------
    date_label : str
        'YYYY-MM-DD' (a leading '-' for years before 1).
    lang : str
        "en" or "tr".

    Returns
    -------
    str
    """
    tpl = load_templates(lang)
    y, m, d = _split_date(date_label)
    names = tpl.get("names", {})
    return names.get("date", "{day} {month} {year}").format(day=d, month=names["months"][m - 1], year=y)


def format_date_range(first: str, last: str, lang: str) -> str:
    """A span of local dates, compact when it stays within one month.

    Parameters
    ----------
    first, last : str
        'YYYY-MM-DD' labels.
    lang : str
        "en" or "tr".

    Returns
    -------
    str
    """
    if first == last:
        return format_date(first, lang)
    y1, m1, d1 = _split_date(first)
    y2, m2, d2 = _split_date(last)
    names = load_templates(lang).get("names", {})
    if (y1, m1) == (y2, m2):
        return names.get("date_range", "{day1}–{day2} {month} {year}").format(
            day1=d1, day2=d2, month=names["months"][m1 - 1], year=y1)
    return f"{format_date(first, lang)} – {format_date(last, lang)}"


def _split_date(label: str) -> tuple[int, int, int]:
    sign = -1 if label.startswith("-") else 1
    y, m, d = label.lstrip("+-").split("-")
    return sign * int(y), int(m), int(d)


def weekday_of(date_label: str, calendar: str, lang: str) -> str:
    """The weekday name of a local date 'YYYY-MM-DD' in the scenario's calendar.

    Parameters
    ----------
    date_label : str
        'YYYY-MM-DD'.
    calendar : str
        The calendar the date is written in (as `sevr.world.clock.jdn_from_date` takes it).
    lang : str
        "en" or "tr".

    Returns
    -------
    str
    """
    from sevr.world.clock import jdn_from_date

    y, m, d = _split_date(date_label)
    return load_templates(lang)["names"]["weekdays"][jdn_from_date(y, m, d, calendar) % 7]
