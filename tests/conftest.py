"""Fixtures shared across test folders (each is computed only by the tests that ask for it)."""
from __future__ import annotations

import pytest


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
