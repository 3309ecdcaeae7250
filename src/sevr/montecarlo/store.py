"""The output folder of a sweep: chunk files, the manifest, and what a resumed run may skip.

    DIR/manifest.json                               the design and its fingerprint
    DIR/results/point=P/chunk-NNNNNN.parquet        one row per episode, one file per chunk

A chunk file appears only complete (written to a temporary name in the same folder, then
renamed with os.replace), so "the file exists" means "the chunk is done": a killed run leaves
finished chunks and, at worst, a stray temporary file that the next run removes. The folder name
`point=P` is a Hive partition whose value equals the `point` column, so DuckDB's
`read_parquet('DIR/**/*.parquet')` reads the folder as one table with `point` as an integer.

The manifest records every finished chunk (sha256 of its bytes, size, row count, episode range).
A resumed run re-computes any chunk whose file does not match its record; `report` reads only
recorded chunks and refuses a folder where a file is missing, altered or not recorded at all.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sevr.errors import InputError
from sevr.report import strictjson
from sevr.report.folder import check_out_dir
from sevr.sim.outcomes import COLUMNS

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2     # 2: chunk records (sha256, rows, episode range) in the manifest
MANIFEST_KEYS = {"format": int, "fingerprint": str, "title": str, "episodes": int, "seed": int,
                 "chunk_blocks": int, "complete": bool, "paths": list, "column_types": dict,
                 "baseline": dict, "points": list, "chunks": dict}
CHUNK_KEY = re.compile(r"point=\d+/chunk-\d{6}\.parquet")
FILE_META = b"sevr.chunk"  # Parquet key-value metadata: which design, point and episodes a file holds
RESULTS = "results"
TMP_SUFFIX = ".tmp"
ARROW_TYPES = {"bool": pa.bool_(), "int64": pa.int64(), "double": pa.float64(), "string": pa.string()}


def chunk_path(out: Path, point: int, chunk: int) -> Path:
    """The file of one chunk: ``OUT/results/point=P/chunk-NNNNNN.parquet``.

    Parameters
    ----------
    out : Path
        The sweep folder.
    point : int
        Index of the point.
    chunk : int
        Index of the chunk within the point.

    Returns
    -------
    Path
    """
    return Path(out) / RESULTS / chunk_key(point, chunk)


def row_schema(paths, column_types: dict[str, str]) -> pa.Schema:
    """Same schema for every chunk of a sweep, so the files read back as one table.

    Parameters
    ----------
    paths : sequence of str
        The design's dotted paths, in column order.
    column_types : dict of str to str
        Path to "bool", "int64", "double" or "string".

    Returns
    -------
    pyarrow.Schema
        point, label, the design paths, seed, then the outcome columns (`COLUMNS`).
    """
    fields = [pa.field("point", pa.int64()), pa.field("label", pa.string())]
    fields += [pa.field(p, ARROW_TYPES[column_types[p]]) for p in paths]
    fields.append(pa.field("seed", pa.int64()))
    fields += [pa.field(name, pa.string() if dtype is object else pa.from_numpy_dtype(np.dtype(dtype)))
               for name, dtype in COLUMNS.items()]
    return pa.schema(fields)


def _bitmap(bits: np.ndarray) -> pa.Buffer:
    """Arrow's bit-packed boolean buffer (least significant bit first) of a boolean array."""
    return pa.py_buffer(np.packbits(bits, bitorder="little"))


def arrow_array(values: np.ndarray, arrow_type: pa.DataType) -> pa.Array:
    """An Arrow array of one column from NumPy values, NaN (and None in a string column) as null.

    The same array as ``pa.array(values, arrow_type, from_pandas=True)``, built from the buffers
    directly: ``pa.array`` imports pandas (half a second) on first use, whatever it is given.

    Parameters
    ----------
    values : numpy.ndarray
        One-dimensional: booleans, integers, floats, or Python strings (object dtype).
    arrow_type : pyarrow.DataType
        ``bool_``, ``int64``, ``float64`` or ``string``.

    Returns
    -------
    pyarrow.Array
        ``len(values)`` values of `arrow_type`.
    """
    n = len(values)
    if arrow_type == pa.string():
        valid = np.array([v is not None and v == v for v in values], dtype=bool)
        encoded = [v.encode("utf-8") if ok else b"" for v, ok in zip(values, valid)]
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        nulls = n - int(valid.sum())
        return pa.Array.from_buffers(arrow_type, n, [_bitmap(valid) if nulls else None, pa.py_buffer(offsets),
                                                     pa.py_buffer(b"".join(encoded))], null_count=nulls)
    if arrow_type == pa.bool_():
        return pa.Array.from_buffers(arrow_type, n, [None, _bitmap(np.asarray(values, dtype=bool))], null_count=0)
    data = np.ascontiguousarray(values, dtype=arrow_type.to_pandas_dtype())
    valid = ~np.isnan(data) if data.dtype.kind == "f" else None
    nulls = 0 if valid is None else n - int(valid.sum())
    return pa.Array.from_buffers(arrow_type, n, [_bitmap(valid) if nulls else None, pa.py_buffer(data)],
                                 null_count=nulls)


def chunk_table(schema: pa.Schema, cols: dict[str, np.ndarray], constants: dict, info: dict | None = None) -> pa.Table:
    """Outcome columns of a chunk plus the columns that are constant within a point.

    The engines mark "does not apply" (e.g. the time found of an episode never found) with NaN;
    it is stored as NULL so that SQL averages and counts skip it.

    Parameters
    ----------
    schema : pyarrow.Schema
        The sweep's row schema (`row_schema`).
    cols : dict of str to numpy.ndarray
        The engine's outcome columns, one value per episode (with ``episode``).
    constants : dict
        Values of the other schema columns, the same on every row.
    info : dict, optional
        Written as the file's ``sevr.chunk`` metadata (design fingerprint, point, episodes).

    Returns
    -------
    pyarrow.Table
    """
    n = len(cols["episode"])
    arrays = [arrow_array(cols[f.name], f.type) if f.name in cols
              else arrow_array(np.full(n, constants[f.name], dtype=object if f.type == pa.string() else None), f.type)
              for f in schema]
    table = pa.Table.from_arrays(arrays, schema=schema)
    if info is not None:
        table = table.replace_schema_metadata({FILE_META: json.dumps(info, sort_keys=True).encode()})
    return table


def write_atomic(table: pa.Table, path: Path) -> dict:
    """Write to a unique temporary name next to the target, flush to disk, then rename over it.

    Returns the file's record for the manifest: sha256 and size of the bytes written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd", write_page_checksum=True)
            fh.flush()
            os.fsync(fh.fileno())
        record = file_digest(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return record


def file_digest(path: Path) -> dict:
    """sha256 (hex) and size in bytes of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return {"sha256": h.hexdigest(), "bytes": size}


def chunk_key(point: int, chunk: int) -> str:
    """A chunk's name in the manifest: its path below results/.

    Parameters
    ----------
    point : int
        Index of the point.
    chunk : int
        Index of the chunk within the point.

    Returns
    -------
    str
    """
    return f"point={point}/chunk-{chunk:06d}.parquet"


def chunk_record(digest: dict, first: int, rows: int) -> dict:
    """The manifest record of a chunk file.

    Parameters
    ----------
    digest : dict
        ``sha256`` and ``bytes`` of the file (`file_digest`).
    first : int
        Its first episode.
    rows : int
        Episodes it holds.

    Returns
    -------
    dict
        The digest with ``rows``, ``first_episode`` and ``last_episode``.
    """
    return {**digest, "rows": rows, "first_episode": first, "last_episode": first + rows - 1}


def check_finite(cols: dict[str, np.ndarray], where: str) -> None:
    """Refuse a chunk with an infinite value in any float column.

    NaN means "does not apply" and is stored as NULL; infinity never has a meaning in a row.

    Parameters
    ----------
    cols : dict of str to numpy.ndarray
        The chunk's columns.
    where : str
        Which point and episodes, for the message.

    Raises
    ------
    InputError
        Naming the column and the row of the first infinite value.
    """
    for name, values in cols.items():
        arr = np.asarray(values)
        if arr.dtype.kind == "f" and np.isinf(arr).any():
            i = int(np.flatnonzero(np.isinf(arr))[0])
            raise InputError(f"the model produced an infinite value ({arr[i]}) in column '{name}' "
                             f"({where}, row {i}): a setting of the scenario is outside what the model handles; "
                             "nothing was written for this chunk", field=name)


def check_record(path: Path, record) -> str | None:
    """None if the file matches its manifest record, else what is wrong with it.

    Parameters
    ----------
    path : Path
        The chunk file.
    record : dict
        Its manifest record (``sha256``, ``bytes``).

    Returns
    -------
    str or None
        A short description of the problem (missing, unreadable, wrong size, wrong hash).
    """
    if not isinstance(record, dict):
        return "its record in the manifest is not a table"
    try:
        digest = file_digest(path)
    except FileNotFoundError:
        return "is missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if digest["bytes"] != record.get("bytes"):
        return f"has {digest['bytes']} bytes, the manifest records {record.get('bytes')}"
    if digest["sha256"] != record.get("sha256"):
        return "does not match the sha256 recorded in the manifest (the file was altered or damaged)"
    return None


def adoptable(path: Path, fingerprint: str, point: int, first: int, rows: int) -> dict | None:
    """The record of a chunk file written just before a run was stopped, if it can be trusted.

    Such a file was written before its record reached the manifest: it is adopted if it
    decodes (page checksums verified) and says it holds exactly these episodes of this design.

    Parameters
    ----------
    path : Path
        The chunk file.
    fingerprint : str
        The design's fingerprint.
    point : int
        Index of the point.
    first : int
        First episode the chunk should hold.
    rows : int
        Episodes it should hold.

    Returns
    -------
    dict or None
        Its manifest record, or None (it will be computed again).
    """
    try:
        meta = pq.read_schema(path).metadata or {}
        info = json.loads(meta.get(FILE_META, b"{}"))
        want = {"fingerprint": fingerprint, "point": point, "first_episode": first, "rows": rows}
        if info != want:
            return None
        table = pq.read_table(path, page_checksum_verification=True)
        episodes = table.column("episode")
        if table.num_rows != rows or pc.min(episodes).as_py() != first or \
                pc.max(episodes).as_py() != first + rows - 1:
            return None
        return chunk_record(file_digest(path), first, rows)
    except (OSError, ValueError, pa.ArrowException, KeyError):
        return None


def remove_stale_temporaries(out: Path) -> int:
    """Temporary files left by a killed run (never read: they do not end in .parquet)."""
    removed = 0
    for tmp in (Path(out) / RESULTS).glob(f"point=*/.*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def read_manifest(out: Path) -> dict | None:
    """The folder's manifest, None if it has none; InputError if it is not one this version wrote."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot be read ({exc}); remove the folder or choose another --out",
                         source=str(path)) from None
    if not isinstance(manifest, dict):
        raise InputError(f"is not a sweep manifest (a JSON {type(manifest).__name__}, expected an object)",
                         source=str(path))
    if manifest.get("format") != MANIFEST_FORMAT and isinstance(manifest.get("format"), int):
        raise InputError(f"was written in format {manifest['format']} by another version of sevr (this one reads "
                         f"format {MANIFEST_FORMAT}); run the sweep again into a new folder", source=str(path))
    for key, kind in MANIFEST_KEYS.items():
        value = manifest.get(key)
        if value is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            what = "is missing" if key not in manifest else f"must be a JSON {kind.__name__}"
            raise InputError(f"{what}; this is not a manifest written by sevr, or it was edited",
                             source=str(path), field=key)
    return manifest


def write_manifest(out: Path, manifest: dict) -> None:
    """Write the manifest atomically (temporary file, then rename), chunks sorted by key.

    Parameters
    ----------
    out : Path
        The sweep folder.
    manifest : dict
        The manifest.
    """
    path = Path(out) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}{TMP_SUFFIX}")
    manifest = {**manifest, "chunks": dict(sorted(manifest.get("chunks", {}).items()))}
    tmp.write_text(strictjson.dumps(manifest, indent=2, default=str) + "\n", "utf-8")
    os.replace(tmp, path)



def new_manifest(design, chunk_blocks: int) -> dict:
    """The manifest of a fresh sweep folder (no chunks yet, not complete).

    Parameters
    ----------
    design : Design
        The validated design.
    chunk_blocks : int
        Blocks of 1024 episodes per chunk.

    Returns
    -------
    dict
    """
    return {
        "format": MANIFEST_FORMAT, "kind": design.kind, "fingerprint": design.fingerprint(),
        "title": design.title, "spec": design.source, "scenario": design.scenario_ref,
        "scenario_name": design.base.meta.name, "engine": design.engine, "episodes": design.episodes,
        "seed": design.seed, "chunk_blocks": chunk_blocks, "complete": False,
        "paths": list(design.paths), "column_types": design.column_types, "baseline": design.baseline,
        "points": [{"point": p.index, "label": p.label, "overrides": p.overrides, "values": p.values}
                   for p in design.points],
        "chunks": {},
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
        if not old["chunks"] and not chunk_files(out):
            return chunk_blocks or default_blocks, None  # a run that failed before its first chunk: replace it
        raise InputError(
            f"this folder holds a different sweep ('{old.get('title')}', {old.get('episodes')} episodes per "
            f"point, seed {old.get('seed')}, engine {old.get('engine')}); its spec, scenario, episodes, seed or "
            "engine differ from this run's. Choose another --out, or run the same arguments to resume it",
            source=where, field="fingerprint")
    stored = old["chunk_blocks"]
    if chunk_blocks is not None and chunk_blocks != stored:
        raise InputError(f"this sweep was started with --chunk-blocks {stored}; resume it with the same "
                         "value (or leave the option out)", source=where, field="chunk_blocks")
    return stored, old


def chunk_files(out: Path) -> list[Path]:
    """Every Parquet file below results/, wherever it sits, sorted."""
    results = Path(out) / RESULTS
    return sorted(results.rglob("*.parquet")) if results.is_dir() else []


def verified_chunks(out: Path, manifest: dict) -> list[Path]:
    """The recorded chunk files, each checked against its record.

    Parameters
    ----------
    out : Path
        The sweep folder.
    manifest : dict
        Its manifest.

    Returns
    -------
    list of Path
        The chunk files, in the manifest's order.

    Raises
    ------
    InputError
        Naming the first file that is missing, altered, or present without a record (or a
        record whose key is not a chunk name).
    """
    out = Path(out)
    results = out / RESULTS
    recorded = manifest["chunks"]
    for path in chunk_files(out):
        key = path.relative_to(results).as_posix()
        if key not in recorded:
            raise InputError(f"is not recorded in {MANIFEST} (a stray file, or one written just before the run "
                             "was stopped): run the same sweep command again to resume and check it, or remove "
                             "the file", source=str(path))
    files = []
    for key, record in recorded.items():
        if not CHUNK_KEY.fullmatch(key):
            raise InputError(f"'{key}' is not the name of a chunk (point=P/chunk-NNNNNN.parquet); the manifest was "
                             "edited", source=str(out / MANIFEST), field="chunks")
        path = results / key
        problem = check_record(path, record)
        if problem:
            raise InputError(f"{problem}; run the same sweep command again to recompute it "
                             "(see docs/limits.md)", source=str(path))
        files.append(path)
    return files
