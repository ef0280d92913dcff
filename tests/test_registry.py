"""The registry of labellers (cleaner/registry.py): one list, closed kinds and
scopes, examples that run, and documentation that names exactly the
labellers that exist."""

import re
from pathlib import Path

import pytest

from cleaner.model import KINDS
from cleaner.registry import SCOPES, Example, code_labellers, example_failures, labellers
from cleaner.tools import new_site_skeleton

ROOT = Path(__file__).resolve().parent.parent
LABELLER_ID = re.compile(r"`((?:generic|context|repair)/[a-z0-9-]+)`")


def test_every_labeller_passes_its_examples():
    failures = [failure for labeller in labellers() for failure in labeller.check()]
    assert failures == []


def test_ids_are_unique_and_kinds_and_scopes_come_from_the_closed_lists():
    found = labellers()
    ids = [labeller.id for labeller in found]
    assert len(ids) == len(set(ids))
    for labeller in found:
        assert labeller.scope in SCOPES, labeller.id
        assert labeller.kind in KINDS or labeller.id == "context/between-furniture", labeller.id


def test_every_labeller_in_code_has_an_example_that_removes_and_one_that_keeps():
    for labeller in code_labellers():
        changes = [e.drops if isinstance(e, Example) else e[0] != e[1] for e in labeller.examples]
        assert any(changes) and not all(changes), labeller.id


def test_an_example_that_does_not_hold_fails():
    wrong = Example("The council met on Monday.\nFacebook\nTwitter", drops=("Facebook",))
    assert example_failures("generic/share-bar", (wrong,))  # it drops Twitter too
    assert example_failures("generic/share-bar", (Example("Facebook\nTwitter"),))


def test_a_detector_with_an_unknown_kind_or_scope_is_refused():
    from cleaner.detectors import detector

    with pytest.raises(ValueError, match="kind"):
        detector("generic/x", "navigation", scope="line", examples=[])
    with pytest.raises(ValueError, match="scope"):
        detector("generic/x", "nav", scope="page", examples=[])


@pytest.mark.parametrize("path", ["docs/rules.md", "README.md"])
def test_the_docs_name_only_labellers_that_exist(path):
    known = {labeller.id for labeller in labellers()}
    named = set(LABELLER_ID.findall((ROOT / path).read_text(encoding="utf-8")))
    assert named - known == set()


def test_the_rule_file_docs_name_every_labeller_written_in_code():
    named = set(LABELLER_ID.findall((ROOT / "docs" / "rules.md").read_text(encoding="utf-8")))
    assert {labeller.id for labeller in code_labellers()} - named == set()


def test_the_rule_file_docs_list_every_kind_and_scope():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")

    def table_after(heading: str) -> set[str]:
        section = text.split(heading, 1)[1].split("\n#", 1)[0]
        return set(re.findall(r"^\| `([a-z-]+)` \| ", section, re.M))

    assert table_after("### Kinds") == set(KINDS)
    assert table_after("### Scopes") == set(SCOPES)


def test_the_new_site_skeleton_lists_every_kind():
    skeleton = new_site_skeleton("example", ["example.com"])
    assert all(kind in skeleton for kind in KINDS)


def test_the_rule_file_docs_table_every_generic_labeller_with_its_kind_and_scope():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text.split("### Every generic labeller", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9/-]+)` \| ([^|]+) \| ([a-z]+) \|", section, re.M)
    expected = [
        (labeller.id, labeller.kind, labeller.scope)
        for labeller in labellers()
        if labeller.id.split("/")[0] in ("generic", "context", "repair")
    ]
    assert [(i, kind.strip(), scope) for i, kind, scope in rows] == expected
