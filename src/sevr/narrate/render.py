"""Templates to sentences: the variant/extra rules of the template files, and one event's text.

A template file has one table per event kind with a default ``text``, optional ``variants`` (the
first whose ``when`` holds replaces the text) and optional ``extras`` (each whose ``when`` holds
is appended). Public API: :func:`template_texts`, :func:`template_fields`,
:func:`missing_templates`, :func:`rule_holds`, :func:`render`.
"""
from __future__ import annotations

import re
import string
from typing import Any, Mapping

from sevr.narrate.localize import Localizer, load_templates
from sevr.sim.events import EVENT_KINDS


def template_texts(tpl: dict, kind: str) -> list[tuple[str, str]]:
    """(label, text) of every template of a kind: the default, each variant, each extra.

    Parameters
    ----------
    tpl : dict
        A parsed template file (`load_templates`).
    kind : str
        An event kind.

    Returns
    -------
    list of (str, str)
        Labels like ``"found.variants[0]"`` with their texts; empty when the kind has no table.
    """
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
    """Every field the templates of `kind` use (the default, its variants and extras).

    Fields named in the variants' and extras' ``when`` / ``when_any`` conditions count too.

    Parameters
    ----------
    kind : str
        An event kind of `sevr.sim.events.EVENT_KINDS`.
    lang : str, default="en"
        "en" or "tr".

    Returns
    -------
    list of str
        Sorted field names.

    Raises
    ------
    ValueError
        On an unknown event kind or language.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    names: set[str] = set()
    table = load_templates(lang).get("events", {}).get(kind, {})
    for _, text in template_texts(load_templates(lang), kind):
        names |= _fields_of(text)
    for rule in [*table.get("variants", []), *table.get("extras", [])]:
        names |= set(rule.get("when", {})) | set(rule.get("when_any", {}))
    return sorted(names)


def missing_templates(lang: str) -> list[str]:
    """Event kinds that have no template (or an empty table) in `lang`."""
    events = load_templates(lang).get("events", {})
    return [k for k in EVENT_KINDS if k not in events or "text" not in events[k]]


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
    """Whether a variant's / extra's condition holds for a record's context.

    ``when_any``: at least one condition holds; else every condition of ``when`` holds (a rule
    without conditions always holds).

    Parameters
    ----------
    rule : Mapping
        A variant or extra table of a template file.
    ctx : Mapping
        The record's context (field name to value).

    Returns
    -------
    bool
    """
    if "when_any" in rule:
        return any(_match(c, ctx.get(f), f in ctx) for f, c in rule["when_any"].items())
    return all(_match(c, ctx.get(f), f in ctx) for f, c in rule.get("when", {}).items())


def render(kind: str, ctx: Mapping[str, Any], loc: Localizer, tpl: dict, strict: bool = False) -> str:
    """The sentence(s) of one event from its context: variant (or default) plus extras.

    The first variant whose condition holds that formats is used, else the default text; a
    template that does not format falls back to the next, and finally to the ``fallback`` label.

    Parameters
    ----------
    kind : str
        The event kind.
    ctx : Mapping
        The record's context.
    loc : Localizer
        Formats in the template's language.
    tpl : dict
        The parsed template file.
    strict : bool, default=False
        Raise instead of falling back.

    Returns
    -------
    str
        The text, parts joined by spaces.

    Raises
    ------
    KeyError, ValueError, TypeError, IndexError
        Only with `strict`: no template for the kind, or one that does not format.
    """
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
