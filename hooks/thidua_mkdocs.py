"""MkDocs glue: turns build events into calls of the `thidua` package, and nothing more.

Named in mkdocs.yml under `hooks:`. MkDocs imports this file with its folder on sys.path, so
the package beside it is importable without installation.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import json
import logging
import os
import posixpath
import shutil
import threading
import time
from pathlib import Path, PurePath
from typing import NoReturn

import jinja2

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import log as _MKDOCS_PAGES_LOG
from mkdocs.structure.toc import get_toc

import material

from thidua import buildcache, csp, dates, hints, opendata, options as options_mod, pagecache, pages, parallel
from thidua import problems as problems_mod, sanitize, search, searchindex, urls
from thidua import cmsconfig, layout
from thidua import catalog as catalog_mod, crawl, feeds, listings, structured
from thidua.schema_check import SCHEMA_DIR
from thidua.validate import Seen, validate_project
from thidua.vntext import heading_slug

import thidua_finished
import thidua_firstpreview
import thidua_forkpages
import thidua_handover as handover
import thidua_kept
import thidua_memory as memory
import thidua_preview
import thidua_render
import thidua_sweep
import thidua_watch

log = get_plugin_logger("thidua")

SCHEMA_URL = urls.SCHEMA_FILES
# Hints the preview prints at most per build; `thidua validate` lists them all.
HINTS_SHOWN = 20
SEEN_KIND = "record-status"  # the record files' statuses and digests (_records_seen)


class _Build:
    """What one build learned in on_config, for the later events of the same build."""

    command = "build"
    dirty = False  # mkdocs build --dirty: MkDocs cleans nothing
    root: Path = Path(".")
    portal = None
    planned: dict[str, pages.PlannedPage] = {}
    problems: list = []
    unsafe: list[str] = []  # pages whose HTML would run code the theme did not put there
    index_entries: dict[str, tuple[int, str]] = {}  # page file -> its search entry, for the index only
    # page file -> a name of what the index reads of it (a decree page's cache name, another page's
    # content name), so the search step need not read it to name its shard
    index_names: dict[str, str] = {}
    options = options_mod.Options()
    cache: buildcache.Store | None = None
    syllables = search.SyllableCounter()  # each decree's syllables, counted for the common words (thidua.search)
    search: dict[str, search.Planned] = {}  # record path -> its search entry, computed once
    bodies: dict[str, dict] = {}  # src_uri -> body rendered ahead (hooks/thidua_render.py)
    feeds: list = []  # thidua.feeds.Feed of every listing
    titles: dict[str, str] = {}  # generated page url -> title, for breadcrumbs
    dated = False  # some page has a date from the records (not so while records have errors)
    keys: dict[str, str] = {}  # src_uri -> the name of its finished page in the cache
    linked: set[str] = set()  # src_uri of generated pages a hand-written page links to (always rendered)
    files = None  # MkDocs' Files of this build, for the sitemap of pages it did not render
    site_dir: str | None = None
    started = 0.0  # time.monotonic() when the build started, as MkDocs takes it for its last log line
    workers = 1  # processes this build may fork (thidua.options build_workers, cores)
    cores = 1  # processes this build may run at once: Pagefind's are started, never forked
    nav = None
    shares: list = []  # thidua_forkpages.Share: pages being rendered by children
    indexing = None  # threading.Thread writing the search index after a `mkdocs serve` rebuild
    written: dict[str, tuple] = {}  # src_uri -> (File, PlannedPage) written from the cache by on_files
    remembered: dict = {}  # preview: the cache values the last completed rebuild read, decoded (buildcache.Store.memory)
    served: dict[str, tuple | None] = {}  # preview: finished page key -> its search entry, as last written
    unpruned = None  # preview: the Store of the last rebuild, which on_shutdown prunes
    previews = 0  # preview builds completed by this server
    ahead = False  # this process runs the preview's first build ahead of the server (hooks/thidua_firstpreview.py)
    hinted = None  # preview: (movements registry's name, {(record path, digest)}) its hints last looked at
    # The site folder is kept from the previous build and this build's files are recorded (_FOLDER):
    # always in the preview, in `mkdocs build` with a build cache and without --dirty.
    keeping = False
    kept_names: dict[str, str] = {}  # mkdocs build: page file -> content name, of the other pages kept
    kept_removed: list[str] = []  # mkdocs build: files of the previous site that were not kept
    site_check = None  # mkdocs build: thidua.parallel.Beside, the previous site's check (_check_site)

    @classmethod
    def forget_pages(cls) -> None:
        """What only rendering needed; the search step keeps index_entries, the cache and the site."""
        cls.portal, cls.nav = None, None
        cls.planned, cls.search, cls.bodies, cls.titles, cls.keys, cls.written = {}, {}, {}, {}, {}, {}
        cls.feeds = []


# `mkdocs serve` keeps its site folder between rebuilds (hooks/thidua_preview.py), `mkdocs build`
# between builds (hooks/thidua_kept.py); the hook module is loaded once per server, so this
# outlives each rebuild.
_FOLDER = thidua_preview.Folder()
_MADE = thidua_preview.Made()
_TEXTS = pagecache.TextNames()
_SEEN = Seen()
_SWEEP = thidua_sweep.Sweeper()


class _CompiledTemplates(jinja2.BytecodeCache):
    """The preview's templates, compiled once per server rather than once per rebuild. Jinja names
    each by its file and checks the source's checksum, so an edited template is compiled again.
    In memory only: compiled code is never read from the build cache's folder."""

    def __init__(self) -> None:
        self.code: dict[str, tuple] = {}  # Jinja's key -> (source checksum, code object)

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()

# Inline scripts of Material's own partials: the only inline code a page may run (thidua.csp).
THEME_SCRIPTS = csp.theme_prefixes(Path(material.__file__).parent / "templates" / "partials" / "javascripts")


def on_startup(command: str, dirty: bool) -> None:
    _Build.command = command
    _Build.dirty = dirty


def on_config(config):
    _Build.started = time.monotonic()
    if _Build.indexing is not None:  # `mkdocs serve`: the previous build's search index, still being written
        _Build.indexing.join()
        _Build.indexing = None
    if _Build.command == "serve" and _Build.previews:
        _pause_collector()
    _MADE.next_rebuild()
    # Python-Markdown's default heading ids drop "đ" ("thi đua" -> "thi-ua").
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    root = Path(config.config_file_path).parent
    _Build.options = opts = options_mod.read(config.extra)
    if thidua_firstpreview.wanted(_Build.command, _Build.previews, opts.search_handover_pages,
                                  options_mod.cache_folder(opts, root) is not None):
        _Build.ahead = thidua_firstpreview.run_ahead(config)
    if _like_mkdocs_build():
        memory.collect_less()
    _Build.cache = store = _open_cache(root, opts)
    _Build.cores = workers = opts.build_workers or parallel.available_cores()
    if _Build.command == "serve" and threading.active_count() > 1:
        # The preview server's threads run from its second build on (its first build comes before
        # them, mkdocs/commands/serve.py); forking beside them could inherit a held lock. A
        # rebuild computes only what changed since the cache was filled anyway.
        workers = 1
    _Build.workers = workers
    _Build.site_dir = config.site_dir
    _Build.site_check = _check_site(config.site_dir, root, store, workers)
    seen, known = _records_seen(root, store)
    portal, problems = validate_project(root, cache=store, seen=seen, workers=workers)
    if _Build.ahead and problems:  # the server shows them on every page; nothing to spare it
        thidua_firstpreview.leave(thidua_firstpreview.NOT_NEEDED)
    if seen is not None and _Build.command != "serve":
        state = seen.state()
        if state != known:
            store.put_bytes(SEEN_KIND, _seen_name(store, root), json.dumps(state).encode("utf-8"))
    _Build.root, _Build.portal, _Build.problems, _Build.unsafe = root, portal, problems, []
    _Build.index_entries, _Build.index_names = {}, {}
    # Each decree's syllables, for the common words: counted as they come and dropped (memory
    # while pages render), from the totals the previous build left (thidua.search.plan).
    _Build.syllables = search.SyllableCounter()
    _Build.search = search.plan(portal.campaigns if portal else [], store, workers,
                                themes=portal.themes if portal else None, counter=_Build.syllables)
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
        # Hints are for the editor: the preview, where the editor works, shows them as warnings
        # (`thidua validate` prints them too). A build, where --strict would turn them into
        # failures, does not spend the time to look for them.
        if _Build.ahead:  # the server prints them; found here, they are in the cache for it
            hints.movement_hints(root, portal, store, workers=workers)
        elif _Build.command == "serve":
            _preview_hints(root, portal, store)
    _Build.titles = {page.url: page.title for page in planned}
    _Build.dated = any(page.lastmod for page in planned)
    _Build.planned = {page.src_uri: page for page in planned}
    if len(_Build.planned) != len(planned):  # validation should make this impossible; never overwrite silently
        raise PluginError("Hai trang sinh ra trùng địa chỉ [Two generated pages share one URL]")
    # Finished pages are reused only from a build whose records were all valid: a preview that
    # shows errors renders everything, as it did before the cache.
    _Build.keys = {}
    if store is not None and not problems:
        site = thidua_finished.site_digest(config, planned, _Build.command)
        _TEXTS.next_build()
        texts = _TEXTS if _keeps_for_rebuilds() else None
        if _like_mkdocs_build():
            memory.hold_plan()  # before the fork: the process naming half the pages shares it as it is
        _Build.keys = thidua_finished.page_keys(planned, site, store, _Build.search, _Build.titles, texts,
                                                workers=workers)
    _Build.linked = thidua_finished.linked_from_docs(Path(config.docs_dir))
    if _Build.ahead:
        # Pages in the navigation or linked from docs/ are rendered by the server in any case.
        to_render = sum(1 for page in planned if _cache_key(page) is not None and not _finished_at_hand(page))
        if to_render < opts.search_handover_pages:
            thidua_firstpreview.leave(thidua_firstpreview.NOT_NEEDED)
        thidua_firstpreview.going_on(to_render)
    # Bodies only for the pages MkDocs will render: a page whose finished HTML is at hand is
    # written as it is (on_files). Should that entry fail its check there, MkDocs renders the
    # page from its Markdown itself, to the same bytes, only slower.
    _Build.bodies = thidua_render.prepare(
        {page.src_uri: page.markdown for page in planned
         # A page without Markdown (a listing) is not looked for in the cache; a body is read last.
         if (page.record is not None or page.text) and not _finished_at_hand(page) and page.markdown},
        config, store, workers)
    if _like_mkdocs_build():
        memory.hold_plan()  # also without a cache; freezing twice freezes what came since
    return config


def _seen_name(store: buildcache.Store, root: Path) -> str:
    return store.key(SEEN_KIND, os.path.normpath(os.path.abspath(root)))


def _records_seen(root: Path, store) -> tuple[Seen | None, dict | None]:
    """What spares reading the record files unchanged since they were last read (thidua.validate.Seen),
    and the state it started from. The preview keeps its own from one rebuild to the next; a
    `mkdocs build`, and the preview's first build, start from what the last `mkdocs build` of this
    project recorded in the build cache: reading 10,000 record files took 1.4 s of a rebuild."""
    if store is None:  # nothing to reuse a read for; the preview still reuses its Campaigns
        return (_SEEN if _Build.command == "serve" else None), None
    seen = _SEEN if _keeps_for_rebuilds() else Seen()
    if seen.files:
        return seen, None
    found = store.get_bytes(SEEN_KIND, _seen_name(store, root), count=False)
    try:
        known = json.loads(found[1]) if found is not buildcache.MISSING else None
    except ValueError:
        known = None
    seen.restore(known)
    return seen, known


def _preview_hints(root: Path, portal, store) -> None:
    """The preview's hints, as warnings: on its first build every record's (the first HINTS_SHOWN
    printed, and their count); on a rebuild only those of the records saved since the previous one,
    which is what the editor is working on, unless the movements registry changed."""
    registry = hints.registry_name(portal)
    versions = {(c.path, c.digest) for c in portal.campaigns}
    previous, _Build.hinted = _Build.hinted, (registry, versions)
    only = None
    if previous is not None and previous[0] == registry:
        only = {path for path, _ in versions - previous[1]}
    found = hints.movement_hints(root, portal, store, only, workers=_Build.workers)
    if found:
        log.warning("Gợi ý [hints]:\n%s", hints.report(found, HINTS_SHOWN))


def _cache_key(page) -> str | None:
    """The name of `page`'s finished HTML when on_files may take it from the cache: outside the
    navigation and linked from no hand-written page (thidua_finished)."""
    if page.in_nav or page.src_uri in _Build.linked:
        return None
    return _Build.keys.get(page.src_uri)


def _finished_at_hand(page) -> bool:
    key = _cache_key(page)
    return key is not None and (key in _Build.served or _Build.cache.has(pagecache.KIND, key))


def _open_cache(root: Path, opts) -> buildcache.Store | None:
    folder = options_mod.cache_folder(opts, root)
    if folder is None:
        return None
    if not folder.is_dir():
        log.info("bộ nhớ đệm %s trống: dựng toàn bộ [build cache empty: full build]", folder)
    # The glue modules beside this one write or render cached work too.
    glue = [Path(m.__file__) for m in (thidua_render, thidua_finished, thidua_forkpages)]
    fingerprint = buildcache.code_fingerprint(Path(__file__).parent / "thidua", [Path(__file__), *glue])
    # The preview server keeps the entries its previous rebuild read, decoded, in memory (only
    # those; they are found by name, which includes the code's fingerprint, as on disk).
    memory = _Build.remembered if _keeps_for_rebuilds() else None
    return buildcache.Store(folder, fingerprint, memory=memory)


def on_pre_build(config):
    _Build.keeping = _Build.command == "serve"
    if _Build.command == "serve":
        _FOLDER.set_aside(config.site_dir)  # MkDocs empties the folder next
    elif not _Build.dirty:
        _keep_or_sweep(config.site_dir)


def _check_site(site_dir: str, root: Path, store, workers: int):
    """`mkdocs build` with a build cache, not --dirty: the check of what the previous site holds
    starts now and runs beside the validation of the records (it only reads the folder);
    _keep_or_sweep takes its answer. None when nothing of the previous site will be kept."""
    if store is None or _Build.command != "build" or _Build.dirty or not thidua_sweep.may_clear(site_dir, root):
        return None
    return parallel.Beside(thidua_kept.check, site_dir, thidua_kept.state_of(store, site_dir),
                           (searchindex.BUNDLE,), workers=workers)


def _keep_or_sweep(site_dir: str) -> None:
    """`mkdocs build`: keep what of the previous site may be trusted (hooks/thidua_kept.py); what
    may not is removed beside the build (hooks/thidua_sweep.py). MkDocs empties the folder next."""
    store = _Build.cache
    _Build.kept_names, _Build.kept_removed = {}, []
    pending, _Build.site_check = _Build.site_check, None
    if pending is None:  # only `mkdocs build` records what it wrote (_index_and_close)
        _SWEEP.move_aside(site_dir, _Build.root)
        return
    _Build.keeping = True
    kept = thidua_kept.take(store, site_dir, pending.result())
    if kept is None:  # no state of a completed build: nothing is kept
        _SWEEP.move_aside(site_dir, _Build.root)
        _FOLDER.set_aside(site_dir, base={})
        return
    _SWEEP.move_aside(site_dir, _Build.root, names=[searchindex.BUNDLE])  # the index is placed anew
    _FOLDER.set_aside(site_dir, base=kept.base)
    # The search entries of the pages kept unchanged are read only for a shard indexed again.
    kept.entries.update(_Build.index_entries)
    _Build.index_entries = kept.entries
    _Build.kept_names, _Build.kept_removed = kept.names, kept.removed
    log.info("site: %d files kept from the previous build, %d removed", len(kept.base), len(kept.removed))


class _GeneratedFile(File):
    """A file the build generates, at an address thidua.urls made: already a normal POSIX path,
    which MkDocs' File would take apart and join again with PurePath (mkdocs/structure/files.py,
    the `src_path` setter): 0.4 s of a rebuild's 34,000 files at 10,000 records."""

    @File.src_path.setter
    def src_path(self, value: str) -> None:
        if posixpath.normpath(value) != value or "\\" in value:
            value = PurePath(value).as_posix()  # a "./", "//" or Windows separator: MkDocs' way
        self.src_uri = value


def on_files(files, config):
    _Build.files, _Build.written = files, {}
    if _Build.keeping:
        _FOLDER.put_back()
    # MkDocs is handed only the pages it must render: a page outside the navigation whose finished
    # HTML is in the cache is written here, once. In `mkdocs build` it stays in `files` as
    # excluded, so a link to it from a rendered page still resolves to the same address (MkDocs
    # logs at INFO that the target is "excluded"). `mkdocs serve` would render excluded pages as
    # drafts, so there it is left out of `files`: a preview then warns about a relative link from a
    # record's body to such a page, and still serves both.
    # Pages in the navigation or linked from a hand-written page are always rendered, so MkDocs
    # has no reason to mention them.
    served, _Build.served = _Build.served, {}
    for page in _Build.planned.values():
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # A page taken from the cache is never read by MkDocs: its Markdown is made only for the others.
        file = _GeneratedFile.generated(config, page.src_uri, content="", inclusion=inclusion)
        key = _cache_key(page)
        if key is not None and searchindex.shard_of(file.dest_uri) != searchindex.SITE_SHARD:
            # A decree's page: its bytes and search entry, rendered here or not, are what `key`
            # names, and its name changes with little else. A listing's name changes with every
            # decree it shows, its bytes only when what it prints of them does: it is read.
            _Build.index_names[file.dest_uri] = key
        entry = _finished_page(file, key, served)
        if entry is False:
            file.content_string = page.content()
            files.append(file)
            continue
        if entry:
            _Build.index_entries[file.dest_uri] = entry
        _Build.written[file.src_uri] = (file, page)
        if _Build.command != "serve":
            file.inclusion = InclusionLevel.EXCLUDED
            files.append(file)
    if _Build.portal is not None:
        for uri, make, named in opendata.files(_Build.portal, config.site_url or "", _campaign_json, _catalogue_json):
            files.append(_generated(config, uri, make, named))
        campaigns = _Build.portal.campaigns
        for campaign, ahead in zip(campaigns, _record_texts_ahead(campaigns)):
            # The record's text: the downloadable file Nghị định 42/2022/NĐ-CP asks for.
            files.append(_generated(config, opendata.source_uri(campaign),
                                    functools.partial(_record_text, campaign, ahead),
                                    ("record-text", campaign.digest) if campaign.digest else None,
                                    kept=functools.partial(_record_text_kept, campaign)))
    _publishing_files(files, config)
    # The web editor /quan-tri/: its form fields come from the schemas, its issuer choice from units.yml.
    styles = [f.src_uri for f in files if f.src_uri.startswith("assets/stylesheets/main.") and f.src_uri.endswith(".css")]
    styles += list(config.extra_css)
    for uri, content in _cms_files(config, styles).items():
        files.append(_GeneratedFile.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    # The schema is published so editors' IDEs can validate front matter against the site's copy.
    for schema in sorted(SCHEMA_DIR.glob("*.json")):
        files.append(_GeneratedFile.generated(config, SCHEMA_URL + schema.name, abs_src_path=str(schema)))
    if _Build.keeping:
        _keep_unchanged(files)
    return files


def _generated(config, uri: str, content, named: tuple | None = None, kept=None) -> File:
    """A generated file that is not a page (open data, a record's text, a feed). `content`: its
    text, or a function that makes it; `named`: what names everything the text is made of, or
    None; `kept`: called when the build's kept folder already holds it. `mkdocs build` writes it
    at once, as MkDocs would (File.copy_file), and keeps only its name: otherwise every decree's
    .json and .txt stayed in memory until the build ended, about 40 KB a decree while its pages
    render. A file its kept folder holds under the same name is not even made. The preview hands
    MkDocs the content, which it compares with what its folder holds (_keep_unchanged)."""
    if not _like_mkdocs_build():
        return _GeneratedFile.generated(config, uri, content=content() if callable(content) else content)
    file = _GeneratedFile.generated(config, uri, content="")
    token = None
    if _Build.keeping and named is not None:
        token = "k:" + _Build.cache.key("site-file", *named)
        if _FOLDER.unchanged(file.abs_dest_path, token):
            if kept is not None:
                kept()
            file.copy_file = _already_there
            return file
    text = content() if callable(content) else content
    if _Build.keeping and token is None:
        token = thidua_preview.content_token(text)
    if token is None or not _FOLDER.unchanged(file.abs_dest_path, token):
        file.content_string = text
        file.copy_file()
        file.content_string = ""
    file.copy_file = _already_there
    return file


def _finished_page(file, key: str | None, served: dict):
    """Write the page named `key` from the cache; returns its search entry, or False when MkDocs
    must render it. Both the cache and the write are skipped when the folder already holds that
    page: from the preview's previous rebuild (`served`: key -> search entry, of that rebuild) or
    from the previous `mkdocs build` (its entry, kept with the folder's state, is then read only
    if its shard is indexed again: None is returned)."""
    if key is None:
        return False
    token = thidua_kept.PAGE + key
    if _Build.command == "serve" and key in served and _FOLDER.unchanged(file.abs_dest_path, token):
        _Build.cache.mark_used(pagecache.KIND, key)
        entry = served[key]
    elif _Build.command == "build" and _Build.keeping and _FOLDER.unchanged(file.abs_dest_path, token):
        _Build.cache.mark_used(pagecache.KIND, key)  # the next build may need it
        _Build.index_entries.keep(file.dest_uri, key)
        if file.dest_uri in _Build.kept_names:  # recorded for pages without an entry only
            _Build.index_names[file.dest_uri] = _Build.kept_names[file.dest_uri]
        return None
    else:
        finished = thidua_finished.lookup(_Build.cache, key)
        if finished is None:
            return False
        data, entry = finished
        if not _Build.keeping or not _FOLDER.unchanged(file.abs_dest_path, token):
            thidua_finished.write(file.abs_dest_path, data)
        if entry is None:
            _name_content(file.dest_uri, data)
    if _keeps_for_rebuilds():
        _Build.served[key] = entry
    return entry


def _name_content(dest_uri: str, data: bytes) -> None:
    """A page outside the decrees' shards, without a search entry, named by its bytes for the
    search step: a listing's cache name changes with every decree it shows, its bytes only when
    what it prints of them does, and reading thousands of listings to find out was a tenth of a
    rebuild after one edit."""
    if (_Build.cache is not None and dest_uri.startswith(urls.SECTION + "/")
            and searchindex.shard_of(dest_uri) == searchindex.SITE_SHARD):
        _Build.index_names[dest_uri] = searchindex.content_name(data)


def _keep_unchanged(files) -> None:
    """A file other than a page whose content is what the kept folder already holds is not copied
    again (hooks/thidua_preview.py)."""
    for file in files:
        if file.is_documentation_page() or file.copy_file is _already_there:
            continue  # pages: MkDocs writes them, _folder_done records them; files _generated saw to
        if file.abs_src_path is None:
            # MkDocs keeps a generated file's content as given: a text kept by _MADE is known.
            text = getattr(file, "_content", None)
            token = _MADE.token(text) if isinstance(text, str) else thidua_preview.content_token(file.content_bytes)
        else:
            token = thidua_preview.source_token(file.abs_src_path)
        if token is not None and _FOLDER.unchanged(file.abs_dest_path, token):
            file.copy_file = _already_there


def _already_there(dirty: bool = False) -> None:
    return None


def _folder_done(config) -> None:
    """After a completed build into the kept folder: what MkDocs wrote itself is this build's
    too; the rest goes. The search index is rewritten next (preview) or was placed anew (build)."""
    for file in _Build.files:
        _FOLDER.produced(file.abs_dest_path)
    for name in [*config.theme.static_templates, *config.extra_templates]:
        _FOLDER.produced(str(Path(config.site_dir) / name))
        if name == "sitemap.xml":
            _FOLDER.produced(str(Path(config.site_dir) / (name + ".gz")))
    # A build's folder held only what was kept (hooks/thidua_kept.py): no walk.
    build = _Build.command == "build"
    removed = _FOLDER.finish(keep=(searchindex.BUNDLE,), walk=not build,
                             removed=_Build.kept_removed if build else ())
    if removed:
        log.info("site: %d files no longer produced were removed", removed)


def _made(key, make, reused=None) -> str:
    """make(), or in the preview the text an earlier rebuild made from the same inputs: `key()`
    names them (only the preview asks for it), `reused` is called when the text is found."""
    return _MADE.text(key(), make, reused) if _keeps_for_rebuilds() else make()


def _campaign_json(campaign, portal) -> str:
    if not campaign.digest:
        return opendata.campaign_json(campaign, portal)
    return _made(lambda: ("open-data", opendata.campaign_json_key(campaign, portal)),
                 lambda: opendata.campaign_json(campaign, portal))


def _catalogue_json(portal) -> str:
    if not all(c.digest for c in portal.campaigns):
        return opendata.catalogue_json(portal)
    # After an edit the catalogue changes, but only in the edited decree's row.
    return _made(lambda: ("catalogue", opendata.catalogue_json_key(portal)),
                 lambda: opendata.catalogue_json(portal, row=_catalogue_row))


def _catalogue_row(campaign, portal) -> str:
    return _made(lambda: ("catalogue-row", opendata.campaign_json_key(campaign, portal)),
                 lambda: opendata.catalogue_row(campaign, portal))


def _feed(feed, site_url: str, newest: str) -> str:
    return _made(lambda: ("feed", feeds.render_key(feed, site_url, newest)),
                 lambda: feeds.render(feed, site_url, newest))


def _cms_files(config, styles: list[str]) -> dict[str, str]:
    """cmsconfig.files(), reused while campaigns/units.yml, the `cms:` settings, the site's address
    and stylesheets are unchanged (its schemas are code: part of every key)."""
    def compute():
        return cmsconfig.files(cmsconfig.registry_units(_Build.root),
                               cmsconfig.Backend.from_extra(config.extra.get("cms")),
                               config.site_url or "", styles)

    store, settings = _Build.cache, config.extra.get("cms")
    if store is None or not buildcache.round_trips(settings):
        return compute()
    try:
        registry = hashlib.sha256((_Build.root / layout.UNITS).read_bytes()).hexdigest()
    except OSError:
        registry = None
    key = store.key("cms", registry, settings, config.site_url or "", styles)
    return store.cached("cms", key, compute)


def _record_text_kept(campaign) -> None:
    """A record's text the kept folder holds: its cache entry is kept too, for a build without it."""
    if campaign.digest and _Build.cache is not None:
        _Build.cache.mark_used("record-text", _Build.cache.key("record-text", campaign.digest))


def _record_texts_ahead(campaigns):
    """For each campaign, its opendata.record_text() made by a worker process, or None: in `mkdocs
    build` (and the preview's first build run ahead), for the records the cache does not hold (writing them out as YAML took 7 s of one core
    at 10,000 records). Handed over as they come, so they are never all in memory at once."""
    store = _Build.cache
    if not _like_mkdocs_build() or _Build.workers < 2 or store is None:
        return itertools.repeat(None, len(campaigns))
    wanted = [bool(c.digest) and not store.has("record-text", store.key("record-text", c.digest)) for c in campaigns]
    made = parallel.map_each(opendata.record_text_of, [(c.data, c.body) for c, w in zip(campaigns, wanted) if w],
                             workers=_Build.workers)
    return (next(made) if w else None for w in wanted)


def _record_text(campaign, ahead: str | None = None) -> str:
    """opendata.record_text(), reused while the record file's bytes are unchanged (its data and
    body are a function of them: thidua.model.Campaign.digest). `ahead`: that text, made already."""
    store = _Build.cache
    make = (lambda: ahead) if ahead is not None else (lambda: opendata.record_text(campaign))
    if not campaign.digest:
        return make()
    if store is None:
        return _made(lambda: ("record-text", campaign.digest), make)
    key = store.key("record-text", campaign.digest)
    return _made(lambda: ("record-text", campaign.digest),
                 lambda: store.cached("record-text", key, make),
                 reused=lambda: store.mark_used("record-text", key))  # the cache keeps it for a cold build


def on_env(env, config, files):
    # MkDocs' Jinja has no autoescaping, and our templates print editors' values: every template
    # of the portal's own (overrides/) escapes what it prints; Material's stay as they are.
    overrides = Path(config.theme.custom_dir)
    ours = {p.relative_to(overrides).as_posix() for p in overrides.rglob("*.html")}
    env.autoescape = lambda name: name in ours
    # `| tojson` (JSON-LD in overrides/partials/thidua_head.html): Vietnamese as UTF-8, not \u
    # escapes (a third of the size); "<", ">", "&" and "'" are still escaped, safe in <script>.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    # Every date arrives typed (thidua.model.Campaign, Unit, honours, consultations): templates
    # format dates, never hand a string back to be parsed.
    env.filters["vn_date"] = lambda value: dates.format_vn(_as_date(value))
    env.filters["short_date"] = lambda value: dates.format_short(_as_date(value))
    # search: overrides/thidua/partials/search_entry.html, overrides/partials/search_page_keys.html
    env.filters["search_entry"] = lambda campaign: _Build.search[campaign.path].entry  # computed once, in on_config
    env.filters["search_keys"] = search.listing_keys
    env.globals["listing_key_weight"] = search.WEIGHTS["listing"]
    if _Build.command == "serve":
        env.bytecode_cache = _COMPILED  # MkDocs makes a new environment for every rebuild
    _fork_pages(env, config, files)
    return env


def on_nav(nav, config, files):
    _Build.nav = nav
    return nav


# --- generated pages rendered on the other cores (hooks/thidua_forkpages.py) ---
def _fork_pages(env, config, files) -> None:
    _Build.shares = []
    if not _like_mkdocs_build() or _Build.workers < 2:
        return
    doc_files = files.documentation_pages()  # what MkDocs would give each page's context
    pages = [f.page for f in doc_files
             if f.page is not None and f.src_uri in _Build.planned and not _Build.planned[f.src_uri].in_nav]
    store = _Build.cache
    before = (len(_Build.unsafe), set(_Build.index_entries), set(store.used) if store else set(),
              store.write_errors if store else 0, set(_Build.index_names))

    def snapshot() -> dict:  # runs in a child: what its pages' events recorded
        return {"unsafe": _Build.unsafe[before[0]:],
                "entries": {k: v for k, v in _Build.index_entries.items() if k not in before[1]},
                "names": {k: v for k, v in _Build.index_names.items() if k not in before[4]},
                "used": sorted(store.used - before[2]) if store else [],
                "write_errors": store.write_errors - before[3] if store else 0}

    _Build.shares = thidua_forkpages.start(pages, _Build.workers - 1, config, doc_files, _Build.nav, env, snapshot)
    for share in _Build.shares:
        for page in share.pages:
            page.file.inclusion = InclusionLevel.EXCLUDED  # rendered by the child, not by MkDocs
            _Build.written[page.file.src_uri] = (page.file, _Build.planned[page.file.src_uri])
            key = _Build.keys.get(page.file.src_uri)
            if key is not None and _Build.keeping:  # the child keeps it under that name (on_post_page)
                _FOLDER.unchanged(page.file.abs_dest_path, thidua_kept.PAGE + key)
    if _Build.shares:
        log.info("pages: %d of %d rendered by %d other processes",
                 sum(len(share.pages) for share in _Build.shares), len(pages), len(_Build.shares))


def _join_forked_pages(config) -> None:
    shares, _Build.shares = _Build.shares, []
    states, errors = thidua_forkpages.finish(shares)
    if errors:
        raise PluginError("Không dựng được trang [A page could not be built]:\n" + "\n".join(errors))
    store = _Build.cache
    for state in states:
        _Build.unsafe += state["unsafe"]
        _Build.index_entries.update({k: tuple(v) for k, v in state["entries"].items()})
        _Build.index_names.update(state["names"])
        if store is not None:
            store.used.update(state["used"])
            store.write_errors += state["write_errors"]
    for share in shares:  # MkDocs checks the anchors of the pages it rendered; these too
        for page in share.pages:
            page.validate_anchor_links(files=_Build.files, log_level=config.validation.links.anchors)


def on_template_context(context, template_name, config):
    if template_name == "sitemap.xml":
        if _Build.written:
            # MkDocs lists the pages it rendered; the others belong in the same places.
            context["pages"] = thidua_finished.sitemap_pages(_Build.files, _Build.written, config.site_url,
                                                              list(_Build.planned))
        context["thidua_sitemap"] = thidua_finished.sitemap_xml(context["pages"])
    return context


def on_page_markdown(markdown, page, config, files):
    planned = _Build.planned.get(page.file.src_uri)
    if planned is not None and page.file.abs_src_path is None:
        # MkDocs has read the generated page's source (mkdocs.structure.pages.Page.read_source)
        # and never reads it again: a build at an archive's size would otherwise hold every
        # decree's text once more until its end.
        page.file.content_string = ""
    # Taken, not read: once on the page, the body is needed nowhere else, and a build at an
    # archive's size would otherwise hold every body twice while rendering.
    ahead = _Build.bodies.pop(page.file.src_uri, None)
    if ahead is not None and planned is not None and markdown.lstrip("\n") == planned.markdown.lstrip("\n"):
        # Rendered and sanitised ahead, on every core or from the cache: MkDocs converts nothing,
        # and does not even build its Markdown parser for the page (4.0 s of the 9.1 s this process
        # spent reading and converting pages at 10,000 records). The instance's own render() is
        # looked up before the class's.
        page.render = functools.partial(_render_ahead, page, ahead)
        return ""
    return markdown


def _render_ahead(page, ahead: dict, config, files) -> None:
    """In place of Page.render (mkdocs/structure/pages.py) for a body thidua_render rendered: the
    same attributes, set from it."""
    del page.render  # once; the class's method again for any later call
    page.content = ahead["html"]
    page.thidua_clean = True
    page.toc = get_toc(ahead["toc"])
    page._title_from_render = ahead["title"]
    page.present_anchor_ids = set(ahead["anchors"])
    if _MKDOCS_PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render decides
        page.links_to_anchors = {page.file: dict(ahead["self_anchors"])} if ahead["self_anchors"] else {}


def on_page_content(html, page, config, files):
    if getattr(page, "thidua_clean", False):
        return html  # sanitised when it was rendered ahead (hooks/thidua_render.py)
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
    named = _Build.command == "build" and _Build.keeping
    entry_names: dict = {}  # the feeds' entries live as long as this loop (_Build.feeds)
    for uri, made in feeds.files(_Build.feeds, site_url, newest, render=lambda *args: args).items():
        if isinstance(made, str):  # their sitemap
            files.append(_generated(config, uri, made))
        else:  # a feed the kept folder holds under the same inputs is not rendered (0.3 s at 10,000 records)
            files.append(_generated(config, uri, functools.partial(_feed, *made),
                                    ("feed", feeds.render_key(*made, entry_names)) if named else None))
    files.append(_generated(config, "robots.txt", crawl.robots_txt(site_url)))


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
    before = len(_Build.unsafe)
    output = _with_policy(output, page.file.src_uri)
    output, entry = searchindex.take_entry(output)
    if entry:
        _Build.index_entries[page.file.dest_uri] = entry
    data = thidua_finished.encoded(output) if _Build.cache is not None else None  # what MkDocs writes
    if not entry and data is not None:
        _name_content(page.file.dest_uri, data)
    key = _Build.keys.get(page.file.src_uri)
    if key is not None and len(_Build.unsafe) == before and output.strip():  # a page failing the build is never kept
        thidua_finished.keep(_Build.cache, key, data, entry)
        if _Build.keeping:  # MkDocs writes exactly these bytes: the next build may keep them
            _FOLDER.unchanged(page.file.abs_dest_path, thidua_kept.PAGE + key)
        if _keeps_for_rebuilds():
            _Build.served[key] = entry
    return output


def on_post_template(output, template_name, config):
    return _with_policy(output, template_name) if template_name.endswith(".html") else output


def _with_policy(html: str, where: str) -> str:
    html, foreign = csp.apply(html, THEME_SCRIPTS, preview=_Build.command == "serve")
    _Build.unsafe += [f"{where}: {snippet}" for snippet in foreign]
    return html


# --- search: the Pagefind index is part of every build, `mkdocs serve` included ---
def on_post_build(config):
    _join_forked_pages(config)
    unsafe, _Build.unsafe = _Build.unsafe, []
    if unsafe:
        text = "\n".join(unsafe)
        message = ("Trang có mã chạy được không do giao diện đặt vào (giá trị chưa được thoát?) "
                   "[A page would run code the theme did not put there (an unescaped value?)]:\n" + text)
        if _Build.command != "serve":
            raise PluginError(message)
        log.error(message)
    if _Build.command == "serve":
        _Build.previews += 1
        if _Build.ahead:  # its folder is thrown away: nothing of it to record for a rebuild
            _index_ahead(config)
        _folder_done(config)
        if _Build.cache is not None:
            _Build.remembered = _Build.cache.remembered
        # The preview serves the rebuilt pages as soon as this returns; the search index follows a
        # moment later, in the background (the next rebuild waits for it in on_config).
        _Build.indexing = threading.Thread(target=_index_in_background, args=(config,), daemon=True)
        _Build.indexing.start()
        return
    files = None
    if _Build.keeping:
        # Before the index: a kept page no build produces now (its record deleted) is not indexed.
        _folder_done(config)
        # The folder now holds exactly what this build produced: the index need not walk it.
        files = _FOLDER.site_files()
    _index_and_close(config, files)
    _SWEEP.finish()


def _like_mkdocs_build() -> bool:
    """Whether this process may fork for its work and ends with the build: `mkdocs build`, or the
    preview's first build run ahead (hooks/thidua_firstpreview.py). The server itself keeps its
    process, with threads from its second build on."""
    return _Build.command == "build" or _Build.ahead


def _keeps_for_rebuilds() -> bool:
    """Whether this process is the preview server, which keeps what a rebuild may reuse in memory."""
    return _Build.command == "serve" and not _Build.ahead


def _index_ahead(config) -> NoReturn:
    """The end of the preview's first build run ahead: the index, as `mkdocs build` writes it
    (handed over or in this process), then the process ends."""
    try:
        _index_and_close(config)
    except PluginError as exc:
        log.error("%s", exc)
        thidua_firstpreview.leave(1)
    thidua_firstpreview.leave(0)


def _index_in_background(config) -> None:
    try:
        _index_and_close(config)
    except PluginError as exc:
        log.error("%s", exc)
    finally:
        _collect_after_rebuild()


def _pause_collector() -> None:
    """Preview: no cyclic garbage collection while a rebuild runs. The server holds an archive's
    worth of objects between rebuilds (hooks/thidua_preview.py, the cache's decoded values), and
    the collector's full passes over them took a fifth of a rebuild at 10,000 records. What the
    rebuild leaves is collected once its page is served (_collect_after_rebuild). Not in the
    server's first build: cold, it makes the most garbage, and the collector keeps its peak down."""
    gc.disable()


def _collect_after_rebuild() -> None:
    gc.collect()
    gc.enable()
    # The server idles until the next save: what its rebuild freed goes back to the system rather
    # than staying in the C heap (after a cold first build at 2,000 records, 769 MB -> 676 MB).
    memory.trim()


def _index_and_close(config, files: list[str] | None = None) -> None:
    """The Pagefind index; while Pagefind runs, the site's state is recorded for the next build and
    the cache keeps exactly this build's entries. A `mkdocs build` whose index needs much memory
    first hands it to a process of its own (hooks/thidua_handover.py)."""
    filters = [p.filters for p in _Build.search.values()]
    common = _Build.syllables.common()
    _Build.syllables = search.SyllableCounter()
    store = _Build.cache
    try:
        plan = searchindex.plan_index(config.site_dir, entries=_Build.index_entries, page_names=_Build.index_names,
                                      store=store, archive_pages=_Build.options.search_shard_pages, files=files)
        # The preview's first build run ahead ends with its build, as `mkdocs build` does.
        handing_over = handover.wanted(plan, _Build.options.search_handover_pages,
                                       "build" if _like_mkdocs_build() else _Build.command, config,
                                       own=lambda handler: getattr(handler, "__module__", None) == __name__)
        # Its pages are written: Pagefind reads them from disk (hooks/thidua_memory.py). Not worth
        # its time before a hand-over, which gives back all of the process's memory. Shards light
        # enough not to be handed over are indexed beside it (meanwhile): the full collection took
        # 0.1 s of a rebuild at 10,000 records. Before a heavier one, memory goes back first.
        release = _like_mkdocs_build() and not handing_over
        light = plan.heaviest_to_index() < _Build.options.search_handover_pages * searchindex.DECREE_PAGE_WEIGHT
        if release and not light:
            _Build.forget_pages()
            memory.release(_Build.files)
            release = False

        def record_site() -> None:
            if _Build.command == "build" and _Build.keeping:
                # What this build wrote, for the next one to keep (hooks/thidua_kept.py): before the
                # prune, which keeps the entries a build used.
                thidua_kept.save(store, config.site_dir, _FOLDER.previous, _Build.index_entries,
                                 {page: name for page, name in _Build.index_names.items()
                                  if searchindex.shard_of(page) == searchindex.SITE_SHARD})

        if handing_over:
            if store is not None:
                plan.check_reused(store)  # the entries of a shard that fails its check are needed too
            record_site()
            _SWEEP.finish()
            log.info("search: indexed by a process of its own, without the memory this one holds "
                     "(search_handover_pages: %d)", _Build.options.search_handover_pages)
            job = handover.Job(plan=plan, facets=search.facet_list(filters), common=common, store=store,
                               workers=_Build.cores, site_dir=config.site_dir, root=str(_Build.root),
                               started=_Build.started, level=logging.getLogger("mkdocs").getEffectiveLevel())
            handover.hand_over(job, _Build.index_entries)  # returns only if the process could not be replaced
            handover.run(plan, entries=_Build.index_entries, facets=job.facets, common=common, store=store,
                         workers=_Build.cores, info=log.info, meanwhile=store.prune if store is not None else None)
            return

        def meanwhile() -> None:
            """What needs the written pages but not their index, done while Pagefind runs."""
            if release:
                _Build.forget_pages()
                memory.release(_Build.files)
            record_site()
            if store is not None:
                # Keep exactly this build's entries (the shards' bundles are kept as they are made).
                # The preview prunes after its first build and when the server stops (on_shutdown):
                # walking the whole folder after every save would delay the next rebuild, and what a
                # session leaves meanwhile is a few entries per save.
                if _Build.command != "serve" or _Build.previews == 1:
                    store.prune()
                else:
                    _Build.unpruned = store

        handover.run(plan, entries=_Build.index_entries, facets=lambda: search.facet_list(filters), common=common,
                     store=store, workers=_Build.cores, info=log.info, meanwhile=meanwhile)
    except searchindex.SearchIndexError as exc:
        raise PluginError(handover.FAILED + str(exc)) from exc


def on_serve(server, config, builder):
    """The preview's file watcher: the kernel's change events where they are complete
    (hooks/thidua_watch.py), MkDocs' polling elsewhere."""
    thidua_watch.use_best_watcher(server, list(config.watch), options_mod.read(config.extra).preview_watcher)
    return server


def on_shutdown() -> None:
    """The preview server stops: its last rebuild's entries are the ones the cache keeps. Not while
    that rebuild's index is still being written (the editor stopping the server should not wait
    for Pagefind): the next build prunes then."""
    if _Build.unpruned is not None and (_Build.indexing is None or not _Build.indexing.is_alive()):
        _Build.unpruned.prune()
    _Build.unpruned = None


def on_build_error(error):
    """A failed `mkdocs build` (foreign code in a page, a warning under --strict, Pagefind) leaves
    no site behind to be published by mistake. Record errors fail before anything is written."""
    if _Build.ahead:  # the server builds by itself (hooks/thidua_firstpreview.py)
        log.error("%s", error)
        thidua_firstpreview.leave(1)
    if _Build.command == "serve":
        _collect_after_rebuild()  # no index step follows a failed preview rebuild
    if _Build.command != "build" or _Build.site_dir is None:
        return
    thidua_forkpages.abandon(_Build.shares)  # children still rendering would write into the folder again
    _Build.site_check = None  # its answer is about a folder removed below
    _SWEEP.finish()
    if _Build.cache is not None:  # a state saved before --strict counted the warnings
        thidua_kept.forget(_Build.cache, _Build.site_dir)
    if thidua_sweep.may_clear(_Build.site_dir, _Build.root) and os.path.isdir(_Build.site_dir):  # never the project
        shutil.rmtree(_Build.site_dir, ignore_errors=True)


def _as_date(value):
    if not isinstance(value, dates.PartialDate):
        raise TypeError(f"vn_date/short_date: a date typed during validation (thidua.dates.PartialDate) "
                        f"is expected, not {type(value).__name__}")
    return value
