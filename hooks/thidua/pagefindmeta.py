"""What a word costs to look up in a Pagefind bundle: the size of the index chunk that holds it.

Pagefind splits its word index into chunks by alphabetical range and lists them in
`pagefind.<lang>_<hash>.pf_meta` (gzip, a "pagefind_dcd" signature, then CBOR: version, pages,
index chunks as [first word, last word, hash], …). A browser looking up a word downloads the one
chunk whose range holds it, so that chunk's size is the word's price. The search box uses these
prices to choose which of a query's very common words to look up (thidua.search.common_words).
Only the few CBOR types Pagefind writes are read; anything unexpected gives no prices at all.
"""
from __future__ import annotations

import bisect
import gzip
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _decode(data: bytes, at: int = 0):
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError(f"CBOR: unsupported length {info}")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major == 2:
        return data[at:at + n], at + n
    if major == 3:
        return data[at:at + n].decode("utf-8"), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    if major == 7:
        return {20: False, 21: True, 22: None}.get(n, n), at
    raise ValueError(f"CBOR: unsupported major type {major}")


def read_meta(bundle: Path) -> list:
    """The bundle's meta index: [version, pages as [fragment hash, word count], index chunks, …].
    Raises OSError, ValueError (not Pagefind's format), StopIteration (no meta file) and the
    IndexError, TypeError or EOFError of a damaged file."""
    meta_file = next(iter(sorted(Path(bundle).glob("pagefind.*.pf_meta"))))
    raw = gzip.decompress(meta_file.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{meta_file}: not a Pagefind meta index")
    meta, _ = _decode(raw, len(SIGNATURE))
    if not isinstance(meta, list):
        raise ValueError(f"{meta_file}: not a Pagefind meta index")
    return meta


def chunk_prices(bundle: Path, words) -> dict[str, int]:
    """{word: bytes of the index chunk holding it} for `words` (folded, as Pagefind indexes them);
    empty when the bundle cannot be read."""
    try:
        meta = read_meta(bundle)
        chunks = sorted((first, last, name) for first, last, name in meta[2])
        sizes = {name: (Path(bundle) / "index" / f"{name}.pf_index").stat().st_size for _, _, name in chunks}
    except (StopIteration, OSError, ValueError, IndexError, TypeError, EOFError):
        return {}
    firsts = [first for first, _, _ in chunks]
    prices = {}
    for word in words:
        i = bisect.bisect_right(firsts, word) - 1
        # Chunk bounds are the shortest prefixes that tell neighbours apart ("thie".."thong"):
        # "thongtin" belongs to the chunk that ends at "thong".
        if i >= 0 and (word <= chunks[i][1] or word.startswith(chunks[i][1])):
            prices[word] = sizes[chunks[i][2]]
    return prices
