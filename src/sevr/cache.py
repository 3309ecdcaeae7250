"""A small on-disk cache for deterministic work that is slow to redo (a scenario's preparation).

Entries live in one folder: ``$SEVR_CACHE_DIR`` if set, else the platform's cache folder
(``$XDG_CACHE_HOME/sevr`` or ``~/.cache/sevr`` on Linux, ``~/Library/Caches/sevr`` on macOS,
``%LOCALAPPDATA%\\sevr\\Cache`` on Windows). Each entry is named by the SHA-256 of everything the
value depends on, which always includes the package version and a fingerprint of the package's
source, so a changed input or a changed program never meets an old entry.

- Written atomically: a temporary file in the same folder, then ``os.replace``. Two runs making
  the same entry at once both write a complete file and the last rename wins; a reader sees a
  whole entry or none.
- Checked on reading: an entry holds its own key; one that cannot be read back, or holds another
  key, is deleted and rebuilt.
- Bounded: after each write the least recently used entries (by modification time, refreshed on
  every hit) go until the folder holds at most ``$SEVR_CACHE_MAX_MB`` megabytes (default 1024).
- ``SEVR_CACHE=off`` turns it off; ``sevr cache info`` and ``sevr cache clear`` show and empty it.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

if TYPE_CHECKING:
    from sevr.scenarios.schema import Scenario

SUFFIX = ".pkl"
DEFAULT_MAX_MB = 1024.0
_FORMAT = 1  # bump when the entry layout changes


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    if os.environ.get("SEVR_CACHE_DIR"):
        return Path(os.environ["SEVR_CACHE_DIR"]).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "sevr" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "sevr"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "sevr"


def enabled() -> bool:
    """Whether the cache is on: false when ``$SEVR_CACHE`` is ``off``, ``0``, ``no`` or ``false`` (any case)."""
    return os.environ.get("SEVR_CACHE", "on").lower() not in ("off", "0", "no", "false")


def max_bytes() -> int:
    """The size bound of the folder, from ``$SEVR_CACHE_MAX_MB`` (megabytes, default 1024)."""
    try:
        mb = float(os.environ.get("SEVR_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0.0) * 1e6)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package version and a SHA-256 of its Python sources: any edit to the program changes it."""
    from importlib import metadata

    try:
        version = metadata.version("sevr")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return sources_digest(Path(__file__).resolve().parent, f"{_FORMAT}:{version}")


def sources_digest(root: Path, salt: str = "") -> str:
    """SHA-256 of `salt` and the names and bytes of every ``*.py`` file under `root`.

    Parameters
    ----------
    root : Path
        Folder searched recursively for ``*.py`` files (in sorted path order).
    salt : str, optional
        Text hashed before the files (here the cache format and package version).

    Returns
    -------
    str
        The hex digest (64 characters); it changes when any file's relative name or bytes change.
    """
    digest = hashlib.sha256(salt.encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (an input file, such as a DEM, that a cached value depends on)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scenario_parts(scenario: Scenario) -> dict | None:
    """What a value computed from a scenario depends on: its full content and its DEM file's bytes.

    None if the terrain file named in the scenario is missing (nothing is cached then: the
    computation itself refuses it, naming the field).
    """
    source = scenario.terrain.source
    dem = None
    if source != "synthetic":
        if not Path(source).is_file():
            return None
        dem = file_digest(source)
    return {"scenario": scenario.model_dump(mode="json"), "dem_sha256": dem}


def key_of(namespace: str, parts: Any) -> str:
    """The entry name: SHA-256 of the namespace, the JSON of `parts` and the code fingerprint.

    Parameters
    ----------
    namespace : str
        The kind of value cached (also the prefix of the entry's name).
    parts : Any
        JSON-serialisable description of everything the value depends on.

    Returns
    -------
    str
        ``"<namespace>-<hex SHA-256>"``.
    """
    text = json.dumps([namespace, parts, code_fingerprint()], sort_keys=True, separators=(",", ":"))
    return f"{namespace}-{hashlib.sha256(text.encode()).hexdigest()}"


def get_or_make(namespace: str, parts: Any, make: Callable[[], Any]) -> Any:
    """The cached value for (namespace, parts), or ``make()`` stored under that key.

    `parts` must be JSON-serialisable and name everything the value depends on (file contents
    by their digest). Errors raised by `make` propagate and nothing is stored.

    Parameters
    ----------
    namespace : str
        The kind of value cached (prefix of the entry's name).
    parts : Any
        JSON-serialisable inputs of the value (see :func:`key_of`).
    make : callable
        Computes the value with no arguments; called on a miss or when the cache is off.

    Returns
    -------
    Any
        The stored value on a hit, otherwise the fresh result of ``make()`` (written to the
        cache when :func:`enabled`).
    """
    if not enabled():
        return make()
    key = key_of(namespace, parts)
    folder = cache_dir()
    path = folder / (key + SUFFIX)
    found = _read(path, key)
    if found is not _MISSING:
        return found
    value = make()
    _write(folder, path, key, value)
    return value


def get_or_make_for(namespace: str, scenario: Scenario, make: Callable[[], Any], extra: dict | None = None) -> Any:
    """`get_or_make` keyed by a scenario's `scenario_parts` and `extra`.

    When the scenario's terrain file is missing, nothing is cached and ``make()`` runs as is
    (it refuses the file, naming the field).

    Parameters
    ----------
    namespace : str
        The kind of value cached (prefix of the entry's name).
    scenario : Scenario
        The scenario the value is computed from.
    make : callable
        Computes the value with no arguments.
    extra : dict, optional
        JSON-serialisable inputs besides the scenario (a light mode, a start point...).

    Returns
    -------
    Any
        As :func:`get_or_make`.
    """
    parts = scenario_parts(scenario)
    if parts is None:
        return make()
    return get_or_make(namespace, {**parts, **(extra or {})}, make)


_MISSING = object()


def _read(path: Path, key: str):
    try:
        with open(path, "rb") as fh:
            stored_key, value = pickle.load(fh)
    except FileNotFoundError:
        return _MISSING
    except Exception:  # truncated, corrupt or from an incompatible program: drop it and rebuild
        _remove(path)
        return _MISSING
    if stored_key != key:
        _remove(path)
        return _MISSING
    try:
        os.utime(path)  # most recently used
    except OSError:
        pass
    return value


def _write(folder: Path, path: Path, key: str, value) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=folder)
    except OSError:
        return  # a cache that cannot be written is only slower
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        _remove(Path(tmp))
        return
    evict(max_bytes())


class Entry(NamedTuple):
    path: Path
    size: int
    mtime: float


def entries() -> list[Entry]:
    """The complete entries in the cache folder, least recently used first."""
    found = []
    folder = cache_dir()
    if not folder.is_dir():
        return found
    for path in folder.glob("*" + SUFFIX):
        if path.name.startswith(".tmp-"):
            continue
        try:
            st = path.stat()
        except FileNotFoundError:  # removed by another run meanwhile
            continue
        found.append(Entry(path, st.st_size, st.st_mtime))
    return sorted(found, key=lambda e: (e.mtime, e.path.name))


def evict(limit: int) -> int:
    """Delete least recently used entries until the folder holds at most `limit` bytes; count deleted."""
    items = entries()
    total = sum(e.size for e in items)
    removed = 0
    for entry in items:
        if total <= limit:
            break
        _remove(entry.path)
        total -= entry.size
        removed += 1
    return removed


def clear() -> tuple[int, int]:
    """Delete every entry (and stale temporary files); (entries, bytes) removed."""
    items = entries()
    folder = cache_dir()
    if folder.is_dir():
        for tmp in folder.glob(".tmp-*" + SUFFIX):
            _remove(tmp)
    for entry in items:
        _remove(entry.path)
    return len(items), sum(e.size for e in items)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
