"""What an operator may set in mkdocs.yml under `extra:`, with every default in this one place.

    extra:
      record_edit_base: https://github.com/OWNER/REPO/edit/main   # "Sửa trang" links to the record
      build_cache: .cache/thidua    # folder of the build cache, relative to mkdocs.yml; "" turns it off
      build_workers: 0              # processes for independent work; 0 = every core available
      page_size: 20                 # decrees per listing page
      index_page_size: 50           # names per page of a listing's index (themes, units…)
      search_shard_pages: 2000      # decree pages per search shard of the older years (fewer: less
                                    # memory for each Pagefind, more bytes for each reader's query)
      search_handover_pages: 1000   # `mkdocs build` runs its search step in a fresh process when a
                                    # shard to index has this many decree pages (hooks/thidua_handover.py),
                                    # and `mkdocs serve` its first build in a process of its own when
                                    # this many pages are not in the cache (hooks/thidua_firstpreview.py);
                                    # 0: never
      preview_watcher: auto         # `mkdocs serve`: "auto" listens to the kernel's change events
                                    # where they are complete (hooks/thidua/watching.py); "polling"
                                    # always polls, as MkDocs does

README.md ("Build cache and options") documents them for operators.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    record_edit_base: str | None = None
    build_cache: str = ".cache/thidua"
    build_workers: int = 0
    page_size: int = 20
    index_page_size: int = 50
    search_shard_pages: int = 2000
    search_handover_pages: int = 1000
    preview_watcher: str = "auto"


def read(extra: dict | None) -> Options:
    extra = extra or {}
    defaults = Options()
    cache = extra.get("build_cache", defaults.build_cache)
    workers = extra.get("build_workers", defaults.build_workers)
    return Options(
        record_edit_base=extra.get("record_edit_base") or None,
        build_cache=str(cache) if cache else "",
        build_workers=int(workers) if isinstance(workers, int) and workers >= 0 else defaults.build_workers,
        page_size=_positive(extra.get("page_size"), defaults.page_size),
        index_page_size=_positive(extra.get("index_page_size"), defaults.index_page_size),
        search_shard_pages=_positive(extra.get("search_shard_pages"), defaults.search_shard_pages),
        search_handover_pages=_count(extra.get("search_handover_pages"), defaults.search_handover_pages),
        preview_watcher="polling" if extra.get("preview_watcher") == "polling" else defaults.preview_watcher,
    )


def _positive(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def _count(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def cache_folder(options: Options, root: Path) -> Path | None:
    return (Path(root) / options.build_cache) if options.build_cache else None
