"""Stop-word lists per language, from jusText (a trafilatura dependency).

Used to tell running text from furniture in any of the covered languages:
the share of a block's words that are stop words of the document's language.

>>> guess_stoplist("Der Hund und die Katze sind in dem Haus, und das ist gut.") == stoplist("German")
True
>>> round(stopword_density("the cat sat on the mat", stoplist("English")), 2)
0.5
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

LANGUAGES = (
    "English", "German", "French", "Spanish", "Russian", "Italian", "Portuguese", "Dutch", "Polish",
    "Hungarian", "Czech", "Swedish", "Turkish", "Ukrainian", "Romanian", "Danish", "Finnish", "Greek",
)  # fmt: skip
"""Languages whose jusText stop-word lists the cleaner tries, most common web languages first."""

_WORD = re.compile(r"\w+")


@cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stop words for a language."""
    import justext

    return frozenset(justext.get_stoplist(language))


@cache
def _word_languages() -> dict[str, tuple[int, ...]]:
    """Each stop word with the numbers (in :data:`LANGUAGES`) of the languages
    listing it. Equal tuples are one object (most words belong to one
    language): 31,000 words then cost a few MB less in every worker."""
    index: dict[str, list[int]] = {}
    for number, language in enumerate(LANGUAGES):
        for word in stoplist(language):
            index.setdefault(word, []).append(number)
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}
    return {word: shared.setdefault(key, key) for word, numbers in index.items() for key in [tuple(numbers)]}


def guess_stoplist(text: str, sample: int = 1500) -> frozenset[str]:
    """The stop-word list of the language whose stop words cover most of the
    first ``sample`` words (English when nothing matches)."""
    index = _word_languages()
    words = _WORD.findall(text[: sample * 6].lower())
    if len(words) <= sample and len(text) > sample * 6:  # else the first ``sample`` words are all whole
        words = _WORD.findall(text[: sample * 8].lower())
    counts = Counter(words[:sample])
    hits = [0] * len(LANGUAGES)
    for word in counts.keys() & index.keys():
        for number in index[word]:
            hits[number] += counts[word]
    best = max(range(len(LANGUAGES)), key=lambda n: (hits[n], -n))
    return stoplist(LANGUAGES[best])


def stopword_density(text: str, stops: frozenset[str]) -> float:
    """Share of the words of ``text`` that are in ``stops``."""
    words = _WORD.findall(text.lower())
    return sum(map(stops.__contains__, words)) / len(words) if words else 0.0
