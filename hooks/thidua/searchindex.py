"""Run Pagefind over a built site. Engine-free (no MkDocs import): the hook calls build_index()
after every build, `mkdocs serve` rebuilds included, and turns SearchIndexError into a failed build.

The index is cut into shards: one for each of the newest years of decrees (<bundle>/<year>/), the
older years in shards of about `archive_pages` pages (<bundle>/luu-tru-<first year>/; the operator's
`search_shard_pages`, thidua.options) and one for every other page of the section (<bundle>/
itself, where the browser loads pagefind.js from). The search box
(overrides/assets/thidua/search.js) merges them with Pagefind's mergeIndex. A shard is named by
the digest of what Pagefind reads for it (see _digest), so an edit to one decree re-runs Pagefind
over that decree's shard only; the other shards' finished bundles come from the build cache
(thidua.buildcache.Store.get_folder), and their pages are not even copied. Shards that must be
built run side by side, one Pagefind process per worker, as long as their Pagefind processes
together are expected to weigh no more than the heaviest shard's alone (MemoryGate). A shard
indexed again starts from the fragments of its last bundle whose pages have not changed since
(thidua.pagefindseed), so Pagefind writes only the others'.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from thidua import pagefindseed, urls
from thidua.buildcache import Store
from thidua.model import SECTION
from thidua.options import Options
from thidua.pagefindinput import KeptInput
from thidua.pagefindmeta import chunk_prices
from thidua.search import index_text

BUNDLE = "pagefind"
# Material's main area (the page body, plus the listing pages' search keys that main.html adds
# after it); navigation sidebars, header and footer stay out of the index.
ROOT_SELECTOR = ".md-main__inner"
# Navigation, permalink pilcrows, edit/view buttons, and text printed on every decree page (the
# metadata labels "Số ký hiệu"…, the back link, "no honours yet") carry no words a reader looks for.
EXCLUDE = [".md-sidebar", ".headerlink", ".md-content__button", ".md-source-file", ".md-feedback",
           ".td-meta dt", ".td-back", ".td-empty"]

_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(RuntimeError):
    pass


@dataclass
class IndexReport:
    pages: int
    seconds: float
    bundle: Path
    shards: list[str] = field(default_factory=list)  # every shard, the site's first
    reused: list[str] = field(default_factory=list)  # those whose bundle came from the cache
    carried: int = 0  # fragments of unchanged pages taken from the previous bundle (thidua.pagefindseed)
    copies_kept: int = 0  # pages whose copy for Pagefind the previous build made (thidua.pagefindinput)

    def summary(self) -> str:
        built = len(self.shards) - len(self.reused)
        carried = f"; {self.carried} pages' fragments carried over" if self.carried else ""
        kept = f"; {self.copies_kept} pages' copies kept" if self.copies_kept else ""
        return f"search: {built} of {len(self.shards)} shards indexed, {len(self.reused)} reused{carried}{kept}"


@functools.cache
def pagefind_executable() -> str:
    """The Pagefind binary the pinned `pagefind[bin]` wheel ships, found as `python -m pagefind`
    finds it (PAGEFIND_BINARY_PATH first), so no download happens at build time. Run directly:
    `python -m pagefind` started an interpreter only to exec it, 0.2 s of every shard's run."""
    from pagefind.service import get_executable  # imports asyncio: only when a shard is indexed

    found = get_executable()
    if found is None:
        raise SearchIndexError("search: no Pagefind binary; install requirements.txt (pagefind[bin])")
    return str(Path(found).resolve())


def pagefind_command(site: Path, output: Path) -> list[str]:
    cmd = [pagefind_executable(), "--site", str(site), "--output-path", str(output),
           "--root-selector", ROOT_SELECTOR, "--force-language", "vi"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


FACETS_FILE = "thidua-facets.json"
COMMON_FILE = "thidua-common.json"
SHARDS_FILE = "thidua-shards.json"  # every shard: its name (a year's folder in the bundle) and pages
SITE_SHARD = "site"
# Every shard costs a reader one more index chunk per word looked up, so only the years editors
# still change get a shard of their own; the older ones share one, indexed again only when an old
# decree changes (or when a new year pushes a year into it).
RECENT_YEARS = 2
ARCHIVE_SHARD = "luu-tru"  # older years: luu-tru-<first year>
CACHE_KIND = "search-shard"
PAGES_KIND = "search-shard-pages"  # a bundle's cache name -> {page: its name} of the pages it indexes
LATEST_KIND = "search-shard-latest"  # a shard -> the cache name of its bundle the last step placed
# Pagefind's peak memory grows with its shard's pages: about 0.82 MB a decree page (its text and its
# search entry's phrase keys) against 0.04 MB any other page of the section, found by its name only
# (`/usr/bin/time -v` over the shards of a 10,000-record build of bench/build_bench.py: 910 decree
# pages 0.74 GB, 2,770 decree pages 2.23 GB, 10,003 other pages 0.40 GB). Only the ratio is used.
DECREE_PAGE_WEIGHT = 20
OTHER_PAGE_WEIGHT = 1
MANIFEST = Store.MANIFEST
# A decree's page (thidua.urls.decree): its year is its shard.
_DECREE_PAGE = re.compile(re.escape(urls.ARCHIVE) + r"(\d{4})/[^/]+/index\.html")


def content_name(data: bytes) -> str:
    """A name of a page's bytes as written, for `build_index`'s page_names: a page without a
    search entry is what Pagefind reads of it, so the name stands for all of it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def shard_of(page: str) -> str:
    """The shard of a site-relative page file."""
    found = _DECREE_PAGE.fullmatch(page)
    return found.group(1) if found else SITE_SHARD


def _pagefind_versions() -> list[str]:
    out = []
    for name in ("pagefind", "pagefind_bin"):
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} -")
    return out


# A decree's search entry (overrides/thidua/partials/search_entry.html: phrase keys, facets, result
# fields) is for Pagefind only, and weighs up to 20 KB on a long decree. The build takes it out of
# the page a reader downloads and puts it back, at the same place, in the copy Pagefind reads.
_ENTRY = re.compile(r'<div class="td-search-entry" hidden>.*?</div>', re.S)


def take_entry(html: str) -> tuple[str, tuple[int, str] | None]:
    """The page without its search entry, and (where it stood, the entry) to give back to the index."""
    found = _ENTRY.search(html)
    if not found:
        return html, None
    return html[: found.start()] + html[found.end():], (found.start(), found.group())


@dataclass
class IndexPlan:
    """What build_index will do, known before any Pagefind runs (plan_index): every shard's pages,
    cache name and weight, and which shards have no bundle in the cache. Plain data, so that a
    process of its own can run it (hooks/thidua_handover.py)."""
    output: Path  # <site>/<bundle>
    shards: dict[str, list[tuple[str, str]]]
    names: list[str]  # the site's shard first: it holds pagefind.js
    keys: dict[str, str]  # shard -> its cache name (none without a store)
    weights: dict[str, int]
    to_index: list[str]  # shards whose bundle must be made
    checked: dict[str, Path] = field(default_factory=dict)  # reused shards whose bundle check_reused() passed
    # Shards to index: the names of their pages (recorded with the bundle made), and the folder of
    # the shard's last bundle with the URLs of the pages named the same since (thidua.pagefindseed)
    page_names: dict[str, dict[str, str]] = field(default_factory=dict)
    seeds: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def heaviest_to_index(self) -> int:
        return max((self.weights[name] for name in self.to_index), default=0)

    def check_reused(self, store) -> None:
        """Check the cached bundles now rather than while Pagefind runs; a bundle that fails its
        check is indexed like a shard the cache never held."""
        for name in self.names:
            if name not in self.to_index and name not in self.checked:
                found = store.get_folder(CACHE_KIND, self.keys[name])
                if found is None:
                    self.to_index.append(name)
                else:
                    self.checked[name] = found


def plan_index(site_dir: str | Path, section: str = SECTION, bundle: str = BUNDLE,
               entries: dict[str, tuple[int, str]] | None = None, page_names: dict[str, str] | None = None,
               store=None, archive_pages: int = Options.search_shard_pages,
               files: list[str] | None = None) -> IndexPlan:
    """The shards of the section's pages and which of them Pagefind must index (build_index).
    `files`: every file the site folder holds, site-relative, when the caller knows them exactly
    (a `mkdocs build` that kept its folder: hooks/thidua_kept.py); otherwise the folder is walked."""
    site_dir = Path(site_dir).resolve()
    source = site_dir / section
    if not source.is_dir():
        raise SearchIndexError(f"search: no section to index at {source}")
    entries = entries if entries is not None else {}  # a mapping with .get (hooks/thidua_kept.py KeptEntries)
    shards = _shards(source, section, archive_pages, files)
    if not shards:
        raise SearchIndexError(f"search: no HTML page under {source}")
    # The site shard holds pagefind.js; a section without one (never a built portal) lends the
    # place to its first year.
    names = sorted(shards, key=lambda name: (name != SITE_SHARD, name))
    options = [*_pagefind_versions(), *pagefind_command(Path("SITE"), Path("OUT"))[1:]]
    keys = {name: store.key(CACHE_KIND, name, _digest(shards[name], entries, page_names or {}), options)
            for name in names} if store is not None else {}
    plan = IndexPlan(
        output=site_dir / bundle, shards=shards, names=names, keys=keys,
        weights={name: shard_weight(name, shards[name]) for name in names},
        to_index=[name for name in names if store is None or not store.has_folder(CACHE_KIND, keys[name])])
    if store is not None:
        _plan_seeds(plan, store, page_names or {})
    return plan


def _plan_seeds(plan: IndexPlan, store, page_names: dict[str, str]) -> None:
    """IndexPlan.page_names and .seeds. A shard's last bundle is the one the last search step
    placed for it (LATEST_KIND); its pages' names were recorded with it (PAGES_KIND)."""
    for name in plan.names:
        if name not in plan.to_index:
            store.mark_used(PAGES_KIND, plan.keys[name], count=False)  # the next edit may need them
            continue
        named = {rel: page_names[rel] for rel, _ in plan.shards[name] if rel in page_names}
        plan.page_names[name] = named
        latest = store.get(LATEST_KIND, store.key(LATEST_KIND, name), count=False)
        before = store.get(PAGES_KIND, latest["bundle"], count=False) if _is_latest(latest) else None
        if not isinstance(before, dict):
            continue
        urls = [pagefindseed.page_url(rel) for rel, page in named.items() if before.get(rel) == page]
        folder = store.get_folder(CACHE_KIND, latest["bundle"], count=False) if urls else None
        if folder is not None:
            plan.seeds[name] = (str(folder), urls)


def _is_latest(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("bundle"), str)


def _record_latest(plan: IndexPlan, store, indexed) -> None:
    """Each shard's bundle, placed by this step, as the one its next indexing starts from."""
    for name in plan.names:
        if name in indexed:
            store.put(PAGES_KIND, plan.keys[name], plan.page_names.get(name, {}))
        store.put(LATEST_KIND, store.key(LATEST_KIND, name), {"bundle": plan.keys[name]})


def build_index(site_dir: str | Path, section: str = SECTION, bundle: str = BUNDLE,
                facets: list[dict] | Callable[[], list[dict]] | None = None, common: list[str] | None = None,
                entries: dict[str, tuple[int, str]] | None = None, page_names: dict[str, str] | None = None,
                store=None, workers: int = 1, archive_pages: int = Options.search_shard_pages,
                log: Callable[[str], None] | None = None,
                meanwhile: Callable[[], None] | None = None) -> IndexReport:
    """Index every HTML page of the section into <site_dir>/<bundle>/, one shard per year of decrees.

    Pagefind reads a copy of the section whose đ/Đ are spelled with a combining stroke (see
    thidua.search.index_text); result URLs come out as "/<section>/…/", relative to the site root.
    `facets` (thidua.search.facet_list, or a function giving it, called with `meanwhile`) and
    `common` (thidua.search.common_words) are written beside the bundle for the search box.
    `entries` (site-relative file -> take_entry's second value) are put back into the copies of the
    pages they were taken from. `page_names` (site-relative
    file -> a name of its bytes and entry: the build cache's name of a finished decree page, or
    content_name() of a page without an entry) spare reading those pages to name their shard. `store`
    (thidua.buildcache.Store, or None) keeps each shard's bundle; `workers` Pagefind processes run
    at once (MemoryGate permitting). `archive_pages`: the size of the older years' shards (the
    operator's search_shard_pages). `log` gets one line saying how many shards were indexed and
    reused. `meanwhile` is called once, after every entry of `store` this index reads has been
    read and once the first Pagefind process of the shards to index (if any) runs: the caller's
    work that needs no index (the build records its site, prunes the cache) then costs no time of
    its own.
    """
    started = time.perf_counter()
    plan = plan_index(site_dir, section, bundle, entries, page_names, store, archive_pages)
    return run_index(plan, facets=facets, common=common, entries=entries, store=store, workers=workers,
                     log=log, meanwhile=meanwhile, started=started)


def run_index(plan: IndexPlan, facets: list[dict] | Callable[[], list[dict]] | None = None,
              common: list[str] | None = None, entries: dict[str, tuple[int, str]] | None = None,
              store=None, workers: int = 1, log: Callable[[str], None] | None = None,
              meanwhile: Callable[[], None] | None = None, started: float | None = None,
              shard_entries: Callable[[str], dict] | None = None) -> IndexReport:
    """Carry out a plan_index plan (the arguments are build_index's). `entries` needs to hold the
    pages of the shards to index only; a reused shard whose bundle fails its check is indexed too,
    so a caller that passes fewer runs plan.check_reused() first. `shard_entries` (a shard's name
    -> its pages' entries, called by the thread that folds its copies, once) replaces `entries`
    for a caller whose entries need not stay in memory while Pagefind runs."""
    started = time.perf_counter() if started is None else started
    entries = entries if entries is not None else {}
    shards, names, keys, weights, output = plan.shards, plan.names, plan.keys, plan.weights, plan.output
    found: dict[str, Path | None] = dict(plan.checked)
    counts: dict[str, int] = {}
    carried: list[int] = []
    copies_kept: list[int] = []

    # Side by side only while their shards weigh no more together than the heaviest alone: each
    # Pagefind already keeps both cores busy for much of its run, so a second one beside it saves a
    # fifth of the time (17.0 s one at a time, 14.0 s two at once, at 2,000 records) but adds its
    # whole memory to the build's peak.
    gate = MemoryGate(max(weights.values()))

    def place(n: int, name: str, bundle: Path) -> None:
        target = output if n == 0 else output / name
        _place(bundle, target, merged=n > 0)
        counts[name] = _page_count(target)

    inputs = KeptInput(store.folder / store.WORK, store.fingerprint) if store is not None else None
    with _SetAside(output) as previous, tempfile.TemporaryDirectory(prefix="thidua-search-") as tmp, \
            ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        def index(name: str, take: Callable[[], dict], seeds: pagefindseed.Seeds) -> Path:
            # Folding in a thread overlaps the Pagefind processes of the other shards.
            out = Path(tmp) / "out" / name
            held = {"entries": take()}

            def fold(pages: list[tuple[str, str]], into: Path) -> None:
                _fold_copies(pages, held["entries"], into)

            with _copies(inputs, name, shards[name], plan.page_names.get(name, {}), fold,
                         Path(tmp) / "in" / name, copies_kept) as copy_root:
                held.clear()  # the copies hold them now: with shard_entries, not kept while Pagefind runs
                with gate.hold(weights[name]):
                    pagefind_runs.set()
                    bundle = _run_pagefind(copy_root, out)
                    if seeds.files:
                        if pagefindseed.check(out, seeds):
                            carried.append(len(seeds.files))
                        else:  # a seed stood in for another page, or another Pagefind made them
                            shutil.rmtree(out)
                            bundle = _run_pagefind(copy_root, out)
                    return bundle

        def seeded(name: str) -> pagefindseed.Seeds:
            """The fragments of the shard's unchanged pages, from its last bundle (plan_index)."""
            if name not in plan.seeds:
                return pagefindseed.Seeds()
            folder, urls = plan.seeds[name]
            return pagefindseed.seed(Path(folder), Path(tmp) / "out" / name, urls)

        pagefind_runs = threading.Event()

        running: dict[str, Future] = {}

        def start(batch: list[str]) -> None:
            # Heaviest first: the light shards, which may run two at once, come last.
            for name in sorted(batch, key=lambda name: -weights[name]):
                seeds = seeded(name)
                if shard_entries is not None:
                    running[name] = pool.submit(index, name, functools.partial(shard_entries, name), seeds)
                    continue
                # The entries are read here: the workers never touch the build cache.
                pages = {rel: entries.get(rel) for rel, _ in shards[name]}
                running[name] = pool.submit(index, name, lambda pages=pages: pages, seeds)

        # Shards with no bundle in the cache are indexed at once; the others' bundles are checked
        # and placed while Pagefind runs, and one that fails its check is indexed too. Not before
        # Pagefind runs: the shards' copies for it are made by Python code, which would share the
        # interpreter with the checks and start Pagefind later.
        start(list(plan.to_index))
        while running and not pagefind_runs.wait(0.02) and not all(f.done() for f in running.values()):
            pass
        for n, name in enumerate(names):
            if name not in running:
                if name not in found:
                    found[name] = store.get_folder(CACHE_KIND, keys[name])
                if found[name] is None:
                    start([name])
                else:
                    place(n, name, found[name])
        previous.remove()
        if meanwhile is not None:
            meanwhile()
        if callable(facets):
            facets = facets()
        for n, name in enumerate(names):
            if name in running:
                built = running[name].result()
                cached = None if store is None else store.put_folder(CACHE_KIND, keys[name], built, move=True)
                place(n, name, cached or built)
    if store is not None:
        _record_latest(plan, store, running)
    if common:
        common = _priced([output, *(output / name for name in names[1:])], common)
    # Beside the bundle, so the browser finds all from one base URL. Sorted, for reproducible builds.
    # The shards, the one at <bundle>/ first, with their page counts: the search box weighs each
    # shard's scores by them (overrides/assets/thidua/search.js, searchShards).
    listed = [{"name": name, "pages": counts[name]} for name in names]
    for name, value in [(FACETS_FILE, facets or []), (COMMON_FILE, common or []), (SHARDS_FILE, listed)]:
        (output / name).write_text(
            json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            encoding="utf-8")
    report = IndexReport(pages=sum(counts.values()), seconds=time.perf_counter() - started, bundle=output,
                         shards=names, reused=[name for name in names if found.get(name)], carried=sum(carried),
                         copies_kept=sum(copies_kept))
    if log:
        log(report.summary())
    return report


@contextmanager
def _copies(inputs: KeptInput | None, name: str, pages: list[tuple[str, str]], names: dict[str, str],
            fold: Callable[[list[tuple[str, str]], Path], None], temporary: Path, reused: list[int]):
    """The folder of a shard's copies for Pagefind: for a year's shard, the one kept in the build
    cache (thidua.pagefindinput), where only the changed pages are copied again (how many were
    not is added to `reused`); otherwise, or when that folder cannot be had, `temporary`, where
    every page is."""
    if inputs is not None and name != SITE_SHARD and not name.startswith(ARCHIVE_SHARD):
        with inputs.shard(name, pages, names, fold) as kept:
            if kept is not None:
                folder, read, count = kept
                yield folder
                read()
                reused.append(count)
                return
    fold(pages, temporary)
    yield temporary


class _SetAside:
    """The previous bundle (19,000 files at 10,000 records), moved out of the way by one rename and
    removed by remove() once Pagefind runs, not before it starts; at the latest when the block ends."""

    def __init__(self, folder: Path):
        self.path = folder.with_name(f".{folder.name}-previous")
        self.remove()  # left by a build that was killed
        try:
            os.rename(folder, self.path)
        except FileNotFoundError:
            pass
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> _SetAside:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def shard_weight(name: str, pages: list) -> int:
    """What a shard's Pagefind process weighs, in OTHER_PAGE_WEIGHT units: a shard other than the
    site's holds decree pages only (shard_of)."""
    return len(pages) * (OTHER_PAGE_WEIGHT if name == SITE_SHARD else DECREE_PAGE_WEIGHT)


class MemoryGate:
    """Lets work of some weight run while the weights running together stay within `capacity`, in
    the order it asks (a heavy shard is not overtaken for ever by light ones); a weight above the
    capacity waits for everything before it to end and then runs alone."""

    def __init__(self, capacity: int):
        self.capacity = max(1, capacity)
        self.used = 0
        self._changed = threading.Condition()
        self._waiting: deque = deque()

    @contextmanager
    def hold(self, weight: int):
        weight = min(max(1, weight), self.capacity)
        turn = object()
        with self._changed:
            self._waiting.append(turn)
            self._changed.wait_for(lambda: self._waiting[0] is turn and self.used + weight <= self.capacity)
            self._waiting.popleft()
            self.used += weight
            self._changed.notify_all()  # the next in line may fit beside this one
        try:
            yield
        finally:
            with self._changed:
                self.used -= weight
                self._changed.notify_all()


def _shards(source: Path, section: str, archive_pages: int = Options.search_shard_pages,
            files: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """{shard: [(site-relative file, path)]} of every page of the section, in path order: the site's,
    each of the RECENT_YEARS newest years of decrees, and the older years' (ARCHIVE_SHARD-<year>),
    in shards of about `archive_pages`. `files`: as plan_index's."""
    by_year: dict[str, list[tuple[str, str]]] = {}
    pages = _html_files(source, section) if files is None else _listed_html(files, source, section)
    for rel, page in pages:
        by_year.setdefault(shard_of(rel), []).append((rel, page))
    years = sorted(name for name in by_year if name != SITE_SHARD)
    recent = years[-RECENT_YEARS:]
    shards: dict[str, list[tuple[str, str]]] = {SITE_SHARD: by_year[SITE_SHARD]} if SITE_SHARD in by_year else {}
    # Older years, oldest first, in shards of about archive_pages pages each (one Pagefind's memory
    # grows with its pages): a shard is closed by the year that fills it, so the cuts move only
    # when an older year gains or loses decrees, and a shard is named by its first year.
    group = None
    for year in years:
        if year in recent:
            shards[year] = by_year[year]
            continue
        if group is None or len(shards[group]) >= archive_pages:
            group = f"{ARCHIVE_SHARD}-{year}"
        shards.setdefault(group, []).extend(by_year[year])
    return shards


def _html_files(source: Path, section: str) -> list[tuple[str, str]]:
    """(site-relative file, absolute path) of every *.html under `source`, in path order (as
    sorted(source.rglob("*.html")) gives them: pathlib's walk took a fifth of the search step of a
    rebuild at 10,000 records). A folder reached through a link is not entered."""
    found = []
    base = str(source)
    for top, _, names in os.walk(base):
        prefix = section + top[len(base):].replace(os.sep, "/") + "/"
        found += [(prefix + name, top + os.sep + name) for name in names if name.endswith(".html")]
    found.sort(key=lambda item: item[1].split(os.sep))  # Path order: part by part
    return found


def _listed_html(files: list[str], source: Path, section: str) -> list[tuple[str, str]]:
    """_html_files() of a folder whose files are known: the walk over 48,000 files took 0.2 s of a
    rebuild at 10,000 records."""
    prefix, base = section + "/", str(source)
    found = [(rel, base + os.sep + rel[len(prefix):].replace("/", os.sep)) for rel in files
             if rel.startswith(prefix) and rel.endswith(".html")]
    found.sort(key=lambda item: item[1].split(os.sep))
    return found


def _digest(pages: list[tuple[str, str]], entries: dict, names: dict[str, str]) -> str:
    """What Pagefind reads for a shard, named without writing it: each page's path and bytes with
    the search entry put back into its copy. The copy is made from exactly these by
    folded(), whose code the store's fingerprint covers, so equal digests mean equal copies. A
    page in `names` is named by its name there, which stands for its bytes and entry. A page
    without an entry that is not in `names` is read and named as content_name() would name it,
    so the digest is the same whether a build named the page or not (the preview names only the
    pages it writes)."""
    h = hashlib.sha256()
    for rel, page in pages:
        name = names.get(rel)
        if name is None:
            with open(page, "rb") as fh:
                raw = fh.read()
            entry = entries.get(rel)
            if entry is not None:
                h.update(f"{rel}\0{len(raw)}\0".encode("utf-8") + raw)
                h.update(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\0")
                continue
            name = content_name(raw)
        h.update(f"{rel}\0named\0{name}\0".encode("utf-8"))
    return h.hexdigest()


def folded(page: str | Path, entry: tuple[int, str] | None) -> str:
    """What Pagefind reads of a page: its search entry back in place, đ/Đ spelled for the index
    (thidua.search.index_text)."""
    with open(page, encoding="utf-8") as fh:
        text = fh.read()
    if entry:
        text = text[: entry[0]] + entry[1] + text[entry[0]:]
    return index_text(text)


def _fold_copies(pages: list[tuple[str, str]], entries: dict, into: Path) -> None:
    """Pagefind's copy of each page (folded()) at <into>/<site-relative file>."""
    # os.path, not pathlib: pathlib's own work was 0.36 s of the 0.45 s that folding the newest
    # year's 846 pages took in a rebuild at 10,000 records (py-spy).
    root, made = str(into), set()
    for rel, page in pages:
        target = os.path.join(root, rel)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(folded(page, entries.get(rel)))


def _run_pagefind(copy_root: Path, output: Path) -> Path:
    try:
        proc = subprocess.run(pagefind_command(copy_root, output), capture_output=True,
                              text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search: could not run Pagefind: {exc}") from exc
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise SearchIndexError(f"search: Pagefind exited {proc.returncode}:\n{_tail(log)}")
    found = _INDEXED.search(log)
    if not found or int(found.group(1)) == 0 or not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"search: Pagefind indexed no page of {copy_root}:\n{_tail(log)}")
    return output


# What the browser reads of a merged shard (mergeIndex loads no script and no wasm of its own).
_MERGED_DIRS = ("index", "fragment", "filter")


def _place(bundle: Path, target: Path, merged: bool) -> None:
    """A bundle's files at `target`: hard links where the cache and the site share a filesystem
    (a bundle at 10,000 decrees is tens of megabytes), copies elsewhere. Nothing writes into a
    placed file: the build writes its own files beside them, and mkdocs build removes the site's
    files rather than rewriting them. A `merged` shard gets its index only: Pagefind's scripts,
    wasm and UI (half a megabyte) come from the bundle at the site's pagefind/."""
    base = str(bundle)
    for top, _, names in os.walk(base):
        rel_top = os.path.relpath(top, base)
        first = rel_top.split(os.sep)[0]
        into = target / rel_top
        made = False
        for name in sorted(names):
            if name == MANIFEST or (merged and not (first in _MERGED_DIRS or name == "pagefind-entry.json"
                                                    or name.endswith(".pf_meta"))):
                continue
            if not made:
                into.mkdir(parents=True, exist_ok=True)
                made = True
            source, dest = os.path.join(top, name), into / name
            try:
                os.link(source, dest)
            except OSError:
                shutil.copyfile(source, dest)


def _page_count(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language.get("page_count", 0)) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _priced(bundles: list[Path], common) -> dict:
    """Each common word with what looking it up downloads (the index chunk holding it, in every
    shard: the browser asks each merged shard), which the search box compares; its occurrences
    when no shard's chunk list can be read."""
    common = dict(common) if isinstance(common, dict) else {word: 1 for word in common}
    total: dict[str, int] = {}
    read = False
    for bundle in bundles:
        prices = chunk_prices(bundle, common)
        read = read or bool(prices)
        for word, price in prices.items():
            total[word] = total.get(word, 0) + price
    return {word: total.get(word, 0) for word in common} if read else common


def _tail(log: str, lines: int = 20) -> str:
    return "\n".join(log.strip().splitlines()[-lines:])
