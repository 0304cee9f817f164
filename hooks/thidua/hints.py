"""Hints: things worth an editor's second look that do not stop a build.

A decree that quotes a registered standing movement in its text but leaves it out of `movements:`
is missing from that movement's page. The editor decides whether the decree answers the movement or
only mentions it, so this is a hint (reported by `thidua validate` and `mkdocs serve`), not an error.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import buildcache
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
    whole = f" {match_key(' '.join(text for _, text in lines))} "
    wanted = []
    for entry in vocabulary.entries:
        keys = [k for k in (match_key(name) for name in (entry.name, *entry.variants)) if k]
        if any(f" {key} " in whole for key in keys):  # one pass over the text rules most entries out
            wanted.append((entry, keys))
    if not wanted:
        return []
    body = [(n, f" {match_key(text)} ") for n, text in lines]
    found = []
    for entry, keys in wanted:
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


def movement_hints(root: Path, portal: Portal, store=None, only: set[str] | None = None) -> list[Problem]:
    """`store` (thidua.buildcache.Store): each record's quotations are found once and reused while
    its text and the movements registry are unchanged. `only`: the record paths to look at (the
    preview's records changed since its previous rebuild); None for every record."""
    hints: list[Problem] = []
    # Named once, not once per record: the registry is the larger part of every key.
    registry = registry_name(portal) if store is not None else None
    by_id = {e.id: e for e in portal.movements.entries}
    for campaign in portal.campaigns:
        if only is not None and campaign.path not in only:
            continue
        listed = {entry.id for printed in campaign.data.get("movements", [])
                  if (entry := portal.movements.lookup(printed)) is not None}
        path = Path(root) / campaign.path
        if store is None or not campaign.digest:
            quoted = _quoted(portal.movements, path.read_bytes())
        else:
            # Named by the digest validation took of the file (thidua.model.Campaign.digest): an
            # unchanged record is not read again. On a miss the file is read to find its
            # quotations, kept only if it is still the version that digest names.
            key = store.key("hints", registry, campaign.digest)
            quoted = store.get("hints", key)
            if quoted is buildcache.MISSING:
                raw = path.read_bytes()
                quoted = _quoted(portal.movements, raw)
                if hashlib.sha256(raw).hexdigest() == campaign.digest:
                    store.put("hints", key, quoted)
        for entry_id, line in quoted:
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
