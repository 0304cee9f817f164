"""Where a one-record rebuild goes, phase by phase, beside what MkDocs and Material cost with no records.

    nice -n 10 python bench/rebuild_phases.py --records 2000 --rounds 5

bench/build_bench.py says how long a rebuild takes against plain Material; this says what it is
made of, to tell the portal's own work from what any MkDocs build pays. It generates N records
(the generator of bench/search_bench.py) into a temporary copy of the project, builds it cold
once, then `--rounds` times edits the body of the newest record (its year has a search shard of
its own) and runs `mkdocs build --strict` under a timer of MkDocs' events. Three builds are
measured the same way, with medians printed side by side:

- the portal's one-record rebuild, with the build cache the previous build left;
- plain Material on the same records (bench/build_bench.py's (b): every body a page outside the
  nav, `plugins: [search]`), for the ratio;
- plain Material with no records at all (one page): the cost of starting Python, loading
  mkdocs.yml, compiling Material's templates and writing its 404 page and assets, which any
  MkDocs build of any size pays and no cache of the portal can remove.

The phases follow MkDocs' own order (mkdocs/commands/build.py): the interpreter and MkDocs'
imports; loading mkdocs.yml (the portal's hooks are imported there); `on_config` (the portal's
plan: records read from the cache, listings, search filters, pages' cache names); collecting
docs/; `on_files` (the portal writes the finished pages it has in its cache); the pages MkDocs
renders, with the theme's templates (404.html, sitemap.xml); `on_post_build` (the search index:
Pagefind over the shards whose pages changed, then the cache's bookkeeping); and the process's
exit. "Pagefind" is the time the portal's log reports for the search index (part of
`on_post_build`). Not part of the test suite; compare within one run (the machine may be shared).
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench  # noqa: E402  (the projects, the edit and the environment of the build benchmark)

# Run as `python -c DRIVER build --strict` in a project: MkDocs' own command line, with each event
# MkDocs runs (mkdocs.plugins.PluginCollection.run_event) stamped on stderr as `@@phase <name>
# <start|end> <seconds since the epoch>`. time.time(), not a monotonic clock, because the
# launcher's clock (another process) starts the count.
DRIVER = r"""
import sys, time
print(f"@@phase driver start {time.time()!r}", file=sys.stderr, flush=True)
from mkdocs.plugins import PluginCollection
from mkdocs.__main__ import cli
_run = PluginCollection.run_event
def run_event(self, name, item=None, **kwargs):
    print(f"@@phase {name} start {time.time()!r}", file=sys.stderr, flush=True)
    try:
        return _run(self, name, item, **kwargs)
    finally:
        print(f"@@phase {name} end {time.time()!r}", file=sys.stderr, flush=True)
PluginCollection.run_event = run_event
print(f"@@phase imports end {time.time()!r}", file=sys.stderr, flush=True)
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""

# (label, from, to): stamps as "<event> <start|end>"; "launch" and "exit" are the launcher's.
PHASES = [
    ("Python starts, MkDocs imported", "launch", "imports end"),
    ("mkdocs.yml loaded (hooks imported)", "imports end", "startup start"),
    ("on_config: the portal's plan", "config start", "config end"),
    ("docs/ collected", "config end", "files start"),
    ("on_files: finished pages from the cache", "files start", "files end"),
    ("pages rendered, theme templates", "files end", "post_build start"),
    ("on_post_build: search index, cache", "post_build start", "post_build end"),
    ("exit", "post_build end", "exit"),
]
INDEXED = re.compile(r"search: \d+ pages indexed in ([\d.]+) s")


def timed_phases(project: Path) -> tuple[dict[str, float], float, float | None]:
    """One `mkdocs build --strict` under DRIVER: ({phase label: seconds}, total seconds, Pagefind's seconds or None)."""
    launched = time.time()
    proc = subprocess.run([sys.executable, "-c", DRIVER, "build", "--strict"], cwd=project,
                          env=build_bench.ENV, capture_output=True, text=True)
    ended = time.time()
    if proc.returncode != 0:
        sys.exit(f"build failed in {project}:\n{proc.stderr[-3000:]}")
    stamps = {"launch": launched, "exit": ended}
    for line in proc.stderr.splitlines():
        if line.startswith("@@phase "):
            _, event, edge, at = line.split()
            stamps.setdefault(f"{event} {edge}", float(at))  # the first time: `startup` runs once
    phases = {label: stamps[end] - stamps[start] for label, start, end in PHASES}
    found = INDEXED.search(proc.stderr)
    return phases, ended - launched, float(found.group(1)) if found else None


def empty_project(base: Path) -> Path:
    """Plain Material, the same configuration as bench/build_bench.py's plain project, one page."""
    return build_bench.plain_project(base / "empty", [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="thidua-phases-"))
    base.mkdir(parents=True, exist_ok=True)
    portal, records = build_bench.portal_project(base, args.records, args.seed)
    plain = build_bench.plain_project(base, records)
    empty = empty_project(base)
    print(f"{args.records} records in {base}; cold build of the portal…", flush=True)
    build_bench.timed_build(portal)
    newest = records[-1]  # sorted by path: campaigns/<year>/…, the newest year last
    runs: dict[str, list[tuple[dict[str, float], float, float | None]]] = {"rebuild": [], "plain": [], "empty": []}
    for n in range(args.rounds):
        build_bench.edit(newest, f"phases {n}")
        runs["rebuild"].append(timed_phases(portal))
        runs["plain"].append(timed_phases(plain))
        runs["empty"].append(timed_phases(empty))
        print(f"round {n + 1}: rebuild {runs['rebuild'][-1][1]:.2f} s, plain Material "
              f"{runs['plain'][-1][1]:.2f} s, no records {runs['empty'][-1][1]:.2f} s", flush=True)
    print_table(runs, args.records)


def print_table(runs: dict, records: int) -> None:
    columns = [("rebuild", "portal, newest record edited"), ("plain", f"plain Material, {records} pages"),
               ("empty", "plain Material, no records")]
    print(f"\nMedians of {len(runs['rebuild'])} rounds, seconds\n")
    print("| phase | " + " | ".join(title for _, title in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for label, _, _ in PHASES:
        cells = [f"{statistics.median([phases[label] for phases, _, _ in runs[key]]):.2f}" for key, _ in columns]
        print(f"| {label} | " + " | ".join(cells) + " |")
    totals = {key: statistics.median([total for _, total, _ in runs[key]]) for key, _ in columns}
    print("| **total** | " + " | ".join(f"**{totals[key]:.2f}**" for key, _ in columns) + " |")
    indexed = [seconds for _, _, seconds in runs["rebuild"] if seconds is not None]
    if indexed:
        print(f"\nPagefind (within on_post_build, as the portal logs it): {statistics.median(indexed):.2f} s")
    ratios = [total / plain for (_, total, _), (_, plain, _) in zip(runs["rebuild"], runs["plain"])]
    print(f"rebuild ÷ plain Material: {statistics.median(ratios):.3f} (median of the rounds' ratios)")
    print(f"no records ÷ plain Material: {totals['empty'] / totals['plain']:.3f}")
    if indexed:
        floor = totals["empty"] + statistics.median(indexed)
        print(f"MkDocs with no records + Pagefind over the newest shard: {floor:.2f} s, "
              f"{floor / totals['plain']:.3f} of plain Material")


if __name__ == "__main__":
    main()
