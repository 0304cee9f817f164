"""A shard indexed again starts from its previous bundle's fragments of the pages that did not change.

Pagefind names each page's fragment by a hash of its content and does not write a fragment
whose file is already in its output folder (pagefind/src/output/mod.rs, `write`: "immutable"
files). Writing means compressing at gzip's best level, one file after another: over the 846
pages of the newest year at 10,000 records, Pagefind took 5.3 s, and 4.6 s with the fragments
already in place; more is saved for an archive shard. So before Pagefind indexes a shard again,
the fragments of the pages whose names are those the shard's last bundle recorded
(thidua.searchindex, IndexPlan.seeds) are linked from that bundle into its output folder.

Such a page has the bytes and search entry it had then (its name covers both, and the cache's
names cover the code that folds it for the index), so Pagefind gives it the
same fragment, under the same name, unless two pages' names collide in their first seven hex
digits: Pagefind then lengthens one name, and a kept file could stand in for another page's
fragment. check() finds that (a page's fragment listed twice) and a bundle made by another
Pagefind version; the caller then indexes the shard again without seeds.
"""
from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from thidua.pagefindmeta import SIGNATURE, read_meta

FRAGMENTS = "fragment"
ENTRY = "pagefind-entry.json"
_PREFIX = SIGNATURE + b'{"url":"'


def page_url(rel: str) -> str:
    """The URL Pagefind's command line gives a site-relative page file: its folder for an index.html."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("/index.html") or rel == "index.html" else rel)


def fragment_url(path: str) -> str | None:
    """The page URL a fragment file is of, from its first bytes (it comes first in the JSON)."""
    try:
        with open(path, "rb") as fh:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(8192), 8192)
    except (OSError, zlib.error):
        return None
    if not head.startswith(_PREFIX):
        return None
    end = head.find(b'"', len(_PREFIX))
    if end < 0:
        return None
    try:
        return json.loads(head[len(_PREFIX) - 1:end + 1].decode("utf-8"))  # the quoted URL
    except ValueError:
        return None


@dataclass
class Seeds:
    """Fragments linked into an output folder before Pagefind runs (seed)."""
    files: dict[str, str] = field(default_factory=dict)  # file name -> the page URL it is of
    version: str = ""  # the Pagefind version of the bundle they came from


def seed(previous: Path, output: Path, urls) -> Seeds:
    """Link into <output>/fragment/ the previous bundle's fragments of the pages at `urls` (kept
    unchanged). A file that cannot be read or linked is left to Pagefind."""
    seeds = Seeds()
    source = os.path.join(previous, FRAGMENTS)
    try:
        seeds.version = _version(Path(previous))
        names = os.listdir(source)
    except (OSError, ValueError, KeyError, TypeError):
        return Seeds()
    wanted = set(urls)
    target = os.path.join(output, FRAGMENTS)
    os.makedirs(target, exist_ok=True)
    for name in names:
        path = os.path.join(source, name)
        url = fragment_url(path)
        if url is None or url not in wanted:
            continue
        try:
            os.link(path, os.path.join(target, name))
        except OSError:
            continue
        seeds.files[name] = url
    return seeds


def check(output: Path, seeds: Seeds) -> bool:
    """After Pagefind ran over a seeded folder: removes the seeded files its index does not list,
    and says whether the bundle is what Pagefind makes without seeds (the same Pagefind version,
    no page's fragment listed twice)."""
    try:
        if _version(output) != seeds.version:
            return False
        listed = {page[0] + ".pf_fragment" for page in read_meta(output)[1]}
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, StopIteration):
        return False
    folder = os.path.join(output, FRAGMENTS)
    for name in seeds.files:
        if name not in listed:
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                return False
    seen: set[str] = set()
    for name in listed:
        url = seeds.files.get(name) or fragment_url(os.path.join(folder, name))
        if url is None or url in seen:
            return False
        seen.add(url)
    return True


def _version(bundle: Path) -> str:
    return str(json.loads((Path(bundle) / ENTRY).read_text(encoding="utf-8"))["version"])
