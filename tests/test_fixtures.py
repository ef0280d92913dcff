"""Fixture folders: expected output, seed acceptance, negatives, idempotence."""

import json
import re

import pytest

from cleaner import clean
from cleaner.evaluate import dropped_lines
from cleaner.fixtures import expected_files, fixture_dirs, load_labels, run_fixture
from cleaner.normalise import normalise_line, split_lines
from conftest import FIXTURES

ALL = fixture_dirs(FIXTURES)
SEEDS = fixture_dirs(FIXTURES / "seeds")
LABELLED = [d for d in ALL if (d / "labels.json").exists()]
NEGATIVES = fixture_dirs(FIXTURES / "negative")


def test_fixture_sets_are_present():
    assert len(SEEDS) == 5
    assert len(NEGATIVES) >= 4


@pytest.mark.parametrize("folder", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_expected_output(folder):
    """expected.txt/json are what the cleaner produces (regenerate with scripts/regen_fixtures.py)."""
    for name, content in expected_files(folder).items():
        assert (folder / name).read_text(encoding="utf-8") == content, f"{folder.name}/{name} is stale"


@pytest.mark.parametrize("folder", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cleaning_is_idempotent(folder):
    first = run_fixture(folder)
    url = first.metadata["url"]
    second = clean(first.text, url=url)
    if first.metadata["input_format"] == "html":
        # the lines a <br> breaks inside a paragraph stay on consecutive lines in
        # HTML output; text input reads each line as a paragraph of its own
        assert re.sub(r"\n+", "\n", second.text) == re.sub(r"\n+", "\n", first.text)
    else:
        assert second.text == first.text
    assert second.metadata["removed"] == []


def acceptable_forms(line: str, repairs: list[dict]) -> set[str]:
    """A kept line as it may appear: normalised, with any of the listed repairs
    made or not (whether required repairs are made is test_repairs' job)."""
    forms = {normalise_line(line)}
    for repair in repairs:
        forms |= {f.replace(repair["before"], repair["after"]) for f in forms}
    return forms


@pytest.mark.parametrize("folder", LABELLED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_labelled_lines(folder):
    """Seeds (acceptance) and other labelled fixtures: drop lines gone, every
    other line kept, listed metadata right."""
    labels = load_labels(folder)
    result = run_fixture(folder)
    lines = split_lines((folder / "input.txt").read_text(encoding="utf-8"))
    removed = dropped_lines(result.metadata)
    paragraphs = set(result.text.split("\n\n"))
    paragraphs = {p.rstrip("\n") for p in paragraphs}
    drop, optional = set(labels["drop"]), set(labels["optional"])
    missed = sorted(drop - removed)
    assert not missed, f"lines that must be dropped were kept: {missed}"
    for number, line in enumerate(lines, start=1):
        if not line.strip() or number in drop or number in optional:
            continue
        assert number not in removed, f"line {number} must be kept: {line[:80]!r}"
        assert acceptable_forms(line, labels["repairs"]) & paragraphs, f"line {number} missing: {line[:80]!r}"
    for key, value in labels["metadata"].items():
        assert result.metadata[key] == value, key


@pytest.mark.parametrize("folder", NEGATIVES, ids=lambda p: p.name)
def test_negative_fixture_is_unchanged(folder):
    """Articles without furniture come out as their normalised paragraphs."""
    text = (folder / "input.txt").read_text(encoding="utf-8")
    expected = [normalise_line(line) for line in split_lines(text) if normalise_line(line)]
    result = run_fixture(folder)
    assert result.metadata["removed"] == []
    assert result.metadata["repairs"] == []
    assert result.text == "\n\n".join(expected) + "\n"


def test_expected_json_is_valid_json():
    for folder in ALL:
        assert isinstance(json.loads((folder / "expected.json").read_text(encoding="utf-8")), dict)
