"""MkDocs glue: turns build events into calls of the `thidua` package, and nothing more.

Named in mkdocs.yml under `hooks:`. MkDocs imports this file with its folder on sys.path, so
the package beside it is importable without installation.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

import material

from thidua import buildcache, csp, dates, hints, opendata, options as options_mod, pages, parallel
from thidua import problems as problems_mod, sanitize, search, searchindex, urls
from thidua import cmsconfig
from thidua import catalog as catalog_mod, crawl, feeds, listings, structured
from thidua.schema_check import SCHEMA_DIR
from thidua.validate import validate_project
from thidua.vntext import heading_slug

import thidua_render

log = get_plugin_logger("thidua")

SCHEMA_URL = urls.SCHEMA_FILES


class _Build:
    """What one build learned in on_config, for the later events of the same build."""

    command = "build"
    root: Path = Path(".")
    portal = None
    planned: dict[str, pages.PlannedPage] = {}
    problems: list = []
    unsafe: list[str] = []  # pages whose HTML would run code the theme did not put there
    index_entries: dict[str, tuple[int, str]] = {}  # page file -> its search entry, for the index only
    options = options_mod.Options()
    cache: buildcache.Store | None = None
    search: dict[str, search.Planned] = {}  # record path -> its search entry, computed once
    bodies: dict[str, dict] = {}  # src_uri -> body rendered ahead (hooks/thidua_render.py)
    feeds: list = []  # thidua.feeds.Feed of every listing
    titles: dict[str, str] = {}  # generated page url -> title, for breadcrumbs
    dated = False  # some page has a date from the records (not so while records have errors)


# Inline scripts of Material's own partials: the only inline code a page may run (thidua.csp).
THEME_SCRIPTS = csp.theme_prefixes(Path(material.__file__).parent / "templates" / "partials" / "javascripts")


def on_startup(command: str, dirty: bool) -> None:
    _Build.command = command


def on_config(config):
    # Python-Markdown's default heading ids drop "đ" ("thi đua" -> "thi-ua").
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    root = Path(config.config_file_path).parent
    _Build.options = opts = options_mod.read(config.extra)
    _Build.cache = store = _open_cache(root, opts)
    workers = opts.build_workers or parallel.available_cores()
    if _Build.command == "serve":
        # The preview server runs threads; forking beside them could inherit a held lock. A
        # preview's rebuild computes only what changed since the cache was filled anyway.
        workers = 1
    portal, problems = validate_project(root, cache=store)
    _Build.root, _Build.portal, _Build.problems, _Build.unsafe = root, portal, problems, []
    _Build.index_entries = {}
    _Build.search = search.plan(portal.campaigns if portal else [], store, workers,
                                themes=portal.themes if portal else None)
    if problems:
        text = problems_mod.report(problems)
        if _Build.command != "serve":
            # Fail before anything is written: no half-built site.
            raise PluginError("Dữ liệu văn bản có lỗi [Records have errors]:\n" + text)
        # A preview keeps serving, with the errors on every page, so the editor sees them on save.
        log.error("Dữ liệu văn bản có lỗi [Records have errors]:\n%s", text)
        planned = pages.plan_errors(problems)
        # The listings shown meanwhile are an empty portal's: so are their (empty) feeds.
        catalog = catalog_mod.build(pages.EMPTY)
        _Build.feeds = listings.feeds(pages.EMPTY, catalog)
    else:
        catalog = catalog_mod.build(portal)
        planned = pages.plan(portal, catalog, opts)
        _Build.feeds = listings.feeds(portal, catalog)
        found = hints.movement_hints(root, portal)
        if found:
            # A hint never fails a build (--strict turns warnings into failures): the preview,
            # where the editor works, shows it as a warning; a build mentions it in its log.
            (log.warning if _Build.command == "serve" else log.info)("Gợi ý [hints]:\n%s", hints.report(found))
    _Build.titles = {page.url: page.title for page in planned}
    _Build.dated = any(page.lastmod for page in planned)
    _Build.planned = {page.src_uri: page for page in planned}
    if len(_Build.planned) != len(planned):  # validation should make this impossible; never overwrite silently
        raise PluginError("Hai trang sinh ra trùng địa chỉ [Two generated pages share one URL]")
    _Build.bodies = thidua_render.prepare(
        {page.src_uri: page.markdown for page in planned if page.markdown}, config, store, workers)
    return config


def _open_cache(root: Path, opts) -> buildcache.Store | None:
    folder = options_mod.cache_folder(opts, root)
    if folder is None:
        return None
    if not folder.is_dir():
        log.info("bộ nhớ đệm %s trống: dựng toàn bộ [build cache empty: full build]", folder)
    fingerprint = buildcache.code_fingerprint(
        Path(__file__).parent / "thidua", [Path(__file__), Path(thidua_render.__file__)])
    return buildcache.Store(folder, fingerprint)


def on_files(files, config):
    for page in _Build.planned.values():
        files.append(File.generated(
            config, page.src_uri, content=page.content(),
            inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        ))
    if _Build.portal is not None:
        for uri, content in opendata.files(_Build.portal, config.site_url or "").items():
            files.append(File.generated(config, uri, content=content))
        for campaign in _Build.portal.campaigns:
            # The record's text: the downloadable file Nghị định 42/2022/NĐ-CP asks for.
            files.append(File.generated(config, opendata.source_uri(campaign), content=_record_text(campaign)))
    _publishing_files(files, config)
    # The web editor /quan-tri/: its form fields come from the schemas, its issuer choice from units.yml.
    styles = [f.src_uri for f in files if f.src_uri.startswith("assets/stylesheets/main.") and f.src_uri.endswith(".css")]
    styles += list(config.extra_css)
    for uri, content in cmsconfig.files(cmsconfig.registry_units(_Build.root),
                                        cmsconfig.Backend.from_extra(config.extra.get("cms")),
                                        config.site_url or "", styles).items():
        files.append(File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    # The schema is published so editors' IDEs can validate front matter against the site's copy.
    for schema in sorted(SCHEMA_DIR.glob("*.json")):
        files.append(File.generated(config, SCHEMA_URL + schema.name, abs_src_path=str(schema)))
    return files


def _record_text(campaign) -> str:
    """opendata.record_text(), reused while the record's data and body are unchanged."""
    store = _Build.cache
    if store is None or not buildcache.round_trips(campaign.data):
        return opendata.record_text(campaign)
    key = store.key("record-text", campaign.data, campaign.body)
    return store.cached("record-text", key, lambda: opendata.record_text(campaign))


def on_env(env, config, files):
    # MkDocs' Jinja has no autoescaping, and our templates print editors' values: every template
    # of the portal's own (overrides/) escapes what it prints; Material's stay as they are.
    overrides = Path(config.theme.custom_dir)
    ours = {p.relative_to(overrides).as_posix() for p in overrides.rglob("*.html")}
    env.autoescape = lambda name: name in ours
    # `| tojson` (JSON-LD in overrides/partials/thidua_head.html): Vietnamese as UTF-8, not \u
    # escapes (a third of the size); "<", ">", "&" and "'" are still escaped, safe in <script>.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    # Campaign dates arrive typed (thidua.model.Campaign); _as_date still accepts a string.
    env.filters["vn_date"] = lambda value: dates.format_vn(_as_date(value))
    env.filters["short_date"] = lambda value: dates.format_short(_as_date(value))
    # search: overrides/thidua/partials/search_entry.html, overrides/partials/search_page_keys.html
    env.filters["search_entry"] = lambda campaign: _Build.search[campaign.path].entry  # computed once, in on_config
    env.filters["search_keys"] = search.listing_keys
    env.globals["listing_key_weight"] = search.WEIGHTS["listing"]
    return env


def on_page_markdown(markdown, page, config, files):
    planned = _Build.planned.get(page.file.src_uri)
    ahead = _Build.bodies.get(page.file.src_uri)
    if ahead is not None and planned is not None and markdown.lstrip("\n") == planned.markdown.lstrip("\n"):
        # Rendered ahead, on every core or from the cache: MkDocs converts nothing, and
        # on_page_content puts the result in place.
        page.thidua_body = ahead
        return ""
    page.thidua_body = None
    return markdown


def on_page_content(html, page, config, files):
    ahead = getattr(page, "thidua_body", None)
    if ahead is not None:
        html = ahead["html"]
        page.toc = get_toc(ahead["toc"])
        page._title_from_render = ahead["title"]
        page.present_anchor_ids = set(ahead["anchors"])
        if page.links_to_anchors is not None and ahead["self_anchors"]:
            page.links_to_anchors = {page.file: dict(ahead["self_anchors"])}
    # Generated pages carry editors' text: only the allow-listed markup reaches a reader.
    if page.file.src_uri in _Build.planned:
        return sanitize.clean(html)
    return html


def on_page_context(context, page, config, nav):
    context["thidua_problems"] = _Build.problems
    planned = _Build.planned.get(page.file.src_uri)
    if planned is None:
        return _publishing_context(context, page, config, None)
    context.update(planned.context)
    _publishing_context(context, page, config, planned)
    # Generated pages have no file in docs/; an editor fixes the record it came from.
    edit_base = _Build.options.record_edit_base
    page.edit_url = edit_base.rstrip("/") + "/" + planned.edit_path if edit_base and planned.edit_path else None
    return context


# --- publishing: feeds, sitemap dates, robots.txt, share cards, structured data ---
def _publishing_files(files, config):
    site_url = config.site_url or ""
    newest = pages.record_day(_Build.portal.campaigns[0]) if _Build.portal and _Build.portal.campaigns else "1970-01-01"
    for uri, content in feeds.files(_Build.feeds, site_url, newest).items():
        files.append(File.generated(config, uri, content=content))
    files.append(File.generated(config, "robots.txt", content=crawl.robots_txt(site_url)))


def on_pre_page(page, config, files):
    # MkDocs dates every page by the build's clock; the sitemap's <lastmod> says when the records a
    # page shows changed instead (thidua.pages), and hand-written pages carry none.
    if _Build.dated:
        planned = _Build.planned.get(page.file.src_uri)
        page.update_date = (planned.lastmod if planned else None) or ""
    return page


def _publishing_context(context, page, config, planned):
    base = (config.site_url or "").rstrip("/") + "/"
    title = planned.title if planned else (page.title or config.site_name)
    url = page.url if page.url != "." else ""
    context["thidua_breadcrumbs"] = structured.breadcrumb_list(structured.trail(url, title, _Build.titles), base)
    context["thidua_share"] = {
        "title": title,
        "description": context.get("share_description") or config.site_description,
        "image": base + crawl.SHARE_IMAGE, "type": "article" if "campaign" in context else "website",
    }
    campaign = context.get("campaign")
    if campaign is not None and planned is not None:
        context["thidua_legislation"] = structured.legislation(
            campaign, base, issuer_url=context.get("issuer_url"), theme=context.get("theme_link"),
            parent=context.get("parent_unit"))
    return context


def on_post_page(output, page, config):
    output = _with_policy(output, page.file.src_uri)
    output, entry = searchindex.take_entry(output)
    if entry:
        _Build.index_entries[page.file.dest_uri] = entry
    return output


def on_post_template(output, template_name, config):
    return _with_policy(output, template_name) if template_name.endswith(".html") else output


def _with_policy(html: str, where: str) -> str:
    html, foreign = csp.apply(html, THEME_SCRIPTS, preview=_Build.command == "serve")
    _Build.unsafe += [f"{where}: {snippet}" for snippet in foreign]
    return html


# --- search: the Pagefind index is part of every build, `mkdocs serve` included ---
def on_post_build(config):
    unsafe, _Build.unsafe = _Build.unsafe, []
    if unsafe:
        text = "\n".join(unsafe)
        message = ("Trang có mã chạy được không do giao diện đặt vào (giá trị chưa được thoát?) "
                   "[A page would run code the theme did not put there (an unescaped value?)]:\n" + text)
        if _Build.command != "serve":
            raise PluginError(message)
        log.error(message)
    try:
        planned = list(_Build.search.values())
        report = searchindex.build_index(
            config.site_dir,
            facets=search.facet_list(p.entry for p in planned),
            common=search.common_syllables(p.syllables for p in planned),
            entries=_Build.index_entries, store=_Build.cache, log=log.info,
            # One Pagefind at a time under `mkdocs serve`, as in on_config.
            workers=1 if _Build.command == "serve" else _Build.options.build_workers or parallel.available_cores())
    except searchindex.SearchIndexError as exc:
        raise PluginError(f"Không tạo được chỉ mục tìm kiếm [Search index failed]: {exc}") from exc
    log.info("search: %d pages indexed in %.1f s", report.pages, report.seconds)
    store = _Build.cache
    if store is not None:
        store.prune()  # keep exactly this build's entries
        notice = store.notice()
        if notice:
            log.info(notice)  # a warning would fail a strict build that is otherwise correct
        log.info("build cache: %d reused, %d computed", store.hits, store.misses)


def _as_date(value):
    return value if isinstance(value, dates.PartialDate) else dates.parse(str(value))
