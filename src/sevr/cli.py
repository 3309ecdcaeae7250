"""The `sevr` command line: one Typer app, thin wrappers over the package's functions."""
from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sevr.errors import InputError

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
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None

    return wrapper


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
    """Replay a scenario once: narrated timeline, events.jsonl, summary.json and map.png."""
    from sevr.report.console import print_timeline
    from sevr.report.outputs import write_story_outputs
    from sevr.scenarios import load
    from sevr.sim.story import run_story

    model = load(scenario)
    out_dir = out or Path("sevr-out") / f"{model.meta.name}-{seed}"
    with console.status(f"Building the terrain and replaying '{escape(model.meta.name)}' (seed {seed}) …"):
        result = run_story(model, seed, light_mode=light.value if light else None)
        lines, paths = write_story_outputs(result, out_dir, lang.value)
    print_timeline(console, lines, model.meta.title)
    if (light.value if light else model.light.mode) == "astronomical":
        _print_moon_note(result)
    table = Table(title="Outputs", show_header=False, box=None)
    for name, path in paths.items():
        table.add_row(name, escape(str(path)))
    console.print(table)


def _print_moon_note(result) -> None:
    from sevr.world import moon_report

    place = result.scenario.places.start
    t_exit = next(e.t_min for e in result.events if e.kind == "exit")
    moon = moon_report(result.clock, t_exit, place.lat, place.lon)
    console.print(
        f"[yellow]Light: astronomical.[/] At the exit the computed moon was {moon['moon_phase'] * 100:.0f}% lit "
        f"(altitude {moon['moon_alt_deg']:.0f}°); the nearest new moon fell on {escape(str(moon['new_moon_julian_date']))} "
        "(Julian). The story describes bright moonlight; this run uses the computed sky instead.")


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
