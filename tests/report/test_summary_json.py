"""summary.json of `sevr run` is strict JSON even when a measure has no finite value."""
import dataclasses
import json
import math

from sevr.report.outputs import write_story_outputs
from sevr.scenarios import load
from sevr.sim.story import run_story


def test_non_finite_summary_values_are_written_as_null(tmp_path):
    result = run_story(load("hijra"), 0)
    summary = {**result.summary, "departure_risk": math.nan, "tracker_reached_h": math.inf}
    write_story_outputs(dataclasses.replace(result, summary=summary), tmp_path, "en")

    def refuse(name):
        raise AssertionError(f"summary.json holds {name}")
    data = json.loads((tmp_path / "summary.json").read_text(), parse_constant=refuse)
    assert data["departure_risk"] is None and data["tracker_reached_h"] is None
    assert data["outcome"] == result.summary["outcome"]
