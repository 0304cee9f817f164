"""`mkdocs build` hands its search step to a fresh process, so that Pagefind is not run beside
memory the MkDocs process can no longer give back.

The search step runs last, over pages already on disk (hooks/thidua/searchindex.py). By then the
MkDocs process holds little live data, but it cannot return most of its memory: Python's
allocator gives an arena back to the system only when every object in it is gone, and the objects
that outlive the pages are spread over most arenas (at 10,000 records, 0.92 GB resident for about
0.2 GB of live objects; hooks/thidua_memory.py already hands back what can be). A Pagefind process
grows by about 0.8 MB a decree page of its shard, and the two side by side were the build's peak:
at 2,000 records 1.64 GB, Pagefind 1.39 GB of it, where rendering the pages never passed 0.55 GB.

So when the heaviest shard to index holds at least `search_handover_pages` decree pages
(thidua.options: a cold build, an older decree's edit; a recent year's shard, which most edits
index again, is lighter and stays in process, where its search step overlaps the recording of the
site and the pruning of the cache), the MkDocs process writes what the search step needs to a
temporary folder and replaces itself with `python thidua_handover.py FOLDER` (exec: the same
process id, so whoever waits for `mkdocs build` waits for the index and gets its exit status).
That program runs the index, logs as MkDocs does, and exits 0; or, like a failed build
(hooks/thidua_mkdocs.py, on_build_error), removes the site and its recorded state and exits 1.
Beside Pagefind it holds 0.05 GB at 2,000 records, 0.09 GB at 10,000 (hooks/README.md, "Memory").

Only when nothing MkDocs would still do is lost: the command is `mkdocs build` itself (not serve,
gh-deploy or a build called from Python), or the preview's first build run in a process of its
own, which ends with its build too (hooks/thidua_firstpreview.py), on a POSIX system, no other plugin handles post_build
after this hook or shutdown at all, and --strict has counted no warning (MkDocs then aborts the
build itself, after the index).
"""
from __future__ import annotations

import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

# Run as a program, this file's folder is the first on sys.path, so the package beside it imports.
from thidua import searchindex
from thidua.buildcache import Store

import thidua_sweep

# Said where MkDocs' own `build` says it (mkdocs/commands/build.py), so the log reads the same.
BUILT = "Documentation built in %.2f seconds"
FAILED = "Không tạo được chỉ mục tìm kiếm [Search index failed]: "
ABORTED = "Aborted with a BuildError!"
JOB_FILE = "job.pickle"


@dataclass
class Job:
    """What the search step needs once the MkDocs process is gone."""
    plan: searchindex.IndexPlan
    facets: list
    common: Any
    store: Store | None
    workers: int
    site_dir: str
    root: str  # the project: never removed, nor a folder holding it
    started: float  # time.monotonic() when the build started
    level: int  # the `mkdocs` logger's level (--quiet, --verbose)


def run(plan: searchindex.IndexPlan, *, entries, facets, common, store: Store | None, workers: int,
        info: Callable[[str], None], meanwhile: Callable[[], None] | None,
        shard_entries: Callable[[str], dict] | None = None) -> None:
    """The search step and its log lines, in the MkDocs process or in the handed-over one.
    Raises searchindex.SearchIndexError."""
    report = searchindex.run_index(plan, facets=facets, common=common, entries=entries, store=store,
                                   workers=workers, log=info, meanwhile=meanwhile, shard_entries=shard_entries)
    info("search: %d pages indexed in %.1f s" % (report.pages, report.seconds))
    if store is not None:
        notice = store.notice()
        if notice:
            info(notice)  # a warning would fail a strict build that is otherwise correct
        info("build cache: %d reused, %d computed" % (store.hits, store.misses))


def wanted(plan: searchindex.IndexPlan, pages: int, command: str, config, own: Callable[[Any], bool]) -> bool:
    """Whether the build should hand its search step over (see the module's docstring). `own`
    tells this hook's event handlers from other plugins'."""
    if not pages or plan.heaviest_to_index() < pages * searchindex.DECREE_PAGE_WEIGHT:
        return False
    if command != "build" or os.name != "posix" or not sys.executable or not _mkdocs_is_the_program():
        return False
    events = config.plugins.events
    if not events.get("post_build") or not own(events["post_build"][-1]):
        return False
    if not all(own(handler) for handler in events.get("shutdown", [])):
        return False
    return not _warnings_counted()


def _mkdocs_is_the_program() -> bool:
    """`mkdocs …` or `python -m mkdocs …`, not a program that builds through MkDocs' Python API:
    exec would end that program."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "mkdocs.__main__":
        return True
    entry = sys.modules.get("mkdocs.__main__")  # the console script: from mkdocs.__main__ import cli
    return entry is not None and getattr(main, "cli", None) is getattr(entry, "cli", object())


def _warnings_counted() -> bool:
    """Whether --strict has counted a warning (mkdocs.utils.CountHandler on the `mkdocs` logger)."""
    for handler in logging.getLogger("mkdocs").handlers:
        counts = getattr(handler, "get_counts", None)
        if counts is not None and counts():
            return True
    return False


def hand_over(job: Job, entries) -> None:
    """Replace this process with the search step; `entries` has the search entries of the pages
    of the shards to index. Returns only if that could not be done (the caller then runs the step
    itself)."""
    folder = tempfile.mkdtemp(prefix="thidua-search-step-")
    try:
        # A file per shard, read by the thread that folds that shard's copies: the new process
        # does not hold an archive's entries (56 MB of text at 10,000 records) while Pagefind runs.
        for n, name in enumerate(job.plan.to_index):
            _dump({rel: entries.get(rel) for rel, _ in job.plan.shards[name]}, os.path.join(folder, f"{n}.pickle"))
        # Its fields, not the Job: the program runs this file as __main__, where Job has another name.
        _dump(vars(job), os.path.join(folder, JOB_FILE))
        for handler in [*logging.getLogger().handlers, *logging.getLogger("mkdocs").handlers]:
            handler.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), folder])
    except (OSError, pickle.PicklingError):
        shutil.rmtree(folder, ignore_errors=True)


def _dump(value, path: str) -> None:
    with open(path, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: str):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _say(level: int, threshold: int, text: str) -> None:
    if level >= threshold:
        print(f"{logging.getLevelName(level):<8}-  {text}", file=sys.stderr, flush=True)


def main(folder: str) -> int:
    try:
        job = Job(**_load(os.path.join(folder, JOB_FILE)))
        files = {name: os.path.join(folder, f"{n}.pickle") for n, name in enumerate(job.plan.to_index)}
        info = lambda text: _say(logging.INFO, job.level, "thidua: " + text)  # noqa: E731
        store = job.store
        try:
            run(job.plan, entries=None, shard_entries=lambda name: _load(files[name]), facets=job.facets,
                common=job.common, store=store, workers=job.workers, info=info,
                meanwhile=store.prune if store is not None else None)
        except BaseException as exc:
            _remove_site(job)
            if isinstance(exc, searchindex.SearchIndexError):
                _say(logging.ERROR, job.level, FAILED + str(exc))
                print("\n" + ABORTED, flush=True)
                return 1
            raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _say(logging.INFO, job.level, BUILT % (time.monotonic() - job.started))
    return 0


def _remove_site(job: Job) -> None:
    """What a failed build leaves: no site to publish by mistake, no record of it to trust
    (hooks/thidua_mkdocs.py, on_build_error)."""
    if job.store is not None:
        import thidua_kept  # only now: it pulls in MkDocs' page machinery

        thidua_kept.forget(job.store, job.site_dir)
    if thidua_sweep.may_clear(job.site_dir, Path(job.root)) and os.path.isdir(job.site_dir):
        shutil.rmtree(job.site_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
