"""The portal's facets — the one place a new listing is declared — and the indexes built from them.

Each Facet below says how a campaign falls into terms; thidua.listings turns them into pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .collate import sort_key
from .facets import Facet, FacetIndex, Term, group
from .model import SECTION, Campaign, Portal, Unit
from .vntext import slugify
from .vocabulary import Vocabulary, match_key

SLUG_MAX = 60


def vocabulary_term(vocabulary: Vocabulary | None, text: str) -> Term:
    """A registry entry when one claims the text, else a term of its own keyed by its folded form."""
    entry = vocabulary.lookup(text) if vocabulary else None
    if entry is not None:
        return Term("=" + entry.id, entry.name, entry.id, data=entry, printed=text, fixed=True)
    key = match_key(text)
    return Term("~" + key, text, slugify(key, SLUG_MAX), printed=text)


def unit_term(unit: Unit) -> Term:
    return Term(unit.id, unit.name, unit.id, data=unit, fixed=True)


def facets(portal: Portal) -> list[Facet]:
    return [
        Facet(
            key="theme", segment="chu-de", label="Chủ đề thi đua", index_title="Chủ đề thi đua",
            intro="Các chủ đề (khẩu hiệu) thi đua, mỗi chủ đề kèm các văn bản phát động mang chủ đề ấy.",
            empty="Chưa có văn bản nào nêu chủ đề thi đua.",
            terms_of=lambda c: [vocabulary_term(portal.themes, c.data["theme"])] if c.data.get("theme") else [],
        ),
        Facet(
            key="movement", segment="phong-trao", label="Phong trào thi đua",
            index_title="Phong trào thi đua thường xuyên",
            intro="Các phong trào thi đua thường xuyên và những văn bản hưởng ứng từng phong trào.",
            empty="Chưa có văn bản nào hưởng ứng phong trào thi đua thường xuyên.",
            terms_of=lambda c: [vocabulary_term(portal.movements, m) for m in c.data.get("movements", [])],
        ),
        Facet(
            key="issuer", segment="don-vi", label="Đơn vị", index_title="Cơ quan, đơn vị",
            intro="Các cơ quan ban hành văn bản và đơn vị được khen thưởng, theo thứ tự chữ cái. "
                  "Trang của mỗi đơn vị có văn bản đơn vị ban hành, khen thưởng và lịch sử tổ chức.",
            empty="Chưa có đơn vị nào trong danh mục.",
            terms_of=lambda c: [unit_term(c.issuer)],
            seed_terms=lambda: [unit_term(u) for u in portal.units.values()],
            term_template="thidua/unit.html",
            term_empty="Đơn vị chưa có văn bản nào được đăng trên trang.",
        ),
        Facet(
            key="year", segment="nam", label="Năm", index_title="Văn bản theo năm",
            intro="Văn bản phát động thi đua theo năm ban hành, năm gần nhất trước.",
            empty="Chưa có văn bản nào.",
            terms_of=lambda c: [Term(str(c.year), f"Năm {c.year}", str(c.year))],
            order=lambda g: -int(g.term.key),
            title_format="{name}",
        ),
    ]


@dataclass
class Catalog:
    """Every facet grouped once, plus the honours indexes; what pages and templates look up."""

    indexes: dict[str, FacetIndex]
    honours_by_unit: dict[str, list] = field(default_factory=dict)  # newest first
    honours_by_campaign: dict[str, list] = field(default_factory=dict)  # src_uri -> honours
    predecessors: dict[str, list[Unit]] = field(default_factory=dict)

    def unit_url(self, unit: Unit) -> str:
        return self.indexes["issuer"].url_of(unit.id)

    def honoured_units(self) -> list[tuple[Unit, int]]:
        """Units with at least one honour and their counts, in Vietnamese order."""
        units = [(honours[0].unit, len(honours)) for honours in self.honours_by_unit.values()]
        return sorted(units, key=lambda pair: sort_key(pair[0].name))


def build(portal: Portal) -> Catalog:
    indexes = {facet.key: group(facet, portal.campaigns) for facet in facets(portal)}
    catalog = Catalog(indexes)
    # Newest decision first; within one decision, the order the decision lists them.
    in_file_order = sorted(portal.honours, key=lambda h: (h.path, h.line))
    for honour in sorted(in_file_order, key=lambda h: (h.decision_date, h.decision_number or ""), reverse=True):
        catalog.honours_by_unit.setdefault(honour.unit.id, []).append(honour)
        if honour.campaign is not None:
            catalog.honours_by_campaign.setdefault(honour.campaign.src_uri, []).append(honour)
    for unit in portal.units.values():
        if unit.successor:
            catalog.predecessors.setdefault(unit.successor, []).append(unit)
    return catalog
