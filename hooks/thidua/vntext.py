"""Vietnamese text as data: normalisation, folding for matching, ASCII slugs.

Display always keeps the editor's spelling; these functions only derive keys from it.
"""
from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Vietnamese tone and vowel marks all decompose into this block; a regex drops them at C speed.
# U+034F (grapheme joiner) is the block's one character of combining class 0: it stays, as before.
_COMMON_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def strip_marks(text: str) -> str:
    """Drop every diacritic and map đ/Đ to d/D (NFD leaves đ intact: it is a letter, not a mark)."""
    bare = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", text))
    if not bare.isascii():
        # Marks of other scripts (any combining class, as before): checked per distinct character,
        # so a long Vietnamese text costs one set(), not a Python loop over every letter.
        other = {ch for ch in set(bare) if unicodedata.combining(ch)}
        if other:
            bare = "".join(ch for ch in bare if ch not in other)
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Key for matching: case, diacritics, tone placement (hoá/hóa) and NFC/NFD all fold away.

    Tone placement needs no table of its own: once marks are gone "hoá" and "hóa" are both "hoa".
    """
    return _SPACES.sub(" ", strip_marks(text).casefold()).strip()


def slugify(text: str, max_len: int | None = None) -> str:
    """Lower-case ASCII slug: "293/KH-STTTT" -> "293-kh-stttt", "thi đua" -> "thi-dua".

    With max_len the slug is cut at a hyphen so no word is split.
    """
    slug = _NON_SLUG.sub("-", strip_marks(nfc(text)).lower()).strip("-")
    if max_len is not None and len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_len]
    return slug


def heading_slug(value: str, separator: str = "-") -> str:
    """Python-Markdown toc slugify: its default drops "đ" ("thi đua" -> "thi-ua")."""
    return slugify(value).replace("-", separator)
