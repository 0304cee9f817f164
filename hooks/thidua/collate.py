"""Vietnamese alphabetical order (a ă â b c d đ e ê … o ô ơ … u ư …; tones after letters).

Code-point order puts "Đ" after "Z" and "Ân" before "Anh" only by accident of Unicode; ICU
does this right, but PyICU has no wheels and needs the system's libicu-dev to compile, so a
fresh `pip install` cannot rely on it. This key follows CLDR's Vietnamese tailoring on the
three levels ICU uses: letters first (ă, â, đ, ê, ô, ơ, ư are letters of their own), then tone
marks (none, huyền, hỏi, ngã, sắc, nặng), then case (lower before upper).
"""
from __future__ import annotations

import functools
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# CLDR vi: &̀<<̉<<̃<<́<<̣ — huyền, hỏi, ngã, sắc, nặng; no mark sorts first.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary classes in ICU's default order: spaces, punctuation and symbols, digits, letters,
# then anything outside the Vietnamese alphabet.
_SPACE, _PUNCT, _DIGIT, _LETTER, _OTHER = range(5)


def _clusters(text: str):
    """Yield (base character, its combining marks) from NFD text."""
    base, marks = None, []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and base is not None:
            marks.append(ch)
            continue
        if base is not None:
            yield base, marks
        base, marks = ch, []
    if base is not None:
        yield base, marks


def sort_key(text: str) -> tuple:
    """Key for sorted(): Vietnamese order, deterministic for any input (ties end on the text)."""
    # The names sorted are few and recur in every listing and every rebuild of a preview.
    return _short_sort_key(text) if len(text) <= 300 else _sort_key(text)


def _sort_key(text: str) -> tuple:
    primary, secondary, tertiary = [], [], []
    for base, marks in _clusters(text):
        p, s, t = _cluster_key(base, "".join(marks))
        primary.append(p)
        secondary.append(s)
        tertiary.append(t)
    return (tuple(primary), tuple(secondary), tuple(tertiary), unicodedata.normalize("NFC", text))


@functools.lru_cache(maxsize=4096)
def _cluster_key(base: str, marks: str) -> tuple:
    """(primary, secondary, tertiary) weight of one character with its combining marks: a
    Vietnamese text uses a few hundred of them, so each is worked out once."""
    letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
    letter = unicodedata.normalize("NFC", base + letter_marks)
    lower = letter.lower()
    if lower in _LETTER_RANK:
        primary = (_LETTER, _LETTER_RANK[lower])
    elif letter.isspace():
        primary = (_SPACE, 0)
    elif letter.isdigit():
        primary = (_DIGIT, unicodedata.digit(letter, 0))
    elif unicodedata.category(letter)[0] in "PS":
        primary = (_PUNCT, ord(letter))
    else:
        primary = (_OTHER, ord(lower))
    tones = tuple(_TONE_RANK.get(m, 10 + ord(m)) for m in marks if m not in _LETTER_MARKS)
    return primary, tones, 1 if letter != lower else 0


def sorted_vi(items, key=lambda item: item):
    """Items sorted by the Vietnamese order of key(item)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


_short_sort_key = functools.lru_cache(maxsize=1 << 16)(_sort_key)
