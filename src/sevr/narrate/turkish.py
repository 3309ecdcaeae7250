"""Turkish morphology for names: case suffixes with vowel harmony, and Turkish-aware casing.

Public API: :func:`tr_inflect`, :func:`tr_upper`, :data:`CASES`.
"""
from __future__ import annotations

import re

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_BACK = set("aıouâû")
_VOWELS = set("aeıioöuüâîû")
_VOICELESS = set("fstkçşhp")
_LETTERS = re.compile(r"[A-Za-zÇĞİIÖŞÜÂÎÛçğıiöşüâîû]")


def _tr_lower(s: str) -> str:
    return s.translate(_TR_LOWER).lower()


def _harmony(core: str) -> tuple[str, str]:
    """(two-way vowel a/e, four-way vowel ı/i/u/ü) for suffixes after `core`."""
    last = next((c for c in reversed(_tr_lower(core)) if c in _VOWELS), "e")
    back = last in _BACK
    two = "a" if back else "e"
    four = {"a": "ı", "ı": "ı", "â": "ı", "o": "u", "u": "u", "û": "u",
            "e": "i", "i": "i", "î": "i", "ö": "ü", "ü": "ü"}[last]
    return two, four


def _before_spaces(s: str, i: int) -> int:
    """The index just after the last non-space character before position `i` (0 if none)."""
    while i > 0 and s[i - 1].isspace():
        i -= 1
    return i


def _split_tail(name: str) -> tuple[str, str]:
    """Split trailing honorifics ("(r.a.)", "ﷺ") from the name the suffix attaches to.

    One scan from the right, so the cost is linear in the length of the name.
    """
    s = name
    end = len(s.rstrip())
    while end > 0:
        if s[end - 1] == ")":
            p = s.rfind("(", 0, end - 1)
            if p >= 0 and s.find(")", p, end - 1) == -1 and _before_spaces(s, p) > 0:
                end = _before_spaces(s, p)
                continue
        sp = s.rfind(" ", 0, end)
        if sp > 0 and not _LETTERS.search(s, sp + 1, end) and _before_spaces(s, sp) > 0:
            end = sp
            continue
        break
    return s[:end], s[end:]


def tr_inflect(name: str, case: str) -> str:
    """Turkish case suffix on a name: acc, dat, gen, loc, abl, ins (nom returns it unchanged).

    Proper names take an apostrophe ("Ebû Kürz'ü", "Medine'ye"); a name whose last word is a
    lowercase noun ending in a vowel is read as a possessive compound and takes the pronominal n
    ("Sevr mağarasına", "Hz. Ebû Bekir'in evinden"). Honorifics in parentheses stay after the
    suffix ("Hz. Ebû Bekir'in (r.a.)").

    Parameters
    ----------
    name : str
        The name in the nominative.
    case : str
        One of `CASES`.

    Returns
    -------
    str
        The inflected name (unchanged when empty or without letters).

    Raises
    ------
    KeyError
        On a case not in `CASES`.
    """
    if case == "nom" or not name:
        return name
    core, tail = _split_tail(name)
    word = core.rsplit(" ", 1)[-1]
    letters = [c for c in _tr_lower(word) if c.isalpha()]
    if not letters:
        return name
    last = letters[-1]
    ends_vowel = last in _VOWELS
    proper = word[:1].isupper() or not word[:1].isalpha()
    two, four = _harmony(core)
    hard = last in _VOICELESS
    d = "t" if hard else "d"
    if proper:
        buf_y = "y" if ends_vowel else ""
        buf_n = "n" if ends_vowel else ""
        suffix = {
            "acc": buf_y + four, "dat": buf_y + two, "gen": buf_n + four + "n",
            "loc": d + two, "abl": d + two + "n", "ins": buf_y + "l" + two,
        }[case]
        return f"{core}'{suffix}{tail}"
    if ends_vowel:  # possessive compound: mağarası -> mağarasına
        suffix = {
            "acc": "n" + four, "dat": "n" + two, "gen": "n" + four + "n",
            "loc": "nd" + two, "abl": "nd" + two + "n", "ins": "yl" + two,
        }[case]
    else:
        suffix = {
            "acc": four, "dat": two, "gen": four + "n",
            "loc": d + two, "abl": d + two + "n", "ins": "l" + two,
        }[case]
    return f"{core}{suffix}{tail}"


def tr_upper(c: str) -> str:
    """Upper case with the Turkish dotted and dotless i (i -> İ, ı -> I)."""
    return c.translate(_TR_UPPER).upper()


CASES = ("nom", "acc", "dat", "gen", "loc", "abl", "ins")
