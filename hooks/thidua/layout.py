"""Where a project keeps its data, and the limits of its URLs: the constants the validator and
the importer must agree on, in one small module. The grammar of a decree's number is in
thidua.numbers."""
from __future__ import annotations

CAMPAIGNS = "campaigns"
TITLE_SLUG_MAX = 60
# A slug is one path segment: file systems refuse names over 255 bytes, readers long URLs.
SLUG_MAX = 80
# Slugs that would shadow a page the portal itself writes at the same address.
RESERVED_SLUGS = {"index"}
UNITS = "campaigns/units.yml"
THEMES = "campaigns/themes.yml"
MOVEMENTS = "campaigns/movements.yml"
HONOURS = "campaigns/honours"
