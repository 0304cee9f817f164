"""What the search index holds for a page, and how its text is folded. No MkDocs, no I/O.

The engine is Pagefind (see bench/search_bench.py for the measurements). Pagefind already folds
case, tones, tone placement and NFD input, but two things it cannot do need our help:

* "đ" is a letter, not "d" plus a mark, so Pagefind keeps it apart from "d" ("SKHDT" would not
  find "SKHĐT", "thi dua" would not find "thi đua"). The copy of the site that Pagefind reads
  spells đ/Đ as d/D followed by a combining stroke, which Pagefind strips like any other mark;
  the served pages keep the real letter, and the browser turns the stroke back into đ/Đ in
  results (STROKE must stay in sync with overrides/assets/thidua/search.js).
* Pagefind has no phrase proximity and matches every syllable as a prefix, so a signer's name or
  a number also hits every page that merely uses its common syllables. Each page therefore
  carries "phrase keys": its metadata values folded and glued into single words behind a
  sentinel prefix ("Dương Công Vĩ" -> "zzduongcongvi", one key per word suffix so a phrase that
  starts mid-title still matches as a prefix). The browser runs the glued query first: pages whose
  metadata holds the whole phrase come before pages that only contain its words somewhere.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from collections import Counter
from typing import Any, Callable, Iterable

from thidua import buildcache, parallel
from thidua.collate import sort_key
from thidua.dates import format_short
from thidua.vntext import strip_marks

SENTINEL = "zz"
NO_NUMBER = "Chưa ghi số"  # overrides/thidua/campaign.html prints the same
STROKE = "\u0335"
# Longer phrase keys add index size but no reachable matches: the browser cuts queries as long.
MAX_KEY = 80

_WORDS = re.compile(r"[a-z0-9]+")

# data-pagefind-weight of each kind of phrase key (Pagefind accepts 0-10). A number or a signer
# identifies one decree; a title, issuer or theme is shared by a few; a year by many.
WEIGHTS = {
    "number": 10,
    "signer": 9,
    "title": 8,
    "issuer": 7,
    "theme": 6,
    "place": 6,
    "movement": 5,
    "topic": 5,
    "year": 3,
    "name": 2,
    "listing": 7,  # a unit's, theme's or movement's own page, by its title
}


def listing_keys(title: str) -> str:
    """Space-joined phrase keys of a listing page's title (overrides/partials/search_page_keys.html)."""
    return " ".join(phrase_keys(title))


def index_text(text: str) -> str:
    """The text Pagefind reads: identical to the page except đ/Đ spelled with a combining stroke."""
    return text.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


def words(text: str) -> list[str]:
    """The folded words of `text`, as fold() would give them. Without fold()'s last step (one space
    for each run of whitespace): no word contains whitespace, so the words are the same, and that
    step took over a quarter of the time for a decree's whole text (0.28 of 1.02 ms)."""
    return _WORDS.findall(strip_marks(text).casefold())


def phrase_key(text: str) -> str:
    """The glued, folded form of a phrase, as the browser builds it from a query."""
    return (SENTINEL + "".join(words(text)))[:MAX_KEY]


# Sub-phrases up to this many words get a key of their own, so a phrase inside a title matches a
# key exactly, not only as a prefix; Pagefind ranks exact word matches above prefix matches.
SUB_PHRASE = 6


def phrase_keys(text: str) -> list[str]:
    """Keys of a metadata value: every word suffix (a query phrase matches when it is a prefix of
    one) and every sub-phrase of up to SUB_PHRASE words (an exact match)."""
    ws = words(text)
    keys = [(SENTINEL + "".join(ws[i:]))[:MAX_KEY] for i in range(len(ws))]
    keys += [SENTINEL + "".join(ws[i:j])
             for i in range(len(ws)) for j in range(i + 1, min(i + SUB_PHRASE, len(ws)) + 1)]
    return _unique(keys)


_CLAUSE = re.compile(r"[^\w\s]+")  # punctuation ends a name: "Khuổi Lào – Yên Lỗ" is two
_NAME_MAX = 6


def body_names(body: str) -> list[str]:
    """Runs of two or more capitalised words in the body: places, people, bodies ("Khuổi Lào",
    "Hoàng Văn Thụ"). Pagefind cannot tell "Khuổi Lào" from "Khuổi" and "Lào" far apart; phrase
    keys for these runs let a place or a person named in the text win over scattered syllables."""
    names = []
    for clause in _CLAUSE.split(body):
        run: list[str] = []
        for word in [*clause.split(), ""]:
            if word[:1].isupper() and not word[:1].isdigit():
                run.append(word)
                continue
            if 2 <= len(run) <= _NAME_MAX:
                names.append(" ".join(run))
            run = []
    return _unique(names)


def number_keys(number: str, doc_type: str = "", symbol: str = "") -> list[str]:
    """Keys for a số ký hiệu: the number, its tail ("SKHĐT"), and "Chỉ thị (số) 02/CT-UBND"."""
    printed = number or symbol
    if not printed:
        return []
    keys = phrase_keys(printed)
    if doc_type:
        keys += [phrase_key(f"{doc_type} {printed}"), phrase_key(f"{doc_type} số {printed}")]
    return _unique(keys)


@dataclass
class SearchEntry:
    """Everything a campaign page tells the index beyond its visible text."""

    keys: dict[str, list[str]] = field(default_factory=dict)  # kind -> phrase keys
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values
    meta: dict[str, str] = field(default_factory=dict)  # shown in a result

    def facet_tokens(self) -> str:
        return " ".join(facet_token(f, v) for f, values in self.filters.items() for v in values)

    def weighted_keys(self) -> list[tuple[int, str]]:
        """(weight, space-joined keys), heaviest first, for the template's hidden blocks."""
        return [
            (WEIGHTS[kind], " ".join(keys))
            for kind, keys in sorted(self.keys.items(), key=lambda kv: -WEIGHTS[kv[0]])
            if keys
        ]


# The search box's filters, in the order it shows them. A facet's name is its label, shown to
# readers as it is: the browser builds its <select>s from facet_list() (thidua-facets.json), so
# this list is the only place a filter is declared. "Chủ đề" and "Lĩnh vực" mean what they mean on
# the rest of the site: the record's `theme` (the slogan of /chu-de/) and its `topics`.
FACET_YEAR = "Năm"
FACET_ISSUER = "Cơ quan ban hành"
FACET_TYPE = "Loại văn bản"
FACET_THEME = "Chủ đề"
FACET_TOPIC = "Lĩnh vực"
FACETS = [FACET_YEAR, FACET_ISSUER, FACET_TYPE, FACET_THEME, FACET_TOPIC]

# Facets are words in the index, not Pagefind filters: Pagefind writes its filter files in a
# different order on every run, which would break byte-reproducible builds. A facet value becomes
# a hidden word ("zfn2023") that the browser adds to the query, so Pagefind's AND of terms does
# the narrowing, in the same small index chunks as any rare word.
FACET_PREFIX = "zf"
_FACET_CODES = {FACET_YEAR: "n", FACET_ISSUER: "c", FACET_TYPE: "l", FACET_THEME: "d", FACET_TOPIC: "v"}


@functools.lru_cache(maxsize=8192)
def facet_token(facet: str, value: str) -> str:
    # Few distinct values (years, issuers, types, themes, topics) recur in every decree: folding
    # each again was 0.4 s of a rebuild's plan at 10,000 records.
    return (FACET_PREFIX + _FACET_CODES[facet] + "".join(words(value)))[:MAX_KEY]


def campaign_entry(
    data: dict,
    *,
    issuer_name: str,
    issuer_names: Iterable[str] = (),
    year: int | str,
    date_display: str = "",
    body: str = "",
    theme_name: str = "",
) -> SearchEntry:
    """The index entry of one decree from its record (front matter dict) and resolved issuer.

    `theme_name` is the theme registry's canonical name of the printed theme (campaigns/themes.yml):
    the filter shows it, as the theme's own page does, and its words find the decree too.
    """
    number = data.get("number") or ""
    doc_type = data.get("doc_type") or ""
    signer = (data.get("signer") or {}).get("name") or ""
    theme = data.get("theme") or ""
    canonical_theme = theme_name or theme
    topics = list(data.get("topics") or [])
    keys: dict[str, list[str]] = {
        "number": number_keys(number, doc_type, data.get("symbol") or ""),
        "signer": phrase_keys(signer) if signer else [],
        "title": phrase_keys(data.get("title") or ""),
        "issuer": _unique(k for name in [issuer_name, *issuer_names] for k in phrase_keys(name)),
        "theme": _unique(k for t in (canonical_theme, theme) if t for k in phrase_keys(t)),
        "place": phrase_keys(data.get("place") or ""),
        "movement": _unique(k for m in data.get("movements") or [] for k in phrase_keys(m)),
        "topic": _unique(k for t in topics for k in phrase_keys(t)),
        "year": [phrase_key(str(year))],
        "name": _unique(k for n in body_names(body) for k in phrase_keys(n)),
    }
    meta = {
        # As on the decree's page: a number not yet assigned is a legitimate state, not "Số: /KH-X".
        "number": number or NO_NUMBER,
        "issuer": issuer_name,
        "date": date_display,
        "doc_type": doc_type,
    }
    return SearchEntry(
        keys={k: v for k, v in keys.items() if v},
        filters=campaign_filters(data, issuer_name=issuer_name, year=year, theme_name=theme_name),
        meta={k: v for k, v in meta.items() if v},
    )


def campaign_filters(data: dict, *, issuer_name: str, year: int | str, theme_name: str = "") -> dict[str, list[str]]:
    """The facets of one decree (SearchEntry.filters), cheap to work out without its entry."""
    doc_type = data.get("doc_type") or ""
    canonical_theme = theme_name or data.get("theme") or ""
    filters = {
        FACET_YEAR: [str(year)],
        FACET_ISSUER: [issuer_name],
        FACET_TYPE: [doc_type] if doc_type else [],
        FACET_THEME: [canonical_theme] if canonical_theme else [],
        FACET_TOPIC: list(data.get("topics") or []),
    }
    return {k: _one_per_token(k, v) for k, v in filters.items() if v}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _one_per_token(facet: str, values: Iterable[str]) -> list[str]:
    """Values of one facet, without those that fold to the same token ("văn hoá", "văn hóa")."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(facet_token(facet, value), value)
    return list(seen.values())


def entry_inputs(campaign, themes=None, body: bool = True) -> dict:
    """Everything campaign_entry() reads of a thidua.model.Campaign, as plain data: the cache key
    of its entry, and what a worker process needs to compute it. `themes` is the theme registry
    (thidua.vocabulary.Vocabulary) naming the decree's canonical theme. `body`: False leaves the
    body out (with_body() adds it), for a decree whose entry may come from the cache."""
    printed = campaign.data.get("theme") or ""
    theme = themes.lookup(printed) if themes is not None and printed else None
    inputs = {
        "data": campaign.data,
        "issuer_name": campaign.issuer.name,
        "issuer_names": list(campaign.issuer.names),
        "year": campaign.year,
        "date_display": format_short(campaign.issued),
        "theme_name": theme.name if theme is not None else "",
    }
    return with_body(inputs, campaign) if body else inputs


def with_body(inputs: dict, campaign) -> dict:
    """entry_inputs() with the decree's body, read now (thidua.model.Campaign.body)."""
    return {**inputs, "body": campaign.body}


def entry_from_inputs(inputs: dict) -> SearchEntry:
    return campaign_entry(inputs["data"], issuer_name=inputs["issuer_name"], issuer_names=inputs["issuer_names"],
                          year=inputs["year"], date_display=inputs["date_display"], body=inputs["body"],
                          theme_name=inputs["theme_name"])


def entry_of(campaign, themes=None) -> SearchEntry:
    """campaign_entry() for a thidua.model.Campaign."""
    return entry_from_inputs(entry_inputs(campaign, themes))


def entry_to_json(entry: SearchEntry) -> dict:
    return {"keys": entry.keys, "filters": entry.filters, "meta": entry.meta}


def entry_from_json(value: dict) -> SearchEntry:
    return SearchEntry(keys=dict(value["keys"]), filters=dict(value["filters"]), meta=dict(value["meta"]))


def planned_search(inputs: dict) -> tuple[bytes, bytes]:
    """A decree's whole contribution to search, computed once per build (or reused from the build
    cache), as the cache stores it: its index entry ({"entry": …}) and the folded syllables of its
    text (search_text) with their counts. Encoded by the worker process that computes it, so the
    build's own process only writes and decodes them."""
    return (buildcache.encode_json({"entry": entry_to_json(entry_from_inputs(inputs))}),
            buildcache.encode_json(syllable_counts(search_text(inputs))))


def facet_list(filters: Iterable[dict[str, list[str]]]) -> list[dict]:
    """The search box's filters: every facet of FACETS, in order, as {"name", "values"}, each value
    with its token and number of decrees, from each decree's `filters` (SearchEntry.filters,
    campaign_filters). Written to thidua-facets.json for the browser.

    Years newest first; other values in Vietnamese alphabetical order. Printings of one value that
    fold to the same token (case, marks, tone placement, punctuation) are one option, labelled as
    most decrees print it.
    """
    counts: dict[str, dict[str, Counter]] = {facet: {} for facet in FACETS}
    for found in filters:
        for facet, values in found.items():
            for value in values:
                counts[facet].setdefault(facet_token(facet, value), Counter())[value] += 1
    out = []
    for facet, by_token in counts.items():
        values = [{"value": min(printed, key=lambda v: (-printed[v], sort_key(v))),
                   "token": token, "count": sum(printed.values())}
                  for token, printed in by_token.items()]
        if facet == FACET_YEAR:
            values.sort(key=lambda v: v["value"], reverse=True)
        else:
            values.sort(key=lambda v: sort_key(v["value"]))
        out.append({"name": facet, "values": values})
    return out


# A syllable in at least this share of decrees (and this many) is "common": its posting list in
# Pagefind's index grows with the site (1.3 MB for "giao" at 10,000 decrees), while telling
# pages apart little. The browser leaves common syllables out of a full-text query that also has
# rarer words, then ranks pages holding the whole phrase first. When every word is common it looks
# up only the cheapest (thidua.searchindex prices each word by the index chunk that holds it,
# falling back on its occurrences) and checks the others in the pages' text. Small sites have none.
COMMON_SHARE = 0.25
COMMON_MIN = 1000


def syllable_counts(text: str) -> dict[str, int]:
    """Each folded syllable of a text with its number of occurrences, in syllable order."""
    # Folding is letter by letter and whitespace separates words, so folding the whole text once
    # finds the same syllables as folding each word.
    return dict(sorted(Counter(words(text)).items()))


def common_words(texts: Iterable[str]) -> dict[str, int]:
    """Folded syllables found in at least COMMON_SHARE of the texts and COMMON_MIN of them, each
    with its number of occurrences in all the texts."""
    return common_syllables(syllable_counts(text) for text in texts)


def common_syllables(per_text: Iterable[dict[str, int]]) -> dict[str, int]:
    """common_words() from each text's syllable counts (syllable_counts(), as planned_search() stores them)."""
    counter = SyllableCounter()
    for found in per_text:
        counter.add(found)
    return counter.common()


class SyllableCounter:
    """common_syllables() of texts counted one at a time, so their syllables need not be kept.
    `names` counts the texts by a name of their syllables (their build cache name), so totals a
    previous build stored can be brought up to date by what was added and removed since."""

    def __init__(self) -> None:
        self.frequency: Counter = Counter()
        self.occurrences: Counter = Counter()
        self.count = 0
        self.names: Counter = Counter()

    def add(self, found: dict[str, int], name: str | None = None) -> None:
        self.count += 1
        self.frequency.update(found.keys())
        self.occurrences.update(found)
        if name is not None:
            self.names[name] += 1

    def remove(self, found: dict[str, int], name: str) -> None:
        """Take back a text add() counted under `name`."""
        self.count -= 1
        self.frequency.subtract(found.keys())
        self.occurrences.subtract(found)
        self.names[name] -= 1
        # Stored totals hold no syllable, and no name, that nothing counted has.
        for word in found:
            if self.frequency[word] <= 0:
                del self.frequency[word]
            if self.occurrences[word] <= 0:
                del self.occurrences[word]
        if self.names[name] <= 0:
            del self.names[name]

    def reset(self, other: SyllableCounter | None = None) -> None:
        """Count what `other` counted, or nothing."""
        other = other or SyllableCounter()
        self.frequency, self.occurrences = Counter(other.frequency), Counter(other.occurrences)
        self.count, self.names = other.count, Counter(other.names)

    def common(self) -> dict[str, int]:
        limit = max(COMMON_MIN, COMMON_SHARE * self.count)
        return {word: self.occurrences[word] for word in sorted(self.frequency) if self.frequency[word] >= limit}

    def to_json(self) -> dict:
        return {"count": self.count, "names": dict(self.names),
                "syllables": {word: [self.frequency[word], self.occurrences[word]] for word in self.frequency}}

    @classmethod
    def from_json(cls, value: Any) -> SyllableCounter | None:
        """The counter to_json() stored, or None for anything else (a damaged entry)."""
        try:
            counter = cls()
            counter.count = int(value["count"])
            counter.names = Counter({str(k): int(v) for k, v in value["names"].items()})
            for word, (frequency, occurrences) in value["syllables"].items():
                counter.frequency[word], counter.occurrences[word] = int(frequency), int(occurrences)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return counter if counter.count == sum(counter.names.values()) else None


def search_text(inputs: dict) -> str:
    """What a decree's page says, roughly, for common_words(): from entry_inputs()."""
    data = inputs["data"]
    return " ".join([data.get("title") or "", inputs["issuer_name"], data.get("theme") or "", inputs["body"]])


class Planned:
    """A decree's search entry for one build: its `filters` at once, the whole `entry` when asked
    for (only the pages MkDocs renders print it, once each). `name`: its name in the build cache,
    which names all its inputs: what a page's name reads in place of the entry (thidua.pagecache);
    None without a cache. An entry that is loaded is not kept: its page prints it once, and kept
    they added up to an archive's entries while pages render."""

    def __init__(self, filters: dict[str, list[str]], name: str | None = None,
                 entry: SearchEntry | None = None, load: Callable[[], SearchEntry] | None = None) -> None:
        self.filters, self.name = filters, name
        self._entry, self._load = entry, load

    @property
    def entry(self) -> SearchEntry:
        return self._entry if self._entry is not None else self._load()


# The syllable totals the last build stored (SyllableCounter.to_json), under one name per cache.
TOTALS = "syllable-totals"


def plan(campaigns, cache=None, workers: int = 1, themes=None,
         counter: SyllableCounter | None = None) -> dict[str, Planned]:
    """record path -> Planned, each decree's search data computed once per build, on every core,
    and reused from the build cache (thidua.buildcache) while entry_inputs() of the decree are
    unchanged. `counter` counts every decree's syllables (for SyllableCounter.common()): those
    computed now as they come, and they are not kept here, as at an archive's size they were the
    largest thing a build held while its pages rendered (about 60 KB a decree). With a cache, the
    counter starts from the totals the previous build stored and reads the syllables of only the
    decrees added or removed since: reading them all took a tenth of a rebuild at 10,000 records.
    An entry in the cache is not even read: its decree's filters are worked out from the record,
    and the entry is read when its page is rendered (Planned.entry); decoding 10,000 of them took
    a tenth of a rebuild again. The preview reads them all, as it keeps them decoded from one
    rebuild to the next (thidua.buildcache.Store's memory)."""
    entries: dict[str, dict] = {}
    todo: list[tuple[str, str | None]] = []
    keys: dict[str, str | None] = {}
    inputs: dict[str, dict] = {}
    by_path = {c.path: c for c in campaigns}
    for c in campaigns:
        inputs[c.path] = entry_inputs(c, themes, body=False)
        named = _entry_name(c, inputs[c.path]) if cache is not None else None
        key = cache.key("search", named) if named is not None else None
        keys[c.path] = key
        # The preview holds the entries it read decoded between rebuilds: read once, they cost
        # nothing after. A build reads none it does not need.
        stored = cache.get("search", key) if key and cache.memory is not None else None
        if isinstance(stored, dict) and "entry" in stored:
            entries[c.path] = stored["entry"]
        elif key and cache.memory is None and cache.has("search", key):
            cache.mark_used("search", key)  # read when its page is rendered (Planned.entry)
        else:
            todo.append((c.path, key))
    names = Counter(keys.values())
    pending = _start_count(counter, cache, names)  # the decrees still to add to the counter
    results = parallel.map_each(planned_search, [with_body(inputs[path], by_path[path]) for path, _ in todo],
                                workers=workers)
    for (path, key), (entry, syllables) in zip(todo, results):
        if key:
            cache.put_json("search", key, entry)
            cache.put_json("syllables", key, syllables)
        if not key or cache.memory is not None:
            entries[path] = json.loads(entry)["entry"]  # the form a warm build reads back
        # else read back when its page is rendered, as a warm build does: decoded, an archive's
        # entries are six times their JSON (335 MB at 10,000 records), held while pages render.
        if pending is not None and pending[key] > 0:
            counter.add(json.loads(syllables), key)
            pending[key] -= 1
    if pending is not None and cache is not None:
        by_key = {keys[c.path]: c for c in campaigns}
        if not _bring_up_to_date(counter, pending, names, cache, by_key, themes):
            counter.reset()
            for c in campaigns:
                counter.add(_syllables(cache, keys[c.path], c, themes), keys[c.path])
        if None not in names:
            cache.put(TOTALS, cache.key(TOTALS), counter.to_json())
            for key in names:  # a later build takes a decree back from the totals by its syllables
                cache.mark_used("syllables", key, count=False)
    planned = {}
    for c in campaigns:
        found = inputs[c.path]
        if c.path in entries:
            entry = entry_from_json(entries[c.path])
            planned[c.path] = Planned(entry.filters, keys[c.path], entry=entry)
        else:
            filters = campaign_filters(found["data"], issuer_name=found["issuer_name"], year=found["year"],
                                       theme_name=found["theme_name"])
            planned[c.path] = Planned(filters, keys[c.path], load=functools.partial(_stored_entry, cache, keys[c.path], found, c))
    return planned


def _stored_entry(cache, key: str, inputs: dict, campaign) -> SearchEntry:
    """A decree's entry from the cache, or computed again (an entry damaged or gone since):
    `inputs` are entry_inputs() of `campaign` without its body."""
    stored = cache.get("search", key, count=False)  # counted when the build was planned
    if isinstance(stored, dict) and "entry" in stored:
        try:
            return entry_from_json(stored["entry"])
        except (KeyError, TypeError, ValueError):
            cache.corrupt += 1
    value = json.loads(json.dumps(entry_to_json(entry_from_inputs(with_body(inputs, campaign))), ensure_ascii=False))
    cache.put("search", key, {"entry": value})
    return entry_from_json(value)


def _start_count(counter, cache, names: Counter) -> Counter | None:
    """Start `counter` from the totals the previous build stored, when every decree has a name and
    they can be read; returns the names (None: a decree without one) this build must add to it."""
    if counter is None:
        return None
    if cache is not None and None not in names:
        stored = SyllableCounter.from_json(cache.get(TOTALS, cache.key(TOTALS)))
        if stored is not None:
            counter.reset(stored)
            return names - stored.names
    return Counter(names)


def _bring_up_to_date(counter, pending: Counter, names: Counter, cache, by_key: dict, themes) -> bool:
    """Add the decrees still `pending` (their syllables in the cache) and take back those counted
    before that are no longer there. False when a decree to take back has no syllables at hand."""
    for key, times in (+pending).items():
        found = _syllables(cache, key, by_key[key], themes)
        for _ in range(times):
            counter.add(found, key)
    for key, times in (counter.names - names).items():
        found = cache.get("syllables", key)
        if not isinstance(found, dict):
            return False
        for _ in range(times):
            counter.remove(found, key)
    return counter.names == Counter({key: n for key, n in names.items() if key is not None})


def _syllables(cache, key: str | None, campaign, themes) -> dict[str, int]:
    """A decree's syllable counts from the cache, or computed again (an entry damaged or missing)."""
    found = cache.get("syllables", key) if key else None
    if isinstance(found, dict):
        return found
    _, syllables = planned_search(entry_inputs(campaign, themes))
    if key:
        cache.put_json("syllables", key, syllables)
    return json.loads(syllables)


def _entry_name(campaign, value: dict):
    """What names entry_inputs() (`value`, its body left out) in the cache, cheaply: the record's
    data and body are a function of its file's bytes (thidua.model.Campaign.digest); the rest is
    what the registries resolved. None when the inputs cannot be named (not read from a file, and
    not plain JSON)."""
    if not campaign.digest:
        value = with_body(value, campaign)
        return value if buildcache.round_trips(value) else None
    return [campaign.digest, {k: v for k, v in value.items() if k not in ("data", "body")}]
