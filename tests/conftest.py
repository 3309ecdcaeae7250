"""Fixtures shared across test folders (each is computed only by the tests that ask for it), and a
cache folder of the test run's own: sevr.cache never touches the user's."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_made: list[str] = []


def pytest_configure(config):
    folder = tempfile.mkdtemp(prefix="sevr-test-cache-")
    _made.append(folder)
    os.environ["SEVR_CACHE_DIR"] = folder


def pytest_unconfigure(config):
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def hijra_story():
    """The default run: the Hijra, seed 0, conditioned on the narrated facts (a StoryResult)."""
    from sevr.scenarios import load
    from sevr.sim.narrated import run_narrated

    return run_narrated(load("hijra"), 0)


@pytest.fixture(scope="session")
def hijra_records(hijra_story):
    from sevr.report.outputs import story_records

    return story_records(hijra_story)
