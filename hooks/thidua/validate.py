"""From the files in campaigns/ to a validated Portal, or every problem found on the way.

One pass collects all problems of all files; nothing is built from a project that has any.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import os
import posixpath
import stat
import time
from pathlib import Path
from typing import NamedTuple

from . import buildcache, bodycheck, parallel, consultations, dates, honours, records, schema_check, sources, vocabulary, yamlpos
from .model import Campaign, Portal
from .numbers import TYPE_CODES, symbol_of  # noqa: F401  (re-exported)
from .problems import Problem
from .units import load_units
from .vntext import fold, slugify

# The layout of a project lives in thidua.layout, the grammar of a number in thidua.numbers (both
# also used by the importer); these names stay importable from here.
from .layout import (  # noqa: E402,F401
    CAMPAIGNS, MOVEMENTS, RESERVED_SLUGS, SLUG_MAX, THEMES, TITLE_SLUG_MAX,
)


def record_paths(root: Path) -> list[Path]:
    """Every *.md under campaigns/ — links and folders too, so that reading refuses them by name."""
    return [p for p in sources.find(root, CAMPAIGNS, (".md",)) if p.name.lower() != "readme.md"]


def validate_project(root: Path, only: list[Path] | None = None,
                     cache: buildcache.Store | None = None,
                     seen: Seen | None = None, workers: int = 1) -> tuple[Portal | None, list[Problem]]:
    """Validate the whole project (cross-record rules need every record) and build the Portal.

    `only` restricts the reported problems to those files (plus the registries and honour decisions), for editors'
    pre-commit checks; the records are still all read so duplicates are found. With a `cache`
    (thidua.buildcache), a record file whose bytes were read and checked before is not parsed again.
    `seen` (the preview's, with a cache): what its previous rebuild read and built, reused for the
    files that did not change since. `workers`: processes that check the files the cache does not
    know (thidua.parallel).
    """
    root = Path(root)
    units, problems = load_units(root)
    # A broken registry would make every record's issuer look unknown: report the registry only.
    registry = None if problems else units
    campaigns: list[Campaign] = []
    if seen is not None:
        seen.next_build(registry)
    for source, found in _checked_sources(record_paths(root), root, cache, seen, workers):
        problems += found
        if source is None:
            continue
        campaign, found = seen.campaign(source, registry) if seen is not None else _campaign(source, registry)
        problems += found
        if campaign:
            campaigns.append(campaign)
    problems += _cross_record(campaigns)
    listing_data, found = _listing_data(root, units, campaigns)
    problems += found
    if only is not None:
        wanted = {p.resolve().relative_to(root.resolve()).as_posix() for p in only}
        # Registries and honour decisions (YAML) concern every record: always reported.
        problems = [p for p in problems if p.path in wanted or not p.path.endswith(".md")]
    if problems:
        return None, problems
    campaigns.sort(key=lambda c: (c.sort_date(), c.path), reverse=True)
    return Portal(units=units, campaigns=campaigns, **listing_data), []


def _check_source(path: Path, root: Path, raw: bytes | None = None) -> tuple[records.SourceFile | None, list[Problem]]:
    """What one file says on its own, before any registry: read, schema, body rules."""
    source, problems = records.read(path, root, raw)
    if source is None:
        return None, problems
    if "number" in source.front.data and source.front.data["number"] is None:
        source.front.data["number"] = ""  # an empty `number:` is how editors say "no number yet"
    found = schema_check.check(source.front, "record.schema.json", source.path)
    if found:
        return None, problems + found
    return source, problems + bodycheck.check(source.body, source.path, source.body_line)


class _Unchecked(NamedTuple):
    """A record file read but not yet checked: _check_source(path, root), then kept under `key`.
    Not its bytes: the worker reads them again (from the system's cache) rather than every
    unchecked file being held at once (some 750 MB for 50,000 records)."""
    path: Path
    digest: str
    key: str


def _checked_sources(paths: list[Path], root: Path, cache, seen: Seen | None, workers: int) -> list[tuple]:
    """_checked_source() of each path, in order; the files the cache does not know are checked by
    `workers` processes (parsing and checking 10,000 records took 11 s of one core)."""
    out: list = []
    todo: list[tuple[int, _Unchecked]] = []
    for path in paths:
        found = _checked_source(path, root, cache, seen, defer=workers > 1)
        if isinstance(found, _Unchecked):
            todo.append((len(out), found))
        out.append(found)
    checked = parallel.map_each(functools.partial(_check_unchecked, root=root), [job for _, job in todo],
                               workers=workers)
    for (n, job), result in zip(todo, checked):
        # None: the file changed since it was read here; read and checked again, here.
        out[n] = _kept(cache, job.key, *result, seen=seen, path=job.path, digest=job.digest) \
            if result is not None else _checked_source(job.path, root, cache, seen)
    return out


def _check_unchecked(job: _Unchecked, root: Path) -> tuple[records.SourceFile | None, list[Problem]] | None:
    raw = job.path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != job.digest:
        return None
    return _check_source(job.path, root, raw)


def _kept(cache, key: str, source, problems: list[Problem], seen: Seen | None = None,
          path: Path | None = None, digest: str = "") -> tuple[records.SourceFile | None, list[Problem]]:
    """Store the check of the bytes of `path` whose digest is `digest` under `key`; `seen` remembers it."""
    value = _source_to_json(source, problems)
    if value is not None:
        cache.put_text("record", key, *value)
        if seen is not None:
            seen.remember(path, digest, key, value[0])
    return source, problems


def _checked_source(path: Path, root: Path, cache, seen: Seen | None = None,
                    defer: bool = False) -> tuple[records.SourceFile | None, list[Problem]] | _Unchecked:
    """_check_source(), reused from the cache when the file's path and bytes are unchanged (the
    checks read nothing else; the code's own version is part of every cache key). `seen`: the
    preview's memory of the files it read (Seen.digest). `defer`: a file read but not in the cache
    is returned as _Unchecked, for _checked_sources to check."""
    if cache is None:
        return _check_source(path, root)
    rel = path.relative_to(root).as_posix()
    raw, digest = None, seen.digest(path) if seen is not None else None
    if digest is not None:
        found = _from_head(path, root, cache, seen, digest)
        if found is not None:
            return found
    if digest is None:
        if sources.refusal(path, root) is not None:  # a link or a folder: never read, never cached
            return _check_source(path, root)
        raw, digest = seen.read(path) if seen is not None else _read(path)
    key = cache.key("record", rel, digest)
    stored = cache.get_text("record", key)
    if stored is not buildcache.MISSING:
        try:
            found = _source_from_json(*stored, digest)
        except (KeyError, TypeError, ValueError):
            cache.corrupt += 1
        else:
            if seen is not None:
                seen.remember(path, digest, key, stored[0])
            return found
    if raw is None:  # known to the preview, but no longer in the cache: read it as if new
        if sources.refusal(path, root) is not None:
            return _check_source(path, root)
        raw, digest = _read(path)
        key = cache.key("record", rel, digest)
    if defer:
        return _Unchecked(path, digest, key)
    return _kept(cache, key, *_check_source(path, root, raw), seen=seen, path=path, digest=digest)


def _from_head(path: Path, root: Path, cache, seen: Seen, digest: str):
    """A file unchanged since the build that checked it, from what that build kept of it in the
    files' state (Seen.head): its front matter and problems, its body left in the cache entry
    until asked for (_StoredBody). None when there is no such head, or its entry is not on disk."""
    known = seen.head(path)
    if known is None:
        return None
    key, value = known
    if not cache.has("record", key):
        return None
    try:
        found = _source_from_json(value, _StoredBody(cache, key, path, root, digest), digest)
    except (KeyError, TypeError, ValueError):
        return None
    cache.mark_used("record", key)
    return found


class RecordChanged(Exception):
    """A record file changed while it was being built, and its body is needed (_StoredBody)."""


class _StoredBody:
    """The body of a checked record, read from its build cache entry when first needed
    (thidua.model.Campaign.body): an unchanged decree's page, search entry and files come from the
    cache, so most rebuilds never decode it. Should the entry be gone or damaged since validation
    found it, the body is read from the record file again, if its bytes are still those checked."""

    __slots__ = ("cache", "key", "path", "root", "digest")

    def __init__(self, cache, key: str, path: Path, root: Path, digest: str) -> None:
        self.cache, self.key, self.path, self.root, self.digest = cache, key, path, root, digest

    def __call__(self) -> str:
        stored = self.cache.get_text("record", self.key, count=False)
        if stored is not buildcache.MISSING and isinstance(stored[1], str):
            return stored[1]
        try:
            raw, digest = _read(self.path)
        except OSError:
            raw, digest = b"", ""
        source = _check_source(self.path, self.root, raw)[0] if digest == self.digest else None
        if source is None:
            rel = self.path.relative_to(self.root).as_posix()
            raise RecordChanged(
                f"{rel}: tệp đã thay đổi trong lúc dựng trang; hãy dựng lại "
                f"[{rel}: the file changed during the build; build again]")
        return source.body


def _read(path: Path) -> tuple[bytes, str]:
    raw = path.read_bytes()
    return raw, hashlib.sha256(raw).hexdigest()


class Seen:
    """The preview's memory of its previous rebuild's validation, for the files unchanged since.

    - A record file whose status (os.lstat: inode, size, modification and change times, type) is
      what it was when it was last read is not read again: its digest is the one taken then. Only
      a read made after the file had settled counts (its last change more than SETTLED_NS before
      the read), so a save in the same clock tick as a read is never missed. A plain file's own
      status says it is no link; a folder on its way that became a link is found by record_paths,
      which lists the link and does not walk through it.
    - The Campaign built from a file's bytes, with the same unit registry, is the same: it is
      reused (nothing changes a Campaign after validation, thidua.model).
    - With a file's status it keeps the name and value of the record entry of those bytes
      (remember, head): a later build finds the file's front matter there and leaves its body in
      the cache until it is needed (_from_head, _StoredBody).
    Reading and building every record took a fifth of a preview rebuild at 10,000 records.
    `mkdocs build` and the preview's first build start from the file statuses the previous
    `mkdocs build` on this machine recorded (state(), kept in the build cache by the glue): a
    file's status names its device and inode, so a checkout on another machine matches none.
    """

    SETTLED_NS = buildcache.SETTLED_NS

    def __init__(self) -> None:
        self.files: dict[str, tuple[tuple, str]] = {}  # path -> (status when read, digest)
        # path -> (cache name, value) of the record entry of those bytes (_checked_source)
        self.heads: dict[str, tuple[str, dict]] = {}
        self.built: dict[tuple, tuple] = {}  # (path, digest, registry's name) -> (Campaign, problems)
        self._files: dict = {}
        self._heads: dict = {}
        self._built: dict = {}
        self.registry: str | None = None

    def next_build(self, units: dict | None) -> None:
        """Start a rebuild: keep what the previous one used, nothing older."""
        self._files, self.files = self.files, {}
        self._heads, self.heads = self.heads, {}
        self._built, self.built = self.built, {}
        self.registry = buildcache.digest([dataclasses.asdict(u) for u in units.values()]) if units else None

    def digest(self, path: Path) -> str | None:
        """The digest of `path` as last read, if its status is unchanged since; else None."""
        name = str(path)
        known = self._files.get(name)
        if known is None:
            return None
        try:
            status = _status(os.lstat(name))
        except OSError:
            return None
        if status != known[0]:
            return None
        self.files[name] = known
        head = self._heads.get(name)
        if head is not None:
            self.heads[name] = head
        return known[1]

    def head(self, path: Path) -> tuple[str, dict] | None:
        """(cache name, value) of the record entry of `path`'s bytes, as remembered, if any."""
        return self.heads.get(str(path))

    def remember(self, path: Path, digest: str, key: str, value: dict) -> None:
        """`key` and `value` of the record entry of `path`'s bytes whose digest is `digest`: kept with
        the file's status (state()), so that a later build, finding the file unchanged, needs
        neither the file nor the entry's body (thidua.validate._from_head). Only while the status
        kept stands for those bytes."""
        name = str(path)
        known = self.files.get(name)
        if known is not None and known[1] == digest:
            self.heads[name] = (key, value)

    def read(self, path: Path) -> tuple[bytes, str]:
        name = str(path)
        started = time.time_ns()
        try:
            before = os.lstat(name)
        except OSError:
            before = None
        raw, digest = _read(path)
        if before is not None and stat.S_ISREG(before.st_mode) and \
                max(before.st_mtime_ns, before.st_ctime_ns) < started - self.SETTLED_NS:
            self.files[name] = (_status(before), digest)
        return raw, digest

    def state(self) -> dict[str, list]:
        """What this build read after the files had settled, as JSON, for restore() in a later
        process: each file's status and digest, and the cache name and value of its record entry."""
        heads = self.heads
        return {name: [*status, digest, *heads.get(name, ())] for name, (status, digest) in self.files.items()}

    def restore(self, state) -> None:
        """Count the files of a previous process's state() as read by the previous build. Anything
        malformed in it is left out: those files are read."""
        if not isinstance(state, dict):
            return
        files, heads = {}, {}
        for name, value in state.items():
            # _status()'s six fields, the digest, then maybe the record entry's name and value
            if not (isinstance(value, list) and len(value) in (7, 9) and isinstance(value[6], str)
                    and all(type(x) is int for x in value[:6])):
                continue
            files[name] = (tuple(value[:6]), value[6])
            if len(value) == 9 and isinstance(value[7], str) and isinstance(value[8], dict):
                heads[name] = (value[7], value[8])
        self.files, self.heads = files, heads

    def campaign(self, source: records.SourceFile, units) -> tuple[Campaign | None, list[Problem]]:
        if self.registry is None or not source.digest:
            return _campaign(source, units)
        key = (source.path, source.digest, self.registry)
        found = self._built.get(key) or self.built.get(key)
        if found is None:
            found = _campaign(source, units)
        self.built[key] = found
        return found


def _published(body):
    """A record's body as published: editors' HTML comments are notes to each other. `body`: the
    text, or a function that reads it (_StoredBody), in which case so is the result."""
    if isinstance(body, str):
        return bodycheck.strip_comments(body)
    return lambda: bodycheck.strip_comments(body())


def _status(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _source_to_json(source, problems) -> tuple[dict, str] | None:
    """The cache's form of a checked record: its JSON value, and its body apart (Store.put_text)."""
    out = {"problems": [[p.path, p.line, p.field, p.vi, p.en] for p in problems], "source": None}
    body = ""
    if source is not None:
        front = source.front
        if not buildcache.round_trips(front.data):
            return None  # e.g. a mapping with integer keys: parse it again next time, exactly
        body = source.body
        out["source"] = {
            "path": source.path, "body_line": source.body_line, "data": front.data,
            "lines": [[list(k), v] for k, v in front.lines.items()],
            "duplicates": [[list(k), v] for k, v in front.duplicates],
        }
    return (out, body) if buildcache.round_trips(out) else None


def _source_from_json(value: dict, body: str, digest: str):
    problems = [Problem(*p) for p in value["problems"]]
    s = value["source"]
    if s is None:
        return None, problems
    front = yamlpos.Located(s["data"], {tuple(k): v for k, v in s["lines"]},
                            [(tuple(k), v) for k, v in s["duplicates"]])
    return records.SourceFile(s["path"], front, body, s["body_line"], digest), problems


def _listing_data(root: Path, units, campaigns: list[Campaign]) -> tuple[dict, list[Problem]]:
    """The registries and decisions the listings need: themes, movements, honours."""
    themes, problems = vocabulary.load(root, THEMES)
    movements, found = vocabulary.load(root, MOVEMENTS)
    problems += found
    honour_list, found = honours.load(root, units, campaigns)
    problems += found
    consultation_list, found = consultations.load(root, units)
    problems += found
    return {"themes": themes, "movements": movements, "honours": honour_list,
            "consultations": consultation_list}, problems


def _near_units(ref: str, units: dict) -> list[str]:
    """A suggestion for a mistyped unit id: a unit of the province the id names (or a national
    one), or an id that differs by a typo. Never another province's unit of the same kind:
    "ubnd-tinh-cao-bang" is not a misspelt "ubnd-tinh-kon-tum"."""
    from .vntext import slugify

    named = {slugify(u.province) for u in units.values() if u.province and slugify(u.province) in ref}
    same_place = [uid for uid, u in units.items()
                  if (u.province and slugify(u.province) in named) or (not u.province and not named)]
    typo = difflib.get_close_matches(ref, list(units), n=1, cutoff=0.9)
    return typo or difflib.get_close_matches(ref, same_place, n=1, cutoff=0.75 if named else 0.85)


def _campaign(source: records.SourceFile, units) -> tuple[Campaign | None, list[Problem]]:
    data, rel = source.front.data, source.path
    line_of = source.front.line_of
    problems: list[Problem] = []
    issued = dates.parse(data["issued"])  # format already checked by the schema

    issuer = units.get(data["issuer"]) if units is not None else None
    if issuer is None and units is not None:
        near = _near_units(data["issuer"], units)
        hint_vi = f"; có phải “{near[0]}”?" if near else "; thêm đơn vị vào campaigns/units.yml"
        hint_en = f"; did you mean “{near[0]}”?" if near else "; add the unit to campaigns/units.yml"
        problems.append(Problem(
            rel, line_of(("issuer",)), "issuer",
            f"không có đơn vị mã “{data['issuer']}” trong danh mục{hint_vi}",
            f"no unit with id “{data['issuer']}” in the registry{hint_en}",
        ))

    if issuer is not None:
        problems += _issuer_existed(issuer, issued, units, rel, line_of(("issuer",)))

    folder = posixpath.basename(posixpath.dirname(rel))  # `rel` has forward slashes (records.SourceFile)
    if folder != str(issued.year):
        problems.append(Problem(
            rel, line_of(("issued",)), "issued",
            f"văn bản năm {issued.year} phải nằm trong thư mục campaigns/{issued.year}/, không phải “{folder}”",
            f"a record issued in {issued.year} belongs in campaigns/{issued.year}/, not “{folder}”",
        ))

    number, symbol = data["number"], data.get("symbol")
    printed_symbol = symbol_of(number)
    if symbol and printed_symbol and symbol != printed_symbol:
        problems.append(Problem(
            rel, line_of(("symbol",)), "symbol",
            f"ký hiệu “{symbol}” khác phần sau “/” của số “{number}”; bỏ trường symbol khi đã có số",
            f"symbol “{symbol}” differs from the number “{number}”; omit symbol when the number is set",
        ))
    code = (printed_symbol or symbol or "").split("-")[0]
    expected = TYPE_CODES.get(code)
    if expected and data["doc_type"] != expected:
        problems.append(Problem(
            rel, line_of(("doc_type",)), "doc_type",
            f"mã loại “{code}” trong số ký hiệu là “{expected}”, nhưng doc_type là “{data['doc_type']}”",
            f"type code “{code}” in the number means “{expected}”, but doc_type is “{data['doc_type']}”",
        ))

    after = data.get("issued_after")
    if after:
        bound = dates.parse(after)
        # A bound before the partial month is redundant but true; one after it contradicts it.
        if issued.is_full or bound.year != issued.year or issued.before(bound):
            problems.append(Problem(
                rel, line_of(("issued_after",)), "issued_after",
                f"chỉ dùng khi ngày ban hành chưa đầy đủ; phải cùng năm và không sau “{issued.iso()}”",
                f"only for a partial date of issue, in the same year and not after “{issued.iso()}”",
            ))
    effective = data.get("effective")
    if effective and dates.parse(effective).before(issued):
        problems.append(Problem(
            rel, line_of(("effective",)), "effective",
            f"ngày có hiệu lực “{effective}” trước ngày ban hành “{issued.iso()}”",
            f"the date of effect “{effective}” is before the date of issue “{issued.iso()}”",
        ))
    period = data.get("period") or {}
    if "from" in period and "to" in period and dates.parse(period["to"]).before(dates.parse(period["from"])):
        problems.append(Problem(
            rel, line_of(("period", "to")), "period.to",
            "ngày kết thúc trước ngày bắt đầu", "the period ends before it starts",
        ))

    file_name = posixpath.basename(rel)
    if not sources.RECORD_NAME.fullmatch(file_name):
        problems.append(Problem(
            rel, 1, "-",
            f"tên tệp “{file_name}” chỉ được gồm chữ thường không dấu, số và “-”, đuôi .md "
            "(ví dụ 293-kh-stttt.md)",
            f"file name “{file_name}” may only use a-z, 0-9 and “-”, ending in .md (e.g. 293-kh-stttt.md)",
        ))
    slug = data.get("slug") or slugify(number) or slugify(data["title"], TITLE_SLUG_MAX)
    problems += _slug_problems(slug, data, line_of, rel)
    if problems or issuer is None:
        return None, problems
    return Campaign(
        # Editors' HTML comments are notes to each other, never published.
        path=rel, data=data, source_body=_published(source.body), front=source.front,
        issuer=issuer, issued=issued, slug=slug, digest=source.digest,
        issued_after=dates.parse(after) if after else None,
        period_from=dates.parse(period["from"]) if period.get("from") else None,
        period_to=dates.parse(period["to"]) if period.get("to") else None,
        effective=dates.parse(effective) if effective else None,
    ), problems


def _slug_problems(slug: str, data: dict, line_of, rel: str) -> list[Problem]:
    """The URL segment of a record and of its old addresses: present, short, not reserved."""
    problems = []
    where = ("slug",) if "slug" in data else ("number",) if data["number"] else ("title",)
    if not slug:
        problems.append(Problem(
            rel, line_of(where), "slug",
            "không tạo được đường dẫn từ số hay tiêu đề (không có chữ cái Latinh); thêm trường “slug”, "
            "ví dụ slug: ke-hoach-thi-dua-2024",
            "no URL can be made from the number or title (no Latin letters); add a “slug”, "
            "e.g. slug: ke-hoach-thi-dua-2024",
        ))
    olds = [(old, ("redirect_from", i)) for i, old in enumerate(data.get("redirect_from", []))]
    for value, path in [(slug, where), *olds]:
        name = "slug" if path[0] != "redirect_from" else f"redirect_from[{path[1]}]"
        if len(value) > SLUG_MAX:
            problems.append(Problem(
                rel, line_of(path), name,
                f"đường dẫn “{value[:40]}…” dài {len(value)} ký tự, quá {SLUG_MAX}; đặt trường “slug” ngắn hơn",
                f"URL segment “{value[:40]}…” is {len(value)} characters, over {SLUG_MAX}; set a shorter “slug”",
            ))
        if value in RESERVED_SLUGS:
            problems.append(Problem(
                rel, line_of(path), name,
                f"“{value}” là tên dành riêng của trang; chọn đường dẫn khác",
                f"“{value}” is reserved for the portal's own pages; choose another",
            ))
    return problems


def _issuer_existed(issuer, issued, units, rel: str, line: int) -> list[Problem]:
    """A decree names its issuer as it was on its date (units have a life: see campaigns/units.yml, valid_to and successor)."""
    if issuer.valid_to and issuer.valid_to.before(issued):
        successor = units.get(issuer.successor) if issuer.successor else None
        hint_vi = f"; đơn vị kế thừa: “{successor.id}” ({successor.name})" if successor else ""
        hint_en = f"; its successor is “{successor.id}”" if successor else ""
        return [Problem(
            rel, line, "issuer",
            f"{issuer.name} chỉ hoạt động đến {dates.format_short(issuer.valid_to)}, trước ngày ban hành{hint_vi}",
            f"{issuer.name} ceased on {issuer.valid_to.iso()}, before the date of issue{hint_en}",
        )]
    if issuer.valid_from and issued.before(issuer.valid_from):
        return [Problem(
            rel, line, "issuer",
            f"{issuer.name} được thành lập từ {dates.format_short(issuer.valid_from)}, sau ngày ban hành",
            f"{issuer.name} was created on {issuer.valid_from.iso()}, after the date of issue",
        )]
    return []


def _cross_record(campaigns: list[Campaign]) -> list[Problem]:
    problems: list[Problem] = []
    numbers: dict[tuple, Campaign] = {}
    slugs: dict[tuple, tuple[Campaign, str]] = {}
    for c in sorted(campaigns, key=lambda c: c.path):
        if c.number:
            key = (c.issuer.id, c.year, fold(c.number))
            first = numbers.setdefault(key, c)
            if first is not c:
                # The duplicate number is the cause; its URL collision would only repeat it.
                problems.append(Problem(
                    c.path, c.line_of("number"), "number",
                    f"số “{c.number}” của {c.issuer.name} năm {c.year} đã dùng trong {first.path}; "
                    "số ký hiệu là duy nhất theo cơ quan và năm",
                    f"number “{c.number}” of this issuer in {c.year} is already used by {first.path}; "
                    "a number is unique per issuer and year",
                ))
                continue
        olds = [(old, ("redirect_from", i)) for i, old in enumerate(c.data.get("redirect_from", []))]
        for slug, path in [(c.slug, ("slug",)), *olds]:
            first = slugs.setdefault((c.year, slug), c)
            field = "redirect_from" if path[0] == "redirect_from" else "slug"
            line = c.line_of(*path) if path[0] in c.data else c.line_of("number")
            name = f"redirect_from[{path[1]}]" if len(path) > 1 else field
            if first is not c:
                problems.append(Problem(
                    c.path, line, name,
                    f"đường dẫn “{c.year}/{slug}” trùng với {first.path}; đặt trường “slug” khác cho văn bản này",
                    f"URL “{c.year}/{slug}” collides with {first.path}; give this record its own “slug”",
                ))
            elif path[0] == "redirect_from" and (slug == c.slug or [o for o, _ in olds].count(slug) > 1):
                # Its redirect page would replace the decree's own page, or be written twice.
                problems.append(Problem(
                    c.path, line, name,
                    f"đường dẫn cũ “{slug}” trùng với đường dẫn hiện tại hoặc bị lặp; bỏ dòng này",
                    f"old slug “{slug}” is the record's current slug or is listed twice; remove it",
                ))
    return problems
