"""Build time at archive scale, side by side with plain Material, in one run.

    nice -n 10 python bench/build_bench.py --records 2000 --rounds 3

Generates N synthetic records with the generator of bench/search_bench.py into a temporary copy
of the project, then measures, each `--rounds` times, and prints medians and same-run ratios:

(a) portal, cold: `mkdocs build --strict` with no site and no build cache;
(b) plain Material: the same Markdown bodies as pages outside the nav, `plugins: [search]`
    (its lunr index), nothing else: what a user would pick instead of the portal;
(b') measure `p`: the site (b) built, then indexed by one Pagefind with the command line the
    portal's search step runs (searchindex.pagefind_command; lunr's index is still built, a few
    percent of (b)): plain Material with the portal's search engine in place of lunr, so that the
    part of the ratio to (b) that is the choice of engine shows. One Pagefind over every page is
    what the portal's shards avoid: 4.8 GB at 10,000 records, so leave `p` out at 50,000;
(c) portal, one record's body edited, with the build cache the previous build left: a record of
    an older year, then one of the newest year (their search shards differ in size);
(d) `mkdocs serve`: seconds from saving an edited record to the served page showing the edit
    (each save once the previous rebuild's search index is written, as an editor's next save is);
    its memory includes the server's first build: from the cache (a) and (c) left, or, with
    `--measures d` alone, a cold one (run ahead in a process of its own,
    hooks/thidua_firstpreview.py);
(e) peak memory of the whole process tree (MkDocs, its worker processes, Pagefind): the sum of
    their proportional set sizes (PSS), sampled from /proc (PeakMemory).

`--measures a` builds a large archive cold once and measures nothing else (the table's ratio column
is then empty). Not part of the test suite; the machine may be shared, so compare ratios within
one run.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench  # noqa: E402  (the one generator of synthetic records)

ROOT = search_bench.ROOT
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAGE = os.sysconf("SC_PAGE_SIZE")


# --- memory of a process tree, from /proc ----------------------------------------------------
def _pss(pid: int) -> int:
    """Proportional set size: a page shared by forked workers counts once in the sum, not once per
    process as resident size would (the build forks workers that share the parent's memory)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _rss(pid)  # no smaps_rollup: resident size


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    """`pid` and every process descending from it, from each process's parent in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


class PeakMemory:
    """The peak of the tree's proportional set sizes, without slowing the build it measures.

    Reading a process's PSS walks its page tables: 42 ms for one 5 GB process on this machine.
    Read from every process every 50 ms, as this benchmark once did, it took 39-42 s of CPU
    during a 10,000-record cold build of 170 s, on a machine of two cores (bench/RESULTS.md). So
    resident sizes (one number per process, never below its PSS) are read every 50 ms, and the
    PSS only when their sum is above the peak found so far, with at least PSS_PAUSE times its
    last reading's cost between two readings: at most a tenth of one core goes to it."""

    PSS_PAUSE = 10

    def __init__(self, pid: int):
        self.pid, self.peak, self.bound, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        next_pss = 0.0
        while not self._stop.is_set():
            tree = _tree(self.pid)
            bound = sum(_rss(each) for each in tree)
            self.bound = max(self.bound, bound)
            now = time.perf_counter()
            if bound > self.peak and now >= next_pss:
                self.peak = max(self.peak, sum(_pss(each) for each in tree))
                next_pss = now + self.PSS_PAUSE * (time.perf_counter() - now)
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak or self.bound  # a process gone before its first PSS reading: its resident size


def timed_run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int, str]:
    """(seconds, peak memory of its process tree, exit status, output) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(proc.pid)
    out, _ = proc.communicate()
    peak = memory.stop()
    return time.perf_counter() - started, peak, proc.returncode, out


def timed_build(project: Path) -> tuple[float, int, str]:
    seconds, peak, status, out = timed_run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
    if status != 0:
        sys.exit(f"build failed in {project}:\n{out[-3000:]}")
    return seconds, peak, out


# --- the projects ------------------------------------------------------------------------------
def portal_project(base: Path, records: int, seed: int) -> tuple[Path, list[Path]]:
    project = base / "portal"
    shutil.copytree(ROOT, project, ignore=search_bench.IGNORE)
    search_bench.generate(project, records, seed)
    paths = sorted((project / "campaigns").glob("*/*.md"))
    return project, paths


def plain_project(base: Path, records: list[Path]) -> Path:
    """Plain Material with its own search: every record's body as a page outside the nav."""
    project = base / "plain"
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Văn bản\n", encoding="utf-8")
    for path in records:
        body = path.read_text(encoding="utf-8").split("\n---", 1)[1].split("\n", 1)[1]
        target = docs / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(body, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Plain Material\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins: [search]\n"
        "nav:\n  - index.md\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - footnotes\n  - attr_list\n"
        "  - admonition\n  - tables\n"
        "validation:\n  nav:\n    omitted_files: info\n", encoding="utf-8")
    return project


def timed_pagefind(project: Path) -> tuple[float, int]:
    """(b'): Pagefind over the site (b) built, as the portal runs it over a shard."""
    hooks = str(ROOT / "hooks")  # this tree's package, as MkDocs finds it beside the hooks
    if hooks not in sys.path:
        sys.path.insert(0, hooks)
    from thidua import searchindex

    site = project / "site"
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    seconds, peak, status, out = timed_run(searchindex.pagefind_command(site, site / "pagefind"))
    if status != 0 or not re.search(r"Indexed [1-9]\d* pages?", out):
        sys.exit(f"Pagefind failed over {site}:\n{out[-3000:]}")
    return seconds, peak


def edit(record: Path, marker: str) -> None:
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"\n\nSửa đổi kiểm thử [^\n]*\n$", "\n", text)
    record.write_text(text.rstrip("\n") + f"\n\nSửa đổi kiểm thử {marker}.\n", encoding="utf-8")


def url_of(record: Path) -> str:
    return f"trang-thong-tin-dien-tu/van-ban/{record.parent.name}/{record.stem}/"


# --- mkdocs serve --------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    sys.exit(f"serve: {needle!r} not at {url} after {limit:.0f} s")


def _cpu_seconds(pid: int) -> float:
    """User and system time of a process and of its children that have ended."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, quiet: float = 0.5, limit: float = 600) -> float:
    """Once the process has used no CPU for `quiet` seconds (the preview's work after serving a
    page: the search index, then collecting the rebuild's garbage): the perf_counter() of its
    last work."""
    started = time.perf_counter()
    last, since = _cpu_seconds(pid), time.perf_counter()
    while time.perf_counter() - started < limit:
        time.sleep(0.1)
        now = _cpu_seconds(pid)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return since
    sys.exit(f"serve: still busy after {limit:.0f} s")


class _Indexed:
    """Counts the preview's "search: N pages indexed" log lines: one per completed search index."""

    def __init__(self, stream):
        self.count = 0
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            if "the process of its own built in" in line:
                # A first build run ahead in a process of its own (hooks/thidua_firstpreview.py)
                # logged that index; the server's own first build comes next.
                self.count = 0
            elif "pages indexed" in line:
                self.count += 1

    def wait(self, count: int, limit: float) -> None:
        started = time.perf_counter()
        while self.count < count:
            if time.perf_counter() - started > limit:
                sys.exit(f"serve: search index {count} not written after {limit:.0f} s")
            time.sleep(0.05)


def measure_serve(project: Path, record: Path, rounds: int) -> tuple[list[float], int, list[float]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    indexed = _Indexed(proc.stdout)
    memory = PeakMemory(proc.pid)
    url = f"http://127.0.0.1:{port}/{url_of(record)}"
    try:
        wait_for(url, "td-decree", 1800)
        times, background, served = [], [], None
        for r in range(rounds):
            marker = f"serve-{r}-{time.time_ns()}"
            # After serving a rebuild the preview writes the search index and collects the
            # rebuild's garbage, in the background (hooks/thidua_mkdocs.py), and the next rebuild
            # waits for that: an editor saves again later, so the clock starts once the server is
            # idle. (The index folder's files cannot tell: the preview keeps its folder.)
            indexed.wait(r + 1, 1800)
            idle_at = wait_idle(proc.pid)
            if served is not None:
                background.append(idle_at - served)
            time.sleep(1.0)  # a distinct modification time for the watcher
            started = time.perf_counter()
            edit(record, marker)
            wait_for(url, marker, 600)
            served = time.perf_counter()
            times.append(served - started)
        indexed.wait(rounds + 1, 1800)
        background.append(wait_idle(proc.pid) - served)
        return times, memory.peak, background
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        memory.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary folder)")
    parser.add_argument("--skip-serve", action="store_true",
                        help="leave out (d), the preview server")
    parser.add_argument("--measures", default="a,b,p,c,d",
                        help="which of (a)-(d) to measure, `p` for (b'), e.g. `a` alone for one cold build "
                             "of a large archive")
    args = parser.parse_args()
    measures = set(args.measures.split(","))
    if "p" in measures:
        measures.add("b")  # (b') indexes the site (b) built
    if args.skip_serve:
        measures.discard("d")

    tmp = None
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        base = args.keep
        base.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="thidua-build-bench-")
        base = Path(tmp.name)
    portal, records = portal_project(base, args.records, args.seed)
    plain = plain_project(base, records) if "b" in measures else None
    # An editor mostly corrects recent decrees; an old one's edit re-indexes the search shard of all
    # older years (hooks/thidua/searchindex.py). Both are measured.
    target = records[len(records) // 2]
    recent = records[-1]  # records are sorted by path: campaigns/<year>/…, newest year last

    cold, cold_rss, plain_times, plain_rss, warm, warm_rss, fresh, fresh_rss = [], [], [], [], [], [], [], []
    engine, engine_rss = [], []  # (b'): (b) plus Pagefind over its site
    log = ""
    recent_log = ""
    for r in range(args.rounds):
        shutil.rmtree(portal / "site", ignore_errors=True)
        shutil.rmtree(portal / ".cache", ignore_errors=True)
        if "a" in measures or "c" in measures:  # (c) edits the cache that (a) leaves
            seconds, peak, log = timed_build(portal)
            cold.append(seconds)
            cold_rss.append(peak)
        if "b" in measures:
            shutil.rmtree(plain / "site", ignore_errors=True)
            seconds, peak, _ = timed_build(plain)
            plain_times.append(seconds)
            plain_rss.append(peak)
        if "p" in measures:
            seconds, peak = timed_pagefind(plain)
            engine.append(plain_times[-1] + seconds)
            engine_rss.append(max(plain_rss[-1], peak))
        if cold or plain_times:
            print(f"round {r + 1}: cold {cold[-1]:.1f} s" if cold else f"round {r + 1}:",
                  f"plain {plain_times[-1]:.1f} s" if plain_times else "",
                  f"with Pagefind {engine[-1]:.1f} s" if engine else "",
                  flush=True)
        if "c" not in measures:
            continue
        edit(target, f"build-{r}")
        seconds, peak, log = timed_build(portal)
        warm.append(seconds)
        warm_rss.append(peak)
        if f"build-{r}" not in (portal / "site" / url_of(target) / "index.html").read_text(encoding="utf-8"):
            sys.exit("the edited record's page does not show the edit")
        edit(recent, f"recent-{r}")
        seconds, peak, recent_log = timed_build(portal)
        fresh.append(seconds)
        fresh_rss.append(peak)
        print(f"round {r + 1}: edited {warm[-1]:.1f} s, recent edited {fresh[-1]:.1f} s", flush=True)
    serve_times, serve_rss, serve_after = (measure_serve(portal, recent, args.rounds) if "d" in measures
                                           else ([], 0, []))

    def med(values):
        return statistics.median(values) if values else float("nan")
    p = med(plain_times)
    print(f"records: {args.records} synthetic + the repository's; rounds: {args.rounds}; "
          f"cores: {len(os.sched_getaffinity(0))}")
    print("| measure | median | ÷ plain Material | peak memory (PSS of the tree) |")
    print("| --- | --- | --- | --- |")
    rows = [("(b) plain Material, cold build", plain_times, max(plain_rss, default=0)),
            ("(b') plain Material, cold build, then Pagefind over its site", engine, max(engine_rss, default=0)),
            ("(a) portal, cold build (no cache)", cold, max(cold_rss, default=0)),
            ("(c) portal, one record of an older year edited (cache of the previous build)", warm,
             max(warm_rss, default=0)),
            ("(c) portal, one record of the newest year edited", fresh, max(fresh_rss, default=0)),
            ("(d) mkdocs serve, save (a record of the newest year) → page served with the edit",
             serve_times, serve_rss)]
    for name, values, peak in rows:
        if values:
            ratio = f"{med(values) / p:.2f}" if plain_times else "—"
            print(f"| {name} | {med(values):.1f} s | {ratio} | {peak / 1e9:.2f} GB |")
    if cold and engine:
        print(f"(a) ÷ (b'): {med(cold) / med(engine):.2f} (the portal cold beside plain Material with Pagefind)")
    print(f"all rounds (s): cold {[round(x, 1) for x in cold]}, plain {[round(x, 1) for x in plain_times]}, "
          f"plain with Pagefind {[round(x, 1) for x in engine]}, "
          f"edited {[round(x, 1) for x in warm]}, recent edited {[round(x, 1) for x in fresh]}, "
          f"serve {[round(x, 1) for x in serve_times]}")
    if serve_after:
        print(f"serve: after each page was served, the server worked {med(serve_after):.1f} s more in the "
              f"background (search index, garbage collection), median; all {[round(x, 1) for x in serve_after]}")
    for name, text in [("cold build" if "c" not in measures else "older-year edit", log),
                       ("newest-year edit", recent_log)]:
        found = re.search(r"build cache: (\d+) reused, (\d+) computed", text)
        shards = re.search(r"search: (\d+ of \d+ shards indexed)", text)
        indexed = re.search(r"search: (\d+) pages indexed in ([\d.]+) s", text)
        if found:
            print(f"last {name}: cache {found.group(1)} reused, {found.group(2)} computed; "
                  f"{shards.group(1) if shards else '?'}; Pagefind {indexed.group(2) if indexed else '?'} s")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
