"""Size and speed of replay.html for the default 3-day run (a script, not a test).

    .venv/bin/python benchmarks/bench_replay.py

Measures, in Debian's headless Chromium driven by Playwright:
  1. the page's size -- target <= 3 MB;
  2. time from navigation start to the first frame drawn with the terrain (median of 5 loads)
     -- target <= 1 s;
  3. median time to draw one frame while playing at 1 h/s for 3 s -- target <= 16 ms.
Exits with status 1 if a target is missed, 2 if Chromium or Playwright is not installed.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SIZE_TARGET_B = 3_000_000
FIRST_FRAME_TARGET_MS = 1000.0
FRAME_TARGET_MS = 16.0
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is not installed (pip install -e '.[test]')")
        return 2
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        print("Chromium is not installed (apt-get install chromium)")
        return 2
    from sevr.report.outputs import story_records
    from sevr.report.replay import write_replay
    from sevr.scenarios import load
    from sevr.sim.story import run_story

    tmp = Path(tempfile.mkdtemp(prefix="sevr-bench-"))
    result = run_story(load("hijra"), 0)
    t0 = time.perf_counter()
    page_path = write_replay(result, story_records(result), "en", tmp / "replay.html")
    write_s = time.perf_counter() - t0
    size = page_path.stat().st_size
    failures = []
    print(f"page size: {size / 1e6:.2f} MB (target <= {SIZE_TARGET_B / 1e6:.0f} MB); written in {write_s:.2f} s")
    if size > SIZE_TARGET_B:
        failures.append("size")

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp / "profile"), executable_path=exe, args=ARGS,
                                                   headless=True, viewport={"width": 1400, "height": 860})
        page = ctx.new_page()
        firsts = []
        for _ in range(5):
            page.goto(page_path.resolve().as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=30_000)
            firsts.append(page.evaluate("window.sevrReplay.firstFrameMs"))
        first = statistics.median(firsts)
        print(f"load to first frame: median {first:.0f} ms of {[round(f) for f in firsts]} (target <= {FIRST_FRAME_TARGET_MS:.0f} ms)")
        if first > FIRST_FRAME_TARGET_MS:
            failures.append("first frame")
        page.locator("#speed").select_option("60")
        page.evaluate("window.sevrReplay.setTime(600); window.sevrReplay.frameTimes.length = 0")
        page.locator("#play").click()
        page.wait_for_timeout(3000)
        page.locator("#play").click()
        frames = page.evaluate("window.sevrReplay.frameTimes.slice()")
        median = statistics.median(frames)
        print(f"frame time while playing: median {median:.1f} ms, 90th percentile "
              f"{sorted(frames)[int(0.9 * len(frames))]:.1f} ms over {len(frames)} frames (target <= {FRAME_TARGET_MS:.0f} ms)")
        if median > FRAME_TARGET_MS:
            failures.append("frame time")
        ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    print("targets met" if not failures else f"targets missed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
