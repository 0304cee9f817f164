"""Generated pages rendered on the other cores while MkDocs renders the rest.

MkDocs renders pages one after another (mkdocs/commands/build.py, `_build_page`). By `on_env`
every page has been read and converted and the navigation is final, so rendering a page's template
needs nothing another page's rendering changes. The glue (hooks/thidua_mkdocs.py) gives a share of
the generated pages outside the navigation to forked children, which render them exactly as
`_build_page` does (same context, same template, same `on_page_context` and `on_post_page` events)
and write them; MkDocs renders the remaining share meanwhile. The pages handed out are marked
excluded so MkDocs does not render them again.

A child starts as a copy of the build (fork), so it sees the same objects; what its events record
(search entries, code found in a page, cache entries written, warnings) is written to a file
that the parent reads once the child has exited and adds to its own, so the build log and
`--strict` see everything. Only `mkdocs build` uses this: `mkdocs serve` runs threads, beside
which forking is unsafe.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from mkdocs import utils
from mkdocs.commands.build import get_context

# Below this many pages a child costs more than it saves.
MIN_PAGES = 64


@dataclass
class Share:
    process: Any
    pages: list = field(default_factory=list)
    result: str = ""  # the file the child writes what it sends back to


class _Collect(logging.Handler):
    """A child's warnings and errors, to be logged again by the parent (which counts them for --strict)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def render(page, config, doc_files, nav, env) -> None:
    """What mkdocs.commands.build._build_page does for one page of a clean build."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    finally:
        page.active = False
        config._current_page = None


def start(pages: list, children: int, config, doc_files, nav, env,
          snapshot: Callable[[], dict]) -> list[Share]:
    """Fork `children` processes, each rendering every (children+1)-th page of `pages` from its
    own offset; the parent keeps the pages at offset 0 (the caller leaves them to MkDocs).
    `snapshot()` is called in each child after its pages: the state to send back."""
    if children < 1 or len(pages) < MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return []
    context = multiprocessing.get_context("fork")
    shares = []
    for n in range(1, children + 1):
        mine = pages[n:: children + 1]
        fd, result = tempfile.mkstemp(prefix="thidua-pages-", suffix=".pickle")
        os.close(fd)
        process = context.Process(target=_child, args=(mine, config, doc_files, nav, env, snapshot, result),
                                  daemon=True)
        process.start()
        shares.append(Share(process, mine, result))
    return shares


def _child(pages, config, doc_files, nav, env, snapshot, result: str) -> None:
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.handlers = [collect]  # printed once, by the parent, which counts them for --strict
    logger.propagate = False
    try:
        for page in pages:
            render(page, config, doc_files, nav, env)
        sent = {"state": snapshot(), "logs": collect.records}
    except BaseException:  # noqa: BLE001 — reported to the parent, which fails the build
        sent = {"error": traceback.format_exc(), "logs": collect.records}
    # Through a file the parent reads once this process is gone, not through a pipe: the search
    # entries of half an archive's pages (some 50 MB at 10,000 records) would be held by both
    # processes at once, the build's peak memory.
    with open(result, "wb") as fh:
        pickle.dump(sent, fh, protocol=pickle.HIGHEST_PROTOCOL)


def finish(shares: list[Share]) -> tuple[list[dict], list[str]]:
    """Wait for every child: (their snapshots, their errors). Their warnings are logged here."""
    states, errors = [], []
    for share in shares:
        share.process.join()
        try:
            with open(share.result, "rb") as fh:
                result = pickle.load(fh)  # an empty file: the child died before writing it
        except (EOFError, OSError, pickle.UnpicklingError):
            result = {"error": f"a page renderer exited ({share.process.exitcode}) without a result", "logs": []}
        finally:
            try:
                os.unlink(share.result)
            except OSError:
                pass
        for name, level, message in result.get("logs", []):
            logging.getLogger(name).log(level, "%s", message)
        if "error" in result:
            errors.append(result["error"])
        else:
            states.append(result["state"])
    return states, errors


def abandon(shares: list[Share]) -> None:
    """A failed build: stop the children still rendering and remove what they wrote back."""
    for share in shares:
        share.process.kill()
        share.process.join()
        try:
            os.unlink(share.result)
        except OSError:
            pass
