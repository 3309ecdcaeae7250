"""Every test run keeps the on-disk cache (sevr.cache) in a folder of its own, never the user's."""
import os
import shutil
import tempfile

_made: list[str] = []


def pytest_configure(config):
    folder = tempfile.mkdtemp(prefix="sevr-test-cache-")
    _made.append(folder)
    os.environ["SEVR_CACHE_DIR"] = folder


def pytest_unconfigure(config):
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
