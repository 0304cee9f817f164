"""Plan the generated pages: a pure function from the Portal to a list of pages.

Each page is Markdown with a small front matter naming its template; what the template needs
beyond `page` travels in `context`. The MkDocs glue only turns these into files.
"""
from __future__ import annotations

import posixpath

from . import catalog as catalog_mod, listings, urls
from .model import Campaign, Portal
from .options import Options
from .planned import PlannedPage
from .problems import Problem
from .schema_doc import record_reference
from .opendata import data_uri, source_uri


HOME = urls.HOME


def plan(portal: Portal, options: Options = Options()) -> list[PlannedPage]:
    catalog = catalog_mod.build(portal)
    pages = [section_home(portal, catalog), schema_page()]
    for campaign in portal.campaigns:
        pages.append(campaign_page(campaign, portal, catalog))
        pages.extend(redirect_pages(campaign))
    pages.extend(listings.plan(portal, catalog, options))  # themes, movements, units, years, honours
    return pages


def plan_errors(problems: list[Problem]) -> list[PlannedPage]:
    """What `mkdocs serve` shows instead of the section while records have errors: the problems
    in place of the section home, and the listings of an empty portal so the nav still resolves."""
    problems_page = PlannedPage(
        HOME, "Lỗi dữ liệu", "thidua/problems.html", in_nav=True,
        context={"problems": sorted(problems, key=Problem.sort_key)},
    )
    return [problems_page] + [page for page in plan(Portal(units={}, campaigns=[])) if page.src_uri != HOME]


def section_home(portal: Portal, catalog=None) -> PlannedPage:
    catalog = catalog or catalog_mod.build(portal)
    return PlannedPage(
        HOME, "Trang thông tin điện tử", "thidua/section_home.html", in_nav=True,
        context=listings.home_context(portal, catalog),
    )


def schema_page() -> PlannedPage:
    return PlannedPage(
        urls.SCHEMA_PAGE, "Định dạng bản ghi văn bản", "thidua/schema.html",
        markdown=record_reference(), in_nav=True,
    )


def campaign_page(campaign: Campaign, portal: Portal, catalog=None) -> PlannedPage:
    title = f"{campaign.number}: {campaign.title}" if campaign.number else campaign.title
    catalog = catalog or catalog_mod.build(portal)
    today = portal.successor_today(campaign.issuer)
    return PlannedPage(
        campaign.src_uri, title, "thidua/campaign.html", markdown=campaign.body,
        context={
            "campaign": campaign,
            "issuer_today": today,
            "issuer_today_url": catalog.unit_url(today) if today else None,
            "downloads": {"text": source_uri(campaign), "data": data_uri(campaign)},
            **listings.campaign_context(campaign, catalog),
        },
        edit_path=campaign.path,
    )


def redirect_pages(campaign: Campaign) -> list[PlannedPage]:
    """Old slugs keep working after a correction moved a record's URL."""
    pages = []
    for old in campaign.data.get("redirect_from", []):
        src = urls.decree_src(campaign.year, old)
        target = posixpath.relpath(campaign.url, posixpath.dirname(src[:-3] + "/")) + "/"
        pages.append(PlannedPage(src, campaign.title, "thidua/redirect.html", context={"redirect_to": target}))
    return pages
