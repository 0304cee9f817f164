"""Names for whole finished pages, so a page whose inputs are unchanged is not rendered again.

A generated page's HTML is a function of: the site (mkdocs.yml as resolved, the theme's and the
portal's templates, the hand-written pages that make up the navigation, the code), the page's own
plan (thidua.planned.PlannedPage: address, title, template, Markdown, context) and the few values
the glue adds while rendering (breadcrumb titles, the decree's search entry). `site_digest` names
the first part once per build; `page_inputs` lists the rest for one page. The build cache
(thidua.buildcache.Store) turns both into the entry's name, so a change to any of them simply asks
for another entry: nothing is invalidated by hand.

Context values are model objects (thidua.model, thidua.honours, …). `fingerprint` reduces them to
JSON by their fields, recursively, and names each object by a digest it computes once per build,
so the hundred listing pages that show one decree hash that decree once. An object it does not know
how to read raises TypeError: the glue then renders that page every time rather than guess.
No MkDocs import: the glue (hooks/thidua_mkdocs.py) decides when.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

KIND = "page"


def fingerprint(value: Any, memo: dict[int, Any]) -> Any:
    """A JSON-encodable value that changes whenever `value`'s content does. `memo` maps id() of
    objects already named in this build to their names; keep it for one build only (ids are reused
    after objects die, and the objects of one build live until its end)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [fingerprint(v, memo) for v in value]
    if isinstance(value, dict):
        return [[fingerprint(k, memo), fingerprint(v, memo)] for k, v in value.items()]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(fingerprint(v, memo), sort_keys=True) for v in value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    key = id(value)
    if key in memo:
        return memo[key]
    memo[key] = "cycle"  # a self-reference names itself by position, the same in every build
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [[f.name, fingerprint(getattr(value, f.name), memo)] for f in dataclasses.fields(value)]
    elif isinstance(getattr(value, "pattern", None), str):  # a compiled registry pattern (re, re2)
        parts = value.pattern
    elif hasattr(value, "__dict__") and not callable(value):
        parts = [[k, fingerprint(v, memo)] for k, v in sorted(vars(value).items())]
    else:
        raise TypeError(f"no fingerprint for {type(value).__qualname__}")
    name = _sha(json.dumps([type(value).__module__, type(value).__qualname__, parts],
                           ensure_ascii=False, separators=(",", ":")))
    memo[key] = name
    return name


def tree_digest(folder: Path, patterns: Iterable[str]) -> str:
    """The names and bytes of every file under `folder` matching one of `patterns`."""
    h = hashlib.sha256()
    folder = Path(folder)
    found = sorted({p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()})
    for path in found:
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def site_digest(*, config_file: Path, resolved: dict[str, Any], templates: Path, docs: Path,
                nav_pages: list[tuple[str, str]], mode: str) -> str:
    """What every page of the site depends on. `resolved`: the values of mkdocs.yml after `!ENV`
    and defaults (site_url, extra…), which its bytes alone do not tell; `docs`: the hand-written
    pages, whose titles are in every page's navigation; `nav_pages`: generated pages in the
    navigation (address, title); `mode`: "build" or "serve" (the preview's security policy differs)."""
    return _sha(json.dumps([
        Path(config_file).read_bytes().decode("utf-8", "replace"),
        fingerprint(resolved, {}),
        tree_digest(templates, ["*"]),
        tree_digest(docs, ["*.md"]),
        nav_pages,
        mode,
    ], ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def page_inputs(page, memo: dict[int, Any], *, crumbs: list, search_entry: Any = None) -> list:
    """Everything of one planned page (thidua.planned.PlannedPage) that its HTML depends on,
    besides the site. Raises TypeError when its context holds an object fingerprint cannot read."""
    return [page.src_uri, page.title, page.template, page.markdown, page.in_nav, page.edit_path,
            page.lastmod, fingerprint(page.context, memo), crumbs, fingerprint(search_entry, memo)]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
