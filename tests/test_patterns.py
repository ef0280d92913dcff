"""The standard library's regex parser (``re._parser``), the one private
module the package reads: the shapes it relies on, and the same output
without it."""

import re

from cleaner import clean, patterns
from cleaner.patterns import _re_parser, required_literals, scans_line

PAGE = (
    "<html><body><article><h1>Council approves budget</h1>"
    + "<p>The council approved the budget on Monday after a long debate about schools and roads.</p>" * 4
    + "</article><div class='share-bar'>Share on Facebook</div><div class='comments'>Leave a reply</div>"
    "</body></html>"
)


def test_the_parser_gives_the_shapes_the_literal_finder_reads():
    from re import _constants as c

    parser = _re_parser()
    assert parser is not None  # every Python the package supports (3.11+) has it
    ops = {op: value for op, value in parser.parse(r"a(b|cd)*(?>e+)f{2,}?g*+")}
    assert ops[c.LITERAL] == ord("a")
    low, _, body = ops[c.MAX_REPEAT]
    (group_op, group), *_ = list(body)
    assert low == 0 and group_op is c.SUBPATTERN
    (branch_op, branch), *_ = list(group[-1])
    assert branch_op is c.BRANCH and len(branch[1]) == 2
    assert c.ATOMIC_GROUP in ops and c.MIN_REPEAT in ops and c.POSSESSIVE_REPEAT in ops
    assert required_literals(r"[\s_-](share|comments?)[\s_-]") == {"share", "comment"}
    assert scans_line(r"(?i)(?:.*\b)?click to enlarge") and not scans_line("share")


def test_without_the_parser_nothing_is_skipped_and_the_output_is_the_same(monkeypatch):
    expected = clean(PAGE, input_format="html")
    monkeypatch.setattr(patterns, "_re_parser", lambda: None)
    assert required_literals("share") is None and not scans_line(".*x")
    patterns.compile_pattern.cache_clear()
    result = clean(PAGE, input_format="html")
    assert (result.text, result.metadata["removed"]) == (expected.text, expected.metadata["removed"])
    assert re.search("Share on Facebook", result.text) is None
