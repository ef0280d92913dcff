"""The run report (--report): rendered in headless Chromium over the seeds
and a small mixed dump, it loads with no request outside the file, has every
section, and shows each rule's counts as --rule-stats gives them."""

import html
import json
import os
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from tests.chromium import chromium_binary, load_page

runner = CliRunner()

SECTIONS = ["run", "kinds", "sites", "rules", "never-fired", "over-reaching", "samples", "failures"]
BODY = "The council approved the budget on Monday after a long debate about school funding and repairs."
TEXT = f"Budget approved after long debate\n\nShare this:\n\n{BODY}\n\nLeave a Reply\n"
HOSTILE = f"Budget <b>approved</b>\n\nShare this: <script>alert('x')</script>\n\n{BODY}\n"
HTML = (
    "<html><head><title>Budget</title></head><body><article><h1>Budget approved after long debate</h1>"
    + "".join(f"<p>{BODY} Paragraph {i} adds more detail about the vote.</p>" for i in range(4))
    + "</article><div class='share-bar'>Share on Facebook</div></body></html>"
)

needs_chromium = pytest.mark.skipif(
    chromium_binary() is None and not os.environ.get("CI"),
    reason="chromium is not installed (.ci/run installs it: apt-get install -y chromium)",
)


def mixed_dump(folder):
    """JSONL with text, HTML, markup in text, a record without text (its id
    is markup), a broken line, and a Parquet file."""
    folder.mkdir()
    records = [
        {"id": "t1", "text": TEXT, "url": "https://example.com/1"},
        {"id": "h1", "html": HTML, "url": "https://example.com/2"},
        {"id": "x1", "text": HOSTILE},
        {"id": "<script>alert('x')</script>", "body": "a record without text fails, and its id is shown"},
    ]
    lines = [json.dumps(r) for r in records] + ['{"id": "broken", "text": ']
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["p1"], "text": [TEXT.replace("Monday", "Friday")]}), folder / "rows.parquet")


def run_with_report(tmp_path, root):
    mixed_dump(tmp_path / "dump")
    report, stats = tmp_path / "report" / "run.html", tmp_path / "rule-stats.json"
    args = [root / "seeds", tmp_path / "dump", "--out", tmp_path / "out", "--jobs", 1]
    result = runner.invoke(app, ["clean", *map(str, args), "--report", str(report), "--rule-stats", str(stats)])
    assert result.exit_code == 1, result.output  # the broken line fails
    return report, json.loads(stats.read_text(encoding="utf-8"))


class Links(HTMLParser):
    """Every tag and every attribute that could load something."""

    def __init__(self):
        super().__init__()
        self.tags, self.references = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.references += [value for name, value in attrs if name in ("src", "href", "srcset", "action", "data")]


ROWS = (
    "Object.fromEntries([...document.querySelectorAll('#rules tr')].slice(1)"
    ".map(r => [r.cells[0].textContent, [...r.cells].map(c => c.textContent)]))"
)
EXPRESSION = (
    "({sections: [...document.querySelectorAll('section')].map(s => [s.id, s.querySelector('h2').textContent]),"
    f" rules: {ROWS},"
    " never: [...document.querySelectorAll('#never-fired li')].map(li => li.textContent),"
    " bars: document.querySelectorAll('#kinds svg rect').length,"
    " samples: Object.fromEntries([...document.querySelectorAll('#samples .rule-samples')].map(r =>"
    "   [r.dataset.rule, [...r.querySelectorAll('.sample')].map(s => [...s.children].map(c => c.className))])),"
    " ladder: [...document.querySelectorAll('.rule-samples[data-rule=\"southfront/donation-ladder\"] .removal')]"
    "   .map(e => e.textContent),"
    " failures: document.querySelector('#failures').textContent,"
    " figures: document.querySelector('#run .figures').textContent})"
)


@needs_chromium
def test_report_renders_in_chromium_with_no_request_outside_the_file(tmp_path, root):
    report, rule_stats = run_with_report(tmp_path, root)
    page = load_page(report, EXPRESSION)
    assert page.loaded
    assert page.requests == [report.resolve().as_uri()]  # the file itself, nothing else
    assert not page.log and not page.exceptions and not page.console  # no blocked load, no error
    view = page.value
    assert [s[0] for s in view["sections"]] == SECTIONS and all(title for _, title in view["sections"])
    assert "southfront/donation-ladder" in view["rules"]
    for rule, figures in rule_stats["rules"].items():  # hits and lines as --rule-stats counts them
        row = view["rules"][rule]
        assert int(row[2].replace(",", "")) == figures["hits"] and int(row[4].replace(",", "")) == figures["lines"]
    assert view["never"] == rule_stats["never_fired"]
    assert view["bars"] >= 5  # comments, donation, counter, caption, share, ... on the seeds
    assert set(view["samples"]) == set(rule_stats["rules"])  # every rule that fired has samples
    assert all(1 <= len(samples) <= 3 for samples in view["samples"].values())
    assert view["ladder"] and all(removal.splitlines()[0].endswith("$") for removal in view["ladder"])
    context = [parts for samples in view["samples"].values() for parts in samples if "text context" in parts]
    assert context  # text removals come with the input line above or below
    assert "line 5" in view["failures"] and "<script>alert('x')</script>" in view["failures"]
    assert "2failed" in view["figures"].replace(" ", "")


def test_report_is_self_contained_and_escapes_the_run(tmp_path, root):
    report, rule_stats = run_with_report(tmp_path, root)
    page = report.read_text(encoding="utf-8")
    links = Links()
    links.feed(page)
    assert all(ref.startswith("#") for ref in links.references)  # in-page anchors only
    assert not links.tags & {"script", "link", "img", "iframe", "object", "embed", "font"}
    assert "url(" not in page and "@import" not in page and "Content-Security-Policy" in page
    assert "<script>alert" not in page and html.escape("<script>alert('x')</script>") in page
    sections = [s.split('"')[0] for s in page.split('<section id="')[1:]]
    assert sections == SECTIONS
    # each rule that fired has at most three samples, each with its text
    for rule in rule_stats["rules"]:
        assert 1 <= page.count(f"<h3><code>{html.escape(rule)}</code>") <= 1


def test_the_report_is_never_an_input(tmp_path, root):
    mixed_dump(tmp_path / "dump")
    target = tmp_path / "dump" / "dump.jsonl"
    before = target.read_bytes()
    result = runner.invoke(
        app, ["clean", str(tmp_path / "dump"), "--out", str(tmp_path / "o"), "--report", str(target)]
    )
    assert result.exit_code == 2 and "input" in result.stderr
    assert target.read_bytes() == before


def test_samples_are_bounded_and_show_context():
    from cleaner import clean
    from cleaner.records import Outcome, Task
    from cleaner.report import SAMPLES_PER_RULE, RunDetails

    details = RunDetails()
    for i in range(50):
        text = TEXT.replace("Monday", f"day {i}")
        details.add(Outcome(Task("d.jsonl", f"r{i}", text), clean(text, source=f"r{i}")))
    samples = details.samples["generic/share-line"]
    assert len(samples) == SAMPLES_PER_RULE and details.seen["generic/share-line"] == 50
    assert len({s.record_id for s in samples}) == SAMPLES_PER_RULE
    assert all(s.above == "Budget approved after long debate" and s.below.startswith("The council") for s in samples)
    assert all(s.text == "Share this:" for s in samples)
