"""Build cost per record: the real `mkdocs build --strict` of N synthetic records, for this tree and
optionally another (e.g. the main checkout), alternating, so both see the same machine load.

    nice -n 10 python bench/compare_bench.py --records 500 --rounds 3 --compare ../other-checkout

Records come from bench/search_bench.py's generator (the real record format, fictional issuers).
Prints each tree's median build seconds, per-record milliseconds, total site bytes, and the ratio.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["mkdocs.yml", "docs", "campaigns", "hooks", "overrides"]


def project(tree: Path, dest: Path, records: int, seed: int) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = tree / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    search_bench.generate(dest, records, seed)
    return dest


def build(root: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the build and Pagefind, user + system: less sensitive to other
    work on a shared machine than the wall clock), site bytes."""
    shutil.rmtree(root / "site", ignore_errors=True)
    # Every round is a cold build: the build cache (mkdocs.yml `extra.build_cache`, by default
    # .cache/thidua) would otherwise make every round after the first a warm one.
    shutil.rmtree(root / ".cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"build failed in {root}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    return seconds, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--compare", type=Path, help="another checkout of the project, e.g. main")
    args = parser.parse_args()
    trees = {"this": ROOT} | ({"other": args.compare.resolve()} if args.compare else {})
    with tempfile.TemporaryDirectory() as tmp:
        roots = {name: project(tree, Path(tmp) / name, args.records, args.seed) for name, tree in trees.items()}
        times: dict[str, list[float]] = {name: [] for name in roots}
        cpus: dict[str, list[float]] = {name: [] for name in roots}
        sizes: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, root in roots.items():
                seconds, cpu, sizes[name] = build(root)
                times[name].append(seconds)
                cpus[name].append(cpu)
        for name in roots:
            wall, cpu = statistics.median(times[name]), statistics.median(cpus[name])
            print(f"{name:6} {trees[name]}: median over {args.rounds} builds: wall {wall:.2f} s "
                  f"({1000 * wall / args.records:.2f} ms/record), CPU {cpu:.2f} s "
                  f"({1000 * cpu / args.records:.2f} ms/record), site {sizes[name] / 1e6:.1f} MB")
        if "other" in times:
            print(f"ratio this/other: wall {statistics.median(times['this']) / statistics.median(times['other']):.3f}, "
                  f"CPU {statistics.median(cpus['this']) / statistics.median(cpus['other']):.3f}")


if __name__ == "__main__":
    main()
