"""One episode of a sweep, replayed through the story engine and written as a what-if page.

The episode reads the same counter-based stream as in the sweep (seed, point, episode), so the
story engine walks exactly the night that the sweep's row records. A replayed episode is a
what-if of the model, not the story: its page says so, and it names roles ("the two
travellers", "the pursuers") instead of persons, by the narrator's what-if rule.
"""
from __future__ import annotations

from pathlib import Path

from sevr.errors import InputError
from sevr.montecarlo import store
from sevr.scenarios import builtin_names, load, with_overrides

__all__ = ["episode_scenario", "replay_episode"]

def episode_scenario(sweep_dir, point: int):
    """The scenario of one point of a sweep folder, and the folder's manifest.

    A scenario path in the manifest that is neither built-in nor absolute is looked for beside
    the spec file first.

    Parameters
    ----------
    sweep_dir : path
        A folder written by ``sevr sweep`` or ``sevr simulate``.
    point : int
        Index of the point, 0-based.

    Returns
    -------
    scenario : EvasionScenario
        The base scenario with the point's overrides applied.
    manifest : dict
        The folder's manifest.

    Raises
    ------
    InputError
        When the folder has no manifest, or (field ``points``) the point does not exist.
    """
    sweep_dir = Path(sweep_dir)
    manifest = store.read_manifest(sweep_dir)
    source = str(sweep_dir / store.MANIFEST)
    if manifest is None:
        raise InputError(f"not a sweep folder: no {store.MANIFEST}", source=str(sweep_dir))
    points = manifest.get("points") or []
    if not 0 <= point < len(points):
        raise InputError(f"no point {point}: the sweep has points 0 to {len(points) - 1}", source=source,
                         field="points")
    ref = str(manifest.get("scenario", ""))
    if ref not in builtin_names() and not Path(ref).is_absolute():
        spec = Path(str(manifest.get("spec", "")))
        beside = spec.parent / ref
        ref = str(beside) if beside.exists() else ref
    base = load(ref, kind="evasion")
    return with_overrides(base, points[point].get("overrides") or {}, label=f"{source} point {point}"), manifest


def replay_episode(sweep_dir, episode: int, point: int = 0, lang: str = "en", out_dir=None) -> Path:
    """Replay episode `episode` of point `point` of a sweep and write its what-if replay.html.

    Parameters
    ----------
    sweep_dir : path
        A folder written by ``sevr sweep`` or ``sevr simulate``.
    episode, point : int
        Which episode (0-based, below the sweep's episodes per point) of which point.
    lang : str
        The page's opening language.
    out_dir : path, optional
        Default ``SWEEPDIR/episodes/point-P-episode-N/``.

    Returns
    -------
    Path
        The page written.
    """
    from sevr.report.folder import write_folder
    from sevr.report.outputs import story_records
    from sevr.report.replay import write_replay
    from sevr.sim import draws as draws_mod
    from sevr.sim.events import write_jsonl
    from sevr.sim.story import run_story
    from sevr.sim.stream import EpisodeStream

    scenario, manifest = episode_scenario(sweep_dir, point)
    episodes = int(manifest.get("episodes", 0))
    if not 0 <= episode < episodes:
        raise InputError(f"no episode {episode}: each point has episodes 0 to {episodes - 1}",
                         source=str(Path(sweep_dir) / store.MANIFEST), field="episodes")
    seed = int(manifest["seed"])
    stream = EpisodeStream.of(seed, point, episode)
    draws = draws_mod.sample(scenario, stream)
    # Not conditioned on the narrated facts: the page names roles, as every what-if does.
    result = run_story(scenario, seed, draws=draws, stream=stream)
    out = Path(out_dir) if out_dir is not None else Path(sweep_dir) / "episodes" / f"point-{point}-episode-{episode}"
    records = story_records(result)

    def build(tmp: Path) -> None:
        write_jsonl(records, tmp / "events.jsonl")
        write_replay(result, records, lang, tmp / "replay.html", what_if=True)

    return write_folder(out, build, ("events.jsonl", "replay.html"))["replay.html"]
