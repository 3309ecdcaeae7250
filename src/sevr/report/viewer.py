"""Find a folder's HTML page and open it in the default browser."""
from __future__ import annotations

import webbrowser
from pathlib import Path

from sevr.errors import InputError

__all__ = ["PAGES", "find_page", "open_page"]

PAGES = ("replay.html", "plan.html")


def find_page(folder) -> Path:
    """The page of a run or plan folder (or the page itself); InputError if there is none."""
    path = Path(folder)
    if path.is_file() and path.suffix == ".html":
        return path
    if not path.is_dir():
        raise InputError("no such folder", source=str(path))
    for name in PAGES:
        if (path / name).is_file():
            return path / name
    if (path / "manifest.json").is_file():
        raise InputError("is a sweep folder: choose an episode with --episode N (and --point P)", source=str(path))
    raise InputError(f"has no {' or '.join(PAGES)}: run `sevr run` or `sevr plan` first", source=str(path))


def open_page(page: Path) -> bool:
    """Open `page` in the default browser; False where no browser is available."""
    try:
        return bool(webbrowser.open(Path(page).resolve().as_uri()))
    except webbrowser.Error:
        return False
