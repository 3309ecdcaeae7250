"""Hand-written one-line mutations of the engines' rules; each must make the suite fail.

Run from the repository root: `python tools/mutants.py [NAME ...]`. Each mutation replaces one
exact text in one file (it must occur once), runs the engine tests with `-x`, restores the file and
reports whether a test caught it. The results are recorded in docs/montecarlo.md (the engines)
and docs/envs.md (trail_pursuit_v0's fast path).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

K = "src/sevr/sim/batched.py"
TR = "src/sevr/trail/tracking.py"
ST = "src/sevr/sim/story.py"
W = "src/sevr/agents/watchers.py"
D = "src/sevr/sim/draws.py"
P = "src/sevr/agents/pursuers.py"
O = "src/sevr/sim/outcomes.py"
S = "src/sevr/sim/stream.py"
PR = "src/sevr/trail/prints.py"
N = "src/sevr/sim/narrated.py"
F = "src/sevr/envs/fast.py"

MUTANTS = {
    # the batched engine's kernel
    "kernel: catch window doubled": (K, "if t <= t_made[i] + catch_window:", "if t <= t_made[i] + 2 * catch_window:"),
    "kernel: detection halved": (K, "            if u < p:\n", "            if u < 0.5 * p:\n"),
    "kernel: lost-trail threshold off by one": (K, "if gap >= max_gap:", "if gap > max_gap:"),
    "kernel: half the looks": (K, "p_round = 1.0 - (1.0 - q) ** looks", "p_round = 1.0 - (1.0 - q) ** (looks / 2)"),
    "kernel: patience comparison": (K, "while search < patience:", "while search <= patience:"),
    "kernel: found-again comparison flipped": (K, "if u < p_round:", "if u > p_round:"),
    "kernel: misled walk one way": (K, "loss = 2.0 * branch_len[k] / walk_m_per_min + misled_loss", "loss = 1.0 * branch_len[k] / walk_m_per_min + misled_loss"),
    "kernel: junction reading cost doubled": (K, "loss = lost_min / 2.0", "loss = lost_min"),
    "kernel: misled chance halved": (K, "if u < misled_p[e]:", "if u < misled_p[e] / 2:"),
    "kernel: no walk back to the last sure print": (K, "                        t += step[j]", "                        t += 0.0 * step[j]"),
    "kernel: search around the wrong print": (K, "q = _p_seen(min(last + 1, n - 1)", "q = _p_seen(min(last, n - 1)"),
    "kernel: an extra draw at a junction": (K, "                s, u = _uniform(s)\n                if u < misled_p[e]:", "                s, u = _uniform(s)\n                s, u = _uniform(s)\n                if u < misled_p[e]:"),
    "kernel: fading rate": (K, "out[j] = -np.log(2.0) * max(age_h[j], 0.0)", "out[j] = -np.log(3.0) * max(age_h[j], 0.0)"),
    "kernel: look-ahead past a junction": (K, "            ready = j\n            break\n", "            pass\n"),
    "kernel: no fresh look-ahead after a lost trail": (K, "                    ready = 0  # the clock moved", "                    pass  # the clock moved"),
    "kernel: look-ahead skips a step": (K, "        t += step[j]\n        ahead[0, j - i] = t", "        t += step[j - 1]\n        ahead[0, j - i] = t"),
    "kernel: light between nodes from the wrong node": (K, "light = vis_slope[lo] * (x - a) + vis_v[lo]", "light = vis_slope[lo] * (x - b) + vis_v[lo]"),
    "kernel: light node hint one too far": (K, "    elif lo + 1 < n and xp[lo + 1] <= x:\n        lo += 1", "    elif lo + 1 < n and xp[lo + 1] <= x:\n        lo += 2"),
    "kernel: resume past the last sure print": (K, "                    i = last\n", "                    i = last + 1\n"),
    "kernel: gap kept after a seen print": (K, "                gap = 0\n                last = i", "                last = i"),
    "kernel: stream starts one counter late": (K, "TRACKER_STATE = np.uint64((st.TRACKER_FIRST * st.GOLDEN)", "TRACKER_STATE = np.uint64(((st.TRACKER_FIRST + 1) * st.GOLDEN)"),
    # the batched engine's array part
    "batched: start a minute later": (K, "t_start = t_disc + d.hire_delay_min + 1.0", "t_start = t_disc + d.hire_delay_min + 2.0"),
    "batched: interception halved": (K, "intercepted = leaving & (u_depart < risk)", "intercepted = leaving & (u_depart < risk / 2)"),
    "batched: no inspection time": (K, "t_end + pu.inspect_min + WITHDRAW_AFTER_MIN", "t_end + WITHDRAW_AFTER_MIN"),
    "batched: enter when the verdict is leave": (K, 'entered = reached & (verdict.decision == "enter")', 'entered = reached & (verdict.decision == "leave")'),
    "batched: found at the hideout still leave": (K, "leaving = ~caught & ~entered", "leaving = ~caught"),
    "batched: seen from the wrong slot": (K, "u_seen=st.uniforms(keys, st.SEEN)", "u_seen=st.uniforms(keys, st.LOOKS)"),
    "batched: watchers ignore the exit": (K, "cols.update(seen_leaving=seen,", "cols.update(seen_leaving=seen & False,"),
    # the readable reference
    "reference: detection halved": (TR, "if rng.random() < p:", "if rng.random() < 0.5 * p:"),
    "reference: lost-trail threshold off by one": (TR, "if gap >= tracker.max_gap_prints:", "if gap > tracker.max_gap_prints:"),
    "reference: misled walk one way": (TR, "loss = 2 * branch_len_m[k] / walk_m_per_min", "loss = 1 * branch_len_m[k] / walk_m_per_min"),
    "reference: half the looks": (TR, "** tracker.search_looks", "** (tracker.search_looks // 2)"),
    "story: no hire delay": (ST, "t_hired = found_out.t_min + draws.hire_delay_min", "t_hired = found_out.t_min"),
    "story: no withdrawal time": (ST, "t_free = t_assessed + WITHDRAW_AFTER_MIN", "t_free = t_assessed"),
    "story: interception halved": (ST, "if u_depart < risk:", "if u_depart < risk / 2:"),
    "story: departure from the seen slot": (ST, "stream.slot(DEPART)", "stream.slot(SEEN)"),
    # rules both engines share
    "watchers: seen chance halved": (W, "seen = (np.asarray(u_seen) < p_see)", "seen = (np.asarray(u_seen) < p_see / 2)"),
    "watchers: one look too few": (W, "np.minimum(t_exit + looks * watchers.check_interval_min, dawn)", "np.minimum(t_exit + (looks - 1) * watchers.check_interval_min, dawn)"),
    "watchers: back window and front door swapped": (W, "p_see = watchers.p_see_back_window if back_window else", "p_see = watchers.p_see_front_exit if back_window else"),
    "geometric: off by one": (W, "return np.maximum(np.ceil(np.log(u) / np.log1p(-p)), 1)", "return np.maximum(np.ceil(np.log(u) / np.log1p(-p)) + 1, 1)"),
    "draws: fading spread halved": (D, "fading = np.exp(unc.fading_log_sd * special.ndtri(u_fading))", "fading = np.exp(0.5 * unc.fading_log_sd * special.ndtri(u_fading))"),
    "draws: hire spread doubled": (D, "tr.hire_delay_min + unc.hire_delay_sd_min * special.ndtri(u_hire)", "tr.hire_delay_min + 2 * unc.hire_delay_sd_min * special.ndtri(u_hire)"),
    "draws: beta concentration": (D, "k = mean * (1 - mean) / sd**2 - 1", "k = mean * (1 - mean) / sd**2 - 2"),
    "pursuers: departure risk halved": (P, "return decay.p_intercept_at_full_intensity * search_intensity", "return 0.5 * decay.p_intercept_at_full_intensity * search_intensity"),
    "pursuers: intensity halves twice as fast": (P, "np.exp2(-np.asarray(hours_since_withdrawal, dtype=float) / half_life_h)", "np.exp2(-2 * np.asarray(hours_since_withdrawal, dtype=float) / half_life_h)"),
    "pursuers: suspension in natural log": (P, "decay.half_life_h * np.log2(1.0 /", "decay.half_life_h * np.log(1.0 /"),
    "departure: never put off": (ST, "days_late = np.where(planned <= latest,", "days_late = np.where(planned < latest - 1e9,"),
    "departure: margin halved": (ST, "ESCAPE_MARGIN_MIN = 30.0", "ESCAPE_MARGIN_MIN = 15.0"),
    "agent steps: watchers count twice": (O, "np.asarray(prints_read) + np.asarray(search_rounds) + 1", "np.asarray(prints_read) + np.asarray(search_rounds) + 2"),
    "stream: counter off by one (Python)": (S, "return to_unit(mix64((key + (counter + 1) * GOLDEN) & MASK))", "return to_unit(mix64((key + counter * GOLDEN) & MASK))"),
    "prints: detection law skill squared": (PR, "return p_max * (1.0 - np.exp(-scale * strength_now * visibility * skill))", "return p_max * (1.0 - np.exp(-scale * strength_now * visibility * skill * skill))"),
    # the story's conditioning on the narrated facts
    "narrated: a seen exit accepted": (N, 'lambda r: not _event(r, "exit").data["seen_by_watchers"]', "lambda r: True"),
    "narrated: an interception accepted": (N, 'and "intercepted" not in _kinds(r)', ""),
    "narrated: the trail's end not required": (N, 'lambda r: "trail_end" in _kinds(r)', "lambda r: True"),
    "narrated: one attempt fewer": (N, "    for attempt in range(cap):", "    for attempt in range(cap - 1):"),
    # trail_pursuit_v0's fast path (recorded in docs/envs.md)
    "envs: sight bits one slot off": (F, "in_sight |= np.uint32(inside) << np.uint32(j)", "in_sight |= np.uint32(inside) << np.uint32(j + 1)"),
    "envs: prints read counted by half": (F, "read_count += _bit_count(read)", "read_count += _bit_count(read) // 2"),
    "envs: the first agent's stale perceptions kept": (F, "            if stale:\n", "            if stale and i > 0:\n"),
    "envs: action -1 let through": (F, "if actions[e, i] < 0 or", "if actions[e, i] < -1 or"),
    "envs: a run's box ends a row short": (F, "return top <= r + span and bottom >= r", "return top <= r + span and bottom > r"),
    "envs: a run's box leaves out its last slot": (F, "    for j in range(1, n_run):  # unsigned", "    for j in range(1, n_run - 1):  # unsigned"),
    "envs: patch rows not spaced by the observed agents": (F, "return e * per + slots[i] if per", "return e + slots[i] if per"),
    "envs: the first observed agent has no patch row": (F, "if per and slots[i] >= 0 else -1", "if per and slots[i] > 0 else -1"),
}

# Which tests to run for a mutant of each file (all of them would take too long per mutant; the
# tests that should catch it come first, and `-x` stops at the first failure).
ENGINES = ["tests/sim/test_engines.py"]
SHARED = ["tests/agents", "tests/sim/test_departure.py", "tests/sim/test_stream.py", "tests/sim/test_laws.py",
          "tests/trail"]
TESTS = {K: ENGINES + ["tests/sim/test_kernel_parts.py"], TR: ENGINES, ST: ENGINES + ["tests/sim/test_departure.py"], W: SHARED, D: SHARED,
         P: SHARED, O: ENGINES, S: ["tests/sim/test_stream.py"] + ENGINES, PR: ENGINES + ["tests/trail"],
         N: ["tests/sim/test_narrated.py"], F: ["tests/envs/test_fast.py", "tests/envs/test_vector.py"]}


def run(name: str) -> bool:
    """True if a test caught the mutation."""
    path, old, new = MUTANTS[name]
    file = Path(path)
    text = file.read_text()
    if text.count(old) != 1:
        raise SystemExit(f"{name}: the text to mutate occurs {text.count(old)} times in {path}")
    file.write_text(text.replace(old, new))
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS[path]],
                              capture_output=True, text=True)
    finally:
        file.write_text(text)
    return done.returncode != 0


if __name__ == "__main__":
    names = sys.argv[1:] or list(MUTANTS)
    survivors = []
    for name in names:
        caught = run(name)
        print(f"{'caught  ' if caught else 'SURVIVED'}  {name}", flush=True)
        if not caught:
            survivors.append(name)
    print(f"{len(names) - len(survivors)} of {len(names)} caught")
    sys.exit(1 if survivors else 0)
