"""Events -> sentences, in English or Turkish.

The sentences live in ``templates/<lang>.toml`` (data, not code): one table per event kind with a
default ``text``, optional ``variants`` (the first whose ``when`` holds replaces the text) and
optional ``extras`` (each whose ``when`` holds is appended). The narrator only fills them in:
it looks up names in the scenario, formats numbers for the language (times as local HH:MM,
distances rounded, probabilities as percentages) and, in Turkish, adds case suffixes to names
with vowel harmony (``{carried:acc}`` -> "Peygamber Efendimiz'i (s.a.v.)").

Public API: :func:`load_templates`, :func:`narrate`, :class:`NarratedLine`,
:func:`template_fields`, :func:`missing_templates`, :func:`missing_fields`,
:func:`sample_record`, :func:`scenario_context`, :class:`Localizer` (number and name formatting
shared with the reports), :func:`tr_inflect` (Turkish case suffixes).
"""
from __future__ import annotations

import math
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping

from sevr.sim.events import EVENT_KINDS

LANGS = ("en", "tr")

# Kind-specific fields of each event record (the events.jsonl contract), with a sample value of
# the right type. Used to check that every template formats, and to build test records.
EVENT_FIELDS: dict[str, dict[str, Any]] = {
    "arrive_house": {"place": "start"},
    "exit": {"via": "back_window", "seen_by_watchers": False, "light_mode": "as_narrated",
             "moon_phase": 1.0, "moon_alt_deg": 60.0, "visibility": 0.47},
    "decoy": {"decoy": "ali"},
    "gait": {"gait": "tiptoe", "speed_factor": 0.75, "print_factor": 0.45},
    "evasive_move": {"reversals": 7, "sidesteps": 7, "extra_m": 912.8},
    "injury": {"cause": "torn_sandal", "bleeding": True},
    "carry": {"carrier": "abu_bakr", "carried": "prophet", "distance_m": 432.7},
    "arrive_hideout": {"walk_duration_h": 3.2, "path_length_m": 6555.8, "straight_line_m": 5257.1,
                       "climb_m": 444.2},
    "hideout_prepared": {"cloth_holes": 6, "foot_hole": True},
    "hazard": {"hazard": "snake_bite", "victim": "abu_bakr"},
    "recovered": {"victim": "abu_bakr", "remedy": "saliva"},
    "departure_discovered": {"how": "decoy_at_dawn", "delay_min": 316.8},
    "tracker_hired": {"tracker": "abu_kurz"},
    "pursuit_start": {"party_size": 10, "trail_age_h": 6.5},
    "false_branch": {"branch": 2, "misled": True, "loss_min": 15.7},
    "trail_lost": {"distance_to_hideout_m": 640.0},
    "entrance_evidence": {"web": True, "nest": True, "tree": True},
    "closest_approach": {"distance_m": 25.9, "could_see_inside": False},
    "trail_end": {"distance_to_hideout_m": 22.9, "delay_min": 68.7, "misled_count": 4},
    "evidence_assessed": {"prior": 0.75, "posterior": 0.0306, "decision": "leave", "ev_enter": -4.94,
                          "cost_of_entering": 8.0},
    "found": {},
    "search_withdrawn": {},
    "search_suspended": {"intensity": 0.12, "after_h": 48.9},
    "mounts_arrive": {"camels": 2},
    "depart_hideout": {"destination": "Medina", "days_in_hideout": 2.78},
    "intercepted": {},
}

# Sample actors of each kind (ids of the built-in scenario); used by sample_record.
_SAMPLE_ACTORS: dict[str, tuple[str, ...]] = {
    "arrive_house": ("prophet",), "decoy": ("ali",), "evasive_move": ("abu_bakr",),
    "injury": ("prophet",), "carry": ("abu_bakr", "prophet"), "hideout_prepared": ("abu_bakr",),
    "hazard": ("abu_bakr",), "recovered": ("prophet", "abu_bakr"), "departure_discovered": ("watchers",),
    "tracker_hired": ("abu_kurz",), "pursuit_start": ("abu_kurz", "pursuers"), "false_branch": ("abu_kurz",),
    "trail_lost": ("abu_kurz",), "entrance_evidence": (), "closest_approach": ("pursuers", "abu_kurz"),
    "trail_end": ("abu_kurz",), "evidence_assessed": ("pursuers",), "found": ("pursuers", "prophet", "abu_bakr"),
    "search_withdrawn": ("pursuers",), "search_suspended": ("pursuers",), "mounts_arrive": ("guides",),
    "depart_hideout": ("prophet", "abu_bakr", "guides"), "intercepted": ("pursuers", "prophet", "abu_bakr"),
}

# Record fields that hold an actor id and are shown as that actor's name.
ROLE_FIELDS = ("carrier", "carried", "victim", "decoy", "tracker")

# Fields the narrator adds to every record before formatting (see templates/en.toml).
DERIVED_FIELDS = (
    "time", "date", "iso", "who", "evaders", "principal", "companion", "others", "healer", "start",
    "hideout", "destination", "leader", "tracker", "decoy", "pursuers", "watchers", "guides",
    "n_actors",
)

# Facts that, once told, stay true for later events (so a later template can depend on them).
_CARRIED_STATE = {"entrance_evidence": ("web", "nest", "tree"), "mounts_arrive": ("camels",)}

# Day and night, for grouping lines: local clock hours at which a "day" and a "night" begin.
DAY_STARTS_H = 6
NIGHT_STARTS_H = 18


@dataclass(frozen=True)
class NarratedLine:
    """One narrated event."""

    t_min: float
    time_label: str     # local 'HH:MM'
    date_label: str     # local date 'YYYY-MM-DD' in the scenario calendar
    period: str         # "day" | "night"
    period_no: int      # 1-based: Day 1, Night 1, Day 2, ...
    day_label: str      # localized, e.g. "Night 1" / "Birinci gece"
    kind: str
    text: str
    # The record's own fields beyond the common ones (e.g. light_mode of an exit), for reports.
    fields: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


_COMMON_FIELDS = ("t_min", "time", "kind", "actors", "x_m", "y_m", "lat", "lon")


# --- templates -----------------------------------------------------------------------------------

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


def _template_texts(tpl: dict, kind: str) -> list[tuple[str, str]]:
    """(label, text) of every template of a kind: the default, each variant, each extra."""
    table = tpl.get("events", {}).get(kind)
    if table is None:
        return []
    out = [(f"{kind}.text", table.get("text", ""))]
    for i, v in enumerate(table.get("variants", [])):
        out.append((f"{kind}.variants[{i}]", v.get("text", "")))
    for i, x in enumerate(table.get("extras", [])):
        out.append((f"{kind}.extras[{i}]", x.get("text", "")))
    return out


def _fields_of(text: str) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


def template_fields(kind: str, lang: str = "en") -> list[str]:
    """Every field the templates of `kind` use (the default, its variants and extras)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    names: set[str] = set()
    table = load_templates(lang).get("events", {}).get(kind, {})
    for _, text in _template_texts(load_templates(lang), kind):
        names |= _fields_of(text)
    for rule in [*table.get("variants", []), *table.get("extras", [])]:
        names |= set(rule.get("when", {})) | set(rule.get("when_any", {}))
    return sorted(names)


def missing_templates(lang: str) -> list[str]:
    """Event kinds that have no template (or an empty table) in `lang`."""
    events = load_templates(lang).get("events", {})
    return [k for k in EVENT_KINDS if k not in events or "text" not in events[k]]


def sample_record(kind: str, **overrides: Any) -> dict[str, Any]:
    """A complete, plausible record of `kind` (the events.jsonl contract), for checks and tests."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    record: dict[str, Any] = {
        "t_min": 700.0, "time": "0622-09-12T23:10:00+02:39", "kind": kind,
        "actors": list(_SAMPLE_ACTORS.get(kind, ("prophet", "abu_bakr"))),
        "x_m": 100.0, "y_m": -200.0, "lat": 21.42, "lon": 39.8245,
        **EVENT_FIELDS[kind],
    }
    record.update(overrides)
    return record


def missing_fields(lang: str, scenario=None) -> list[str]:
    """Templates that fail to format with a complete record of their kind.

    Each default text, variant and extra is formatted with :func:`sample_record` (every contract
    field present) plus the narrator's derived fields; a KeyError (a field that is neither) or a
    bad format spec is reported as "kind.variants[i]: message". Conditions in `when` must name a
    contract field, a derived field or a carried fact.
    """
    if scenario is None:
        from sevr.scenarios import load

        scenario = load("hijra")
    tpl = load_templates(lang)
    loc = Localizer(lang)
    allowed_when = set(DERIVED_FIELDS) | {f for fs in _CARRIED_STATE.values() for f in fs}
    problems: list[str] = []
    for kind in EVENT_KINDS:
        table = tpl.get("events", {}).get(kind)
        if table is None:
            continue
        record = sample_record(kind)
        context = _context(record, scenario, loc, tpl, {"web": True, "nest": True, "tree": True, "camels": 2})
        for label, text in _template_texts(tpl, kind):
            try:
                loc.format(text, context)
            except KeyError as exc:
                problems.append(f"{label}: missing field {exc.args[0]!r}")
            except (ValueError, TypeError, IndexError) as exc:
                problems.append(f"{label}: {exc}")
        for i, rule in enumerate([*table.get("variants", []), *table.get("extras", [])]):
            for name in [*rule.get("when", {}), *rule.get("when_any", {})]:
                if name not in EVENT_FIELDS[kind] and name not in allowed_when and name not in _OPTIONAL_FIELDS:
                    problems.append(f"{kind} rule {i}: condition on unknown field {name!r}")
    return problems


# Fields the engine may add beyond the contract, which templates may test for.
_OPTIONAL_FIELDS = {"where", "cloth_holes"}


# --- formatting ---------------------------------------------------------------------------------

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_BACK = set("aıouâû")
_VOWELS = set("aeıioöuüâîû")
_VOICELESS = set("fstkçşhp")
_LETTERS = re.compile(r"[A-Za-zÇĞİIÖŞÜÂÎÛçğıiöşüâîû]")
_TRAILING_PAREN = re.compile(r"^(.*?)(\s*\([^()]*\))$")


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


def _split_tail(name: str) -> tuple[str, str]:
    """Split trailing honorifics ("(r.a.)", "ﷺ") from the name the suffix attaches to."""
    core, tail = name.rstrip(), ""
    while True:
        m = _TRAILING_PAREN.match(core)
        if m and m.group(1).strip():
            core, tail = m.group(1), m.group(2) + tail
            continue
        parts = core.rsplit(" ", 1)
        if len(parts) == 2 and parts[0].strip() and not _LETTERS.search(parts[1]):
            core, tail = parts[0], " " + parts[1] + tail
            continue
        return core, tail


def tr_inflect(name: str, case: str) -> str:
    """Turkish case suffix on a name: acc, dat, gen, loc, abl, ins (nom returns it unchanged).

    Proper names take an apostrophe ("Ebû Kürz'ü", "Medine'ye"); a name whose last word is a
    lowercase noun ending in a vowel is read as a possessive compound and takes the pronominal n
    ("Sevr mağarasına", "Hz. Ebû Bekir'in evinden"). Honorifics in parentheses stay after the
    suffix ("Hz. Ebû Bekir'in (r.a.)").
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


_CASES = ("nom", "acc", "dat", "gen", "loc", "abl", "ins")


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
        """Swap the decimal point and thousands separator of a formatted number."""
        dec, th = self.names.get("decimal", "."), self.names.get("thousands", ",")
        text = "".join(dec if c == "." else th if c == "," else c for c in text)
        return "\u2212" + text[1:] if text.startswith("-") else text  # a real minus sign

    def pct(self, p: float) -> str:
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
        k = int(round(float(n)))
        numbers = self.names.get("numbers", [])
        return numbers[k] if 0 <= k < len(numbers) else str(k)

    def ordinal(self, n: float) -> str:
        k = int(round(float(n)))
        ords = self.names.get("ordinals", [])
        if 0 <= k < len(ords):
            return ords[k]
        return f"{k}{self.names.get('ordinal_suffix', '.')}"

    def term(self, text: str) -> str:
        """A scenario string in this language, via the glossary when it has no field of its own."""
        return self.glossary.get(text, text)

    def join(self, names: list[str]) -> str:
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
        if value is None:
            return "–"
        spec = format_spec
        if spec in _CASES:
            text = str(value)
            return tr_inflect(text, spec) if self.lang == "tr" else text
        if spec == "pct":
            return self.pct(value)
        if spec == "dist":
            return self.dist(value)
        if spec == "dur":
            return self.duration(value)
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
        """Fill `template` from `context`; by default each sentence starts with a capital."""
        text = self.vformat(template, (), context)
        return _capitalize_sentences(text, self.lang) if capitalize else text

    def capitalize_first(self, text: str) -> str:
        """Upper-case the first letter only (Turkish-aware: i -> İ)."""
        for i, c in enumerate(text):
            if c.isalpha():
                up = c.translate(_TR_UPPER).upper() if self.lang == "tr" else c.upper()
                return text[:i] + up + text[i + 1:]
        return text


_ABBREVIATIONS = {"Hz", "Dr", "Mr", "Mrs", "Ms", "St", "Prof", "vb", "bkz", "vs", "Av"}


def _capitalize_sentences(text: str, lang: str) -> str:
    """Capitalize the first letter of the text and of each sentence (Turkish-aware i -> İ)."""

    def up(c: str) -> str:
        return c.translate(_TR_UPPER).upper() if lang == "tr" else c.upper()

    chars = list(text)
    start = True
    for i, c in enumerate(chars):
        if start:
            if c.isalpha():
                if c.islower():
                    chars[i] = up(c)
                start = False
            elif not (c.isspace() or c in "“\"'‘("):
                start = False
        if c in ".!?" and i + 1 < len(chars) and chars[i + 1] == " ":
            word = re.search(r"[\w.]*$", text[:i]).group(0)
            # Not after an abbreviation ("Hz.", "s.a.v.") - a name follows those.
            start = not (word in _ABBREVIATIONS or "." in word or (lang == "tr" and word.isdigit()))
    return "".join(chars)


# --- narration ----------------------------------------------------------------------------------

def _name_of(member, lang: str) -> str:
    return getattr(member, f"name_{lang}", None) or getattr(member, "name_en", None) or member.id


def _scenario_text(obj, attr: str, lang: str, loc: Localizer) -> str:
    """A scenario string in `lang`: a `<attr>_<lang>` attribute if the scenario has one, else
    `<attr>_en` / `<attr>` through the template glossary."""
    own = getattr(obj, f"{attr}_{lang}", None)
    if own:
        return own
    base = getattr(obj, f"{attr}_en", None) or getattr(obj, attr, None) or ""
    return loc.term(base) if isinstance(base, str) else base


def actor_names(scenario, lang: str) -> dict[str, str]:
    """id -> display name in `lang`, for every actor a record can name."""
    tpl = load_templates(lang)
    loc = Localizer(lang)
    names = {m.id: _name_of(m, lang) for m in scenario.evaders.members}
    decoy = getattr(scenario.evaders, "decoy_person", None)
    if decoy is not None:
        names[decoy.id] = _name_of(decoy, lang)
    tracker = getattr(scenario, "tracker", None)
    if tracker is not None:
        names[tracker.id] = _name_of(tracker, lang)
    generic = tpl.get("names", {})
    pursuers = getattr(scenario, "pursuers", None)
    names["pursuers"] = (getattr(pursuers, f"name_{lang}", None) if pursuers is not None else None) or generic.get("pursuers", "pursuers")
    names["watchers"] = generic.get("watchers", "watchers")
    departure = getattr(scenario, "departure", None)
    guides = list(getattr(departure, f"guides_{lang}", None) or getattr(departure, "guides_en", None) or []) if departure else []
    names["guides"] = loc.join(guides) if guides else generic.get("guides", "guides")
    return names


def _scenario_context(scenario, loc: Localizer, tpl: dict) -> dict[str, Any]:
    lang = loc.lang
    names = actor_names(scenario, lang)
    members = [m.id for m in scenario.evaders.members]
    places = scenario.places
    ctx: dict[str, Any] = {
        "evaders": loc.join([names[i] for i in members]),
        "principal": names[members[0]],
        "companion": loc.join([names[i] for i in members[1:]]) or names[members[0]],
        "start": _scenario_text(places.start, "name", lang, loc),
        "hideout": _scenario_text(places.hideout, "name", lang, loc),
        "pursuers": names["pursuers"],
        "watchers": names["watchers"],
        "guides": names["guides"],
        "tracker": names.get(scenario.tracker.id, scenario.tracker.id),
        "leader": _scenario_text(scenario.pursuers, "leader", lang, loc),
        "destination": _scenario_text(scenario.departure, "destination", lang, loc),
        "decoy": names.get(scenario.evaders.decoy_person.id) if scenario.evaders.decoy_person else
        tpl.get("names", {}).get("evaders", ""),
    }
    return ctx


def scenario_context(scenario, lang: str) -> dict[str, Any]:
    """The scenario's names in `lang` (evaders, principal, companion, start, hideout, tracker,
    leader, pursuers, watchers, guides, destination, decoy), as templates see them."""
    return dict(_scenario_context(scenario, Localizer(lang), load_templates(lang)))


def _context(record: Mapping[str, Any], scenario, loc: Localizer, tpl: dict,
             state: Mapping[str, Any] | None = None, base: Mapping[str, Any] | None = None,
             clock=None) -> dict[str, Any]:
    """Everything a template of this record may use (see the header of templates/en.toml)."""
    names = actor_names(scenario, loc.lang)
    ctx: dict[str, Any] = dict(base) if base is not None else _scenario_context(scenario, loc, tpl)
    ctx.update(state or {})
    ctx.update({k: v for k, v in record.items() if k not in ("actors",)})
    actors = [str(a) for a in record.get("actors", [])]
    role_ids = set()
    for role in ROLE_FIELDS:
        if isinstance(record.get(role), str):
            role_ids.add(record[role])
            ctx[f"{role}_id"] = record[role]
            ctx[role] = names.get(record[role], record[role])
    ctx["who"] = loc.join([names.get(a, a) for a in actors]) or ctx["evaders"]
    others = [a for a in actors if a not in role_ids]
    ctx["others"] = loc.join([names.get(a, a) for a in others]) or ctx["principal"]
    ctx["healer"] = ctx["others"]
    ctx["n_actors"] = len(actors)
    # The record's destination is the engine's (English) name; the scenario knows the language's.
    ctx["destination"] = _scenario_text(scenario.departure, "destination", loc.lang, loc)
    ctx["iso"] = record.get("time")
    t_min = float(record.get("t_min", 0.0))
    date, hhmm = _local_label(scenario, t_min, clock)
    ctx["time"], ctx["date"] = hhmm, date
    return ctx


def _match(cond: Any, value: Any, present: bool) -> bool:
    if isinstance(cond, dict):
        if "present" in cond and bool(cond["present"]) != present:
            return False
        if not present:
            return set(cond) <= {"present"}
        try:
            if "in" in cond and value not in cond["in"]:
                return False
            ops = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
                   "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}
            return all(ops[k](value, cond[k]) for k in ops if k in cond)
        except TypeError:
            return False
    if not present:
        return False
    if isinstance(cond, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(cond, bool) and value == cond
    return value == cond


def rule_holds(rule: Mapping[str, Any], ctx: Mapping[str, Any]) -> bool:
    """Whether a variant's / extra's condition holds for a record's context."""
    if "when_any" in rule:
        return any(_match(c, ctx.get(f), f in ctx) for f, c in rule["when_any"].items())
    return all(_match(c, ctx.get(f), f in ctx) for f, c in rule.get("when", {}).items())


def render(kind: str, ctx: Mapping[str, Any], loc: Localizer, tpl: dict, strict: bool = False) -> str:
    """The sentence(s) of one event from its context: variant (or default) plus extras."""
    table = tpl.get("events", {}).get(kind)
    if table is None:
        if strict:
            raise KeyError(f"no template for event kind {kind!r}")
        return loc.format(tpl.get("labels", {}).get("fallback", "({kind})"), {"kind": kind})
    candidates = [v["text"] for v in table.get("variants", []) if rule_holds(v, ctx)] + [table.get("text", "")]
    parts: list[str] = []
    last_error: Exception | None = None
    for text in candidates:
        try:
            parts = [loc.format(text, ctx)] if text else []
            break
        except (KeyError, ValueError, TypeError, IndexError) as exc:  # a field the engine did not emit
            if strict:
                raise
            last_error = exc
    else:
        if last_error is not None:
            parts = [loc.format(tpl.get("labels", {}).get("fallback", "({kind})"), {"kind": kind})]
    for extra in table.get("extras", []):
        if rule_holds(extra, ctx):
            try:
                parts.append(loc.format(extra["text"], ctx))
            except (KeyError, ValueError, TypeError, IndexError):
                if strict:
                    raise
    return " ".join(p for p in parts if p)


def _clock_of(scenario):
    from sevr.world.clock import ScenarioClock

    return ScenarioClock.of(scenario.time)


def _local_label(scenario, t_min: float, clock=None) -> tuple[str, str]:
    return (clock if clock is not None else _clock_of(scenario)).local_label(t_min)


def day_period(scenario, t_min: float) -> tuple[str, int]:
    """("day" | "night", number): Day 1 is the scenario's first daytime, Night 1 the night after.

    A day runs from 06:00 to 18:00 local time, a night from 18:00 to 06:00 (fixed hours, not
    sunrise and sunset), so a night keeps its number across midnight.
    """
    start = scenario.time.start
    start_s = start.hour * 3600 + start.minute * 60 + start.second
    local_s = start_s + 60.0 * float(t_min)
    half = 12 * 3600

    def index(seconds: float) -> int:
        return math.floor((seconds - DAY_STARTS_H * 3600) / half)

    base = index(start_s)
    base -= base % 2  # the first period is Day 1, or the night before it (Night 0)
    k = index(local_s) - base
    if k % 2 == 0:
        return "day", k // 2 + 1
    return "night", (k + 1) // 2


def narrate(records: Iterable[Mapping[str, Any]], scenario, lang: str = "en",
            strict: bool = False) -> list[NarratedLine]:
    """One :class:`NarratedLine` per record, in the order given.

    Names come from the scenario (members, decoy, tracker, leader, guides, places); a field the
    engine did not emit makes the narrator fall back to a simpler variant (or, with
    ``strict=True``, raise).
    """
    tpl = load_templates(lang)
    loc = Localizer(lang)
    base = _scenario_context(scenario, loc, tpl)
    clock = _clock_of(scenario)
    labels = tpl.get("labels", {})
    state: dict[str, Any] = {}
    lines: list[NarratedLine] = []
    for record in records:
        kind = str(record.get("kind"))
        ctx = _context(record, scenario, loc, tpl, state, base, clock)
        text = render(kind, ctx, loc, tpl, strict=strict)
        period, number = day_period(scenario, float(record.get("t_min", 0.0)))
        day_label = loc.format(labels.get(period, "{n}"), {"n": number})
        lines.append(NarratedLine(
            t_min=float(record.get("t_min", 0.0)), time_label=ctx["time"], date_label=ctx["date"],
            period=period, period_no=number, day_label=day_label, kind=kind, text=text,
            fields={k: v for k, v in record.items() if k not in _COMMON_FIELDS}))
        for fact in _CARRIED_STATE.get(kind, ()):
            if fact in record:
                state[fact] = record[fact]
    return lines


def format_date(date_label: str, lang: str) -> str:
    """'0622-09-09' -> '9 September 622' / '9 Eylül 622'."""
    tpl = load_templates(lang)
    y, m, d = _split_date(date_label)
    names = tpl.get("names", {})
    return names.get("date", "{day} {month} {year}").format(day=d, month=names["months"][m - 1], year=y)


def format_date_range(first: str, last: str, lang: str) -> str:
    """A span of local dates, compact when it stays within one month."""
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


def period_date_span(scenario, line: NarratedLine, clock=None) -> tuple[str, str]:
    """Local dates (first, last) of the day or night a line belongs to: a night spans two dates."""
    if line.period != "night":
        return line.date_label, line.date_label
    hh, mm = (int(x) for x in line.time_label.split(":"))
    since_midnight = hh * 60 + mm
    if hh < NIGHT_STARTS_H:  # after midnight: the evening was the day before
        evening = _local_label(scenario, line.t_min - since_midnight - 1, clock)[0]
        return evening, line.date_label
    morning = _local_label(scenario, line.t_min + (24 * 60 - since_midnight) + 1, clock)[0]
    return line.date_label, morning
