"""Names for whole finished pages, so a page whose inputs are unchanged is not rendered again.

A generated page's HTML is a function of: the site (mkdocs.yml as resolved, the theme's and the
portal's templates, the hand-written pages that make up the navigation, the code), the page's own
plan (thidua.planned.PlannedPage: address, title, template, Markdown, context) and the few values
the glue adds while rendering (breadcrumb titles, the decree's search entry). `site_digest` names
the first part once per build; `page_inputs` lists the rest for one page. The build cache
(thidua.buildcache.Store) turns both into the entry's name, so a change to any of them simply asks
for another entry: nothing is invalidated by hand.

Context values are model objects (thidua.model, thidua.honours, …). `fingerprint` encodes them as
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


def fingerprint(value: Any, memo: dict[int, str]) -> str:
    """A name that changes whenever `value`'s content does. `memo` maps id() of objects already
    named in this build to their names; keep it for one build only (ids are reused after objects
    die, and the objects of one build live until its end). Fields an object lists in
    `FINGERPRINT_SKIP` (positions kept for error messages) are left out; an object with a
    `fingerprint_fields()` method is named by those fields alone."""

    def named(obj: Any) -> Any:
        if isinstance(obj, (datetime.date, datetime.datetime)):
            return obj.isoformat()
        if isinstance(obj, (set, frozenset)):
            return sorted(_dump(v, named) for v in obj)
        key = id(obj)
        if key in memo:
            return memo[key]
        memo[key] = "cycle"  # a self-reference names itself by position, the same in every build
        skip = getattr(obj, "FINGERPRINT_SKIP", ())
        if hasattr(obj, "fingerprint_fields") and not isinstance(obj, type):
            # The fields the others are a function of (thidua.model.Campaign: path, bytes, issuer).
            parts: Any = [[name, getattr(obj, name)] for name in obj.fingerprint_fields()]
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            parts = [[f.name, getattr(obj, f.name)] for f in dataclasses.fields(obj) if f.name not in skip]
        elif isinstance(getattr(obj, "pattern", None), str):  # a compiled registry pattern (re, re2)
            parts = obj.pattern
        elif hasattr(obj, "__dict__") and not callable(obj):
            parts = [[k, v] for k, v in sorted(vars(obj).items()) if k not in skip]
        else:
            raise TypeError(f"no fingerprint for {type(obj).__qualname__}")
        name = _sha(_dump([type(obj).__module__, type(obj).__qualname__, parts], named))
        memo[key] = name
        return name

    return _sha(_dump(value, named))


def _dump(value: Any, default) -> str:
    # The C encoder walks lists and dicts; only model objects come back to Python (`default`).
    # A dict whose keys are not text or numbers raises TypeError, as an unknown object does.
    return json.dumps(value, default=default, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


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


def page_inputs(page, memo: dict[int, Any], *, crumbs: list, search_entry: Any = None,
                texts: TextNames | None = None) -> list:
    """Everything of one planned page (thidua.planned.PlannedPage) that its HTML depends on,
    besides the site. `search_entry`: the decree's search entry, or its name in the build cache
    (thidua.search.Planned.name); `texts`: the preview's TextNames. Raises TypeError when its
    context holds an object fingerprint cannot read."""
    markdown = _record_body_name(page)
    if markdown is None:
        markdown = texts.name(page.markdown) if texts is not None else text_digest(page.markdown)
    return [page.src_uri, page.title, page.template, markdown, page.in_nav, page.edit_path,
            page.lastmod, fingerprint(page.context, memo), crumbs, fingerprint(search_entry, memo)]


def _record_body_name(page) -> str | None:
    """A decree page's Markdown is its record's body (PlannedPage.record), a function of the record
    file's bytes (thidua.model.Campaign.digest): named by that digest, 20,000 bodies need not be
    read, nor hashed, on every build. None for any other Markdown."""
    record = getattr(page, "record", None)
    digest = getattr(record, "digest", "")
    return f"body of {record.path} {digest}" if digest else None


class TextNames:
    """text_digest() of the texts the previous build named too, found by the text object itself.
    In the preview a record's body comes from memory as the same string while its file is
    unchanged (thidua.buildcache.Store's memory), so its decree page's Markdown, a record's whole
    body, is not hashed again on every save. Each text named is held, so its id is never reused
    while it is remembered; a string cannot change, so the same object has the same name."""

    def __init__(self) -> None:
        self.previous: dict[int, tuple[str, str]] = {}
        self.current: dict[int, tuple[str, str]] = {}

    def next_build(self) -> None:
        self.previous, self.current = self.current, {}

    def name(self, text: str | None) -> str | None:
        if text is None:
            return None
        found = self.current.get(id(text)) or self.previous.get(id(text))
        if found is None or found[0] is not text:
            found = (text, text_digest(text))
        self.current[id(text)] = found
        return found[1]


def text_digest(text: str | None) -> str | None:
    """A long text's name, cheaper than encoding it as JSON inside a key."""
    return None if text is None else _sha(text)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
