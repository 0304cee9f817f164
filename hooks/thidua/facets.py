"""One mechanism for every listing a reader browses (Hugo's taxonomies, in a few lines).

A Facet says how campaigns fall into terms: a theme, a movement, an issuing unit, a year. From
it, `group` yields every term with its campaigns and a stable URL; the planner turns each into an
index page and paginated term pages. Adding a listing means describing one more Facet (see
thidua.catalog), not writing more pages code.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .collate import sort_key
from .model import SECTION, Campaign


@dataclass(frozen=True)
class Term:
    key: str  # identity: campaigns with the same key share one page
    name: str  # display name (a registry's canonical spelling, or the first spelling seen)
    slug: str  # wanted URL segment; made unique per facet by `group`
    data: Any = field(default=None, compare=False)  # registry entry, Unit… for the term page
    printed: str | None = field(default=None, compare=False)  # this campaign's spelling
    fixed: bool = field(default=False, compare=False)  # slug chosen by an editor (registry id)


@dataclass(frozen=True)
class Facet:
    key: str  # "theme": how templates and campaign pages refer to it
    segment: str  # URL segment under the section: /trang-thong-tin-dien-tu/<segment>/
    label: str  # one term's kind, for titles: "Chủ đề thi đua: …"
    index_title: str
    intro: str
    empty: str  # said on the index when the facet has no term
    terms_of: Callable[[Campaign], Iterable[Term]]
    # Terms that have a page even with no campaign (every unit of the registry, for its history).
    seed_terms: Callable[[], Iterable[Term]] = lambda: ()
    # Index order; Vietnamese alphabetical order of the name unless told otherwise.
    order: Callable[["Group"], Any] = lambda group: sort_key(group.term.name)
    term_template: str = "thidua/facet_term.html"
    title_format: str = "{label}: {name}"  # a term page's title
    term_empty: str = "Chưa có văn bản nào."

    @property
    def base(self) -> str:
        return f"{SECTION}/{self.segment}/"


@dataclass
class Group:
    term: Term
    campaigns: list[Campaign] = field(default_factory=list)  # in the order given to `group`
    spellings: list[str] = field(default_factory=list)  # printed spellings other than the name
    url: str = ""


@dataclass
class FacetIndex:
    facet: Facet
    groups: list[Group]  # in index order
    by_key: dict[str, Group]

    def url_of(self, key: str) -> str | None:
        group = self.by_key.get(key)
        return group.url if group else None

    def terms_of(self, campaign: Campaign) -> list[Group]:
        """The groups a campaign belongs to, in the order the campaign names them."""
        return [self.by_key[key] for key in dict.fromkeys(t.key for t in self.facet.terms_of(campaign))]


def group(facet: Facet, campaigns: Iterable[Campaign]) -> FacetIndex:
    """Every term of `facet` with its campaigns: one pass over the campaigns."""
    groups: dict[str, Group] = {}
    for term in facet.seed_terms():
        groups.setdefault(term.key, Group(term))
    for campaign in campaigns:
        for term in facet.terms_of(campaign):
            entry = groups.setdefault(term.key, Group(term))
            if not entry.campaigns or entry.campaigns[-1] is not campaign:
                entry.campaigns.append(campaign)
            printed = term.printed
            if printed and printed != entry.term.name and printed not in entry.spellings:
                entry.spellings.append(printed)
    _assign_urls(facet, groups)
    ordered = sorted(groups.values(), key=lambda g: (facet.order(g), g.term.key))
    return FacetIndex(facet, ordered, groups)


def _assign_urls(facet: Facet, groups: dict[str, Group]) -> None:
    """Unique URLs. Slugs an editor fixed (registry ids) win; a clash among derived slugs adds
    a suffix drawn from the term's own key, first key in order keeping the plain slug."""
    taken: dict[str, str] = {}
    for key in sorted(groups, key=lambda k: (not groups[k].term.fixed, k)):
        base = groups[key].term.slug or "khac"
        slug, digest, size = base, hashlib.sha1(key.encode()).hexdigest(), 6
        # A suffixed slug can meet another term's plain one ("x-1a2b3c"): lengthen until free.
        # "trang-N" is a pagination segment: a derived slug that begins so gets a suffix too.
        while slug in taken or (slug == base and base.startswith("trang-")):
            slug = f"{base}-{digest[:size]}" if size <= len(digest) else f"{base}-{digest}-{size}"
            size += 2
        taken[slug] = key
        groups[key].url = f"{facet.base}{slug}/"


@dataclass
class Slice:
    """One page of a paginated listing."""

    number: int
    count: int  # pages in the listing
    items: list
    url: str  # site-relative, ending in "/"
    first_url: str

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    def url_for(self, number: int) -> str:
        return self.first_url if number == 1 else f"{self.first_url}trang-{number}/"

    def pager(self, window: int = 2) -> dict:
        """Links for the template; a window, so a page's size never follows the listing's length."""
        numbers = sorted({1, self.count, *range(max(1, self.number - window), min(self.count, self.number + window) + 1)})
        return {
            "number": self.number, "count": self.count,
            "prev": self.url_for(self.number - 1) if self.number > 1 else None,
            "next": self.url_for(self.number + 1) if self.number < self.count else None,
            "pages": [{"number": n, "url": self.url_for(n), "current": n == self.number} for n in numbers],
        }


def paginate(items: list, first_url: str, size: int) -> list[Slice]:
    """Fixed-size pages at first_url, first_url/trang-2/, …; an empty listing is one empty page."""
    count = max(1, -(-len(items) // size))
    slices = []
    for number in range(1, count + 1):
        url = first_url if number == 1 else f"{first_url}trang-{number}/"
        slices.append(Slice(number, count, items[(number - 1) * size: number * size], url, first_url))
    return slices
