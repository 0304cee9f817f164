"""One page the build adds to the site: where it goes, its template, and what the template needs.

Its own module so that the planners (thidua.pages, thidua.listings) depend on it and never on
each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class PlannedPage:
    src_uri: str
    title: str
    template: str
    text: str = ""  # the page's Markdown, unless `record` gives it
    in_nav: bool = False
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str | None = None  # the record file an editor would change
    lastmod: str | None = None  # the sitemap's <lastmod>: the newest record the page shows
    # The decree (thidua.model.Campaign) whose body is the page's Markdown: its body is read only
    # if the page is rendered, not when its finished HTML comes from the build cache.
    record: Any = None

    @property
    def markdown(self) -> str:
        return self.record.body if self.record is not None else self.text

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")] if self.src_uri.endswith("index.md") else self.src_uri[:-3] + "/"

    def content(self) -> str:
        meta = {"title": self.title, "template": self.template}
        # MkDocs parses this back; any faithful emitter gives the same title, and libyaml's is fast.
        text = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return "---\n" + text + "---\n\n" + self.markdown
