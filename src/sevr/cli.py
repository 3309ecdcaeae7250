"""The `sevr` command line: one Typer app, thin wrappers over the package's functions."""
from __future__ import annotations

import contextlib
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sevr.errors import InputError
from sevr.report.folder import check_out_dir

app = typer.Typer(
    name="sevr",
    help="Search, tracking and pursuit-evasion. With no scenario given, `sevr run` replays the "
         "night of the Hijra (Mecca to the cave of Thawr) from the model, narrated, with a map.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
scenario_app = typer.Typer(help="List the built-in scenarios or print one as editable TOML.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")
cache_app = typer.Typer(help="The on-disk cache of prepared scenarios (terrain, route, trail): where it is, "
                        "how big, and emptying it.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")



class DefaultCommandGroup(TyperGroup):
    """A group that runs its first command when the first word is not one of its commands, so
    `sevr plan`, `sevr plan lost-hiker --hours 10` and `sevr plan --help` keep working beside
    `sevr plan debrief …`."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands:
            args = [next(iter(self.commands)), *args]
        return super().parse_args(ctx, args)


plan_app = typer.Typer(cls=DefaultCommandGroup, help="Plan a lost-person search and carry it on period by period.")
app.add_typer(plan_app, name="plan")

console = Console()
err_console = Console(stderr=True)


class Lang(str, Enum):
    en = "en"
    tr = "tr"


class LightMode(str, Enum):
    as_narrated = "as_narrated"
    astronomical = "astronomical"


def reports_input_errors(func):
    """Bad input becomes one clear line on stderr and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None
        except OSError as exc:  # a path the user gave that cannot be read or written
            where = f"{exc.filename}: " if exc.filename else ""
            err_console.print(f"[bold red]error:[/] {escape(where + (exc.strerror or str(exc)))}", soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper


@contextlib.contextmanager
def about(label: str):
    """Errors found while computing a scenario name the user's file when they name no source yet."""
    try:
        yield
    except InputError as exc:
        if exc.source is None:
            raise InputError(exc.detail, source=label, field=exc.field) from None
        raise


SCENARIO_ARG = typer.Argument("hijra", help="A built-in scenario name (see `sevr scenario list`) or a path to a TOML file.")
SEED_OPT = typer.Option(0, "--seed", min=0, help="Seed of the run's random stream; the same seed gives the same bytes.")


@app.command()
@reports_input_errors
def run(
    scenario: str = SCENARIO_ARG,
    seed: int = SEED_OPT,
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the narration and the map."),
    light: Optional[LightMode] = typer.Option(
        None, "--light", help="Moonlight as the story tells it (as_narrated) or as computed for the date "
                              "(astronomical). Default: the scenario's light.mode."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder. Default: sevr-out/<scenario>-<seed>/."),
) -> None:
    """Replay a scenario once: narrated timeline, events.jsonl, summary.json, map.png and replay.html."""
    from sevr.scenarios import load

    model = load(scenario, kind="evasion")  # a bad file is refused before the heavy imports below
    from sevr.narrate.localize import load_templates
    from sevr.report.console import print_timeline
    from sevr.report.outputs import write_story_outputs
    from sevr.report.timeline import light_note, scenario_title
    from sevr.sim.narrated import run_narrated

    out_dir = check_out_dir(out or Path("sevr-out") / f"{model.meta.name}-{seed}")
    labels = load_templates(lang.value)["labels"]
    with about(scenario), console.status(escape(labels["replaying"].format(name=model.meta.name, seed=seed))):
        result = run_narrated(model, seed, light_mode=light.value if light else None, source=scenario)
        lines, paths = write_story_outputs(result, out_dir, lang.value)
    title = scenario_title(model, lang.value)
    if not result.summary["conditioned"]:
        title = f"{load_templates(lang.value)['what_if']['heading']}: {title}"
    print_timeline(console, lines, title)
    console.print(Text(light_note(model, lang.value, light.value if light else model.light.mode), style="dim"))
    table = Table(title=labels["outputs"], show_header=False, box=None)
    for name, path in paths.items():
        table.add_row(name, escape(str(path)))
    console.print(table)


class SegmentMethod(str, Enum):
    grid = "grid"
    terrain = "terrain"


class TerrainType(str, Enum):
    mountainous = "mountainous"
    flat = "flat"


class Climate(str, Enum):
    temperate = "temperate"
    dry = "dry"


def _latlon(text: str, option: str) -> tuple[float, float]:
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError:
        raise InputError(f"expected LAT,LON in degrees, got {text!r}", field=option) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"({lat:g}, {lon:g}) is not a latitude, longitude in degrees", field=option)
    return lat, lon


DEM_OPT = typer.Option(None, "--dem", help="A GeoTIFF elevation model (any CRS): plan on it without a TOML file.")
IPP_OPT = typer.Option(None, "--ipp", help="With --dem: the initial planning point, LAT,LON in degrees.")
CATEGORY_OPT = typer.Option("hiker", "--category", help="With --dem: the subject category (ISRID table, "
                            "docs/planning.md), e.g. hiker, hunter, child_4_6, dementia.")
TERRAIN_OPT = typer.Option(TerrainType.mountainous, "--terrain-type", help="With --dem: which distance row.")
CLIMATE_OPT = typer.Option(Climate.temperate, "--climate", help="With --dem: which distance row.")
SEGMENTS_OPT = typer.Option(None, "--segments", help="terrain: segments bounded by drainages, ridges, trails, "
                            "roads and water; grid: square blocks. Default: terrain with --dem, else the scenario's.")
SEGMENT_KM2_OPT = typer.Option(None, "--segment-km2", help="Target area of a terrain segment, km² (default 1).")
TEAM_HOURS_OPT = typer.Option(None, "--segment-team-hours", help="With --dem: size terrain segments to what one "
                              "team sweeps in this many hours (instead of --segment-km2).")
RADIUS_OPT = typer.Option(None, "--radius-km", help="With --dem: half-width of the map around the IPP "
                          "(default: twice the category's 95 % distance, cut to the DEM).")
TRAILS_OPT = typer.Option([], "--trails", help="GeoJSON or GPX file of trails (repeatable).")
ROADS_OPT = typer.Option([], "--roads", help="GeoJSON or GPX file of roads (repeatable).")
WATER_OPT = typer.Option([], "--water", help="GeoJSON or GPX file of streams and shores (repeatable).")


def _check_segment_km2(segment_km2: float | None) -> None:
    """Refuse a bad --segment-km2 by its option name before any DEM is read (the bounds of the
    scenario's segments.target_area_km2)."""
    if segment_km2 is not None and not 0.05 <= segment_km2 <= 100:
        raise InputError(f"must be between 0.05 and 100 km², got {segment_km2:g}", field="--segment-km2")


def _dem_scenario(dem, ipp, category, terrain_type, climate, segments, segment_km2, radius_km, trails, roads, water,
                  team_hours=None):
    from sevr.planning.ground import scenario_from_dem

    if ipp is None:
        raise InputError("--dem needs --ipp LAT,LON (the last-seen point)", field="--ipp")
    lat, lon = _latlon(ipp, "--ipp")
    if team_hours is not None and segment_km2 is not None:
        raise InputError("give --segment-km2 or --segment-team-hours, not both", field="--segment-team-hours")
    # the library names its arguments; on the command line the user typed options
    options = {"category": "--category", "radius": "--radius-km", "ipp": "--ipp", "trails": "--trails",
               "roads": "--roads", "water": "--water"}
    try:
        return scenario_from_dem(dem, lat, lon, category, terrain_type=terrain_type.value, climate=climate.value,
                                 radius_km=radius_km, segments=(segments or SegmentMethod.terrain).value,
                                 target_area_km2=1.0 if segment_km2 is None else segment_km2,
                                 trails=trails, roads=roads, water=water, team_hours=team_hours)
    except InputError as exc:
        if exc.field in options:
            raise InputError(exc.detail, source=exc.source, field=options[exc.field]) from None
        raise


@plan_app.command("new")
@reports_input_errors
def plan(
    scenario: str = typer.Argument("lost-hiker", help="A lost_person scenario: built-in name or TOML path "
                                   "(ignored with --dem)."),
    hours: Optional[float] = typer.Option(
        None, "--hours", help="Hours per operational period (default: the scenario's operations.hours_per_period)."),
    periods: Optional[int] = typer.Option(
        None, "--periods", help="Number of operational periods (default: the scenario's operations.periods)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder. Default: sevr-out/<scenario>-plan/."),
    dem: Optional[Path] = DEM_OPT,
    ipp: Optional[str] = IPP_OPT,
    category: str = CATEGORY_OPT,
    terrain_type: TerrainType = TERRAIN_OPT,
    climate: Climate = CLIMATE_OPT,
    segments: Optional[SegmentMethod] = SEGMENTS_OPT,
    segment_km2: Optional[float] = SEGMENT_KM2_OPT,
    segment_team_hours: Optional[float] = TEAM_HOURS_OPT,
    radius_km: Optional[float] = RADIUS_OPT,
    trails: list[Path] = TRAILS_OPT,
    roads: list[Path] = ROADS_OPT,
    water: list[Path] = WATER_OPT,
) -> None:
    """Plan a lost-person search: probability map, segments, searcher-hours per segment, POD/POS, suspension.

    The output folder holds period-01/. After the period, `sevr plan debrief FOLDER --tracks a.gpx …` adds the next one; `sevr plan replay FOLDER` checks every period against its inputs.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sevr.planning import plan_scenario
    from sevr.planning.outputs import plan_tables, write_plan_outputs
    from sevr.planning.planfolder import check_plan_out
    from sevr.scenarios import load, to_toml
    from sevr.scenarios.schema import MAX_PERIODS

    if hours is not None and not hours > 0:
        raise InputError(f"must be greater than 0, got {hours:g}", field="--hours")
    if hours is not None and hours > 24:
        raise InputError(f"must be at most 24, got {hours:g}", field="--hours")
    if periods is not None and not 1 <= periods <= MAX_PERIODS:
        raise InputError(f"must be between 1 and {MAX_PERIODS}, got {periods}", field="--periods")
    _check_segment_km2(segment_km2)
    if dem is not None:
        label = str(dem)
        model = _dem_scenario(dem, ipp, category, terrain_type, climate, segments, segment_km2, radius_km,
                              trails, roads, water, segment_team_hours)
    else:
        if (ipp is not None or trails or roads or water or radius_km is not None or category != "hiker"
                or segment_team_hours is not None
                or terrain_type != TerrainType.mountainous or climate != Climate.temperate):
            raise InputError("--ipp, --category, --terrain-type, --climate, --radius-km, --trails, --roads and "
                             "--water go with --dem (a TOML scenario sets them in [ipp], [subject], [distance] and "
                             "[layers])", field="--dem")
        label = scenario
        model = load(scenario, kind="lost_person")
        changes = {}
        if segments is not None:
            changes["method"] = segments.value
        if segment_km2 is not None:
            changes["target_area_km2"] = segment_km2
        if changes:
            model = model.model_copy(update={"segments": model.segments.model_copy(update=changes)})
    out_dir = check_out_dir(out or Path("sevr-out") / f"{model.meta.name}-plan")
    check_plan_out(out_dir)
    with about(label), Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                console=console, transient=True) as bar:
        task = bar.add_task(f"Planning '{escape(model.meta.name)}' …", total=None)
        step = lambda text: bar.update(task, description=escape(text) + " …")  # noqa: E731
        result = plan_scenario(model, hours=hours, periods=periods, progress=step)
        paths = write_plan_outputs(result, out_dir, progress=step, scenario_toml=to_toml(model))
    for table in plan_tables(result):
        console.print(table)
    _print_outputs(paths)
    console.print(f"Field files of period 1 (import, print): {_period_files_text(paths['period-01'])}", soft_wrap=True)


def _period_files_text(folder: Path) -> str:
    from sevr.planning.exports import PERIOD_EXPORT_FILES

    return f"{escape(str(folder))}/ (" + ", ".join(n for n in PERIOD_EXPORT_FILES if (folder / n).exists()) + ")"


def _print_outputs(paths: dict) -> None:
    table = Table(title="Outputs", show_header=False, box=None)
    for name, path in paths.items():
        table.add_row(name, escape(str(path)))
    console.print(table)


@plan_app.command("debrief")
@reports_input_errors
def plan_debrief(
    plan_dir: Path = typer.Argument(..., help="A plan folder written by `sevr plan` (its last period is debriefed)."),
    tracks: list[Path] = typer.Option(..., "--tracks", help="A GPX file of tracks walked in the period; repeat "
                                      "for each file. Each track is one searcher's path."),
    clue: Optional[list[str]] = typer.Option(None, "--clue", help="A clue found in the period, LAT,LON,KIND with "
                                             "KIND item, print or sighting; repeat for each."),
    sweep_width_m: Optional[float] = typer.Option(None, "--sweep-width-m", help="Sweep width W of a searcher "
                                                  "(m). Default: the plan's teams' searcher-weighted mean."),
) -> None:
    """Debrief the last period from the teams' GPS tracks and plan the next one into period-NN/."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sevr.planning.cycle import parse_clue
    from sevr.planning.cyclerun import run_debrief
    from sevr.planning.reports import debrief_tables

    clues = [parse_clue(c) for c in clue or ()]
    if sweep_width_m is not None and not sweep_width_m > 0:
        raise InputError(f"must be greater than 0, got {sweep_width_m:g}", field="--sweep-width-m")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Debriefing …", total=None)
        step = lambda text: bar.update(task, description=escape(text) + " …")  # noqa: E731
        folder, plan_folder, result, nxt = run_debrief(plan_dir, tracks, clues, sweep_width_m, progress=step)
    for table in debrief_tables(folder, result, nxt, plan_folder.grid.ids):
        console.print(table)
    console.print(f"Wrote {escape(str(folder))}/ (period.json, allocation.csv, map.png, debrief/coverage.png)",
                  soft_wrap=True)
    console.print(f"Field files of period {nxt.index} (import, print): {_period_files_text(folder)}", soft_wrap=True)


@plan_app.command("replay")
@reports_input_errors
def plan_replay(
    plan_dir: Path = typer.Argument(..., help="A plan folder written by `sevr plan` (and `sevr plan debrief`)."),
) -> None:
    """Recompute every period of a plan folder from its stored inputs and check it matches (exit 1 if not)."""
    from sevr.planning.cyclerun import replay

    rows = replay(plan_dir)
    table = Table("period", "belief max |Δ|", "hours max |Δ|", "verdict", title=f"Replay of {escape(str(plan_dir))}")
    for r in rows:
        table.add_row(str(r["period"]), f"{r['belief_diff']:.1e}", f"{r['hours_diff']:.1e}",
                      "reproduced" if r["match"] else "[bold red]DIFFERS[/]")
    console.print(table)
    if not all(r["match"] for r in rows):
        raise typer.Exit(1)


@app.command()
@reports_input_errors
def view(
    folder: Path = typer.Argument(..., help="A run folder (replay.html), a plan folder (plan.html) or a sweep folder."),
    episode: Optional[int] = typer.Option(None, "--episode", min=0, help="In a sweep folder: replay this episode "
                                          "through the story engine, with its recorded seed, and open it."),
    point: int = typer.Option(0, "--point", min=0, help="In a sweep folder: the point of --episode."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language a replayed episode opens in."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Only print the page's path."),
) -> None:
    """Open a run's replay.html or a plan's plan.html in the browser (or print its path)."""
    from sevr.report.viewer import find_page, open_page

    if episode is not None:
        from sevr.montecarlo.episode import replay_episode

        with console.status(f"Replaying episode {episode} of point {point} …"):
            page = replay_episode(folder, episode, point, lang.value)
    else:
        page = find_page(folder)
    opened = False if no_browser else open_page(page)
    console.print(("Opened " if opened else "Page: ") + escape(str(page.resolve())), soft_wrap=True)


@scenario_app.command("list")
@reports_input_errors
def scenario_list() -> None:
    """List the built-in scenarios."""
    from sevr.scenarios import builtin_names, load

    table = Table("name", "kind", "title")
    for name in builtin_names():
        model = load(name)
        table.add_row(name, model.meta.kind, escape(model.meta.title))
    console.print(table)


@scenario_app.command("show")
@reports_input_errors
def scenario_show(name: str = typer.Argument(..., help="A built-in scenario name or a TOML path.")) -> None:
    """Print the full scenario (defaults filled in) as TOML that `sevr run FILE` accepts unchanged."""
    from sevr.scenarios import load, to_toml

    sys.stdout.write(to_toml(load(name)))


@scenario_app.command("new")
@reports_input_errors
def scenario_new(
    kind: str = typer.Argument(..., help="The kind of scenario to write; only lost-person for now."),
    dem: Path = typer.Option(..., "--dem", help="A GeoTIFF elevation model (any CRS)."),
    ipp: str = typer.Option(..., "--ipp", help="The initial planning point, LAT,LON in degrees."),
    category: str = CATEGORY_OPT,
    terrain_type: TerrainType = TERRAIN_OPT,
    climate: Climate = CLIMATE_OPT,
    segments: Optional[SegmentMethod] = SEGMENTS_OPT,
    segment_km2: Optional[float] = SEGMENT_KM2_OPT,
    segment_team_hours: Optional[float] = TEAM_HOURS_OPT,
    radius_km: Optional[float] = RADIUS_OPT,
    trails: list[Path] = TRAILS_OPT,
    roads: list[Path] = ROADS_OPT,
    water: list[Path] = WATER_OPT,
    out: Optional[Path] = typer.Option(None, "--out", help="Write the TOML here instead of to stdout."),
) -> None:
    """Write a full scenario built from a DEM, a last-seen point and a category, as TOML to edit;
    `sevr plan FILE` plans exactly what `sevr plan --dem ...` would."""
    from sevr.scenarios import to_toml

    if kind not in ("lost-person", "lost_person"):
        raise InputError(f"unknown kind {kind!r}; known: lost-person", field="KIND")
    _check_segment_km2(segment_km2)
    model = _dem_scenario(dem, ipp, category, terrain_type, climate, segments, segment_km2, radius_km,
                          trails, roads, water, segment_team_hours)
    text = to_toml(model)
    if out is None:
        sys.stdout.write(text)
        return
    import os

    part = out.with_name(out.name + ".part")  # whole file or none: written beside, then moved in
    part.write_text(text, encoding="utf-8")
    os.replace(part, out)
    console.print(f"wrote {escape(str(out))}")


@cache_app.command("info")
def cache_info() -> None:
    """Show the cache folder, its entries and size, and its bound."""
    from sevr import cache

    items = cache.entries()
    state = "on" if cache.enabled() else "off (SEVR_CACHE)"
    console.print(f"folder: {escape(str(cache.cache_dir()))}  (set SEVR_CACHE_DIR to move it)")
    console.print(f"entries: {len(items)}, {sum(e.size for e in items) / 1e6:,.1f} MB of at most "
                  f"{cache.max_bytes() / 1e6:,.0f} MB (SEVR_CACHE_MAX_MB); caching is {state}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cache entry; the next run prepares its scenario afresh."""
    from sevr import cache

    count, size = cache.clear()
    console.print(f"removed {count} entr{'y' if count == 1 else 'ies'} ({size / 1e6:,.1f} MB) from "
                  f"{escape(str(cache.cache_dir()))}")


class Engine(str, Enum):
    batched = "batched"
    reference = "reference"


class Executor(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
@reports_input_errors
def simulate(
    scenario: str = SCENARIO_ARG,
    episodes: int = typer.Option(10_000, "--episodes", "-n", help="Number of episodes to run."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random streams, 0 to 2^63 - 1; the same seed gives "
                             "the same rows."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder. Default: sevr-out/<scenario>-sim-<seed>/."),
    engine: Engine = typer.Option(Engine.batched, "--engine", help="batched (fast, NumPy + Numba) or reference "
                                  "(the story engine, one episode at a time: slow, for checking)."),
    light: Optional[LightMode] = typer.Option(None, "--light", help="Override the scenario's light.mode."),
) -> None:
    """Run many episodes of a scenario: one Parquet row each, and the outcome table with 95 % intervals."""
    from sevr.scenarios import load

    model = load(scenario, kind="evasion")  # a bad file is refused before the heavy imports below
    from sevr.montecarlo import finish, run_design, single_point

    overrides = {"light.mode": light.value} if light else {}
    design = single_point(model, scenario, episodes, seed, engine.value, overrides)
    out_dir = out or Path("sevr-out") / f"{model.meta.name}-sim-{seed}"
    with about(scenario):
        report = run_design(design, out_dir, console=console)
    rows, files = finish(out_dir)
    table = Table("measure", "estimate [95 % interval]",
                  title=f"{escape(model.meta.title)}: {episodes:,} episodes, seed {seed}, engine {engine.value}")
    from sevr.montecarlo.summary import outcome_table

    for measure, value in outcome_table(rows[0]):
        table.add_row(measure, value)
    console.print(table)
    _print_run_footer(report, out_dir, files)


@app.command()
@reports_input_errors
def sweep(
    spec: str = typer.Argument(..., help="A sweep spec (TOML) or a built-in spec name, e.g. `ablation`."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder. Default: sevr-out/<spec>-sweep-<seed>/."),
    executor: Executor = typer.Option(Executor.local, "--executor", help="local: in this process, chunk after "
                                      "chunk; dask: one task per chunk on a Dask cluster."),
    address: Optional[str] = typer.Option(None, "--address", help="Dask scheduler, tcp://HOST:PORT. Without it "
                                          "--executor dask starts a local cluster."),
    chunk_blocks: Optional[int] = typer.Option(None, "--chunk-blocks", help="Blocks of 1024 episodes per chunk "
                                               "file (default 16; a resumed sweep keeps its own)."),
    episodes: Optional[int] = typer.Option(None, "--episodes", "-n", help="Episodes per point, instead of the "
                                           "spec's `episodes`."),
) -> None:
    """Run a design of scenario variants (a grid and/or listed points); resumes an interrupted run."""
    from sevr.montecarlo import finish, load_spec, run_design

    design = load_spec(spec, episodes)
    out_dir = out or Path("sevr-out") / f"{Path(spec).stem}-sweep-{design.seed}"
    report = run_design(design, out_dir, executor=executor.value, address=address,
                        chunk_blocks=chunk_blocks, console=console)
    rows, files = finish(out_dir)
    _print_sweep_table(rows, design.title)
    _print_run_footer(report, out_dir, files)


@app.command("report")
@reports_input_errors
def report_sweep(folder: Path = typer.Argument(..., help="A folder written by `sevr sweep` or `sevr simulate`.")) -> None:
    """Redraw summary.csv, summary.md and the plots of a sweep folder from its Parquet rows."""
    from sevr.montecarlo import finish
    from sevr.montecarlo.store import read_manifest

    rows, files = finish(folder)
    manifest = read_manifest(folder)
    _print_sweep_table(rows, manifest["title"])
    if not manifest["complete"]:
        expected = len(manifest["points"]) * manifest["episodes"]
        done = sum(r["rows"] for r in manifest["chunks"].values())
        console.print(f"[bold yellow]Incomplete sweep:[/] {done:,} of {expected:,} episodes are on disk; the figures "
                      "cover only those. Run the same `sevr sweep` (or `sevr simulate`) command again to finish it.")
    for path in files:
        console.print(f"wrote {escape(str(path))}")


def _print_sweep_table(rows, title: str) -> None:
    from sevr.montecarlo.summary import COMPACT, compact_row

    table = Table(title=f"{escape(title)} (95 % intervals)")
    for header in COMPACT:  # fold rather than cut: a label must stay readable in a narrow terminal
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in compact_row(row)))
    console.print(table)


def _print_run_footer(report, out_dir: Path, files) -> None:
    ran = report.episodes - report.skipped_episodes
    rate = f", {ran / report.seconds:,.0f} episodes/s" if ran and report.seconds > 0 else ""
    skipped = (f"; {report.skipped_chunks} of {report.chunks} chunks were already on disk and were skipped"
               if report.skipped_chunks else "")
    console.print(f"{ran:,} episodes run in {report.seconds:.1f} s{rate} ({report.executor} executor, "
                  f"{report.chunks} chunk file(s) of up to {report.chunk_blocks} x 1024 episodes){skipped}.")
    console.print(f"Rows: {escape(str(out_dir / 'results'))}/ (Parquet; DuckDB: read_parquet('{escape(str(out_dir))}/**/*.parquet'))")
    console.print("Summary and plots: " + ", ".join(escape(p.name) for p in files))


def _asks_turkish_help(argv: list[str]) -> bool:
    """`sevr run --lang tr --help`: the help of `run` in Turkish."""
    tr = "--lang=tr" in argv or any(a == "--lang" and b == "tr" for a, b in zip(argv, argv[1:]))
    return tr and bool({"--help", "-h"} & set(argv)) and "run" in argv


def main() -> None:
    if not _asks_turkish_help(sys.argv[1:]):
        app()
        return
    from sevr.narrate.localize import load_templates

    texts = load_templates("tr")["cli_help"]["run"]
    command = typer.main.get_command(app)
    run_command = command.commands["run"]
    run_command.help = texts["help"]
    for param in run_command.params:
        if param.name in texts:
            param.help = texts[param.name]
    command(prog_name="sevr")


if __name__ == "__main__":
    main()
