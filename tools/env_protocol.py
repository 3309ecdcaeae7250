"""The protocol table of trail_pursuit_v0: every pairing of scripted policies, with 95 % intervals.

    PYTHONPATH=src python tools/env_protocol.py [EPISODES] [--write docs/envs.md]

Plays `EPISODES` (default `sevr.envs.protocol.PROTOCOL_EPISODES`) episodes of the protocol's seed
on the Hijra map for each pairing of an evader (the story's, tactics on and off; random) with a
pursuer team (the trail tracker and the Bayesian searcher; random), prints a Markdown table and,
with --write, puts it into the page between the markers `<!-- protocol-table -->` and
`<!-- /protocol-table -->`. Same arguments, same table, byte for byte.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from sevr.envs.params import make_params
from sevr.envs.protocol import PROTOCOL_CONFIG, PROTOCOL_EPISODES, PROTOCOL_SEED, catalogue, play_pairing
from sevr.scenarios import load

START, END = "<!-- protocol-table -->", "<!-- /protocol-table -->"


def _share(v) -> str:
    est, lo, hi = v
    return f"{est:.3f} [{lo:.3f}, {hi:.3f}]"


def _mean(v, digits: int = 1) -> str:
    est, lo, hi = v
    if est != est:  # NaN: no captured episode
        return "-"
    return f"{est:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def table(episodes: int, seed: int = PROTOCOL_SEED) -> str:
    scenario = load("hijra")
    params = make_params(scenario, **PROTOCOL_CONFIG)
    lines = [f"Hijra map, `make_params` defaults with `{', '.join(f'{k}={v}' for k, v in PROTOCOL_CONFIG.items())}` "
             f"({params.shape[0]} x {params.shape[1]} cells of {params.cell_m:g} m, {params.step_min:g}-minute steps, "
             f"pursuers from minute {params.active_from.max() * params.step_min:g}); episodes 0-{episodes - 1} of seed "
             f"{seed}, policy generator seeded by [0, {seed}]. Shares: 95 % Wilson intervals; means: 95 % t "
             "intervals; time to capture over the captured episodes.", "",
             "| evader | pursuers | captured | minutes to capture | hidden undetected | prints left | prints read |",
             "|---|---|---|---|---|---|---|"]
    evaders, teams = catalogue(scenario, params)
    ev = int((params.role == 0).argmax())
    for team_name, team in teams.items():
        for ev_name, ev_policy in evaders.items():
            t0 = time.perf_counter()
            s = play_pairing(params, {ev: ev_policy, **team}, episodes, seed).summary()
            print(f"  {ev_name} vs {team_name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
            lines.append(f"| {ev_name} | {team_name} | {_share(s['captured'])} | {_mean(s['capture_min'])} | "
                         f"{_share(s['hidden_undetected'])} | {_mean(s['prints_left'])} | {_mean(s['prints_read'])} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("episodes", nargs="?", type=int, default=PROTOCOL_EPISODES)
    ap.add_argument("--write", type=Path, help="page to put the table in (between the markers)")
    args = ap.parse_args(argv)
    text = table(args.episodes)
    print(text)
    if args.write:
        page = args.write.read_text(encoding="utf-8")
        if START not in page or END not in page:
            print(f"{args.write}: no {START} ... {END} markers", file=sys.stderr)
            return 2
        block = f"{START}\n{text}{END}"
        args.write.write_text(re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, page, flags=re.S),
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
