"""HTML input: fixtures per element rule, metadata, encodings, safety, captions."""

import pytest

from cleaner import Config, clean
from cleaner.fixtures import fixture_dirs, load_labels, run_fixture
from cleaner.html import looks_like_html, parse_html
from cleaner.rules import RuleFileError, load_file
from conftest import FIXTURES

HTML_FIXTURES = fixture_dirs(FIXTURES / "html")


def test_there_is_a_fixture_per_generic_element_rule():
    from cleaner.rules import ELEMENT_MATCHERS, load_ruleset

    element_rules = {r.id for r in load_ruleset().generic.rules if r.matcher in ELEMENT_MATCHERS}
    covered = {rule for folder in HTML_FIXTURES for rule in load_labels(folder, "checks.json")["rules"]}
    assert element_rules - {"generic/html-caption-class"} <= covered


@pytest.mark.parametrize("folder", HTML_FIXTURES, ids=lambda p: p.name)
def test_html_fixture_checks(folder):
    checks = load_labels(folder, "checks.json")
    result = run_fixture(folder)
    for text in checks["present"]:
        assert text in result.text, f"missing {text!r}"
    for text in checks["absent"]:
        assert text not in result.text, f"kept {text!r}"
    removed_by = {entry["rule"] for entry in result.metadata["removed"]}
    for rule in checks["rules"]:
        assert rule in removed_by, f"{rule} removed nothing"
    if not checks["rules"]:  # pages where a naive rule would remove article content
        assert not [e for e in result.metadata["removed"] if e["lines"] is None and e["kind"] != "outside"]
    assert result.metadata["input_format"] == "html"
    for key, value in checks.get("metadata", {}).items():
        assert result.metadata[key] == value, f"metadata {key}"


def test_page_metadata_from_meta_tags():
    meta = run_fixture(FIXTURES / "html" / "share-bar").metadata
    assert meta["title"] == "Council approves budget after long debate"
    assert meta["author"] == "Jane Smith"
    assert meta["date"] == "2024-03-04T18:00:00Z"
    assert meta["site_name"] == "Example News"
    assert meta["canonical_url"] == "https://news.example.com/council-budget"
    assert meta["language"] == "en"
    assert meta["description"] == "The council voted nine to four."
    assert meta["encoding"] == "utf-8"


def test_page_date_from_the_url_when_the_page_marks_none():
    html = PAGE.format(BODY)
    assert clean(html, input_format="html").metadata["date"] is None
    url = "https://news.example.com/2021/06/05/council-story"
    assert clean(html, url=url, input_format="html").metadata["date"] == "2021-06-05"


def test_author_urls_and_handles_are_not_names():
    head = '<meta name="author" content="https://example.com/staff/jr"><meta name="twitter:creator" content="@jr">'
    html = PAGE.replace("<head>", "<head>" + head).format(BODY)
    assert clean(html, input_format="html").metadata["author"] is None


PAGE = "<html><head><title>T</title></head><body><article><h1>Headline here</h1>{}</article></body></html>"
BODY = "".join(
    f"<p>Paragraph {i} of the story explains, at some length, what the council decided and why.</p>" for i in range(5)
)


def test_input_format_detection_and_override():
    html = PAGE.format(BODY)
    assert looks_like_html(html) and looks_like_html(html.encode())
    assert clean(html).metadata["input_format"] == "html"
    assert clean(html, input_format="text").metadata["input_format"] == "text"
    assert clean(html=html.encode()).metadata["input_format"] == "html"
    assert clean("Just text.\n\nMore text.").metadata["input_format"] == "text"
    with pytest.raises(ValueError):
        clean(html, input_format="pdf")


@pytest.mark.parametrize(
    ("data", "charset", "encoding"),
    [
        (PAGE.format(BODY + "<p>Grüße aus Köln, café.</p>").encode("cp1252"), "windows-1252", "cp1252"),
        (
            PAGE.replace("<head>", '<head><meta charset="iso-8859-1">')
            .format(BODY + "<p>Grüße aus Köln, café.</p>")
            .encode("latin-1"),
            None,
            "iso8859-1",
        ),
        (
            PAGE.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
            .format(BODY + "<p>Grüße aus Köln, café.</p>")
            .encode("cp1252"),
            None,
            "cp1252",
        ),
        (PAGE.format(BODY + "<p>Grüße aus Köln, café.</p>").encode("utf-8"), None, "utf-8"),
        (b"\xef\xbb\xbf" + PAGE.format(BODY + "<p>Grüße aus Köln, café.</p>").encode("utf-8"), None, "utf-8-sig"),
    ],
    ids=["http-header", "meta-charset", "http-equiv", "utf-8", "bom"],
)
def test_html_encodings(data, charset, encoding):
    result = clean(data, charset=charset, input_format="html")
    assert result.metadata["encoding"] == encoding
    assert "Grüße aus Köln, café." in result.text


def test_wrong_meta_charset_falls_back_to_detection():
    data = PAGE.replace("<head>", '<head><meta charset="ascii">').format(BODY + "<p>Grüße aus Köln.</p>").encode()
    assert "Grüße aus Köln." in clean(data).text


def test_external_entities_and_dtds_are_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    page = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>' + PAGE.format(
        BODY + "<p>Entity: &xxe; end of the story, which is long enough to keep.</p>"
    )
    tree, _ = parse_html(page.encode())
    assert "TOP-SECRET-VALUE" not in tree.text_content()
    assert "TOP-SECRET-VALUE" not in clean(page).text


@pytest.mark.parametrize("mode", ["drop", "keep", "meta"])
def test_caption_modes(mode):
    folder = FIXTURES / "html" / "figcaption"
    result = run_fixture(folder, Config(captions=mode))
    caption = "City hall on Monday evening"
    assert (caption in result.text) == (mode == "keep")
    if mode == "meta":
        assert any(caption in c for c in result.metadata["captions"])
    else:
        assert "captions" not in result.metadata


def test_caption_modes_in_text_input(root):
    seed = (root / "seeds" / "004_82e4555801c7eeeb.txt").read_bytes()
    caption = "Bridge at the Colombia-Venezuela border. Click to see full-size image"
    assert caption not in clean(seed).text
    assert caption in clean(seed, config=Config(captions="keep")).text
    assert caption in clean(seed, config=Config(captions="meta")).metadata["captions"]
    with pytest.raises(ValueError):
        Config(captions="hide")


def test_bad_xpath_is_a_rule_file_error(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(
        '[site]\nid = "x"\n[[rule]]\nid = "x/a"\nkind = "share"\nxpath = \'//div[@class=\'\ndrop = ["<div></div>"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="bad XPath"):
        load_file(path)


def test_empty_and_broken_html_do_not_fail():
    assert clean("<html></html>", input_format="html").text == ""
    assert "<" not in clean(b"\x00\x01\x02<html", input_format="html").text


# --- the literal screen in front of the classes rules never hides a match -----------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cleaner.html import Page  # noqa: E402
from cleaner.patterns import literal_screen, required_literals  # noqa: E402
from cleaner.rules import load_ruleset  # noqa: E402

CLASSES_RULES = tuple(rule for rule in load_ruleset().generic.rules if rule.matcher == "classes")
SCREEN = load_ruleset().class_screen(CLASSES_RULES)
_CLASS_WORDS = (
    "share Share SOCIAL links comments Comment respond wp caption text related Posts cookie Consent newsletter sign up"
    " donate menu a2a_kit x"
).split()


def test_every_classes_rule_has_required_literals():
    assert SCREEN is not None
    for rule in CLASSES_RULES:
        assert required_literals(rule.pattern.pattern), rule.id


@given(st.lists(st.tuples(st.sampled_from(_CLASS_WORDS), st.sampled_from([" ", "-", "_", ""])), max_size=8))
def test_screen_finds_every_key_a_classes_rule_matches(pieces):
    key = " " + "".join(word + joiner for word, joiner in pieces) + " "
    if any(rule.pattern.search(key) for rule in CLASSES_RULES):
        assert SCREEN.search(key.lower())


def test_screened_page_selects_what_the_drop_examples_need():
    for rule in CLASSES_RULES:
        for example in rule.drop_examples:
            page = Page.parse(example)
            assert rule.select(Page(page.tree, SCREEN), protect=True), (rule.id, example)


def test_literal_screen_without_literals_is_none():
    assert literal_screen([r"share", r"\w+"]) is None  # one pattern without literals: no screen
    assert literal_screen([r"share", r"(?:a|\d)x"]).pattern == "share|x"


def test_readability_shortcut_changes_no_output(monkeypatch):
    from cleaner import html as cleaner_html

    pages = [path.read_bytes() for path in sorted(FIXTURES.glob("html/*/input.html"))]
    assert len(pages) >= 10

    def run(shortcut: bool) -> list:
        monkeypatch.setattr(cleaner_html, "READABILITY_SHORTCUT", shortcut)
        return [clean(page, input_format="html") for page in pages]

    plain = run(False)
    before = cleaner_html._SHORTCUT_STATE.get("skipped", 0)
    fast = run(True)
    assert cleaner_html._SHORTCUT_STATE.get("skipped", 0) > before  # it fired: this test compares something
    assert [(r.text, r.metadata) for r in fast] == [(r.text, r.metadata) for r in plain]


def test_trafilatura_called_elsewhere_is_unchanged():
    import trafilatura

    from cleaner.html import _SHORTCUT_STATE

    page = (FIXTURES / "html" / "share-bar" / "input.html").read_text(encoding="utf-8")
    clean(page, input_format="html")  # installs the shortcut
    before = _SHORTCUT_STATE.get("skipped", 0)
    assert trafilatura.extract(page)
    assert _SHORTCUT_STATE.get("skipped", 0) == before  # outside extract_text readability always runs


def test_check_removed_script_reports_unaccounted_text(root):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "scripts/check_removed.py"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    assert "pages:" in summary and "are neither in the output nor in a removed entry" in summary


def test_readability_shortcut_leaves_an_unknown_trafilatura_alone(monkeypatch):
    """The shortcut wraps two trafilatura 2.3 internals; on a version whose
    compare_extraction has another shape it installs nothing and cleaning
    goes on as trafilatura does."""
    import trafilatura.core as core

    from cleaner import html as cleaner_html

    def compare_extraction(tree, options):  # another version's shape
        raise AssertionError("not called")

    monkeypatch.setattr(cleaner_html, "_SHORTCUT_STATE", {})
    monkeypatch.setattr(core, "compare_extraction", compare_extraction)
    assert cleaner_html._install_readability_shortcut() is False
    assert core.compare_extraction is compare_extraction  # nothing wrapped


def test_the_extraction_log_names_only_text_that_is_not_in_the_output():
    """A div's own text around its paragraphs is matched stretch by stretch
    (it is in the output, so it is not logged), and a <br> between two
    left-out lines is a space, not glue."""
    first = "The mayor opened the session on Monday with a long statement about the state of the roads."
    paragraph = "<p>Members voted nine to four to raise spending on repairs by ten percent over the next two years.</p>"
    last = "The session closed after midnight with thanks from the council to the staff of the city."
    page = (
        f"<html><body><article><div>{first}{paragraph}{paragraph.replace('nine', 'ten')}{last}</div></article>"
        "<div>Call us<br>Write to us</div></body></html>"
    )
    result = clean(page, input_format="html")
    assert first in result.text and last in result.text
    logged = [e["text"] for e in result.metadata["removed"] if e["rule"] == "generic/html-outside-main-text"]
    assert logged == ["Call us Write to us"]
