"""Find, read and validate scenarios; print them back as TOML; apply dotted-path overrides."""
from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from sevr.errors import InputError
from sevr.scenarios.geography import check_places
from sevr.scenarios.schema import SCENARIO_MODELS, Scenario

BUILTIN_PACKAGE = "sevr.scenarios.builtin"
MAX_FILE_BYTES = 1_000_000  # a scenario is a few kilobytes; more is a wrong file (or /dev/zero)


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the package."""
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _read_text(name_or_path: str) -> tuple[str, str]:
    """Return (text, label) for a built-in name or a file path."""
    if name_or_path in builtin_names():
        text = resources.files(BUILTIN_PACKAGE).joinpath(f"{name_or_path}.toml").read_text("utf-8")
        return text, f"{name_or_path}.toml (built-in)"
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(builtin_names())
        raise InputError(f"no such file or built-in scenario (built-ins: {known})", source=name_or_path)
    if path.is_dir():
        raise InputError("is a folder, expected a TOML file", source=name_or_path)
    return read_capped(path), str(path)


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a file, reading at most `limit` bytes; a longer file is an InputError.

    Reads through the size cap rather than trusting the file's reported size, so a device or
    a pipe (``/dev/zero``) is refused as quickly as a large file.

    Parameters
    ----------
    path : Path
        The file.
    limit : int, default=MAX_FILE_BYTES
        Largest size accepted, bytes.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Naming the file when it cannot be read, is larger than `limit` or is not UTF-8.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=str(path)) from None
    if len(data) > limit:
        raise InputError(f"is larger than {limit:,} bytes; a scenario file is a short TOML text", source=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", source=str(path)) from None


def parse(text: str, label: str) -> dict[str, Any]:
    """Parse TOML text.

    Parameters
    ----------
    text : str
        The TOML text.
    label : str
        The file's name for messages.

    Returns
    -------
    dict
        The TOML tables.

    Raises
    ------
    InputError
        Naming the file when the text is not valid TOML.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", source=label) from None


def _field_path(loc: tuple) -> str:
    # pydantic puts list indices as ints and union branches as class names; keep the user's view.
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)


_TYPE_HINTS = {  # strict types: say what is expected, in TOML terms
    "bool_type": "expected true or false",
    "float_type": "expected a number (a decimal like 0.9, not a string or a boolean)",
    "int_type": "expected a whole number (not a string or a boolean)",
    "int_from_float": "expected a whole number",
    "string_type": "expected a string in quotes",
    "datetime_type": "expected a local date and time such as 2024-10-05T18:30:00 (a date alone is not enough)",
    "finite_number": "must be a finite number (not nan or inf)",
    "list_type": "expected a list [ ... ]",
    "model_type": "expected a table",
    "dict_type": "expected a table",
}


def _explain(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key (check its spelling; `sevr scenario show NAME` prints every key a scenario can have)"
    if error["type"] == "missing":
        return "required key is missing"
    msg = _TYPE_HINTS.get(error["type"], error["msg"]).removeprefix("Value error, ")
    if "input" in error and error["type"] not in ("model_type",):
        shown = repr(error["input"])
        msg += f" (got {shown[:60]})"
    return msg


def validate(data: dict[str, Any], label: str) -> Scenario:
    """Turn parsed TOML into a scenario model, or raise InputError naming the first bad field.

    Parameters
    ----------
    data : dict
        Parsed TOML; ``meta.kind`` chooses the model.
    label : str
        The file's name for messages.

    Returns
    -------
    Scenario
        The model of that kind, its places checked against the terrain.

    Raises
    ------
    InputError
        Naming the first bad field (and how many more problems there are).
    """
    kind = data.get("meta", {}).get("kind") if isinstance(data.get("meta"), dict) else None
    if not isinstance(kind, str) or kind not in SCENARIO_MODELS:
        allowed = ", ".join(sorted(SCENARIO_MODELS))
        field = "meta.kind"
        msg = "required key is missing" if kind is None else f"unknown kind {kind!r}"
        raise InputError(f"{msg}; expected one of: {allowed}", source=label, field=field)
    try:
        scenario = SCENARIO_MODELS[kind].model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        more = exc.error_count() - 1
        suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
        raise InputError(_explain(first) + suffix, source=label, field=_field_path(first["loc"]) or None) from None
    check_places(scenario, label)
    return scenario


def load(name_or_path: str, kind: str | None = None) -> Scenario:
    """Load a built-in scenario by name, or a TOML file by path; `kind` insists on one meta.kind.

    Relative file paths inside a scenario file are taken relative to that file's folder.

    Parameters
    ----------
    name_or_path : str
        A built-in name (e.g. "hijra") or the path of a TOML file.
    kind : str, optional
        The required ``meta.kind`` (e.g. "evasion").

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        When the file is missing or unreadable, not valid TOML, does not validate, or is of
        another kind (field ``meta.kind``).
    """
    text, label = _read_text(name_or_path)
    data = parse(text, label)
    if name_or_path not in builtin_names():
        _resolve_relative_paths(data, Path(name_or_path).resolve().parent)
    scenario = validate(data, label)
    if kind is not None and scenario.meta.kind != kind:
        raise InputError(f"is of kind '{scenario.meta.kind}'; this command works on {kind} scenarios only "
                         f"(built-in: {', '.join(n for n in builtin_names() if _kind_of(n) == kind)})",
                         source=label, field="meta.kind")
    return scenario


def _resolve_relative_paths(data: dict[str, Any], folder: Path) -> None:
    """Make relative file paths (``terrain.source``, ``layers.*``) relative to *folder* (the scenario file's).

    A scenario and its elevation model and layers travel together, so the file must name the same
    files whichever folder `sevr` is started from. ``"synthetic"`` and absolute paths are kept.
    """
    def fix(path):
        if isinstance(path, str) and path != "synthetic" and not Path(path).is_absolute():
            return str(folder / path)
        return path

    terrain = data.get("terrain")
    if isinstance(terrain, dict) and "source" in terrain:
        terrain["source"] = fix(terrain["source"])
    layers = data.get("layers")
    if isinstance(layers, dict):
        for key, paths in layers.items():
            if isinstance(paths, list):
                layers[key] = [fix(p) for p in paths]


def _kind_of(name: str) -> str:
    text = resources.files(BUILTIN_PACKAGE).joinpath(f"{name}.toml").read_text("utf-8")
    return parse(text, name).get("meta", {}).get("kind", "")


def to_toml(scenario: Scenario) -> str:
    """The full scenario as TOML that `load` accepts unchanged."""
    header = f"# sevr scenario '{scenario.meta.name}': every key, defaults filled in.\n"
    # An unset optional key (None) is left out: TOML has no null, and loading restores the default.
    return header + tomli_w.dumps(scenario.model_dump(mode="python", exclude_none=True))


def get_path(scenario: Scenario, dotted: str) -> Any:
    """The value of a scenario setting named by its dotted path.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    dotted : str
        E.g. ``"evaders.tactics.wait_days"``.

    Returns
    -------
    object
        The setting's value (a nested table is a model object).

    Raises
    ------
    InputError
        Naming the path when it is not a setting of the scenario.
    """
    node: Any = scenario
    for part in dotted.split("."):
        if not hasattr(node, part) or part.startswith("_") or not hasattr(type(node), "model_fields"):
            raise InputError(f"no such setting in scenario '{scenario.meta.name}'", field=dotted)
        if part not in type(node).model_fields:
            raise InputError(f"no such setting in scenario '{scenario.meta.name}'", field=dotted)
        node = getattr(node, part)
    return node


def with_overrides(scenario: Scenario, overrides: dict[str, Any], label: str = "overrides") -> Scenario:
    """A new scenario with dotted-path values replaced, validated like a file.

    Parameters
    ----------
    scenario : Scenario
        The base scenario (left unchanged).
    overrides : dict of str to object
        Dotted path to new value.
    label : str, default="overrides"
        Source named in messages.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Naming the path when it is not a setting, or the field the new values make invalid.
    """
    data = scenario.model_dump(mode="python")
    for dotted, value in overrides.items():
        get_path(scenario, dotted)  # unknown paths fail here with the path named
        node = data
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = copy.deepcopy(value)
    return validate(data, label)
