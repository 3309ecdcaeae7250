"""Write a story run's files: events.jsonl, timeline.md, summary.json, map.png, belief.png, replay.html
and the story.geojson / story.kml / story.gpx exports.

Everything is rendered in a scratch folder first and moved into place at the end
(`sevr.report.folder`), so a failed run leaves no half-written output folder behind.
"""
from __future__ import annotations

from pathlib import Path

from sevr.narrate.narrator import narrate
from sevr.report.beliefplot import draw_belief_panels
from sevr.report.exports import STORY_EXPORT_FILES, write_story_exports
from sevr.report import strictjson
from sevr.report.folder import write_folder
from sevr.report.mapplot import draw_story_map
from sevr.report.replay import write_replay
from sevr.report.timeline import write_timeline
from sevr.sim.events import to_record, write_jsonl
from sevr.sim.result import StoryResult

OUTPUT_FILES = ("events.jsonl", "timeline.md", "summary.json", "map.png", "belief.png",
                "replay.html") + STORY_EXPORT_FILES


def story_records(result: StoryResult) -> list[dict]:
    """The run's events as events.jsonl records, in the run's order.

    Parameters
    ----------
    result : StoryResult
        The run.

    Returns
    -------
    list of dict
        One record per event (`sevr.sim.events.to_record`).
    """
    return [to_record(e, result.frame, result.clock) for e in result.events]


def write_story_outputs(result: StoryResult, out_dir: Path, lang: str) -> tuple[list, dict[str, Path]]:
    """Write the run's files into out_dir (created if needed); return the narrated lines and paths.

    A result that is not conditioned on the narrated facts (``summary["conditioned"]``) is
    narrated as a what-if of the model, with roles instead of persons. The files are written in
    a temporary folder first, so nothing is left half-written.

    Parameters
    ----------
    result : StoryResult
        The run.
    out_dir : Path
        The output folder.
    lang : str
        "en" or "tr".

    Returns
    -------
    lines : list of NarratedLine
        The narrated timeline.
    paths : dict of str to Path
        File name (`OUTPUT_FILES`) to its path.
    """
    records = story_records(result)
    # Only a run conditioned on the narrated facts names the persons (sevr.sim.narrated).
    what_if = not result.summary.get("conditioned", False)
    lines = narrate(records, result.scenario, lang, what_if=what_if)
    summary = {"scenario": result.scenario.meta.name, "seed": result.seed, "lang": lang, **result.summary}

    def build(tmp: Path) -> None:
        write_jsonl(records, tmp / "events.jsonl")
        (tmp / "summary.json").write_text(strictjson.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_timeline(lines, result.scenario, lang, tmp / "timeline.md", summary, what_if)
        draw_story_map(result, tmp / "map.png", lang=lang)
        draw_belief_panels(result, tmp / "belief.png", lang=lang)  # only when the run has a belief
        write_replay(result, records, lang, tmp / "replay.html", what_if=what_if)
        write_story_exports(result, tmp, lang)  # story.geojson, story.kml, story.gpx

    return lines, write_folder(out_dir, build, OUTPUT_FILES)
