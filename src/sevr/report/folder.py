"""Output folders: checked before any work, and filled all at once or not at all."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from sevr.errors import InputError


def check_out_dir(out_dir) -> Path:
    """The output folder, or an InputError if it cannot be one (a file is in the way)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder", source=str(out))
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"cannot be created: {parent} is a file, not a folder", source=str(out))
            break
    return out


def write_folder(out_dir, build: Callable[[Path], None], names: Iterable[str]) -> dict[str, Path]:
    """Let `build` write files into a scratch folder beside `out_dir`, then move them in.

    A fresh folder appears in one rename; into an existing one each file is replaced in turn.
    If `build` fails, `out_dir` is left as it was. Returns the paths of the named files made.
    """
    out = check_out_dir(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as scratch:
        tmp = Path(scratch) / "out"
        tmp.mkdir()
        build(tmp)
        made = [name for name in names if (tmp / name).exists()]
        if not out.exists():
            os.replace(tmp, out)
        else:
            for name in made:
                os.replace(tmp / name, out / name)
    return {name: out / name for name in made}
