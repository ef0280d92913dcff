"""The scoring functions used by scripts/eval.py."""

import pytest

from cleaner.evaluate import aggregate, line_scores, page_counts, shingles

GOLD = "The quick brown fox jumps over the lazy dog near the river bank"


def test_identical_text_scores_one():
    scores = aggregate([page_counts(GOLD, GOLD)])
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["lost_half"] == 0


def test_disjoint_text_scores_zero():
    scores = aggregate([page_counts(GOLD, "Completely different words appear in this other sentence here")])
    assert scores["precision"] == scores["recall"] == scores["f1"] == 0.0
    assert scores["lost_half"] == 1


def test_known_partial_overlap():
    # gold has 10 shingles; the prediction is the first 8 tokens of gold (5 shingles)
    # plus 3 extra tokens: shingles 5 matching, 3 extra, 5 missing.
    predicted = "The quick brown fox jumps over the lazy extra words here"
    tp, fp, fn = page_counts(GOLD, predicted)
    assert (tp, fp, fn) == pytest.approx((5 / 13, 3 / 13, 5 / 13))
    scores = aggregate([(tp, fp, fn)])
    assert scores["precision"] == pytest.approx(5 / 8)
    assert scores["recall"] == pytest.approx(5 / 10)
    assert scores["f1"] == pytest.approx(2 * (5 / 8) * 0.5 / (5 / 8 + 0.5))


def test_empty_prediction_counts_for_recall_not_precision():
    scores = aggregate([page_counts(GOLD, GOLD), page_counts(GOLD, "")])
    assert scores["precision"] == 1.0
    assert scores["recall"] == 0.5
    assert scores["lost_half"] == 1


def test_shingles_are_case_sensitive_multisets():
    assert shingles("a b c d a b c d", n=4)[("a", "b", "c", "d")] == 2
    assert ("A", "b", "c", "d") not in shingles("a b c d")


def test_line_scores():
    s = line_scores(dropped={1, 4, 6}, drop={1, 2}, optional={6}, nonblank={1, 2, 3, 4, 6})
    assert s["precision"] == 0.5 and s["recall"] == 0.5
    assert s["wrong"] == [4] and s["missed"] == [2]
