"""Scoring: token-shingle precision and recall against gold text, and
line-level precision and recall of dropped lines for labelled fixtures.

The page score follows the ScrapingHub article-extraction benchmark: word
tokens (``\\w+``, case kept), 4-token shingles counted as a multiset, true and
false positives and false negatives normalised to sum to one per page.
Precision is averaged over pages with output, recall over pages with gold, and
F1 is the harmonic mean of the two averages.

>>> page_counts("a b c d e", "a b c d e")
(1.0, 0.0, 0.0)
>>> scores = aggregate([page_counts("a b c d e", "a b c d e"), page_counts("a b c d e", "v w x y z")])
>>> round(scores["precision"], 3), round(scores["recall"], 3), scores["lost_half"]
(0.5, 0.5, 1)
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from typing import Any

_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles; a text shorter than ``n`` tokens
    is one shingle.

    >>> sorted(shingles("one two three", n=2))
    [('one', 'two'), ('two', 'three')]
    >>> shingles("", n=4)
    Counter()
    """
    tokens = _TOKEN.findall(text or "")
    grams: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        gram = tuple(tokens[i : i + n])
        if gram:
            grams[gram] += 1
    return grams


def page_counts(gold: str, predicted: str, n: int = 4) -> Counts:
    """Normalised true positives, false positives and false negatives of one
    page's shingles.

    >>> page_counts("the cat sat on the mat", "the cat sat on the rug")
    (0.5, 0.25, 0.25)
    """
    true, pred = shingles(gold, n), shingles(predicted, n)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(counts: Counts) -> float | None:
    """Precision of one page, or None when the page has no output."""
    tp, fp, _ = counts
    return tp / (tp + fp) if tp + fp > 0 else None


def page_recall(counts: Counts) -> float | None:
    """Recall of one page, or None when the page has no gold text."""
    tp, _, fn = counts
    return tp / (tp + fn) if tp + fn > 0 else None


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when both are 0.

    >>> f1(1.0, 0.5)
    0.6666666666666666
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aggregate(pages: Iterable[Counts]) -> dict[str, Any]:
    """Mean and median precision, recall and F1 over pages, and how many pages
    kept less than half of their gold text (``lost_half``)."""
    pages = list(pages)
    precisions = [p for p in map(page_precision, pages) if p is not None]
    recalls = [r for r in map(page_recall, pages) if r is not None]
    page_f1 = [f1(page_precision(c) or 0.0, r) for c in pages if (r := page_recall(c)) is not None]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    return {
        "pages": len(pages),
        "precision": precision,
        "recall": recall,
        "f1": f1(precision, recall),
        "median_precision": statistics.median(precisions) if precisions else 0.0,
        "median_recall": statistics.median(recalls) if recalls else 0.0,
        "median_f1": statistics.median(page_f1) if page_f1 else 0.0,
        "lost_half": sum(r < 0.5 for r in recalls),
    }


def line_scores(dropped: set[int], drop: set[int], optional: set[int], nonblank: set[int]) -> dict[str, Any]:
    """Precision and recall of dropped lines against ``K``/``D``/``O`` labels.

    ``drop`` lines must go, ``optional`` lines may go either way, and every
    other non-blank line must stay; blank lines inside a removed span are not
    counted. Returns the counts, the two scores and the
    offending line numbers.

    >>> s = line_scores(dropped={1, 2, 5}, drop={1, 2, 3}, optional={5}, nonblank={1, 2, 3, 4, 5})
    >>> s["precision"], s["recall"], s["missed"], s["wrong"]
    (1.0, 0.6666666666666666, [3], [])
    """
    judged = (dropped & nonblank) - optional
    true_positive = judged & drop
    wrong = sorted(judged - drop)
    missed = sorted(drop - dropped)
    return {
        "true_positives": len(true_positive),
        "wrong": wrong,
        "missed": missed,
        "precision": len(true_positive) / len(judged) if judged else 1.0,
        "recall": len(true_positive) / len(drop) if drop else 1.0,
    }


def dropped_lines(metadata: dict[str, Any]) -> set[int]:
    """Input line numbers covered by the ``removed`` spans of a metadata dict.

    >>> sorted(dropped_lines({"removed": [{"lines": [2, 4]}, {"lines": [9, 9]}]}))
    [2, 3, 4, 9]
    """
    lines: set[int] = set()
    for span in metadata["removed"]:
        lines.update(range(span["lines"][0], span["lines"][1] + 1))
    return lines


# --- page metadata against expected values -------------------------------------------

_NAME_NOISE = re.compile(r"[\W_]+")


def normalise_value(value: Any) -> str:
    """Case-folded words of a metadata value, one space apart (punctuation
    dropped); a list is joined with spaces; ``None`` gives ``""``.

    >>> normalise_value("  How to Build a Terrarium | eHow ")
    'how to build a terrarium ehow'
    >>> normalise_value(["Jane Roe", "John Doe"])
    'jane roe john doe'
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return " ".join(_NAME_NOISE.sub(" ", str(value).casefold()).split())


_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def calendar_day(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` a date value starts with (ISO 8601 forms), or None.

    >>> calendar_day("2019-04-28 06:01:07"), calendar_day("20150724T053609"), calendar_day("soon")
    ('2019-04-28', '2015-07-24', None)
    """
    match = _DAY.match(str(value or "").strip())
    return "-".join(match.groups()) if match else None


def same_utc_day(first: Any, second: Any) -> bool:
    """Both values are ISO 8601 date-times with a time zone, on the same UTC day.

    >>> same_utc_day("2017-02-23T17:18:13-08:00", "2017-02-24T01:18:13Z"), same_utc_day("2017-02-23", "2017-02-23")
    (True, False)
    """
    from datetime import UTC, datetime

    try:
        moments = [datetime.fromisoformat(str(v).strip()) for v in (first, second)]
    except ValueError:
        return False
    if any(m.tzinfo is None for m in moments):
        return False
    return moments[0].astimezone(UTC).date() == moments[1].astimezone(UTC).date()


METADATA_FIELDS = ("title", "author", "date", "site_name", "language")
"""The fields :func:`metadata_matches` judges (the cleaner's names)."""


def metadata_matches(field_name: str, expected: Any, got: Any) -> bool:
    """Whether an extracted metadata value meets the expected one.

    ``title``, ``site_name`` and ``language``: equal after
    :func:`normalise_value` (``en-US`` meets ``en-us``); ``date``: the same
    calendar day as written or, when both give a time with its zone, in UTC
    (the same moment written in two zones); ``author``: the words of one normalised value are a run of
    the other's (``By Ana Sandoiu`` meets ``Ana Sandoiu``), and neither is
    empty.

    >>> metadata_matches("author", "By Ana Sandoiu", "Ana Sandoiu")
    True
    >>> metadata_matches("date", "2019-04-28 06:01:07", "2019-04-28T13:00:00Z")
    True
    >>> metadata_matches("title", "Hermitian matrix", "Hermitian matrix - Wikipedia")
    False
    """
    if field_name == "date":
        day = calendar_day(expected)
        return day is not None and (day == calendar_day(got) or same_utc_day(expected, got))
    want, have = normalise_value(expected), normalise_value(got)
    if not want or not have:
        return False
    if field_name == "author":
        return f" {want} " in f" {have} " or f" {have} " in f" {want} "
    return want == have
