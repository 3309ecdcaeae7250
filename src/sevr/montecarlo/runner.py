"""Run a design: plan its chunks, skip those already on disk, compute the rest locally or on Dask.

A chunk is K whole blocks of one point (the last one may be short). Because the batched engine
seeds every block from (seed, point, block) and the reference engine every episode from
(seed, point, episode), a chunk's rows depend only on which episodes it holds: the same seed
gives the same rows whatever K, the executor or the number of workers. Each chunk task writes its
own file, so nothing but a row count travels back to the caller and memory stays bounded by one
chunk per worker.
"""
from __future__ import annotations

import itertools
import re
import shutil
import socket
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import numpy as np
import pyarrow as pa

from sevr.errors import InputError
from sevr.montecarlo import store
from sevr.sim.batched import BLOCK, run_batched, run_reference

if TYPE_CHECKING:
    from sevr.scenarios.schema import EvasionScenario

DEFAULT_CHUNK_BLOCKS = 16      # 16 x 1024 = 16,384 episodes per chunk file
MAX_CHUNK_BLOCKS = 256         # 262,144 episodes per chunk: one chunk's columns stay well under 1 GB
MAX_CHUNKS = 100_000           # chunk files per sweep: keeps the manifest (one record per chunk) small
BYTES_PER_ROW = 64             # a generous estimate of one row on disk (measured: 26 at 2,048 rows per chunk)
REFERENCE_SLICE = 32           # the slow engine reports progress every this many episodes
MANIFEST_FLUSH_S = 1.0         # chunk records reach the manifest at least this often
DASK_IN_FLIGHT = 256           # chunk tasks submitted ahead of the results: the plan stays lazy
CONNECT_TIMEOUT_S = 3.0
ENGINES = {"batched": run_batched, "reference": run_reference}


@dataclass(frozen=True)
class ChunkJob:
    """Everything one chunk needs, small and picklable: it is the unit sent to a Dask worker."""

    out: str
    point: int
    chunk: int
    first: int
    count: int
    seed: int
    engine: str
    scenario: EvasionScenario
    schema: pa.Schema
    constants: dict   # point, label, seed and the design's values: the same on every row of the point
    fingerprint: str = ""

    @property
    def path(self) -> Path:
        """The chunk's Parquet file in the sweep folder."""
        return store.chunk_path(Path(self.out), self.point, self.chunk)

    @property
    def key(self) -> str:
        """The chunk's key in the manifest."""
        return store.chunk_key(self.point, self.chunk)


@dataclass(frozen=True)
class RunReport:
    chunks: int
    skipped_chunks: int
    episodes: int
    skipped_episodes: int
    seconds: float
    executor: str
    chunk_blocks: int


def chunks_per_point(episodes: int, chunk_blocks: int) -> int:
    """Number of chunk files one point of the design is split into.

    Parameters
    ----------
    episodes : int
        Episodes per point.
    chunk_blocks : int
        Blocks of `BLOCK` (1024) episodes per chunk.

    Returns
    -------
    int
        ``ceil(episodes / (chunk_blocks * BLOCK))``.
    """
    return -(-episodes // (chunk_blocks * BLOCK))


def check_size(design, out: Path, chunk_blocks: int) -> None:
    """Refuse, before anything is written, a run past the documented limits or the free disk space.

    Only arithmetic on the design's counts: nothing proportional to the number of chunks is built.
    The disk check is skipped when the free space cannot be read.

    Parameters
    ----------
    design : Design
        The validated design.
    out : Path
        The output folder (it may not exist yet; its nearest existing parent is measured).
    chunk_blocks : int
        Blocks of 1024 episodes per chunk.

    Raises
    ------
    InputError
        On field ``episodes`` when the run would write more than MAX_CHUNKS chunk files, or
        naming the folder when it needs more bytes (BYTES_PER_ROW per row) than are free.
    """
    n_points = len(design.points)
    chunks = n_points * chunks_per_point(design.episodes, chunk_blocks)
    if chunks > MAX_CHUNKS:
        raise InputError(f"this run would write {chunks:,} chunk files ({n_points:,} point(s) x "
                         f"{chunks_per_point(design.episodes, chunk_blocks):,}); the limit is {MAX_CHUNKS:,}. "
                         "Use fewer episodes or points, or a larger --chunk-blocks (see docs/limits.md)",
                         source=design.source, field="episodes")
    need = n_points * design.episodes * BYTES_PER_ROW
    where = next((p for p in (Path(out), *Path(out).parents) if p.exists()), Path("."))
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return
    if need > free:
        raise InputError(f"this run needs about {need / 1e9:,.1f} GB ({n_points * design.episodes:,} rows at "
                         f"{BYTES_PER_ROW} bytes each) but only {free / 1e9:,.1f} GB are free there",
                         source=str(out))


def plan(design, out: Path, chunk_blocks: int) -> Iterator[ChunkJob]:
    """The chunks of a design, one at a time (a generator: no list of every chunk is built).

    Parameters
    ----------
    design : Design
        The validated design.
    out : Path
        The output folder.
    chunk_blocks : int
        Blocks of 1024 episodes per chunk.

    Yields
    ------
    ChunkJob
        Point by point, the chunks of consecutive episodes (the last one may be shorter).
    """
    schema = store.row_schema(design.paths, design.column_types)
    size = chunk_blocks * BLOCK
    fingerprint = design.fingerprint()
    folder = str(Path(out).resolve())
    for p in design.points:
        constants = {"point": p.index, "label": p.label, "seed": design.seed, **p.values}
        for c, first in enumerate(range(0, design.episodes, size)):
            yield ChunkJob(folder, p.index, c, first, min(size, design.episodes - first), design.seed,
                           design.engine, p.scenario, schema, constants, fingerprint)


def compute_chunk(job: ChunkJob, on_rows: Callable[[int], None] | None = None) -> tuple[str, dict]:
    """Compute one chunk and write its file atomically.

    Parameters
    ----------
    job : ChunkJob
        The chunk to compute.
    on_rows : callable, optional
        Called with a number of episodes as they are done (every REFERENCE_SLICE episodes with the
        reference engine, once per chunk with the batched one).

    Returns
    -------
    key : str
        The chunk's manifest key.
    record : dict
        Its manifest record (digest, first episode, rows).

    Raises
    ------
    InputError
        When a computed column holds a non-finite number (`store.check_finite`).
    """
    engine = ENGINES[job.engine]
    # The slow engine reports every few episodes so that the bar moves; the fast one per chunk.
    step = REFERENCE_SLICE if job.engine == "reference" else job.count
    parts = []
    for first in range(job.first, job.first + job.count, step):
        n = min(step, job.first + job.count - first)
        parts.append(engine(job.scenario, job.seed, job.point, first, n))
        if on_rows and step < job.count:
            on_rows(n)
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    store.check_finite(cols, f"point {job.point} ({job.constants['label']}), episodes {job.first}-"
                             f"{job.first + job.count - 1}")
    info = {"fingerprint": job.fingerprint, "point": job.point, "first_episode": job.first, "rows": job.count}
    digest = store.write_atomic(store.chunk_table(job.schema, cols, job.constants, info), job.path)
    if on_rows and step >= job.count:
        on_rows(job.count)
    return job.key, store.chunk_record(digest, job.first, job.count)


def _is_done(job: ChunkJob, manifest: dict) -> bool:
    """Recorded and matching its record, or written but not yet recorded and verifiably this chunk
    (then recorded now). A chunk that fails its check is computed again."""
    record = manifest["chunks"].get(job.key)
    if record is not None:
        if store.check_record(job.path, record) is None and record.get("rows") == job.count \
                and record.get("first_episode") == job.first:
            return True
        del manifest["chunks"][job.key]
        return False
    if not job.path.exists():
        return False
    adopted = store.adoptable(job.path, job.fingerprint, job.point, job.first, job.count)
    if adopted is not None:
        manifest["chunks"][job.key] = adopted
        return True
    return False


def run_design(design, out: Path, *, executor: str = "local", address: str | None = None,
               chunk_blocks: int | None = None, console=None) -> RunReport:
    """Check everything, then compute the chunks not yet on disk.

    Nothing is written before the folder, the chunk size, the size of the request and (for Dask)
    the scheduler have been checked. Chunks already on disk are verified against the manifest
    (or adopted from their metadata) and skipped; the others are computed and recorded.

    Parameters
    ----------
    design : Design
        The validated design.
    out : Path
        The sweep folder (created, or resumed when it holds a run of the same design).
    executor : {"local", "dask"}, default="local"
        Where the chunks are computed.
    address : str, optional
        The Dask scheduler's address (only with ``executor="dask"``).
    chunk_blocks : int, optional
        Blocks of 1024 episodes per chunk, 1 to MAX_CHUNK_BLOCKS; default the folder's own or
        DEFAULT_CHUNK_BLOCKS.
    console : rich.console.Console, optional
        Where progress and resume messages go; None for silence.

    Returns
    -------
    RunReport
        Chunks and episodes in total and skipped, seconds taken (wall clock), executor and
        chunk size.

    Raises
    ------
    InputError
        On a bad ``--chunk-blocks``, ``--executor`` or ``--address``, a folder of another design,
        a stray file under results/, or a run too large (`check_size`).
    """
    if chunk_blocks is not None and not 1 <= chunk_blocks <= MAX_CHUNK_BLOCKS:
        raise InputError(f"must be between 1 and {MAX_CHUNK_BLOCKS} (got {chunk_blocks})", field="--chunk-blocks")
    if executor not in ("local", "dask"):
        raise InputError(f"unknown executor {executor!r} (local or dask)", field="--executor")
    if address and executor != "dask":
        raise InputError("only used with --executor dask", field="--address")
    out = Path(out)
    k, old = store.check_folder(out, design, chunk_blocks, DEFAULT_CHUNK_BLOCKS)
    check_size(design, out, k)
    total_chunks = len(design.points) * chunks_per_point(design.episodes, k)
    total_rows = len(design.points) * design.episodes
    _refuse_strays(out, design, k)
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(address)) if executor == "dask" else None
        t0 = time.perf_counter()
        manifest = old or store.new_manifest(design, k)
        store.remove_stale_temporaries(out)
        # First pass: check what is on disk (records verified, unrecorded files adopted or redone).
        done, repaired = 0, 0
        for job in plan(design, out, k):
            had = job.key in manifest["chunks"]
            if _is_done(job, manifest):
                done += 1
            elif had or job.path.exists():
                repaired += 1
        store.write_manifest(out, manifest)
        done_rows = sum(r["rows"] for r in manifest["chunks"].values())
        if console is not None and old is not None and done:
            console.print(f"Resuming: {done} of {total_chunks} chunks already on disk, {total_chunks - done} to go.")
        if console is not None and repaired:
            console.print(f"{repaired} chunk file(s) failed their check against {store.MANIFEST} and are computed "
                          "again.")
        jobs = (j for j in plan(design, out, k) if j.key not in manifest["chunks"])
        recorder = _Recorder(out, manifest)
        try:
            with _progress(console, total_rows, done_rows, design.title) as advance:
                if client is None:
                    for job in jobs:
                        recorder.add(*compute_chunk(job, advance))
                else:
                    _run_on_dask(client, jobs, advance, recorder, design.fingerprint()[:12])
            manifest["complete"] = True
        finally:
            recorder.flush()  # a failed or interrupted run keeps the records of its finished chunks
    return RunReport(total_chunks, total_chunks - recorder.count, total_rows, total_rows - recorder.rows,
                     time.perf_counter() - t0, executor, k)


def _refuse_strays(out: Path, design, chunk_blocks: int) -> None:
    """A Parquet file under results/ that no chunk of this design would overwrite is refused."""
    planned = {f"point={p.index}" for p in design.points}
    n_files = chunks_per_point(design.episodes, chunk_blocks)
    for path in store.chunk_files(out):
        rel = path.relative_to(out / store.RESULTS)
        if len(rel.parts) != 2 or rel.parts[0] not in planned or not _planned_name(rel.parts[1], n_files):
            raise InputError("is not a chunk of this sweep; move it out of the results folder", source=str(path))


def _planned_name(name: str, n_files: int) -> bool:
    m = re.fullmatch(r"chunk-(\d{6})\.parquet", name)
    return bool(m) and int(m.group(1)) < n_files


class _Recorder:
    """Adds chunk records to the manifest and rewrites it at most once per MANIFEST_FLUSH_S, or less
    often when a large manifest takes long to write (at most a tenth of the time goes to it). A
    chunk written in between is recognised by its Parquet metadata on resume."""

    def __init__(self, out: Path, manifest: dict):
        self.out, self.manifest = out, manifest
        self.last = time.monotonic()
        self.interval = MANIFEST_FLUSH_S
        self.count = self.rows = 0

    def add(self, key: str, record: dict) -> None:
        """Record one finished chunk; rewrite the manifest if the flush interval has passed.

        Parameters
        ----------
        key : str
            The chunk's manifest key.
        record : dict
            Its record (with ``rows``).
        """
        self.manifest["chunks"][key] = record
        self.count += 1
        self.rows += record["rows"]
        if time.monotonic() - self.last >= self.interval:
            self.flush()

    def flush(self) -> None:
        """Write the manifest now and lengthen the interval if writing it was slow."""
        start = time.monotonic()
        store.write_manifest(self.out, self.manifest)
        self.last = time.monotonic()
        self.interval = max(MANIFEST_FLUSH_S, 10 * (self.last - start))


def _run_on_dask(client, jobs: Iterator[ChunkJob], advance, recorder: _Recorder, tag: str) -> None:
    """One task per chunk, at most DASK_IN_FLIGHT submitted at a time; Dask re-runs the tasks of a
    worker that dies, `retries` covers errors."""
    from distributed import as_completed

    submit = lambda job: client.submit(compute_chunk, job, key=f"sevr-chunk-{tag}-{job.point}-{job.chunk}",  # noqa: E731
                                       pure=False, retries=3)
    pending = as_completed([submit(j) for j in itertools.islice(jobs, DASK_IN_FLIGHT)])
    failed = []
    for future in pending:
        if future.status == "error":
            failed.append(future)
        else:
            key, record = future.result()
            recorder.add(key, record)
            advance(record["rows"])
            future.release()
        if not failed:
            nxt = next(jobs, None)
            if nxt is not None:
                pending.add(submit(nxt))
    if failed:
        exc = failed[0].exception()
        if isinstance(exc, InputError):
            raise exc
        raise RuntimeError(f"{len(failed)} chunk task(s) failed after retries; the finished chunks are on "
                           f"disk and the same command resumes. First error: {exc!r}") from exc


def check_address(address: str) -> tuple[str, int]:
    """Fail fast, before any work, if nothing listens at tcp://HOST:PORT."""
    m = re.fullmatch(r"(?:(?:tcp|tls)://)?\[?([^\[\]/]+?)\]?:(\d{1,5})/?", address or "")
    if not m:
        raise InputError(f"expected tcp://HOST:PORT (got {address!r})", field="--address")
    host, port = m.group(1), int(m.group(2))
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"no Dask scheduler reachable at {address} ({reason}, waited up to "
                         f"{CONNECT_TIMEOUT_S:.0f} s); start one with `dask scheduler` or leave --address out "
                         "to use a local cluster", field="--address") from None
    return host, port


@contextmanager
def dask_client(address: str | None):
    """A client of the given scheduler, or of a LocalCluster started (and stopped) here."""
    from distributed import Client, LocalCluster

    if address:
        check_address(address)
        try:
            client = Client(address, timeout=f"{CONNECT_TIMEOUT_S * 3:.0f}s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot connect to a Dask scheduler at {address} ({exc})",
                             field="--address") from None
        with client:
            yield client
        return
    # Each chunk's tracker kernel is already multi-threaded, so one thread per worker process.
    with LocalCluster(threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


@contextmanager
def _progress(console, total: int, done: int, title: str):
    """A Rich bar over episodes with an ETA, advanced per chunk (per slice for the slow engine)."""
    if console is None:
        yield lambda n: None
        return
    from rich.markup import escape
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("episodes"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(escape(title), total=total, completed=done)
        yield lambda n: progress.advance(task, n)
