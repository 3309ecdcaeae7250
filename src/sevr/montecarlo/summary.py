"""Summaries of a sweep folder, computed by DuckDB straight from the Parquet chunks.

The rows are never loaded into Python: DuckDB streams the files and returns one line per point
(and a few histogram counts for the plots), so a sweep of any size is summarised in bounded
memory. DuckDB runs on one thread over the chunk files in a fixed order, and floats are written
with a fixed number of digits, so the same folder always gives the same bytes. Intervals are 95 %: Wilson score for proportions, Student t for means, and the
distribution-free order-statistic interval for medians.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import numpy as np
from scipy import special

from sevr.errors import InputError
from sevr.montecarlo import store

Z95 = 1.959963984540054

# name -> SQL condition counted per point (a proportion with a Wilson interval)
PROPORTIONS = {
    "found": "found",
    "en_route": "found_where = 'en_route'",
    "hideout": "found_where = 'hideout'",
    "departure": "found_where = 'departure'",
    "trail_lost": "outcome = 'trail_lost'",
    "tracker_reached": "tracker_reached",
    "seen_leaving": "seen_leaving",
}
# outcome columns averaged per point (a mean with a t interval); NULL rows do not count
MEANS = ("discovered_h", "tracker_branch_min", "tracker_delay_min", "departure_risk")
# median hours after the exit at which the hiders were found, overall and by where
MEDIANS = {"all": "t_found_h", "en_route": "t_en_route_h", "hideout": "t_hideout_h", "departure": "t_departure_h"}


def wilson(k, n, z: float = Z95):
    """Wilson score interval for k successes in n trials.

    Parameters
    ----------
    k : int or array_like
        Successes.
    n : int or array_like
        Trials (broadcast with `k`).
    z : float, default=Z95
        Normal quantile of the level (1.96 for 95 %).

    Returns
    -------
    estimate, low, high : numpy.ndarray
        k / n and the interval's ends, probabilities in [0, 1] (exactly 0 when k = 0 and 1 when
        k = n); NaN where n = 0.
    """
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        lo = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))  # exact ends, free of rounding
        hi = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return p, lo, hi


def t_interval(mean: float, sd: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Student t interval of a mean from its sample sd and size.

    Parameters
    ----------
    mean : float
        The sample mean (None: no values).
    sd : float
        The sample standard deviation, same unit as the mean.
    n : int
        Number of values.
    level : float, default=0.95
        Confidence level, 0..1.

    Returns
    -------
    low, high : float
        In the mean's unit; NaN when n < 2 or the sd is missing.
    """
    if n is None or n < 2 or sd is None or math.isnan(sd) or mean is None:
        return math.nan, math.nan
    half = special.stdtrit(n - 1, 0.5 + level / 2) * sd / math.sqrt(n)
    return mean - half, mean + half


def median_ranks(m: int, z: float = Z95) -> tuple[int, int]:
    """1-based ranks of the order statistics bounding a 95 % interval for the median of m values.

    Parameters
    ----------
    m : int
        Number of values.
    z : float, default=Z95
        Normal quantile of the level.

    Returns
    -------
    low, high : int
        Ranks, clipped to 1..m.
    """
    lo = max(1, math.floor(m / 2 - z * math.sqrt(m) / 2))
    hi = min(m, math.ceil(1 + m / 2 + z * math.sqrt(m) / 2))
    return lo, hi


CSV_DIGITS = 12  # significant digits of every float in summary.csv


def _connect(out: Path, files: list[Path] | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB view `src` over the sweep's recorded chunk files (only those: a stray file is never
    read), on one thread so that sums are taken in the same order every time."""
    out = Path(out)
    if files is None:
        manifest = store.read_manifest(out) or {"chunks": {}}
        files = [out / store.RESULTS / key for key in manifest["chunks"]]
    if not files:
        raise InputError(f"no finished chunks recorded in {store.MANIFEST} (run the sweep first)", source=str(out))
    con = duckdb.connect(config={"threads": 1})
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in sorted(files))
    con.execute(f"CREATE VIEW src AS SELECT * FROM read_parquet([{listed}], hive_partitioning = false)")
    return con


def summarize(out: Path, manifest: dict, files: list[Path] | None = None) -> list[dict]:
    """One dict per point of the manifest: counts, proportions, means and medians with intervals.

    Parameters
    ----------
    out : Path
        The sweep folder.
    manifest : dict
        Its manifest (points, labels, values).
    files : list of Path, optional
        The chunk files to read; default those recorded in the folder's manifest.

    Returns
    -------
    list of dict
        Per point: ``episodes``, ``n_``/``p_``/``_lo``/``_hi`` of each proportion (probabilities),
        ``_mean``/``_lo``/``_hi`` of each mean (hours, minutes or a probability, by column) and
        ``_median``/``_lo``/``_hi`` of the hours found; NaN where there is no estimate.

    Raises
    ------
    InputError
        When no chunk is recorded or DuckDB cannot read the files.
    """
    try:
        return _summarize(out, manifest, files)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"the chunk files cannot be read ({first})", source=str(Path(out) / store.RESULTS)) from None


def _summarize(out: Path, manifest: dict, files) -> list[dict]:
    con = _connect(out, files)
    props = ", ".join(f"count_if({cond}) AS k_{name}" for name, cond in PROPORTIONS.items())
    means = ", ".join(f"avg({c}) AS mean_{c}, stddev_samp({c}) AS sd_{c}, count({c}) AS n_{c}" for c in MEANS)
    main = con.execute(f"SELECT point, count(*) AS n, {props}, {means} FROM src GROUP BY point").fetchall()
    names = [d[0] for d in con.description]
    by_point = {r[0]: dict(zip(names, r)) for r in main}
    medians = _medians(con)
    con.close()

    rows = []
    for p in manifest["points"]:
        got = by_point.get(p["point"], {"n": 0})
        n = int(got["n"])
        row = {"point": p["point"], "label": p["label"], **p["values"], "episodes": n}
        for name in PROPORTIONS:
            k = int(got.get(f"k_{name}", 0) or 0)
            est, lo, hi = wilson(k, n)
            row.update({f"n_{name}": k, f"p_{name}": float(est), f"p_{name}_lo": float(lo), f"p_{name}_hi": float(hi)})
        for c in MEANS:
            mean, sd, m = got.get(f"mean_{c}"), got.get(f"sd_{c}"), int(got.get(f"n_{c}", 0) or 0)
            lo, hi = t_interval(mean, sd, m)
            row.update({f"{c}_mean": _num(mean), f"{c}_lo": lo, f"{c}_hi": hi})
        for where, name in MEDIANS.items():
            med, lo, hi = medians.get((p["point"], where), (math.nan,) * 3)
            row.update({f"{name}_median": med, f"{name}_lo": lo, f"{name}_hi": hi})
        rows.append(row)
    return rows


MEDIAN_MIN_N = 6  # 0.5**5 = 0.031 > 0.025: below six values the order statistics cannot bracket 95 %


def _medians(con) -> dict[tuple[int, str], tuple[float, float, float]]:
    """Median hours found, overall and by where, with order-statistic bounds, in one pass."""
    z = Z95
    result = con.execute(f"""
        WITH f AS (SELECT point, found_where AS w, t_found_h AS t FROM src WHERE found AND t_found_h IS NOT NULL),
        g AS (SELECT point, w, t FROM f UNION ALL SELECT point, 'all' AS w, t FROM f),
        r AS (SELECT point, w, t, row_number() OVER (PARTITION BY point, w ORDER BY t) AS rk,
                     count(*) OVER (PARTITION BY point, w) AS m FROM g)
        SELECT point, w, median(t),
               max(t) FILTER (WHERE rk = greatest(1, floor(m / 2.0 - {z} * sqrt(m) / 2.0))),
               max(t) FILTER (WHERE rk = least(m, ceil(1 + m / 2.0 + {z} * sqrt(m) / 2.0))), max(m)
        FROM r GROUP BY point, w""").fetchall()
    # With fewer than 6 values no distribution-free 95 % interval exists: report none.
    return {(p, w): (float(med), *((float(lo), float(hi)) if m >= MEDIAN_MIN_N else (math.nan, math.nan)))
            for p, w, med, lo, hi, m in result}


def histogram(out: Path, column: str, points: list[int], bins: int = 40):
    """Counts of `column` per point on common bin edges (NULLs left out).

    Parameters
    ----------
    out : Path
        The sweep folder.
    column : str
        An outcome column.
    points : list of int
        The points counted.
    bins : int, default=40
        Number of bins.

    Returns
    -------
    edges : numpy.ndarray
        (bins + 1,) bin edges in the column's unit ([0, 1] when the column has no value).
    counts : dict of int to numpy.ndarray
        Point to (bins,) int64 counts (empty when the column has no value).
    """
    con = _connect(out)
    chosen = ", ".join(str(int(p)) for p in points) or "-1"
    lo, hi = con.execute(f'SELECT min("{column}"), max("{column}") FROM src WHERE point IN ({chosen})').fetchone()
    if lo is None:
        con.close()
        return np.array([0.0, 1.0]), {}
    hi = hi if hi > lo else lo + 1.0
    width = (hi - lo) / bins
    counts = con.execute(f"""
        SELECT point, least(floor(("{column}" - {lo}) / {width}), {bins - 1})::INTEGER AS b, count(*)
        FROM src WHERE point IN ({chosen}) AND "{column}" IS NOT NULL GROUP BY ALL""").fetchall()
    con.close()
    out_counts = {p: np.zeros(bins, dtype=np.int64) for p in points}
    for p, b, c in counts:
        out_counts[p][b] = c
    return np.linspace(lo, hi, bins + 1), out_counts


def _num(value) -> float:
    return math.nan if value is None else float(value)


# --- presentation shared by summary.md and the console ------------------------------------------

def _ci(est, lo, hi, fmt: str) -> str:
    if est is None or (isinstance(est, float) and math.isnan(est)):
        return "–"
    if math.isnan(lo):
        return format(est, fmt)
    return f"{format(est, fmt)} [{format(lo, fmt)}, {format(hi, fmt)}]"


def outcome_table(row: dict) -> list[tuple[str, str]]:
    """The outcome of one point as (measure, estimate [95 % interval]) lines."""
    p = lambda name: _ci(row[f"p_{name}"], row[f"p_{name}_lo"], row[f"p_{name}_hi"], ".3f")  # noqa: E731
    m = lambda name, fmt: _ci(row[f"{name}_median"], row[f"{name}_lo"], row[f"{name}_hi"], fmt)  # noqa: E731
    a = lambda name, fmt: _ci(row[f"{name}_mean"], row[f"{name}_lo"], row[f"{name}_hi"], fmt)  # noqa: E731
    return [
        ("episodes", f"{row['episodes']:,}"),
        ("P(found)", p("found")),
        ("  found en route (caught on the trail)", p("en_route")),
        ("  found at the hideout (pursuers went in)", p("hideout")),
        ("  found on departure (intercepted)", p("departure")),
        ("when found: median hours after the exit", m("t_found_h", ".1f")),
        ("  en route", m("t_en_route_h", ".1f")),
        ("  at the hideout", m("t_hideout_h", ".1f")),
        ("  on departure", m("t_departure_h", ".1f")),
        ("P(tracker lost the trail)", p("trail_lost")),
        ("P(tracker reached the hideout)", p("tracker_reached")),
        ("P(seen leaving)", p("seen_leaving")),
        ("departure discovered: mean hours after the exit", a("discovered_h", ".2f")),
        ("tracker delay from reversals: mean minutes", a("tracker_branch_min", ".1f")),
        ("tracker delay, all causes: mean minutes", a("tracker_delay_min", ".1f")),
        ("departure risk (if they came to leave): mean", a("departure_risk", ".4f")),
    ]


COMPACT = ("label", "episodes", "P(found)", "en route", "at hideout", "on departure",
           "discovered (h)", "branch delay (min)")


def compact_row(row: dict) -> list[str]:
    """One point as the cells of the sweep table (headers in COMPACT)."""
    p = lambda name: _ci(row[f"p_{name}"], row[f"p_{name}_lo"], row[f"p_{name}_hi"], ".3f")  # noqa: E731
    a = lambda name, fmt: _ci(row[f"{name}_mean"], row[f"{name}_lo"], row[f"{name}_hi"], fmt)  # noqa: E731
    return [row["label"], f"{row['episodes']:,}", p("found"), p("en_route"), p("hideout"), p("departure"),
            a("discovered_h", ".2f"), a("tracker_branch_min", ".1f")]


def write_summary(out: Path, rows: list[dict], manifest: dict, plots: list[Path] = ()) -> list[Path]:
    """Write summary.csv (every number) and summary.md (the table people read).

    Parameters
    ----------
    out : Path
        The sweep folder.
    rows : list of dict
        The rows of `summarize`.
    manifest : dict
        The sweep's manifest (title, scenario, episodes, seed, engine, paths).
    plots : sequence of Path, default=()
        Figures linked at the end of summary.md.

    Returns
    -------
    list of Path
        The CSV and Markdown files.
    """
    out = Path(out)
    csv_path, md_path = out / "summary.csv", out / "summary.md"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: _csv_value(v) for k, v in r.items()} for r in rows)
    lines = [f"# {manifest['title']}", "",
             f"Scenario `{manifest['scenario']}`, {manifest['episodes']:,} episodes per point, seed "
             f"{manifest['seed']}, engine `{manifest['engine']}`."
             + ("" if manifest.get("complete") else " **The run is incomplete: the figures cover the chunks "
                "written so far.**"),
             "", "Estimates with 95 % intervals in brackets: Wilson score for proportions, Student t for "
             "means. \"discovered\" is the mean time from the exit until the departure was discovered; "
             "\"branch delay\" the mean minutes the tracker lost on the false branches.", ""]
    lines += _md_table(COMPACT, [compact_row(r) for r in rows])
    if manifest["paths"]:
        lines += ["", "Settings of each point (dotted paths into the scenario):", ""]
        lines += _md_table(("label", *manifest["paths"]),
                           [[r["label"], *(_md_value(r[k]) for k in manifest["paths"])] for r in rows])
    if plots:
        lines += ["", *[f"![{p.stem}]({p.name})" for p in plots]]
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [csv_path, md_path]


def _csv_value(v):
    """Empty for NaN (no estimate: no episodes, or too few values), a fixed number of digits otherwise."""
    if isinstance(v, float):
        return "" if not math.isfinite(v) else format(v, f".{CSV_DIGITS}g")
    return v


def _md_table(headers, rows) -> list[str]:
    esc = lambda s: str(s).replace("|", "\\|")  # noqa: E731
    return ["| " + " | ".join(map(esc, headers)) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(map(esc, r)) + " |" for r in rows)]


def _md_value(v) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)
