"""Plan the generated pages: a pure function from the Portal to a list of pages.

Each page is Markdown with a small front matter naming its template; what the template needs
beyond `page` travels in `context`. The MkDocs glue only turns these into files.
"""
from __future__ import annotations

import posixpath

from . import catalog as catalog_mod, listings, printform, structured, urls
from .model import SECTION, Campaign, Portal  # noqa: F401  (SECTION: the section's address)
from .options import Options
from .planned import PlannedPage
from .problems import Problem
from .schema_doc import record_reference
from .opendata import data_uri, source_uri


HOME = urls.HOME
EMPTY = Portal(units={}, campaigns=[])  # what the listings show while records have errors


def plan(portal: Portal, catalog=None, options: Options = Options()) -> list[PlannedPage]:
    catalog = catalog or catalog_mod.build(portal)
    pages = [section_home(portal, catalog), schema_page()]
    for campaign in portal.campaigns:
        pages.append(campaign_page(campaign, portal, catalog))
        pages.extend(redirect_pages(campaign))
    pages.extend(listings.plan(portal, catalog, options))  # themes, movements, units, years, honours
    _date_pages(pages, portal)
    return pages


def record_day(campaign: Campaign) -> str:
    """The day a record stands for in feeds and the sitemap: its date of issue, or the lower bound
    read from what it cites when the source leaves the day blank."""
    return campaign.sort_date().earliest().isoformat()


def _date_pages(pages: list[PlannedPage], portal: Portal) -> None:
    """Each page's lastmod from the records it shows, never from the clock (reproducible): a
    term's pages by its newest decree, the home and indexes by the newest decree of all."""
    newest = record_day(portal.campaigns[0]) if portal.campaigns else None
    for page in pages:
        if page.lastmod or page.template in ("thidua/schema.html", "thidua/redirect.html"):
            continue
        group = page.context.get("term")
        if group is not None:
            page.lastmod = record_day(group.campaigns[0]) if group.campaigns else None
        else:
            page.lastmod = newest


def plan_errors(problems: list[Problem]) -> list[PlannedPage]:
    """What `mkdocs serve` shows instead of the section while records have errors: the problems
    in place of the section home, and the listings of an empty portal so the nav still resolves."""
    problems_page = PlannedPage(
        HOME, "Lỗi dữ liệu", "thidua/problems.html", in_nav=True,
        context={"problems": sorted(problems, key=Problem.sort_key)},
    )
    return [problems_page] + [page for page in plan(EMPTY) if page.src_uri != HOME]


def section_home(portal: Portal, catalog=None) -> PlannedPage:
    catalog = catalog or catalog_mod.build(portal)
    return PlannedPage(
        HOME, "Trang thông tin điện tử", "thidua/section_home.html", in_nav=True,
        context=listings.home_context(portal, catalog),
    )


def schema_page() -> PlannedPage:
    return PlannedPage(
        urls.SCHEMA_PAGE, "Định dạng bản ghi văn bản", "thidua/schema.html",
        text=record_reference(), in_nav=True,
    )


def campaign_page(campaign: Campaign, portal: Portal, catalog=None) -> PlannedPage:
    title = f"{campaign.number}: {campaign.title}" if campaign.number else campaign.title
    catalog = catalog or catalog_mod.build(portal)
    today = portal.successor_today(campaign.issuer)
    return PlannedPage(
        campaign.src_uri, title, "thidua/campaign.html", record=campaign,
        context={
            "campaign": campaign,
            "issuer_today": today,
            "issuer_today_url": catalog.unit_url(today) if today else None,
            "downloads": {"text": source_uri(campaign), "data": data_uri(campaign)},
            **listings.campaign_context(campaign, catalog),
            "print_header": printform.header(campaign, portal),
            "share_description": structured.share_description(campaign),
            "parent_unit": portal.units.get(campaign.issuer.parent) if campaign.issuer.parent else None,
        },
        edit_path=campaign.path,
        lastmod=record_day(campaign),
    )


def redirect_pages(campaign: Campaign) -> list[PlannedPage]:
    """Old slugs keep working after a correction moved a record's URL."""
    pages = []
    for old in campaign.data.get("redirect_from", []):
        src = urls.decree_src(campaign.year, old)
        target = posixpath.relpath(campaign.url, posixpath.dirname(src[:-3] + "/")) + "/"
        pages.append(PlannedPage(src, campaign.title, "thidua/redirect.html", context={"redirect_to": target}))
    return pages
