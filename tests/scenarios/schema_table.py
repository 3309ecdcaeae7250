"""The limits of every scenario field, read from the schema (the table in docs/limits.md is checked against it)."""
from __future__ import annotations

import types
import typing

import annotated_types as at
from pydantic import BaseModel

from sevr.scenarios.schema import EvasionScenario, LostPersonScenario


def _bounds(metadata) -> dict:
    out = {}
    for item in metadata:
        for name in ("ge", "gt", "le", "lt", "max_length", "min_length"):
            if hasattr(item, name) and getattr(item, name) is not None:
                out[name] = getattr(item, name)
        if isinstance(item, at.MaxLen):
            out["max_length"] = item.max_length
    return out


def _inner(annotation):
    """(kind, model or None) of an annotation: a nested model, a list of something, or a leaf."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _inner(args[0])
    if origin is list:
        return ("list", _inner(typing.get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return ("leaf", annotation)


def field_rows(model: type[BaseModel], prefix: str = ""):
    """(dotted path, type name, bounds dict) of every leaf field; list items as path[]."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        kind, inner = _inner(info.annotation)
        bounds = _bounds(info.metadata)
        if kind == "model":
            yield from field_rows(inner, path + ".")
        elif kind == "list":
            sub_kind, sub = inner
            yield path, "list", bounds
            if sub_kind == "model":
                yield from field_rows(sub, path + "[].")
            else:
                yield path + "[]", getattr(sub, "__name__", str(sub)), {}
        else:
            yield path, getattr(inner, "__name__", str(inner)), bounds


MODELS = {"evasion": EvasionScenario, "lost_person": LostPersonScenario}


def _num(v) -> str:
    return f"{v:,.10g}".replace(",", " ")


def describe(type_name: str, bounds: dict) -> str:
    """The limit of one field in words, as docs/limits.md shows it."""
    if type_name in ("float", "int"):
        lo = f"{_num(bounds['ge'])}" if "ge" in bounds else f"> {_num(bounds['gt'])}"
        hi = f"{_num(bounds['le'])}" if "le" in bounds else f"< {_num(bounds['lt'])}"
        return f"{'whole number' if type_name == 'int' else 'number'} {lo} .. {hi}"
    if type_name == "str":
        return f"text, at most {bounds['max_length']} characters"
    if type_name == "list":
        return f"list, at most {bounds['max_length']} items"
    raise ValueError(type_name)


def doc_rows() -> list[str]:
    """One markdown table row per limited field of either scenario kind (shared tables once)."""
    rows, seen = [], set()
    for kind, model in MODELS.items():
        for path, type_name, bounds in field_rows(model):
            if path in seen or type_name not in ("float", "int", "str", "list") or not bounds:
                continue
            seen.add(path)
            rows.append(f"| `{path}` | {describe(type_name, bounds)} |")
    return rows
