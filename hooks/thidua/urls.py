"""Every address the portal gives a page or a file, in one place.

Addresses are site-relative, without a leading "/": "<SECTION>/van-ban/2025/173-pd-skhdt/".
A page's source URI is the `.md` path MkDocs is told it came from; its URL is where it is served.
Changing a shape here moves it everywhere (and old addresses need `redirect_from:` in records).
"""
from __future__ import annotations

SECTION = "trang-thong-tin-dien-tu"

HOME = f"{SECTION}/index.md"
SCHEMA_PAGE = f"{SECTION}/schema/index.md"
SCHEMA_FILES = f"{SECTION}/schema/"  # the JSON Schemas, published for editors' IDEs
ARCHIVE = f"{SECTION}/van-ban/"  # every decree, newest first
HONOURS = f"{SECTION}/khen-thuong/"
CONSULTATIONS = f"{SECTION}/lay-y-kien/"  # public consultations on proposed state honours
CATALOGUE = f"{SECTION}/du-lieu/van-ban.json"
FEED = f"{SECTION}/feed.xml"


def decree(year: int, slug: str) -> str:
    return f"{SECTION}/van-ban/{year}/{slug}/"


def decree_src(year: int, slug: str) -> str:
    """Also the source of a redirect page when `slug` is an old one (`redirect_from:`)."""
    return f"{SECTION}/van-ban/{year}/{slug}.md"


def decree_data(year: int, slug: str) -> str:
    return f"{decree(year, slug)}{slug}.json"


def decree_source(year: int, slug: str) -> str:
    # .txt, not .md: MkDocs would take a .md file for a page to render.
    return f"{decree(year, slug)}{slug}.txt"


def facet(segment: str) -> str:
    """The index of a listing ("chu-de", "don-vi", …); its terms live below it."""
    return f"{SECTION}/{segment}/"


def term(facet_base: str, slug: str) -> str:
    return f"{facet_base}{slug}/"


def numbered(first_url: str, number: int) -> str:
    """Page `number` of a paginated listing whose first page is `first_url`."""
    return first_url if number == 1 else f"{first_url}trang-{number}/"
