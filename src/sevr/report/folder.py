"""Output folders: checked before any work, and filled all at once or not at all."""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sevr.errors import InputError

PARTIAL = ".partial-"  # scratch folders are named .<out name>.partial-<pid>-<random>


def check_out_dir(out_dir) -> Path:
    """The output folder, or an InputError if it cannot be one.

    Refused before any work: a file in the way, or a folder (or the nearest existing parent
    of one still to be made) in which nothing can be written. The write test makes and removes
    an empty scratch folder, so a read-only disk is found as surely as a missing permission.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder", source=str(out))
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"cannot be created: {parent} is a file, not a folder", source=str(out))
            _check_writable(parent, out)
            break
    if out.is_dir():
        _check_writable(out, out)
    return out


def _check_writable(folder: Path, out: Path) -> None:
    try:
        probe = tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=folder)
    except OSError as exc:
        where = "" if folder == out else f" ({folder} is not writable)"
        raise InputError(f"cannot be written{where}: {exc.strerror or exc}", source=str(out)) from None
    os.rmdir(probe)


def remove_stale_partials(out: Path) -> list[Path]:
    """Remove scratch folders beside `out` left by runs that were killed (their process is gone).

    Returns the folders removed. A scratch folder of a run still alive is left alone.
    """
    removed = []
    if not out.parent.is_dir():
        return removed
    for path in out.parent.glob(f".{glob.escape(out.name)}{PARTIAL}*"):
        pid_text = path.name[len(out.name) + 1 + len(PARTIAL):].split("-", 1)[0]
        if path.is_dir() and not (pid_text.isdigit() and _alive(int(pid_text))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, SIGTERM unwinds like Ctrl-C (so scratch folders are removed) instead of killing outright."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_folder(out_dir, build: Callable[[Path], None], names: Iterable[str]) -> dict[str, Path]:
    """Let `build` write files into a scratch folder beside `out_dir`, then move them in.

    A fresh folder appears in one rename; into an existing one each file is replaced in turn.
    If `build` fails, or the process gets SIGTERM, `out_dir` is left as it was and the scratch
    folder is removed; scratch folders of earlier runs that were killed outright (``kill -9``)
    are removed here too. Returns the paths of the named files made.
    """
    out = check_out_dir(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(out)
    with _terminate_as_exit(), \
            tempfile.TemporaryDirectory(prefix=f".{out.name}{PARTIAL}{os.getpid()}-", dir=out.parent) as scratch:
        tmp = Path(scratch) / "out"
        try:
            tmp.mkdir()
            build(tmp)
            made = [name for name in names if (tmp / name).exists()]
            if not out.exists():
                os.replace(tmp, out)
            else:
                for name in made:
                    if (out / name).is_dir():  # a sub-folder is swapped whole: the old one goes with the scratch
                        os.replace(out / name, Path(scratch) / f"old-{name}")
                    os.replace(tmp / name, out / name)
        except OSError as exc:  # a full disk, say: name the user's folder, not the scratch path
            raise InputError(f"cannot be written ({exc.strerror or exc})", source=str(out)) from None
    return {name: out / name for name in made}
