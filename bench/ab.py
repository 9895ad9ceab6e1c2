"""A/B benchmark of a refactor: the same synthetic projects built by an earlier commit's engine and by this
checkout's, taking turns, several runs each; reports the median of each and the ratio. Usage:

    bench/run-ab BASE [--sizes 1000,5000] [--runs 5]

BASE is a commit (the one before the refactor). Builds include the Pagefind index made from scratch (site/ is
removed before each build) and a warm parse cache (each engine keeps its own entries in it)."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def point(project: Path, tree: Path):
    for name in ("macros", "templates"):
        link = project / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(tree / name)


def build(project: Path, tree: Path) -> float:
    point(project, tree)
    subprocess.run(["rm", "-rf", str(project / "site")], check=True)
    env = {**bench.ENV, "PYTHONPATH": str(tree / "macros"), "KATALOG_PDF": "0", "KATALOG_SEARCH": "1"}
    seconds, _, _ = bench.timed([bench.PY, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                                 str(project / "mkdocs.yml")], project, env)
    return seconds


def main():
    ap = argparse.ArgumentParser(prog="bench/run-ab")
    ap.add_argument("base")
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    base = bench.WORK / "ab-base"
    subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=bench.ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=bench.ROOT, check=True,
                   capture_output=True)
    head = bench.ROOT
    out = {"base": args.base, "runs": args.runs, "sizes": {}}
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            project = bench.synthetic_project(n, bench.WORK / f"ab-{n}")
            for tree in (base, head):  # warm each engine's parse cache
                build(project, tree)
            times = {"base": [], "head": []}
            for _ in range(args.runs):
                for label, tree in (("base", base), ("head", head)):
                    times[label].append(round(build(project, tree), 2))
            med = {k: statistics.median(v) for k, v in times.items()}
            out["sizes"][n] = {"base_runs_s": times["base"], "head_runs_s": times["head"],
                               "base_median_s": med["base"], "head_median_s": med["head"],
                               "change_pct": round(100 * (med["head"] - med["base"]) / med["base"], 1)}
            bench.log(f"   N={n}: {out['sizes'][n]}")
    finally:
        point(bench.WORK / "ab-1000", head) if (bench.WORK / "ab-1000").exists() else None
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=bench.ROOT, capture_output=True)
    (bench.ROOT / "bench" / "ab-results.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"| N | base {args.base[:8]}, median s | this checkout, median s | change |")
    print("|---|---|---|---|")
    for n, r in out["sizes"].items():
        print(f"| {n:,} | {r['base_median_s']} ({', '.join(map(str, r['base_runs_s']))}) | {r['head_median_s']} "
              f"({', '.join(map(str, r['head_runs_s']))}) | {r['change_pct']:+.1f} % |")


if __name__ == "__main__":
    main()
