"""Hostile input through the commands: refused with exit 2 and one line naming file and key, writing
nothing; or run with only finite, valid results. A reproducible sample of the generated corpus
(tests/scenarios/hostile.py) plus the named cases of issue 13."""
from __future__ import annotations

import csv
import functools
import json
import os
import random
import signal
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.report.folder import PARTIAL, remove_stale_partials, write_folder
from sevr.scenarios import load, to_toml
from sevr.scenarios.loader import MAX_FILE_BYTES, validate
from tests.scenarios.hostile import corpus

runner = CliRunner()
COMMANDS = {"evasion": (("run",), ("simulate", "--episodes", "8")), "lost_person": (("plan",),)}
# Kept out of the sample of accepted cases: they change the map, and each new map costs seconds to build.
SLOW_KEYS = ("terrain.", "frame.", "places.", "time.", "ipp.", "weights.trails", "segments.")


@functools.cache
def _split(kind):
    """(refused cases with the key their error names, accepted cases)."""
    refused, accepted = [], []
    for case in corpus(kind):
        try:
            validate(dict(case[3]), "x.toml")
        except InputError as exc:
            refused.append((*case, exc.field))
        else:
            accepted.append(case)
    return refused, accepted


def _strict_json(text: str):
    def refuse(token):
        raise ValueError(f"non-finite number {token} in a result file")

    return json.loads(text, parse_constant=refuse)


def _invoke(tmp_path, command, data_or_text, name="case.toml"):
    path = tmp_path / name
    path.write_text(data_or_text if isinstance(data_or_text, str) else tomli_w.dumps(data_or_text), encoding="utf-8")
    out = tmp_path / f"out-{command[0]}"
    result = runner.invoke(app, [*command, str(path), "--out", str(out)])
    return result, path, out


def _assert_refused(result, path, out, key):
    assert result.exit_code == 2, result.output
    line = " ".join(result.output.split())  # the console may fold a long line
    assert line.startswith("error: ") and str(path) in line and key in line, line
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()


def _assert_finite_results(out: Path):
    files = sorted(out.rglob("*"))
    assert files
    for file in files:
        if file.suffix == ".json":
            _strict_json(file.read_text(encoding="utf-8"))
        elif file.suffix == ".jsonl":
            for line in file.read_text(encoding="utf-8").splitlines():
                _strict_json(line)
        elif file.suffix == ".geojson":
            _strict_json(file.read_text(encoding="utf-8"))
        elif file.suffix == ".csv":
            cells = {cell.strip().lower() for row in csv.reader(file.open(encoding="utf-8")) for cell in row}
            assert not cells & {"nan", "inf", "-inf", "infinity", "-infinity"}, file


@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_a_sample_of_refused_cases_exits_2_naming_file_and_key_and_writes_nothing(kind, tmp_path):
    refused, _ = _split(kind)
    sent = 0
    for case_id, _, _, data, key in random.Random(13).sample(refused, 6):
        try:
            tomli_w.dumps(data)
        except (TypeError, ValueError):  # an integer TOML cannot hold: nothing to send
            continue
        for command in COMMANDS[kind]:
            result, file, out = _invoke(tmp_path, command, data)
            _assert_refused(result, file, out, key)
        sent += 1
    assert sent >= 3


@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_a_sample_of_accepted_cases_runs_and_writes_only_finite_results(kind, tmp_path):
    _, accepted = _split(kind)
    quick = [c for c in accepted if not c[1].startswith(SLOW_KEYS)]
    assert quick
    for case_id, _, _, data in random.Random(13).sample(quick, 1):
        for command in COMMANDS[kind]:
            result, _, out = _invoke(tmp_path, command, data)
            assert result.exit_code == 0, (case_id, result.output)
            _assert_finite_results(out)


def _hijra(**edits) -> dict:
    data = load("hijra").model_dump(mode="python")
    for dotted, value in edits.items():
        node = data
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = value
    return data


@pytest.mark.parametrize("edits, key", [
    ({"places.hideout.lat": 20.3}, "places.hideout"),               # 120 km off a 6 x 7 km map
    ({"places.hideout.lat": 21.4200, "places.hideout.lon": 39.8245}, "places.hideout"),  # at the start
    ({"evaders.tactics.wait_days": True}, "evaders.tactics.wait_days"),
    ({"evaders.tactics.decoy": "off"}, "evaders.tactics.decoy"),
    ({"tracker.skill": "0.9"}, "tracker.skill"),
    ({"tracker.hire_delay_min": float("inf")}, "tracker.hire_delay_min"),
    ({"terrain.east_m": 10_000_000.0, "terrain.north_m": -6299.999}, "terrain"),  # a 10,000 km x 1 mm strip
    ({"terrain.north_m": -6280.0}, "terrain"),                      # two cells high
    ({"meta.title": "x" * 100_000}, "meta.title"),
])
def test_named_cases_of_the_issue_are_refused_by_run_and_simulate(tmp_path, edits, key):
    for command in COMMANDS["evasion"]:
        result, file, out = _invoke(tmp_path, command, _hijra(**edits))
        _assert_refused(result, file, out, key)


def test_times_with_an_offset_without_a_time_or_near_9999_are_refused(tmp_path):
    shown = to_toml(load("hijra"))
    for start, hint in (("0622-09-09T12:30:00+03:00", "time-zone offset"), ("0622-09-09", "a date alone"),
                        ("9999-12-31T12:30:00", "between 2 and 9998")):
        text = shown.replace("start = 0622-09-09 12:30:00", f"start = {start}")
        assert text != shown
        result, file, out = _invoke(tmp_path, ("run",), text)
        _assert_refused(result, file, out, "time.start")
        assert hint in " ".join(result.output.split())


def test_a_sweep_refuses_a_point_off_the_map(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text('title = "t"\nscenario = "hijra"\nepisodes = 8\nseed = 1\n'
                    '[[points]]\nlabel = "far"\noverrides = { "places.hideout.lat" = 20.3 }\n', encoding="utf-8")
    out = tmp_path / "sweep"
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(out)])
    assert result.exit_code == 2 and "places.hideout" in result.output and "outside the terrain" in result.output
    assert not (out / "results").exists()


def test_rest_of_world_one_names_its_key_not_a_symptom(tmp_path):
    data = load("lost-hiker").model_dump(mode="python")
    data["distance"]["rest_of_world_min"] = 1.0
    result, file, out = _invoke(tmp_path, ("plan",), data)
    _assert_refused(result, file, out, "distance.rest_of_world_min")


def test_dev_zero_and_a_huge_file_are_refused_without_reading_them_whole(tmp_path):
    result = runner.invoke(app, ["run", "/dev/zero", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "larger than" in result.output
    big = tmp_path / "big.toml"
    big.write_text(to_toml(load("hijra")) + "#" * MAX_FILE_BYTES, encoding="utf-8")
    result = runner.invoke(app, ["run", str(big), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "big.toml" in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [("run",), ("plan",)])
def test_an_unwritable_out_is_refused_before_any_work(command):
    # /proc refuses new folders even to root, so the check cannot pass by permission alone
    result = runner.invoke(app, [*command, "--out", "/proc/sevr-out-test"])
    assert result.exit_code == 2, result.output
    line = " ".join(result.output.split())
    assert "/proc/sevr-out-test" in line and "cannot be written" in line
    assert "Building" not in result.output  # refused before the terrain was built


def test_periods_past_the_limit_are_refused():
    result = runner.invoke(app, ["plan", "--periods", str(10**9)])
    assert result.exit_code == 2 and "--periods" in result.output


def test_scratch_folders_of_killed_runs_are_removed_and_live_ones_kept(tmp_path):
    out = tmp_path / "result"
    dead = tmp_path / f".result{PARTIAL}999999999-abc"  # beyond any pid the kernel hands out
    live = tmp_path / f".result{PARTIAL}{os.getpid()}-abc"
    other = tmp_path / f".results{PARTIAL}999999999-abc"  # another folder's scratch
    for folder in (dead, live, other):
        (folder / "out").mkdir(parents=True)
    assert remove_stale_partials(out) == [dead]
    assert not dead.exists() and live.exists() and other.exists()


def test_a_run_into_a_folder_cleans_what_a_killed_run_left(tmp_path):
    out = tmp_path / "result"
    dead = tmp_path / f".result{PARTIAL}999999999-xyz"
    (dead / "out").mkdir(parents=True)
    write_folder(out, lambda tmp: (tmp / "a.txt").write_text("a"), ["a.txt"])
    assert (out / "a.txt").read_text() == "a" and not dead.exists()


def test_sigterm_while_writing_leaves_no_scratch_folder(tmp_path):
    out = tmp_path / "result"

    def build(tmp: Path):
        (tmp / "a.txt").write_text("half")
        os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as stop:
        write_folder(out, build, ["a.txt"])
    assert stop.value.code == 128 + signal.SIGTERM
    assert sorted(tmp_path.iterdir()) == [] and signal.getsignal(signal.SIGTERM) == before


def test_a_write_failure_names_the_users_folder_not_the_scratch_path(tmp_path):
    out = tmp_path / "result"

    def build(tmp: Path):
        raise OSError(28, "No space left on device", str(tmp / "map.png"))

    with pytest.raises(InputError) as err:
        write_folder(out, build, ["map.png"])
    assert err.value.source == str(out) and "No space left" in str(err.value) and PARTIAL not in str(err.value)
    assert sorted(tmp_path.iterdir()) == []
