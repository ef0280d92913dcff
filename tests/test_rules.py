"""Rule files: every inline example, the loader's errors, matchers and site detection."""

import re

import pytest

from cleaner.model import Document
from cleaner.rules import RuleFileError, load_file, load_ruleset
from conftest import FIXTURES

RULESET = load_ruleset()
ALL_RULES = [rule for site in [RULESET.generic, *RULESET.sites] for rule in site.rules]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert rule.drop_examples, "every rule needs a drop example"
    assert rule.example_failures() == []


def test_rule_ids_are_unique_across_files():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))


def write(tmp_path, body, name="site.toml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """
[[rule]]
id = "ex/a"
kind = "share"
line = 'Share'
drop = ["Share"]
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[site]\nid = "ex"\n[[rule]\n', "line 3"),
        ('[site]\nid = "ex"\ncolour = "red"\n', "unknown key(s) ['colour']"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace('kind = "share"', 'kind = "adverts"'), "kind 'adverts'"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace("line = 'Share'", "line = 'Share('"), "bad regex"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace('drop = ["Share"]', ""), "needs at least one 'drop' example"),
        ('[site]\nid = "ex"\n' + GOOD_RULE + GOOD_RULE, "duplicate rule id 'ex/a'"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace('id = "ex/a"', 'id = "other/a"'), "must start with 'ex/'"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace("line = 'Share'", "line = 'Share'\ntail = 'x'"), "exactly one"),
        ('[site]\nid = "ex"\n' + GOOD_RULE.replace("line = 'Share'", "meta = 'Share'"), "named group"),
        (
            '[site]\nid = "ex"\n' + GOOD_RULE.replace("line = 'Share'", "block = [{ line = 'x', min = 3, max = 1 }]"),
            "min <= max",
        ),
        ('[site]\nid = "ex"\nhosts = "example.com"\n', "'hosts' must be a list of str"),
        ('[rule]\nid = "x"\n', "missing [site] table"),
    ],
)
def test_bad_rule_files_fail_with_file_and_reason(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(RuleFileError) as error:
        load_file(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_block_matcher_with_optional_and_repeated_steps(tmp_path):
    site = load_file(
        write(
            tmp_path,
            """
[site]
id = "ex"
[[rule]]
id = "ex/ladder"
kind = "donation"
block = [{ line = '{money}', min = 3, max = 5 }, { line = '{month} {year}', min = 0 }]
drop = ["1 $\\n2 $\\n3 $", "€1\\n€2\\n€3\\nMay 2024"]
keep = ["1 $\\n2 $", "Prices: 1 $, 2 $ and 3 $."]
""",
        )
    )
    rule = site.rules[0]
    assert rule.example_failures() == []
    doc = Document.from_lines(["Intro.", "1 $", "2 $", "3 $", "4 $", "5 $", "6 $", "May 2024", "End."])
    rule.apply(doc)
    # at most five amounts: the sixth and the month line are left over and too short to match again
    assert [b.text for b in doc.blocks if b.dropped] == ["1 $", "2 $", "3 $", "4 $", "5 $"]


def test_tail_drops_to_the_end(tmp_path):
    site = load_file(
        write(
            tmp_path,
            """
[site]
id = "ex"
[[rule]]
id = "ex/comments"
kind = "comments"
tail = ['Notify of']
drop = ["Notify of\\nguest\\nNice article!"]
""",
        )
    )
    doc = Document.from_lines(["Body.", "Notify of", "guest", "Great piece."])
    site.rules[0].apply(doc)
    assert [b.dropped for b in doc.blocks] == [False, True, True, True]


def test_meta_rule_moves_value_into_metadata():
    doc = Document.from_lines(["Body text.", "Originally appeared at ZeroHedge"])
    rule = next(r for r in RULESET.generic.rules if r.id == "generic/repost-credit")
    rule.apply(doc)
    assert doc.blocks[1].dropped and doc.meta["original_source"] == "ZeroHedge"


def test_site_found_by_host_and_subdomain():
    for url in ["https://southfront.press/x/", "http://www.southfront.org/a", "southfront.press/b"]:
        doc = Document.from_lines(["text"], url=url)
        assert RULESET.find_site(doc).id == "southfront"
    doc = Document.from_lines(["Support SouthFront"], url="https://notsouthfront.press/")
    assert RULESET.find_site(doc).id == "southfront"  # by fingerprint, not by host
    assert RULESET.find_site(Document.from_lines(["plain text"], url="https://example.com")) is None


def test_site_found_by_fingerprint_without_url():
    doc = Document.from_lines(["Article.", "Do you like this content? Consider helping us!"])
    assert RULESET.find_site(doc).id == "southfront"
    assert RULESET.find_site(Document.from_lines(["We support SouthFront's right to publish."])) is None
    footer = "BBC © 2013 The BBC is not responsible for the content of external sites. Read more."
    assert RULESET.find_site(Document.from_lines(["Article.", footer])).id == "bbc"


def test_user_rules_directory_adds_a_site(tmp_path):
    write(tmp_path, '[site]\nid = "ex"\nhosts = ["example.com"]\n' + GOOD_RULE)
    ruleset = load_ruleset((str(tmp_path),))
    assert {s.id for s in ruleset.sites} == {s.id for s in RULESET.sites} | {"ex"}
    with pytest.raises(RuleFileError, match="not found"):
        load_ruleset((str(tmp_path / "missing"),))


def test_site_can_disable_a_generic_rule(tmp_path):
    from cleaner import Config, clean

    write(tmp_path, '[site]\nid = "ex"\nhosts = ["example.com"]\ndisable = ["generic/share-line"]\n' + GOOD_RULE)
    text = "Headline here\n\nFirst paragraph of the story.\n\nTweet\n\nBody of the article."
    config = Config(rule_dirs=(str(tmp_path),))
    assert "Tweet" in clean(text, url="https://example.com/a", config=config).text
    assert "Tweet" not in clean(text, url="https://other.com/a", config=config).text


REPLACE_RULE = """
[site]
id = "ex"
hosts = ["example.com"]

[[rule]]
id = "ex/arrow-bullet"
kind = "repair"
doc = "The site's CMS turns list bullets into '->' arrows."
replace = '^-> '
with = '• '
fix = [["-> First point", "• First point"]]
keep = ["x -> y is a mapping"]
"""


def test_replace_rule_examples_and_application(tmp_path):
    from cleaner import Config, clean

    site = load_file(write(tmp_path, REPLACE_RULE))
    assert site.rules[0].example_failures() == []
    config = Config(rule_dirs=(str(tmp_path),))
    result = clean("Headline\n\n-> First point\n\nx -> y stays.", url="https://example.com/a", config=config)
    assert "• First point" in result.text and "x -> y stays." in result.text
    assert result.metadata["repairs"] == [
        {"line": 3, "rule": "ex/arrow-bullet", "before": "-> First point", "after": "• First point"}
    ]
    assert "-> First point" in clean("-> First point", url="https://other.org/", config=config).text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "repair"', 'kind = "share"'), "kind 'repair' goes with the 'replace' matcher"),
        (("with = '• '", "with = '\\9'"), "bad 'with' replacement"),
        (('fix = [["-> First point", "• First point"]]', 'fix = ["-> First point"]'), "[before, after]"),
        (('fix = [["-> First point", "• First point"]]', 'drop = ["-> x"]'), "'fix' examples, not 'drop'"),
    ],
)
def test_bad_replace_rules(tmp_path, change, message):
    path = write(tmp_path, REPLACE_RULE.replace(*change))
    with pytest.raises(RuleFileError, match=re.escape(message)):
        load_file(path)


def test_failing_replace_example_is_reported(tmp_path):
    site = load_file(write(tmp_path, REPLACE_RULE.replace('"• First point"]]', '"* First point"]]')))
    assert "expected '* First point'" in site.rules[0].example_failures()[0]


def test_line_screen_lets_through_every_line_a_line_rule_matches():
    from cleaner.rules import LINE_MATCHERS, load_ruleset

    ruleset = load_ruleset()
    lines = [line.strip() for path in FIXTURES.rglob("input.*") for line in path.read_text("utf-8").splitlines()]
    for site in [ruleset.generic, *ruleset.sites]:
        screen = site.line_screen()
        assert screen is not None, site.id
        rules = [rule for rule in site.rules if rule.matcher in LINE_MATCHERS]
        examples = [e for rule in rules for e in rule.drop_examples + rule.keep_examples]
        matched = [i for i, line in enumerate(lines + examples) if any(rule.pattern.fullmatch(line) for rule in rules)]
        assert screen.passing(lines + examples) == matched, site.id
        assert matched
