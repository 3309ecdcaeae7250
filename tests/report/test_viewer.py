"""sevr view: finds the page, says clearly when there is none, prints the path without a browser."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sevr.cli import app
from sevr.errors import InputError
from sevr.report.viewer import find_page

runner = CliRunner()


def test_find_page_prefers_the_replay(tmp_path):
    (tmp_path / "plan.html").write_text("p")
    assert find_page(tmp_path) == tmp_path / "plan.html"
    (tmp_path / "replay.html").write_text("r")
    assert find_page(tmp_path) == tmp_path / "replay.html"
    assert find_page(tmp_path / "plan.html") == tmp_path / "plan.html"


def test_find_page_errors_name_the_folder(tmp_path):
    with pytest.raises(InputError, match="has no replay.html or plan.html"):
        find_page(tmp_path)
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match="--episode"):
        find_page(tmp_path)


def test_view_prints_the_path_and_fails_cleanly(tmp_path):
    (tmp_path / "replay.html").write_text("r")
    ok = runner.invoke(app, ["view", str(tmp_path), "--no-browser"])
    assert ok.exit_code == 0 and "replay.html" in ok.output
    bad = runner.invoke(app, ["view", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "no such folder" in bad.output and "Traceback" not in bad.output
