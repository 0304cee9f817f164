"""Hints: things worth an editor's second look that do not stop a build.

A decree that quotes a registered standing movement in its text but leaves it out of `movements:`
is missing from that movement's page. The editor decides whether the decree answers the movement or
only mentions it, so this is a hint (reported by `thidua validate` and `mkdocs serve`), not an error.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import buildcache, parallel
from .model import Portal
from .problems import Problem
from .vocabulary import match_key


def _body_lines(raw: bytes) -> list[tuple[int, str]]:
    """(line number, text) of a record file's body, after the front matter's closing ---."""
    lines = raw.decode("utf-8").splitlines()
    fences = [n for n, line in enumerate(lines) if line.strip() == "---"][:2]
    start = fences[1] + 1 if len(fences) == 2 and fences[0] == 0 else 0
    return [(n + 1, lines[n]) for n in range(start, len(lines))]


def quoted_movements(vocabulary, lines: list[tuple[int, str]]) -> list[tuple[object, int]]:
    """(registry entry, line) of every standing movement whose name or printed variant a text
    quotes, first quotation only, in the registry's order."""
    # Each line is folded once (folding the whole text first, then every line again for the
    # entries it named, took 20.4 s of one core for 10,000 records, against 12.4 s); joined, the
    # lines rule most entries out in one pass. A quotation split over two lines names no line, so the join
    # need not match one either.
    body = [(n, f" {match_key(text)} ") for n, text in lines]
    whole = "".join(text for _, text in body)
    found = []
    for entry in vocabulary.entries:
        keys = [k for k in (match_key(name) for name in (entry.name, *entry.variants)) if k]
        if not any(f" {key} " in whole for key in keys):
            continue
        line = next((n for n, text in body if any(f" {key} " in text for key in keys)), None)
        if line is not None:
            found.append((entry, line))
    return found


def _quoted(vocabulary, raw: bytes) -> list[list]:
    """[registry id, line] of each movement a record file's body quotes (quoted_movements)."""
    return [[entry.id, line] for entry, line in quoted_movements(vocabulary, _body_lines(raw))]


def registry_name(portal: Portal) -> str:
    """A name of the movements registry as hints read it: hints of unchanged records change with it."""
    return buildcache.digest([(e.id, e.name, e.variants) for e in portal.movements.entries])


def movement_hints(root: Path, portal: Portal, store=None, only: set[str] | None = None,
                   workers: int = 1) -> list[Problem]:
    """`store` (thidua.buildcache.Store): each record's quotations are found once and reused while
    its text and the movements registry are unchanged. `only`: the record paths to look at (the
    preview's records changed since its previous rebuild); None for every record. `workers`:
    processes that read the records the cache does not know (12.4 s of one core at 10,000)."""
    # Named once, not once per record: the registry is the larger part of every key.
    registry = registry_name(portal) if store is not None else None
    by_id = {e.id: e for e in portal.movements.entries}
    campaigns = [c for c in portal.campaigns if only is None or c.path in only]
    quotes: dict[str, list] = {}
    unknown = []
    for campaign in campaigns:
        if store is not None and campaign.digest:
            # Named by the digest validation took of the file (thidua.model.Campaign.digest): an
            # unchanged record is not read again.
            found = store.get("hints", store.key("hints", registry, campaign.digest))
            if found is not buildcache.MISSING:
                quotes[campaign.path] = found
                continue
        unknown.append(campaign)
    found_now = parallel.map_each(_quoted_in_file, [str(Path(root) / c.path) for c in unknown], workers=workers,
                                  initializer=_use_vocabulary, initargs=(portal.movements,))
    for campaign, (digest, quoted) in zip(unknown, found_now):
        quotes[campaign.path] = quoted
        # Kept only if the file read is still the version validation's digest names.
        if store is not None and campaign.digest and digest == campaign.digest:
            store.put("hints", store.key("hints", registry, campaign.digest), quoted)
    hints: list[Problem] = []
    for campaign in campaigns:
        listed = {entry.id for printed in campaign.data.get("movements", [])
                  if (entry := portal.movements.lookup(printed)) is not None}
        for entry_id, line in quotes[campaign.path]:
            entry = by_id[entry_id]
            if entry.id in listed:
                continue
            hints.append(Problem(
                campaign.path, line, "movements",
                f"văn bản nhắc phong trào “{entry.name}” nhưng “movements” không ghi; "
                "thêm vào nếu văn bản hưởng ứng phong trào này",
                f"the text names the standing movement “{entry.name}” but “movements” does not list it; "
                "add it if the decree answers that movement",
            ))
    return sorted(hints, key=Problem.sort_key)


_VOCABULARY = None  # in a worker process: the movements registry (movement_hints)


def _use_vocabulary(vocabulary) -> None:
    global _VOCABULARY
    _VOCABULARY = vocabulary


def _quoted_in_file(path: str) -> tuple[str, list[list]]:
    """The SHA-256 of a record file's bytes and the movements its body quotes."""
    raw = Path(path).read_bytes()
    return hashlib.sha256(raw).hexdigest(), _quoted(_VOCABULARY, raw)


def report(hints: list[Problem], limit: int | None = None) -> str:
    """The hints, one a line, and their count. With a `limit`, only that many are printed: an
    archive's thousands of hints, on every save of the preview, would bury the ones that matter."""
    shown = hints if limit is None else hints[:limit]
    lines = [h.format() for h in shown]
    if len(shown) < len(hints):
        rest = len(hints) - len(shown)
        lines.append(f"… và {rest} gợi ý nữa; `thidua validate` liệt kê tất cả. "
                     f"[… and {rest} more; `thidua validate` lists them all.]")
    lines.append(f"{len(hints)} gợi ý (không phải lỗi; trang vẫn được dựng). "
                 f"[{len(hints)} hint(s), not errors; the site still builds.]")
    return "\n".join(lines)
