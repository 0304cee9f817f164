"""The portal's model: validated units and campaigns, with the indexes the pages need."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable

from . import urls
from .dates import PartialDate
from .urls import SECTION  # noqa: F401  (where other modules used to find it)
from .yamlpos import Located



@dataclass
class Unit:
    id: str
    name: str
    kind: str
    line: int
    province: str | None = None
    short_names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    ident: str | None = None
    parent: str | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    successor: str | None = None
    note: str | None = None

    @property
    def names(self) -> list[str]:
        """Every name the unit is known by, official first."""
        return [self.name, *self.short_names, *self.aliases]


@dataclass
class Campaign:
    """One decree. `data` is the front matter as written (NFC); typed views sit beside it."""

    # `front` repeats `data` with the line of every value, for error messages only: a page shows
    # none of it (thidua.pagecache).
    FINGERPRINT_SKIP = ("front",)

    path: str
    data: dict[str, Any]
    # The body as published (`body`): the text, or a function that reads it. A rebuild takes an
    # unchanged decree's finished page, search entry and files from the build cache, so validation
    # hands a function (thidua.validate) and the body is read only if one of them is made again:
    # decoding the bodies of 10,000 records took 0.3 s of every rebuild.
    source_body: str | Callable[[], str]
    front: Located  # the front matter with the line of every value
    issuer: Unit
    issued: PartialDate
    slug: str
    # The other dates of the record, parsed once during validation (templates format, never parse).
    issued_after: PartialDate | None = None
    period_from: PartialDate | None = None
    period_to: PartialDate | None = None
    effective: PartialDate | None = None  # date of effect
    # SHA-256 of the record file's bytes (thidua.records.SourceFile.digest). Every field above but
    # `issuer` is a function of them and the path, so a page's name in the build cache reads only
    # these three (fingerprint_fields), not the whole text again: nothing may change a Campaign
    # after validation.
    digest: str = ""

    def fingerprint_fields(self) -> tuple[str, ...]:
        if not self.digest:  # built by hand, not read from a file: every field counts, the body as read
            return tuple("body" if f == "source_body" else f
                         for f in self.__dataclass_fields__ if f not in self.FINGERPRINT_SKIP)
        return ("path", "digest", "issuer")

    @functools.cached_property
    def body(self) -> str:
        """The body's Markdown as published (editors' HTML comments already removed)."""
        body = self.source_body
        return body if isinstance(body, str) else body()

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def number(self) -> str:
        return self.data["number"]

    @property
    def label(self) -> str:
        """How a reader cites it: the number, or the type and title when there is none."""
        return self.number or f"{self.data['heading'].capitalize()} {self.title}"

    @property
    def src_uri(self) -> str:
        return urls.decree_src(self.year, self.slug)

    @property
    def url(self) -> str:
        return urls.decree(self.year, self.slug)

    def sort_date(self) -> PartialDate:
        """When the date is partial, the lower bound read from what it cites places it better."""
        if not self.issued.is_full and self.issued_after:
            return max(self.issued, self.issued_after)
        return self.issued

    def line_of(self, *path: Any) -> int:
        return self.front.line_of(path)


@dataclass
class Portal:
    units: dict[str, Unit]
    campaigns: list[Campaign]  # newest first
    # Listings: theme and movement registries (thidua.vocabulary.Vocabulary) and
    # honours (thidua.honours.Honour), typed loosely so the model imports neither module.
    themes: Any = None
    movements: Any = None
    honours: list = field(default_factory=list)
    consultations: list = field(default_factory=list)  # thidua.consultations.Consultation, newest first

    def successor_today(self, unit: Unit) -> Unit | None:
        """The body that carries on a dissolved or merged unit's work now (end of the chain)."""
        seen = {unit.id}
        current = unit
        while current.successor and current.successor not in seen:
            seen.add(current.successor)
            current = self.units[current.successor]
        return None if current is unit else current
