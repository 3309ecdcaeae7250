"""Monte Carlo sweeps: designs (spec), chunked runs (runner, store), summaries and plots.

    design = load_spec("ablation")
    run_design(design, out)          # rows into out/results/point=P/chunk-NNNNNN.parquet
    rows, files = finish(out)        # summary.csv, summary.md and plots, from the Parquet
"""
from __future__ import annotations

from pathlib import Path

from sevr.errors import InputError
from sevr.montecarlo.spec import Design, load_spec, single_point


def __getattr__(name: str):
    # run_design brings pyarrow and the Numba engine: loaded on first use, so a spec that fails
    # validation is refused before they are imported.
    if name == "run_design":
        from sevr.montecarlo.runner import run_design

        return run_design
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def finish(out: Path) -> tuple[list[dict], list[Path]]:
    """(Re)draw the summary files and plots of a sweep folder from its manifest and Parquet.

    Every recorded chunk is checked against its sha256 first; a folder with a missing, altered or
    unrecorded chunk file is refused (InputError naming the file) and nothing is written.
    """
    from sevr.montecarlo import store
    from sevr.montecarlo.plots import draw_all
    from sevr.montecarlo.summary import summarize, write_summary

    out = Path(out)
    if not out.is_dir():
        raise InputError("no such folder" if not out.exists() else "is not a folder", source=str(out))
    manifest = store.read_manifest(out)
    if manifest is None:
        raise InputError(f"not a sweep folder: no {store.MANIFEST}", source=str(out))
    rows = summarize(out, manifest, store.verified_chunks(out, manifest))
    plots = draw_all(out, rows, manifest)
    return rows, write_summary(out, rows, manifest, plots) + plots


__all__ = ["Design", "finish", "load_spec", "run_design", "single_point"]
