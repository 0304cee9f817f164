"""The search step two ways, on the same pages: Pagefind's command line over folded copies on disk
(what hooks/thidua/searchindex.py runs) against the `pagefind` package's Python API, in one run.

    nice -n 10 python bench/pagefind_api_bench.py --records 2000 --rounds 3

Generates N synthetic records with the generator of bench/search_bench.py, builds them once with
the real `mkdocs build` (its own search step replaced by a capture of what it would have indexed:
the site and every page's search entry), then indexes every search shard of that site, `--rounds`
times and alternating, with each method, one process per shard and `--workers` at once, as the
build does:

  cli      each page's folded copy written to disk, then `python -m pagefind --site <copies>`
           (thidua.searchindex._fold_copies and _run_pagefind: the shipped path);
  api      the folded page sent from memory with `PagefindIndex.add_html_file` (all of a shard's
           pages in flight at once), then `write_files`: the package's own client;
  service  the same requests to the same `pagefind --service` binary, written by a client of a few
           lines that reads each answer as it arrives (the package's client waits 0.1 s before it
           reads each answer, so the package's figure alone would not say what the engine costs).

For each method it prints the median seconds of the whole step (a fresh Python process that
indexes every shard, start-up included), its peak memory (PSS of that process tree, Pagefind
included, sampled as bench/build_bench.py does) and whether every shard's bundle has the same
bytes as the command line's, or at least the same fragments (each page's URL, text and metadata),
its index files then differing only in the order Pagefind numbered the pages. `add_custom_record` is not measured: it takes
plain text with no HTML, so the weighted phrase keys of a decree's search entry
(overrides/thidua/partials/search_entry.html) could not be given to it.

Not part of the test suite; compare ratios within one run.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench  # noqa: E402  (the project generator and the memory sampler)

METHODS = ("cli", "api", "service")
CAPTURE = "capture.json"


# --- the build, with its search step captured --------------------------------------------------
def capture(project: Path) -> None:
    """`mkdocs build --strict` of `project` in this process; the search step writes what it was
    given to <project>/../capture.json instead of running Pagefind."""
    os.chdir(project)
    sys.path.insert(0, str(project / "hooks"))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from thidua import searchindex

    def keep(site_dir, **kwargs):
        entries = {rel: list(entry) for rel, entry in (kwargs.get("entries") or {}).items()}
        (project.parent / CAPTURE).write_text(json.dumps({"site": str(Path(site_dir).resolve()),
                                                          "entries": entries}), encoding="utf-8")
        return searchindex.IndexReport(pages=0, seconds=0.0, bundle=Path(site_dir) / searchindex.BUNDLE)

    searchindex.build_index = keep
    build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))


# --- one method over every shard (run in a child process, so its memory is its own) ------------
def _url(rel: str) -> str:
    # The URL Pagefind's command line gives a page file: its folder for an index.html.
    return "/" + (rel[: -len("index.html")] if rel.endswith("/index.html") else rel)


def _folded(pages, entries):
    from thidua.searchindex import folded
    for rel, page in pages:
        yield rel, folded(page, entries.get(rel))


def _config() -> dict:
    from thidua import searchindex
    return {"root_selector": searchindex.ROOT_SELECTOR, "exclude_selectors": list(searchindex.EXCLUDE),
            "force_language": "vi"}


def index_cli(name, pages, entries, out: Path, tmp: Path) -> None:
    from thidua import searchindex
    copies = tmp / "in" / name
    searchindex._fold_copies(pages, entries, copies)
    searchindex._run_pagefind(copies, out)


async def _index_api(pages, entries, out: Path) -> None:
    from pagefind.index import PagefindIndex
    # Leaving the context writes the bundle to the configured output_path (and only there).
    async with PagefindIndex(config={**_config(), "output_path": str(out)}) as index:
        await asyncio.gather(*(index.add_html_file(content=text, url=_url(rel))
                               for rel, text in _folded(pages, entries)))


class _Service:
    """`pagefind --service`: requests are base64 of JSON, each followed by a comma; so are answers."""

    def __init__(self):
        from pagefind.service import get_executable
        self.proc = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.sent = 0
        self.buffer = b""

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        self.proc.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    def answer(self) -> dict:
        self.proc.stdin.flush()
        while b"," not in self.buffer:
            chunk = self.proc.stdout.read1(1 << 16)
            if not chunk:
                raise RuntimeError("pagefind --service closed its output")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b",", 1)
        payload = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") == "Error":
            raise RuntimeError(payload.get("message"))
        return payload

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def index_service(pages, entries, out: Path) -> None:
    service = _Service()
    try:
        service.send({"type": "NewIndex", "config": _config()})
        index_id = service.answer()["index_id"]
        # A window of requests in flight: the pipe stays full without holding a shard in memory.
        pending = 0
        for rel, text in _folded(pages, entries):
            service.send({"type": "AddFile", "index_id": index_id, "url": _url(rel),
                          "file_contents": text, "file_path": None})
            pending += 1
            if pending >= 32:
                service.answer()
                pending -= 1
        for _ in range(pending):
            service.answer()
        service.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(out)})
        service.answer()
    finally:
        service.close()


def index_all(method: str, site: Path, entries: dict, out: Path, workers: int) -> float:
    from thidua import searchindex
    from thidua.model import SECTION
    started = time.perf_counter()
    shards = searchindex._shards(site / SECTION, SECTION)
    entries = {rel: tuple(entry) for rel, entry in entries.items()}
    with tempfile.TemporaryDirectory(prefix="thidua-pf-bench-") as tmp:
        def one(name):
            target = out / name
            if method == "cli":
                index_cli(name, shards[name], entries, target, Path(tmp))
            elif method == "api":
                asyncio.run(_index_api(shards[name], entries, target))
            else:
                index_service(shards[name], entries, target)
        order = sorted(shards, key=lambda name: -len(shards[name]))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, order))
    return time.perf_counter() - started


# --- the parent: rounds, memory, comparison -----------------------------------------------------
def _bundle(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _compare(reference: dict[str, dict[str, str]], mine: dict[str, dict[str, str]]) -> str:
    """Equal bundles, or equal pages: the fragments (each page's URL, text and metadata as the
    browser reads them) byte for byte, the index files differing only in the pages' order."""
    differ = [name for name in sorted(set(reference) | set(mine)) if reference.get(name) != mine.get(name)]
    if not differ:
        return "yes, byte for byte"

    def fragments(bundle):
        return {rel: digest for rel, digest in bundle.items() if rel.startswith("fragment/")}
    same_pages = all(fragments(reference.get(name, {})) == fragments(mine.get(name, {})) for name in differ)
    return (f"same fragments (pages, texts) in all {len(reference)} shards; index files differ in "
            f"{len(differ)} (page order)" if same_pages else f"no: {len(differ)} of {len(reference)} shards differ")


def run_method(method: str, project: Path, out: Path, workers: int) -> tuple[float, float, int]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--index", method, "--project", str(project),
                             "--out", str(out), "--workers", str(workers)],
                            env=build_bench.ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = build_bench.PeakMemory(proc.pid)
    log, _ = proc.communicate()
    peak = memory.stop()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{method} failed:\n{log[-3000:]}")
    return wall, float(log.strip().splitlines()[-1]), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated, of " + ", ".join(METHODS))
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="with --keep: index the site captured there before")
    # Internal: the child processes.
    parser.add_argument("--capture", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.capture:
        return capture(args.capture)
    if args.index:
        sys.path.insert(0, str(args.project / "hooks"))
        captured = json.loads((args.project.parent / CAPTURE).read_text(encoding="utf-8"))
        print(f"{index_all(args.index, Path(captured['site']), captured['entries'], args.out, args.workers):.3f}")
        return

    methods = [m for m in args.methods.split(",") if m]
    tmp = None
    if args.keep:
        base = args.keep
        if not args.reuse:
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="thidua-pf-bench-")
        base = Path(tmp.name)
    project = base / "portal"
    if not (args.reuse and (base / CAPTURE).is_file()):
        build_bench.portal_project(base, args.records, args.seed)
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--capture", str(project)], env=build_bench.ENV,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"built {args.records} records in {time.perf_counter() - started:.1f} s (search step captured)", flush=True)
    captured = json.loads((base / CAPTURE).read_text(encoding="utf-8"))
    pages = sum(1 for _ in (Path(captured["site"])).rglob("*.html"))

    walls: dict[str, list[float]] = {m: [] for m in methods}
    inner: dict[str, list[float]] = {m: [] for m in methods}
    peaks: dict[str, int] = {m: 0 for m in methods}
    for r in range(args.rounds):
        for method in (methods if r % 2 == 0 else methods[::-1]):
            wall, seconds, peak = run_method(method, project, base / "out" / method, args.workers)
            walls[method].append(wall)
            inner[method].append(seconds)
            peaks[method] = max(peaks[method], peak)
            print(f"round {r + 1}: {method} {wall:.1f} s (indexing {seconds:.1f} s), {peak / 1e9:.2f} GB", flush=True)

    reference = {}
    if "cli" in methods:
        for shard in sorted((base / "out" / "cli").iterdir()):
            reference[shard.name] = _bundle(shard)
    med = statistics.median
    first = med(walls[methods[0]])
    print(f"records: {args.records} synthetic + the repository's; {pages} HTML files in the site; "
          f"rounds: {args.rounds}; Pagefind processes at once: {args.workers}")
    print(f"| method | median, whole step | ÷ {methods[0]} | of it indexing | peak memory (PSS of the tree) | bundles equal to cli's |")
    print("| --- | --- | --- | --- | --- | --- |")
    for method in methods:
        same = "—"
        if reference and method != "cli":
            mine = {shard.name: _bundle(shard) for shard in sorted((base / "out" / method).iterdir())}
            same = _compare(reference, mine)
        print(f"| {method} | {med(walls[method]):.1f} s | {med(walls[method]) / first:.2f} | "
              f"{med(inner[method]):.1f} s | {peaks[method] / 1e9:.2f} GB | {same} |")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
