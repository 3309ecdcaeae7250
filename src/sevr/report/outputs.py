"""Write a story run's files: events.jsonl, timeline.md, summary.json, map.png, belief.png.

Everything is rendered in memory or in a scratch folder first and moved into place at the end,
so a failed run leaves no half-written output folder behind.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from sevr.narrate.narrator import narrate
from sevr.report.beliefplot import draw_belief_panels
from sevr.report.mapplot import draw_story_map
from sevr.report.timeline import write_timeline
from sevr.sim.events import to_record, write_jsonl
from sevr.sim.result import StoryResult

OUTPUT_FILES = ("events.jsonl", "timeline.md", "summary.json", "map.png", "belief.png")


def story_records(result: StoryResult) -> list[dict]:
    return [to_record(e, result.frame, result.clock) for e in result.events]


def write_story_outputs(result: StoryResult, out_dir: Path, lang: str) -> tuple[list, dict[str, Path]]:
    """Write the run's files into out_dir (created if needed); return the narrated lines and paths."""
    records = story_records(result)
    lines = narrate(records, result.scenario, lang)
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sevr-", dir=out_dir.parent) as scratch:
        tmp = Path(scratch)
        write_jsonl(records, tmp / "events.jsonl")
        summary = {"scenario": result.scenario.meta.name, "seed": result.seed, "lang": lang, **result.summary}
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_timeline(lines, result.scenario, lang, tmp / "timeline.md", summary)
        draw_story_map(result, tmp / "map.png", lang=lang)
        draw_belief_panels(result, tmp / "belief.png", lang=lang)
        out_dir.mkdir(exist_ok=True)
        paths = {}
        for name in OUTPUT_FILES:
            if not (tmp / name).exists():  # belief.png only when the run has a belief
                continue
            shutil.move(str(tmp / name), out_dir / name)  # same filesystem: a rename
            paths[name] = out_dir / name
    return lines, paths
