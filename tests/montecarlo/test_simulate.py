"""`sevr simulate`: a one-point sweep; the batched and reference engines give the same table."""
import csv
import math

from .conftest import flat, invoke, rows


def _summary(out):
    with open(out / "summary.csv", newline="") as fh:
        return next(csv.DictReader(fh))


def _se(row, name, suffix_lo, suffix_hi):
    return (float(row[name + suffix_hi]) - float(row[name + suffix_lo])) / (2 * 1.96)


def test_engines_agree_within_sampling_error(tmp_path):
    fast, slow = tmp_path / "batched", tmp_path / "reference"
    a = invoke("simulate", "hijra", "--episodes", 4096, "--seed", 3, "--out", fast)
    b = invoke("simulate", "hijra", "--episodes", 200, "--seed", 3, "--engine", "reference", "--out", slow)
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    said = flat(a.output)
    for measure in ("P(found)", "found en route", "at the hideout", "on departure",
                    "median hours after the exit", "departure discovered", "tracker delay from reversals"):
        assert measure in said, measure
    ra, rb = _summary(fast), _summary(slow)
    assert (int(ra["episodes"]), int(rb["episodes"])) == (4096, 200)
    for name, lo, hi in (("p_found", "_lo", "_hi"), ("p_departure", "_lo", "_hi"),
                         ("discovered_h", "_lo", "_hi"), ("tracker_branch_min", "_lo", "_hi")):
        est = "" if name.startswith("p_") else "_mean"
        x, y = float(ra[name + est]), float(rb[name + est])
        se = math.hypot(_se(ra, name, lo, hi), _se(rb, name, lo, hi))
        assert abs(x - y) <= 4 * se + 1e-9, (name, x, y, se)
    t = rows(slow)
    assert t.num_rows == 200 and t["episode"].to_pylist() == list(range(200))
    assert set(t["label"].to_pylist()) == {"hijra"}


def test_same_seed_same_bytes_in_every_file(tmp_path):
    for name in ("a", "b"):
        assert invoke("simulate", "-n", 1500, "--seed", 9, "--out", tmp_path / name).exit_code == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
