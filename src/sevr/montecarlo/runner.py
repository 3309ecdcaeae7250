"""Run a design: plan its chunks, skip those already on disk, compute the rest locally or on Dask.

A chunk is K whole blocks of one point (the last one may be short). Because the batched engine
seeds every block from (seed, point, block) and the reference engine every episode from
(seed, point, episode), a chunk's rows depend only on which episodes it holds: the same seed
gives the same rows whatever K, the executor or the number of workers. Each chunk task writes its
own file, so nothing but a row count travels back to the caller and memory stays bounded by one
chunk per worker.
"""
from __future__ import annotations

import re
import socket
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyarrow as pa

from sevr.errors import InputError
from sevr.montecarlo import store
from sevr.sim.batched import BLOCK, run_batched, run_reference

DEFAULT_CHUNK_BLOCKS = 16      # 16 x 1024 = 16,384 episodes per chunk file
REFERENCE_SLICE = 32           # the slow engine reports progress every this many episodes
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
    scenario: Any
    schema: pa.Schema
    constants: dict   # point, label, seed and the design's values: the same on every row of the point

    @property
    def path(self) -> Path:
        return store.chunk_path(Path(self.out), self.point, self.chunk)


@dataclass(frozen=True)
class RunReport:
    chunks: int
    skipped_chunks: int
    episodes: int
    skipped_episodes: int
    seconds: float
    executor: str
    chunk_blocks: int


def plan(design, out: Path, chunk_blocks: int) -> list[ChunkJob]:
    schema = store.row_schema(design.paths, design.column_types)
    size = chunk_blocks * BLOCK
    jobs = []
    for p in design.points:
        constants = {"point": p.index, "label": p.label, "seed": design.seed, **p.values}
        for c, first in enumerate(range(0, design.episodes, size)):
            jobs.append(ChunkJob(str(Path(out).resolve()), p.index, c, first, min(size, design.episodes - first),
                                 design.seed, design.engine, p.scenario, schema, constants))
    return jobs


def compute_chunk(job: ChunkJob, on_rows: Callable[[int], None] | None = None) -> int:
    """Compute one chunk and write its file atomically; returns the number of rows."""
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
    store.write_atomic(store.chunk_table(job.schema, cols, job.constants), job.path)
    if on_rows and step >= job.count:
        on_rows(job.count)
    return job.count


def run_design(design, out: Path, *, executor: str = "local", address: str | None = None,
               chunk_blocks: int | None = None, console=None) -> RunReport:
    """Check everything, then compute the chunks not yet on disk. Nothing is written before the
    folder, the chunk size and (for Dask) the scheduler have been checked."""
    if chunk_blocks is not None and chunk_blocks < 1:
        raise InputError(f"must be at least 1 (got {chunk_blocks})", field="--chunk-blocks")
    if executor not in ("local", "dask"):
        raise InputError(f"unknown executor {executor!r} (local or dask)", field="--executor")
    if address and executor != "dask":
        raise InputError("only used with --executor dask", field="--address")
    out = Path(out)
    k, old = store.check_folder(out, design, chunk_blocks, DEFAULT_CHUNK_BLOCKS)
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(address)) if executor == "dask" else None
        t0 = time.perf_counter()
        manifest = old or store.new_manifest(design, k)
        store.write_manifest(out, manifest)
        store.remove_stale_temporaries(out)
        jobs = plan(design, out, k)
        todo = [j for j in jobs if not store.chunk_done(j.path, j.count)]
        done_rows = sum(j.count for j in jobs) - sum(j.count for j in todo)
        if old is not None and console is not None and len(todo) < len(jobs):
            console.print(f"Resuming: {len(jobs) - len(todo)} of {len(jobs)} chunks already on disk, "
                          f"{len(todo)} to go.")
        with _progress(console, sum(j.count for j in jobs), done_rows, design.title) as advance:
            if client is None:
                for job in todo:
                    compute_chunk(job, advance)
            else:
                _run_on_dask(client, todo, advance, design.fingerprint()[:12])
        manifest["complete"] = True
        store.write_manifest(out, manifest)
    return RunReport(len(jobs), len(jobs) - len(todo), sum(j.count for j in jobs), done_rows,
                     time.perf_counter() - t0, executor, k)


def _run_on_dask(client, jobs: list[ChunkJob], advance, tag: str) -> None:
    """One task per chunk; Dask re-runs the tasks of a worker that dies, `retries` covers errors."""
    from distributed import as_completed

    futures = [client.submit(compute_chunk, job, key=f"sevr-chunk-{tag}-{job.point}-{job.chunk}",
                             pure=False, retries=3) for job in jobs]
    failed = []
    for future in as_completed(futures):
        if future.status == "error":
            failed.append(future)
            continue
        advance(future.result())
        future.release()
    if failed:
        exc = failed[0].exception()
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
