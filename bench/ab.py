"""A/B benchmark of a refactor: the same synthetic projects built by an earlier commit's engine and by this
checkout's, taking turns, several runs each; reports the median of each and the ratio. Usage:

    bench/run-ab BASE [--sizes 1000,5000] [--runs 5] [--json PATH]

BASE is a commit (the one before the refactor), checked out as a git worktree in bench/work/ab-base. Each side
builds with its own tree, so the two may differ in layout (bench/REPORT.md, "How bench/run-ab works"): the
synthetic content (made once per size from this checkout's content, bench.synthetic_project) goes into a project
of each side's own (bench/work/ab-N/base, …/head), which takes that tree's mkdocs.yml as it is (its hooks path, its
theme's custom_dir, …) and links that tree's other top-level folders and files (macros/, templates/, …); the
build's PYTHONPATH is the tree's source root (its pyproject.toml's [tool.setuptools.packages.find] where, else
macros/), which comes before anything installed in .venv, an editable install's .pth included. Each build checks,
in the build's own process, that the engine it ran came from the tree being measured and fails loudly otherwise.

Builds include the Pagefind index made from scratch (site/ is removed before each build) and a warm parse cache
(each side's project keeps its own)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

# what a side's project does not take from its tree: its own content, and what builds, tests or git leave there
NOT_LINKED = {"content", "site", "bench", "tests", ".git", ".cache", ".venv", ".pytest_cache", ".hypothesis",
              "__pycache__", ".mypy_cache", ".ruff_cache"}

# Runs `python -m mkdocs ARGS` in this process, then checks where the code it ran came from: the package
# `catalogue` was imported, from the tree (AB_TREE); every module of a package the tree has (AB_PACKAGES) came
# from the tree (not from a copy installed in .venv); and no module came from another checkout's source root — a
# path on sys.path outside the tree and outside Python's own prefixes (e.g. an editable install's .pth line).
BUILD_AND_CHECK = r"""
import os, runpy, sys
tree = os.path.realpath(os.environ["AB_TREE"])
inside = lambda path, folder: path == folder or path.startswith(folder + os.sep)
python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
cwd = os.path.realpath(os.getcwd())
foreign = [os.path.realpath(p) for p in sys.path if p and os.path.isdir(p)]
foreign = [p for p in foreign if p != cwd and not inside(p, tree) and not any(inside(p, q) for q in python)]
sys.argv = ["mkdocs", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
ours = set(os.environ["AB_PACKAGES"].split(","))
engine = sys.modules.get("catalogue")
wrong = [] if engine else ["catalogue was not imported"]
for name, module in sorted(sys.modules.items()):
    file = getattr(module, "__file__", None)  # a namespace package has its folders instead
    for path in map(os.path.realpath, [file] if file else list(getattr(module, "__path__", None) or [])):
        if (name.split(".")[0] in ours and not inside(path, tree)) or any(inside(path, p) for p in foreign):
            wrong.append(f"{name} from {path}")
if wrong:
    print(f"bench/run-ab: the build of {tree} ran code from elsewhere: " + "; ".join(wrong[:10]), file=sys.stderr)
    sys.exit(3)
print(f"bench/run-ab: catalogue from {engine.__file__}", file=sys.stderr)
sys.exit(code)
"""


def source_roots(tree: Path) -> list[Path]:
    """Where the tree's packages live: its pyproject.toml's setuptools `where`, else macros/."""
    try:
        config = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
        where = config["tool"]["setuptools"]["packages"]["find"]["where"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        where = ["macros"]
    return [tree / w for w in where]


def packages(tree: Path) -> list[str]:
    """The top-level packages and modules in the tree's source roots."""
    return sorted({p.stem for root in source_roots(tree) if root.is_dir() for p in root.iterdir()
                   if (p / "__init__.py").is_file() or p.suffix == ".py"})


def side_project(content: Path, tree: Path, dest: Path) -> Path:
    """A project of `tree`'s own around the synthetic content: the tree's mkdocs.yml (copied as it is) and its
    other top-level files and folders (linked), the content hard-linked (the same bytes for both sides)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(content, dest / "content", copy_function=os.link)
    for item in tree.iterdir():
        if item.name not in NOT_LINKED and item.name != "mkdocs.yml":
            (dest / item.name).symlink_to(item.resolve())
    shutil.copy(tree / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def settings_of(project: Path) -> str:
    """The engine's settings in a side's mkdocs.yml (for the log)."""
    import yaml
    try:
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    except yaml.YAMLError:  # tags only MkDocs reads (!ENV, …)
        return "mkdocs.yml (tagged YAML)"
    return f"hooks {', '.join(config.get('hooks') or [])}, custom_dir {(config.get('theme') or {}).get('custom_dir')}"


def build(project: Path, tree: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one build of project with tree's engine, and the line saying where its catalogue
    came from."""
    subprocess.run(["rm", "-rf", str(project / "site")], check=True)
    env = {**bench.ENV, "PYTHONPATH": os.pathsep.join(str(p) for p in source_roots(tree)), "AB_TREE": str(tree),
           "AB_PACKAGES": ",".join({"catalogue", *packages(tree)}), "KATALOG_PDF": "0", "KATALOG_SEARCH": "1"}
    seconds, cpu, _, err = bench.timed_cpu([bench.PY, "-c", BUILD_AND_CHECK, "build", "--strict", "-q", "-f",
                                            str(project / "mkdocs.yml")], project, env)
    return seconds, cpu, err.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser(prog="bench/run-ab")
    ap.add_argument("base")
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", default=str(bench.ROOT / "bench" / "ab-results.json"), help="where the runs go")
    args = ap.parse_args()
    base = bench.WORK / "ab-base"
    subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=bench.ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=bench.ROOT, check=True,
                   capture_output=True)
    head = bench.ROOT
    if (head / "node_modules").exists() and not (base / "node_modules").exists():  # git-ignored: the same for both
        (base / "node_modules").symlink_to((head / "node_modules").resolve())
    sides = {"base": base, "head": head}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=base, capture_output=True, text=True).stdout
    out = {"base": args.base, "base_commit": commit.strip(), "runs": args.runs, "sizes": {}}
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            content = bench.synthetic_project(n, bench.WORK / f"ab-{n}" / "synthetic") / "content"
            projects = {label: side_project(content, tree, bench.WORK / f"ab-{n}" / label)
                        for label, tree in sides.items()}
            for label, tree in sides.items():  # warm each side's parse cache (and check where its code comes from)
                _, _, origin = build(projects[label], tree)
                bench.log(f"   {label}: {settings_of(projects[label])}; PYTHONPATH "
                          f"{os.pathsep.join(map(str, source_roots(tree)))}; {origin.removeprefix('bench/run-ab: ')}")
            times: dict[str, list[float]] = {"base": [], "head": []}
            cpu: dict[str, list[float]] = {"base": [], "head": []}
            loads = []
            for _ in range(args.runs):
                for label, tree in sides.items():
                    wall, used, _ = build(projects[label], tree)
                    times[label].append(round(wall, 2))
                    cpu[label].append(round(used, 2))
                loads.append(round(os.getloadavg()[0], 1))
            med = {k: round(statistics.median(v), 2) for k, v in times.items()}
            cmed = {k: round(statistics.median(v), 2) for k, v in cpu.items()}
            out["sizes"][n] = {"base_runs_s": times["base"], "head_runs_s": times["head"],
                               "base_median_s": med["base"], "head_median_s": med["head"],
                               "change_pct": round(100 * (med["head"] - med["base"]) / med["base"], 1),
                               "base_cpu_runs_s": cpu["base"], "head_cpu_runs_s": cpu["head"],
                               "base_cpu_median_s": cmed["base"], "head_cpu_median_s": cmed["head"],
                               "cpu_change_pct": round(100 * (cmed["head"] - cmed["base"]) / cmed["base"], 1),
                               "load_average_1min": loads}
            bench.log(f"   N={n}: {out['sizes'][n]}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=bench.ROOT, capture_output=True)
    Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"| N | base {args.base} ({out['base_commit']}), median s | this checkout, median s | change | "
          "CPU s, base → this | CPU change | load (1 min) |")
    print("|---|---|---|---|---|---|---|")
    for n, r in out["sizes"].items():
        print(f"| {n:,} | {r['base_median_s']} ({', '.join(map(str, r['base_runs_s']))}) | {r['head_median_s']} "
              f"({', '.join(map(str, r['head_runs_s']))}) | {r['change_pct']:+.1f} % | {r['base_cpu_median_s']} → "
              f"{r['head_cpu_median_s']} | {r['cpu_change_pct']:+.1f} % | "
              f"{min(r['load_average_1min'])}–{max(r['load_average_1min'])} |")


if __name__ == "__main__":
    main()
