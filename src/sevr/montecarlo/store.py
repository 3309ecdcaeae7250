"""The output folder of a sweep: chunk files, the manifest, and what a resumed run may skip.

    DIR/manifest.json                               the design and its fingerprint
    DIR/results/point=P/chunk-NNNNNN.parquet        one row per episode, one file per chunk

A chunk file appears only complete (written to a temporary name in the same folder, then
renamed with os.replace), so "the file exists" means "the chunk is done": a killed run leaves
finished chunks and, at worst, a stray temporary file that the next run removes. The folder name
`point=P` is a Hive partition whose value equals the `point` column, so DuckDB's
`read_parquet('DIR/**/*.parquet')` reads the folder as one table with `point` as an integer.
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sevr.errors import InputError
from sevr.report.folder import check_out_dir
from sevr.sim.outcomes import COLUMNS

MANIFEST = "manifest.json"
RESULTS = "results"
TMP_SUFFIX = ".tmp"
ARROW_TYPES = {"bool": pa.bool_(), "int64": pa.int64(), "double": pa.float64(), "string": pa.string()}


def chunk_path(out: Path, point: int, chunk: int) -> Path:
    return Path(out) / RESULTS / f"point={point}" / f"chunk-{chunk:06d}.parquet"


def results_glob(out: Path) -> str:
    return str(Path(out) / RESULTS / "**" / "*.parquet")


def row_schema(paths, column_types: dict[str, str]) -> pa.Schema:
    """Same schema for every chunk of a sweep, so the files read back as one table."""
    fields = [pa.field("point", pa.int64()), pa.field("label", pa.string())]
    fields += [pa.field(p, ARROW_TYPES[column_types[p]]) for p in paths]
    fields.append(pa.field("seed", pa.int64()))
    fields += [pa.field(name, pa.string() if dtype is object else pa.from_numpy_dtype(np.dtype(dtype)))
               for name, dtype in COLUMNS.items()]
    return pa.schema(fields)


def chunk_table(schema: pa.Schema, cols: dict[str, np.ndarray], constants: dict) -> pa.Table:
    """Outcome columns of a chunk plus the columns that are constant within a point.

    The engines mark "does not apply" (e.g. the time found of an episode never found) with NaN;
    it is stored as NULL so that SQL averages and counts skip it.
    """
    n = len(cols["episode"])
    arrays = [pa.array(cols[f.name], f.type, from_pandas=True) if f.name in cols
              else pa.array([constants[f.name]] * n, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write to a unique temporary name next to the target, flush to disk, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def chunk_done(path: Path, rows: int) -> bool:
    """A chunk counts as done if its file is there with the expected number of rows."""
    try:
        return pq.read_metadata(path).num_rows == rows
    except (OSError, pa.ArrowInvalid):
        return False


def remove_stale_temporaries(out: Path) -> int:
    """Temporary files left by a killed run (never read: they do not end in .parquet)."""
    removed = 0
    for tmp in (Path(out) / RESULTS).glob(f"point=*/.*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def read_manifest(out: Path) -> dict | None:
    path = Path(out) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot be read ({exc}); remove the folder or choose another --out",
                         source=str(path)) from None


def write_manifest(out: Path, manifest: dict) -> None:
    path = Path(out) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}{TMP_SUFFIX}")
    tmp.write_text(json.dumps(manifest, indent=2, default=str) + "\n", "utf-8")
    os.replace(tmp, path)


def new_manifest(design, chunk_blocks: int) -> dict:
    return {
        "format": 1, "kind": design.kind, "fingerprint": design.fingerprint(),
        "title": design.title, "spec": design.source, "scenario": design.scenario_ref,
        "scenario_name": design.base.meta.name, "engine": design.engine, "episodes": design.episodes,
        "seed": design.seed, "chunk_blocks": chunk_blocks, "complete": False,
        "paths": list(design.paths), "column_types": design.column_types, "baseline": design.baseline,
        "points": [{"point": p.index, "label": p.label, "overrides": p.overrides, "values": p.values}
                   for p in design.points],
    }


def check_folder(out: Path, design, chunk_blocks: int | None, default_blocks: int) -> tuple[int, dict | None]:
    """Before any work: may this design write into `out`? Returns the chunk size to use and the
    manifest already there (None for a fresh folder)."""
    out = check_out_dir(out)
    old = read_manifest(out)
    where = str(out / MANIFEST)
    if old is None:
        if (out / RESULTS).exists() and any((out / RESULTS).iterdir()):
            raise InputError(f"holds results but no {MANIFEST}; choose another --out", source=str(out))
        return chunk_blocks or default_blocks, None
    if old.get("fingerprint") != design.fingerprint():
        raise InputError(
            f"this folder holds a different sweep ('{old.get('title')}', {old.get('episodes')} episodes per "
            f"point, seed {old.get('seed')}, engine {old.get('engine')}); its spec, scenario, episodes, seed or "
            "engine differ from this run's. Choose another --out, or run the same arguments to resume it",
            source=where, field="fingerprint")
    stored = int(old.get("chunk_blocks", default_blocks))
    if chunk_blocks is not None and chunk_blocks != stored:
        raise InputError(f"this sweep was started with --chunk-blocks {stored}; resume it with the same "
                         "value (or leave the option out)", source=where, field="chunk_blocks")
    return stored, old
