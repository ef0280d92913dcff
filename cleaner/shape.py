"""The shape of a paragraph's text: the cheap tests that detectors and the
context pass ask of every block, made together once per text.

>>> Shape.of("The clock is ticking.")
Shape(words=4, prose=True, sentence_end=True, money=False, counter_line=False, share_word=False, cjk=False)
>>> Shape.of("2,350 $").money, Shape.of("Facebook").share_word
(True, True)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cleaner.patterns import compile_pattern

_SENTENCE_END = re.compile(r"[.!?…:;。！？：；][\"”’')\]»」』）]*$")
FULL_STOPS = (".", "!", "?", "。", "！", "？")
"""Marks that end a sentence, Latin and full-width (Chinese, Japanese)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MONEY = compile_pattern("{money}")
SHARE_WORD = re.compile(
    r"(?i)facebook|twitter|x|e-?mail|print|whatsapp|linkedin|reddit|pinterest|telegram|tumblr"
    r"|pocket|vk|flipboard|messenger|copy link|share|tweet|more|skype|mastodon|bluesky|threads"
    r"|teilen|drucken|mehr|partager|imprimer|compartir|imprimir|condividi|stampa|поделиться|печать|вконтакте|одноклассники"
)
"""A network or share-button name, or the share, print or more button in
English, German, French, Spanish, Portuguese, Italian or Russian
(full-matched)."""


def count_words(text: str) -> tuple[int, bool]:
    """The words of ``text``, and whether it holds Chinese or Japanese
    script. Words are whitespace-separated tokens; in Chinese and Japanese,
    which put no spaces between words, a word is about one and a half
    characters.

    >>> count_words("Two words"), count_words("商標法違反に問われた")
    ((2, False), (7, True))
    """
    if text.isascii() or not _CJK.search(text):
        return len(text.split()), False
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + (2 * cjk + 2) // 3, True


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence or a lead-in (``.!?…:;``).

    >>> ends_sentence("He left."), ends_sentence("Failed coup")
    (True, False)
    """
    return _SENTENCE_END.search(text[-12:]) is not None  # only the end matters; long lines stay cheap


class Shape(NamedTuple):
    """What the detectors ask of a block's text.

    ``words``: :func:`count_words`; ``prose``: running text, fifteen
    words or more, or four or more ending like a sentence; ``sentence_end``:
    :func:`ends_sentence`; ``money``: only an amount (``2,350 $``);
    ``counter_line``: a short label or number (at most 40 characters and five
    words, no sentence end); ``share_word``: only a network or share-button
    name (:data:`SHARE_WORD`); ``cjk``: holds Chinese or Japanese script,
    which stop-word lists do not cover.
    """

    words: int
    prose: bool
    sentence_end: bool
    money: bool
    counter_line: bool
    share_word: bool
    cjk: bool

    @classmethod
    def of(cls, text: str) -> Shape:
        """The shape of ``text`` (a normalised paragraph). Equal shapes are
        one object (a document of a million short lines holds a few hundred
        distinct shapes, not a million tuples).

        >>> Shape.of("One line.") is Shape.of("Another line.")
        True
        """
        words, cjk = count_words(text)
        end = ends_sentence(text)
        shape = cls(
            words,
            words >= 15 or (words >= 4 and end),
            end,
            _MONEY.fullmatch(text) is not None,
            len(text) <= 40 and words <= 5 and not text.endswith(FULL_STOPS),
            len(text) <= 20 and SHARE_WORD.fullmatch(text.strip(" :")) is not None,
            cjk,
        )
        if len(_SHAPES) < _MAX_SHAPES:
            return _SHAPES.setdefault(shape, shape)
        return _SHAPES.get(shape, shape)


_SHAPES: dict[Shape, Shape] = {}
_MAX_SHAPES = 50_000  # distinct shapes kept (word counts times six flags); past it, new ones are not shared
