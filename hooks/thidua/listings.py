"""Plan the listing pages from the Catalog: facet indexes, term pages, honoured units, the
archive of all decrees, and what the section home and campaign pages show of them.

Pure: Portal + Catalog in, PlannedPage objects out. Every page holds its own slice only, so
the build stays linear in the number of records.
"""
from __future__ import annotations

from . import dates, feeds as feeds_mod
from .catalog import Catalog
from .facets import FacetIndex, Group, paginate
from . import urls
from .model import Campaign, Portal, Unit
from .options import Options
from .planned import PlannedPage

PAGE_SIZE = Options.page_size  # campaigns per listing page (mkdocs.yml extra.page_size)
INDEX_PAGE_SIZE = Options.index_page_size  # terms per index page (extra.index_page_size)
HOME_LATEST = 10
HOME_TERMS = 12
HOME_IN_PROGRESS = 20

ARCHIVE = urls.ARCHIVE
HONOURS = urls.HONOURS
CONSULTATIONS = urls.CONSULTATIONS
ARCHIVE_FEED_TITLE = "Văn bản phát động phong trào thi đua"


def _page(**fields) -> PlannedPage:
    return PlannedPage(**fields)


def _titled(title: str, number: int) -> str:
    return title if number == 1 else f"{title} (trang {number})"


def plan(portal: Portal, catalog: Catalog, options: Options = Options()) -> list:
    size, index_size = options.page_size, options.index_page_size
    pages = []
    for index in catalog.indexes.values():
        pages += facet_pages(index, catalog, size, index_size)
    pages += honoured_index(catalog, index_size)
    pages.append(consultation_page(portal, catalog))
    pages += archive(portal, size)
    return pages


def facet_view(index: FacetIndex) -> dict:
    facet = index.facet
    return {"key": facet.key, "label": facet.label, "title": facet.index_title, "url": facet.base}


def facet_pages(index: FacetIndex, catalog: Catalog, size: int = PAGE_SIZE,
                index_size: int = INDEX_PAGE_SIZE) -> list:
    facet = index.facet
    view = facet_view(index)
    pages = []
    entries = [_entry(group, facet.key, catalog) for group in index.groups]
    for part in paginate(entries, facet.base, index_size):
        pages.append(_page(
            src_uri=part.src_uri, title=_titled(facet.index_title, part.number),
            template="thidua/facet_index.html", in_nav=part.number == 1,
            context={"listing": {**view, "intro": facet.intro, "empty": facet.empty,
                                 "entries": part.items, "total": len(entries)},
                     "pager": part.pager()},
        ))
    for group in index.groups:
        feed = _feed_view(group.url, facet.title_format.format(label=facet.label, name=group.term.name))
        for part in paginate(group.campaigns, group.url, size):
            context = {
                "facet": view, "term": group, "campaigns": part.items, "total": len(group.campaigns),
                "pager": part.pager(), "empty": facet.term_empty, "feed": feed,
            }
            if facet.key == "issuer":
                context.update(unit_context(group.term.data, catalog, first_page=part.number == 1))
            pages.append(_page(
                src_uri=part.src_uri, title=_titled(facet.title_format.format(label=facet.label, name=group.term.name), part.number),
                template=facet.term_template, context=context,
            ))
    return pages


def _entry(group: Group, facet_key: str, catalog: Catalog) -> dict:
    count = len(group.campaigns)
    note = f"{count} văn bản" if count else "chưa có văn bản"
    if facet_key == "issuer":
        honours = len(catalog.honours_by_unit.get(group.term.key, []))
        if honours:
            note += f", {honours} lượt khen thưởng"
        unit = group.term.data
        if unit.valid_to:
            note += f"; hoạt động đến {dates.format_short(unit.valid_to)}"
    return {"name": group.term.name, "url": group.url, "note": note, "count": count}


def unit_context(unit: Unit, catalog: Catalog, first_page: bool) -> dict:
    """A unit's honours by year and its whole history: predecessors back, successors forward."""
    units_url = catalog.unit_url
    honours = catalog.honours_by_unit.get(unit.id, []) if first_page else []
    by_year: list[dict] = []
    for honour in honours:  # newest first already
        year = honour.decision_date.year
        if not by_year or by_year[-1]["year"] != year:
            by_year.append({"year": year, "honours": []})
        by_year[-1]["honours"].append(_honour_view(honour, catalog))

    earlier, queue, seen = [], list(catalog.predecessors.get(unit.id, [])), {unit.id}
    while queue:
        before = queue.pop(0)
        if before.id in seen:
            continue
        seen.add(before.id)
        earlier.append({"unit": before, "url": units_url(before)})
        queue += catalog.predecessors.get(before.id, [])
    later, current = [], unit
    while current.successor and current.successor not in seen:
        seen.add(current.successor)
        current = catalog.indexes["issuer"].by_key[current.successor].term.data
        later.append({"unit": current, "url": units_url(current)})
    parent = catalog.indexes["issuer"].by_key.get(unit.parent) if unit.parent else None
    return {
        "unit": unit, "honour_years": by_year, "honour_count": len(catalog.honours_by_unit.get(unit.id, [])),
        "predecessors": earlier, "successors": later,
        "parent": {"unit": parent.term.data, "url": parent.url} if parent else None,
        "show_details": first_page,
    }


def _honour_view(honour, catalog: Catalog) -> dict:
    return {
        "honour": honour,
        "unit_url": catalog.unit_url(honour.unit),
        "conferred_by_url": catalog.unit_url(honour.conferred_by),
        "campaign_url": honour.campaign.url if honour.campaign else None,
    }


def honoured_index(catalog: Catalog, index_size: int = INDEX_PAGE_SIZE) -> list:
    entries = [
        {"name": unit.name, "url": catalog.unit_url(unit), "note": f"{count} lượt khen thưởng", "count": count}
        for unit, count in catalog.honoured_units()
    ]
    return [
        _page(
            src_uri=part.src_uri, title=_titled("Đơn vị được khen thưởng", part.number),
            template="thidua/facet_index.html", in_nav=part.number == 1,
            context={"listing": {
                "key": "honours", "title": "Đơn vị được khen thưởng", "url": HONOURS, "total": len(entries),
                "intro": "Tập thể và đơn vị được khen thưởng (hoặc có người được khen thưởng) theo các quyết định "
                         "khen thưởng đã đăng, theo thứ tự chữ cái, kèm số lượt khen thưởng.",
                "empty": "Chưa có quyết định khen thưởng nào được đăng trên trang.",
                "entries": part.items,
            }, "pager": part.pager(), "feed": _feed_view(HONOURS, "Khen thưởng")},
        )
        for part in paginate(entries, HONOURS, index_size)
    ]


def consultation_page(portal: Portal, catalog: Catalog):
    """Every public consultation on one page, newest first; the reader's browser lifts the
    open ones ("đang lấy ý kiến") to the top, as it marks running campaigns."""
    views = []
    for c in portal.consultations:
        views.append({
            "c": c,
            "posted_by_url": catalog.unit_url(c.posted_by),
            "proposed_by_url": catalog.unit_url(c.proposed_by) if c.proposed_by else None,
            "proposed_to_url": catalog.unit_url(c.proposed_to) if c.proposed_to else None,
            "proposals": [{"p": p, "collectives": [
                {"name": k.name, "url": catalog.unit_url(k.unit) if k.unit else None} for k in p.collectives]}
                for p in c.proposals],
        })
    return _page(
        src_uri=f"{CONSULTATIONS}index.md", title="Lấy ý kiến nhân dân về đề nghị khen thưởng",
        template="thidua/consultations.html", in_nav=False,
        context={"consultations": views, "total": len(views)},
    )


def archive(portal: Portal, size: int = PAGE_SIZE) -> list:
    """Every decree, newest first: the listing the section home's "latest" continues."""
    return [
        _page(
            src_uri=part.src_uri, title=_titled("Tất cả văn bản", part.number),
            template="thidua/facet_term.html", in_nav=part.number == 1,
            context={"facet": None, "term": None, "campaigns": part.items, "total": len(portal.campaigns),
                     "pager": part.pager(), "empty": "Chưa có văn bản nào.",
                     "feed": _feed_view(ARCHIVE, ARCHIVE_FEED_TITLE)},
        )
        for part in paginate(portal.campaigns, ARCHIVE, size)
    ]


def _top(index: FacetIndex, limit: int) -> list[dict]:
    groups = sorted((g for g in index.groups if g.campaigns), key=lambda g: -len(g.campaigns))[:limit]
    return [{"name": g.term.name, "url": g.url, "count": len(g.campaigns)} for g in groups]


def home_context(portal: Portal, catalog: Catalog) -> dict:
    """The section home: bounded extracts of every listing, each linking to the full one."""
    with_period = [c for c in portal.campaigns if c.period_to]
    # The newest periods are the only ones that can still be running; the browser decides which.
    with_period.sort(key=lambda c: (c.period_to.latest(), c.src_uri), reverse=True)
    years = catalog.indexes["year"]
    return {
        "campaigns": portal.campaigns[:HOME_LATEST],
        "campaign_total": len(portal.campaigns),
        "archive_url": ARCHIVE,
        "in_progress": with_period[:HOME_IN_PROGRESS],
        "home_themes": _top(catalog.indexes["theme"], HOME_TERMS),
        "home_movements": _top(catalog.indexes["movement"], HOME_TERMS),
        "home_honoured": [
            {"name": u.name, "url": catalog.unit_url(u), "count": n}
            for u, n in sorted(catalog.honoured_units(), key=lambda pair: -pair[1])[:HOME_TERMS]
        ],
        "home_years": [{"name": g.term.name, "url": g.url, "count": len(g.campaigns)} for g in years.groups],
        "listing_urls": {key: index.facet.base for key, index in catalog.indexes.items()}
        | {"honours": HONOURS, "consultations": CONSULTATIONS},
        "feed": _feed_view(ARCHIVE, ARCHIVE_FEED_TITLE),
    }


def campaign_context(campaign: Campaign, catalog: Catalog) -> dict:
    """Links from a decree to every listing it appears in, and the honours that closed it."""
    idx = catalog.indexes
    theme = idx["theme"].terms_of(campaign)
    movements = [
        {"printed": m, "url": group.url, "name": group.term.name}
        for m, group in zip(campaign.data.get("movements", []), _each(idx["movement"], campaign))
    ]
    return {
        "theme_link": {"name": theme[0].term.name, "url": theme[0].url} if theme else None,
        "movement_links": movements,
        "issuer_url": catalog.unit_url(campaign.issuer),
        "year_url": idx["year"].url_of(str(campaign.year)),
        "campaign_honours": [_honour_view(h, catalog) for h in catalog.honours_by_campaign.get(campaign.src_uri, [])],
        "honours_url": HONOURS,
    }


def _each(index: FacetIndex, campaign: Campaign) -> list[Group]:
    """One group per term the campaign names, repeats included, to pair with the printed names."""
    return [index.by_key[term.key] for term in index.facet.terms_of(campaign)]


def _feed_view(listing_url: str, title: str) -> dict:
    """What a listing page says of its feed: the file (thidua.feeds writes it) and its title."""
    return {"url": feeds_mod.feed_uri(listing_url), "title": title}


def feeds(portal: Portal, catalog: Catalog) -> list[feeds_mod.Feed]:
    """One feed per listing that pages link to: all decrees, every term of every facet, honours.
    The same rule as the pages (`_feed_view`), so a page never links a feed that is not written."""
    entry_of: dict[int, feeds_mod.Entry] = {}

    def entries(campaigns) -> list[feeds_mod.Entry]:
        # Each decree's entry is made once, whatever the number of feeds that carry it.
        return [entry_of.get(id(c)) or entry_of.setdefault(id(c), feeds_mod.campaign_entry(c)) for c in campaigns]

    out = [feeds_mod.Feed(feeds_mod.feed_uri(ARCHIVE), ARCHIVE_FEED_TITLE, ARCHIVE,
                          entries(portal.campaigns[:feeds_mod.FEED_SIZE]))]
    for index in catalog.indexes.values():
        facet = index.facet
        for group in index.groups:
            view = _feed_view(group.url, facet.title_format.format(label=facet.label, name=group.term.name))
            out.append(feeds_mod.Feed(view["url"], view["title"], group.url,
                                      entries(group.campaigns[:feeds_mod.FEED_SIZE])))
    honours = sorted((h for hs in catalog.honours_by_unit.values() for h in hs),
                     key=lambda h: (h.decision_date, h.decision_number, h.path, h.line), reverse=True)
    out.append(feeds_mod.Feed(
        feeds_mod.feed_uri(HONOURS), "Khen thưởng", HONOURS,
        [feeds_mod.honour_entry(h, catalog.unit_url(h.unit)) for h in honours[:feeds_mod.FEED_SIZE]]))
    return out
