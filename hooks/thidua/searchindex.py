"""Run Pagefind over a built site. Engine-free (no MkDocs import): the hook calls build_index()
after every build, `mkdocs serve` rebuilds included, and turns SearchIndexError into a failed build.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from thidua.model import SECTION
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


def pagefind_command(site: Path, output: Path) -> list[str]:
    # The pinned `pagefind[bin]` wheel ships the binary; `python -m pagefind` finds it, so no
    # download happens at build time.
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
           "--root-selector", ROOT_SELECTOR, "--force-language", "vi"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


FACETS_FILE = "thidua-facets.json"
COMMON_FILE = "thidua-common.json"


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


def build_index(site_dir: str | Path, section: str = SECTION, bundle: str = BUNDLE,
                facets: list[dict] | None = None, common: list[str] | None = None,
                entries: dict[str, tuple[int, str]] | None = None) -> IndexReport:
    """Index every HTML page of the section into <site_dir>/<bundle>/.

    Pagefind reads a copy of the section whose đ/Đ are spelled with a combining stroke (see
    thidua.search.index_text); result URLs come out as "/<section>/…/", relative to the site root.
    `facets` (thidua.search.facet_list) and `common` (thidua.search.common_words) are written
    beside the bundle for the search box. `entries` (site-relative file -> take_entry's second
    value) are put back into the copies of the pages they were taken from.
    """
    site_dir = Path(site_dir).resolve()
    source = site_dir / section
    if not source.is_dir():
        raise SearchIndexError(f"search: no section to index at {source}")
    started = time.perf_counter()
    output = site_dir / bundle
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="thidua-search-") as tmp:
        copy_root = Path(tmp)
        count = 0
        for page in source.rglob("*.html"):
            rel = page.relative_to(source)
            target = copy_root / section / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            text = page.read_text(encoding="utf-8")
            entry = (entries or {}).get(f"{section}/{rel.as_posix()}")
            if entry:
                text = text[: entry[0]] + entry[1] + text[entry[0]:]
            target.write_text(index_text(text), encoding="utf-8")
            count += 1
        if not count:
            raise SearchIndexError(f"search: no HTML page under {source}")
        try:
            proc = subprocess.run(pagefind_command(copy_root, output), capture_output=True,
                                  text=True, timeout=1800)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"search: could not run Pagefind: {exc}") from exc
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise SearchIndexError(f"search: Pagefind exited {proc.returncode}:\n{_tail(log)}")
    found = _INDEXED.search(log)
    pages = int(found.group(1)) if found else 0
    if pages == 0 or not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"search: Pagefind indexed no page of {count}:\n{_tail(log)}")
    if common:
        common = _priced(output, common)
    # Beside the bundle, so the browser finds all from one base URL. Sorted, for reproducible builds.
    for name, value in [(FACETS_FILE, facets or []), (COMMON_FILE, common or [])]:
        (output / name).write_text(
            json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            encoding="utf-8")
    return IndexReport(pages=pages, seconds=time.perf_counter() - started, bundle=output)


def _priced(bundle: Path, common) -> dict:
    """Each common word with what looking it up downloads (its index chunk's bytes), which the
    search box compares; its occurrences when the bundle's chunk list cannot be read."""
    common = dict(common) if isinstance(common, dict) else {word: 1 for word in common}
    prices = chunk_prices(bundle, common)
    return {word: prices.get(word, 0) for word in common} if prices else common


def _tail(log: str, lines: int = 20) -> str:
    return "\n".join(log.strip().splitlines()[-lines:])
