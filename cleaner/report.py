"""The run report: one self-contained HTML page to judge a batch run by.

``cleaner clean ... --report report.html`` writes it after the run. The page
holds inline CSS and SVG only (no script, font, image or style sheet from
anywhere, and a Content-Security-Policy that forbids loading any), and every
text from the run is escaped. Sections, each with its id:

- ``run``: the inputs, documents read, cleaned and failed, and the time;
- ``kinds``: lines removed per kind, as an SVG bar chart;
- ``sites`` and ``rules``: per site and per rule, hits, documents and
  characters removed;
- ``never-fired``: rules that never fired (stale, or wrong);
- ``over-reaching``: documents where rules removed more than half the text;
- ``samples``: for each rule that fired, up to :data:`SAMPLES_PER_RULE`
  removals sampled across the run (reservoir sampling, so the first
  documents are not favoured), each with the input line above and below it;
- ``failures``: the documents and inputs that failed.

:class:`RunDetails` collects, while the run goes, what the counters of
:class:`cleaner.batch.Stats` do not keep; its memory is bounded by the
number of rules and sites, not the number of documents.
"""

from __future__ import annotations

import datetime
import html
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.normalise import decode, split_lines
from cleaner.records import Outcome

SAMPLES_PER_RULE = 3
"""Removals kept per rule for the report."""
MAX_FAILURES = 200
"""Failures listed in the report (all are counted, and all are in errors.jsonl)."""
MAX_LISTED = 200
"""Rows shown of the longer lists (inputs, over-reaching documents)."""
SAMPLE_CHARS = 600
"""Characters shown of a removal."""
CONTEXT_CHARS = 300
"""Characters shown of a context line."""


@dataclass
class Sample:
    """One removal by a rule, with the input lines around it."""

    rule: str
    source: str
    record_id: str
    lines: list[int] | None
    text: str
    above: str | None = None
    below: str | None = None
    above_removed: bool = False
    below_removed: bool = False
    note: str = ""


@dataclass
class RunDetails:
    """Per site and per rule figures, sampled removals and failures of a run.

    >>> details = RunDetails()
    >>> details.site_rule_hits, details.failures
    (Counter(), [])
    """

    site_docs: Counter[str] = field(default_factory=Counter)
    site_chars_in: Counter[str] = field(default_factory=Counter)
    site_chars_removed: Counter[str] = field(default_factory=Counter)
    site_hits: Counter[str] = field(default_factory=Counter)
    rule_docs: Counter[str] = field(default_factory=Counter)
    rule_chars: Counter[str] = field(default_factory=Counter)
    rule_kind: dict[str, str] = field(default_factory=dict)
    site_rule_hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    site_rule_docs: Counter[tuple[str, str]] = field(default_factory=Counter)
    site_rule_chars: Counter[tuple[str, str]] = field(default_factory=Counter)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    seen: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    failure_classes: Counter[str] = field(default_factory=Counter)
    sources: list[str] = field(default_factory=list)
    source_count: int = 0
    random: random.Random = field(default_factory=lambda: random.Random(21))

    def add(self, outcome: Outcome) -> None:
        """Count one outcome (cleaned or failed)."""
        if not self.sources or self.sources[-1] != outcome.task.source:
            self.source_count += 1
            if len(self.sources) < MAX_LISTED:
                self.sources.append(outcome.task.source)
        if outcome.result is None:
            self.failure_classes[outcome.error_class or "?"] += 1
            if len(self.failures) < MAX_FAILURES:
                task = outcome.task
                self.failures.append(
                    {
                        "source": task.source,
                        "record_id": task.record_id,
                        "error": outcome.error_class,
                        "message": outcome.message,
                    }
                )
            return
        meta = outcome.result.metadata
        site = meta["site"] or "(generic)"
        self.site_docs[site] += 1
        removed = meta["removed"]
        self.site_chars_in[site] += meta["stats"]["chars_out"] + sum(len(span["text"]) for span in removed)
        fired = set()
        lines: list[str] | None = None
        for span in removed:
            rule = span["rule"]
            self.rule_kind.setdefault(rule, span["kind"])
            self.rule_chars[rule] += len(span["text"])
            self.site_hits[site] += 1
            self.site_chars_removed[site] += len(span["text"])
            self.site_rule_hits[site, rule] += 1
            self.site_rule_chars[site, rule] += len(span["text"])
            fired.add(rule)
            slot = self._slot(rule)
            if slot is not None:
                if lines is None:
                    lines = input_lines(outcome)
                sample = make_sample(outcome, span, lines, removed)
                kept = self.samples.setdefault(rule, [])
                kept[slot : slot + 1] = [sample]
        for rule in fired:
            self.rule_docs[rule] += 1
            self.site_rule_docs[site, rule] += 1

    def _slot(self, rule: str) -> int | None:
        """Reservoir sampling: where this removal goes among the rule's
        samples, or None to leave it out."""
        self.seen[rule] += 1
        count = len(self.samples.get(rule, ()))
        if count < SAMPLES_PER_RULE:
            return count
        slot = self.random.randrange(self.seen[rule])
        return slot if slot < SAMPLES_PER_RULE else None


def input_lines(outcome: Outcome) -> list[str]:
    """The input lines a text document's ``removed`` line numbers count
    ([] for HTML, whose line numbers count the extracted text)."""
    assert outcome.result is not None
    data = outcome.task.data
    if outcome.result.metadata["input_format"] != "text" or data is None:
        return []
    text = decode(data)[0] if isinstance(data, bytes) else data
    return split_lines(text)


def make_sample(outcome: Outcome, span: dict[str, Any], lines: list[str], removed: list[dict[str, Any]]) -> Sample:
    """A sample of one removal with the nearest non-blank input line above
    and below it, each marked when a rule removed it too.

    >>> from cleaner.records import Task
    >>> from cleaner.pipeline import CleanResult
    >>> span = {"rule": "generic/share-line", "lines": [3, 3], "text": "Share this:"}
    >>> meta = {"input_format": "text", "removed": [span]}
    >>> outcome = Outcome(Task("d.jsonl", "r1", "Title\\n\\nShare this:\\n\\nBody."), CleanResult("", meta))
    >>> sample = make_sample(outcome, span, input_lines(outcome), [span])
    >>> sample.above, sample.text, sample.below
    ('Title', 'Share this:', 'Body.')
    """
    task = outcome.task
    sample = Sample(span["rule"], task.source, task.record_id, span["lines"], clip(span["text"]))
    if span["lines"] is None:
        sample.note = "an HTML element removed before extraction"
        return sample
    if not lines:
        sample.note = "HTML input: the line numbers count the extracted text, which is not kept"
        return sample
    first, last = span["lines"]
    taken = [s["lines"] for s in removed if s["lines"] is not None]
    above = next((n for n in range(first - 1, 0, -1) if lines[n - 1].strip()), None)
    below = next((n for n in range(last + 1, len(lines) + 1) if lines[n - 1].strip()), None)
    if above is not None:
        sample.above, sample.above_removed = (
            clip(lines[above - 1], CONTEXT_CHARS),
            any(a <= above <= b for a, b in taken),
        )
    if below is not None:
        sample.below, sample.below_removed = (
            clip(lines[below - 1], CONTEXT_CHARS),
            any(a <= below <= b for a, b in taken),
        )
    return sample


def clip(text: str, limit: int = SAMPLE_CHARS) -> str:
    """Text cut to ``limit`` characters.

    >>> clip("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_report(path: Path, page: str) -> None:
    """Write the report atomically (a temporary file renamed when whole)."""
    from cleaner.writers import AtomicFile

    output = AtomicFile(path)
    try:
        output.write(page)
    except BaseException:
        output.discard()
        raise
    output.commit()


# --- rendering -------------------------------------------------------------------------------

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
nav a { margin-right: .8rem; } table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } th { background: #f3f3f3; }
code, .text { font-family: ui-monospace, monospace; font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.figures { display: flex; gap: 1rem; flex-wrap: wrap; } .figure { background: #f6f6f6; padding: .6rem 1rem; }
.figure b { display: block; font-size: 1.5rem; } .failed b { color: #b00; }
.sample { border-left: 3px solid #ccc; margin: .6rem 0; padding: .2rem .6rem; }
.context { color: #666; } .context.gone { text-decoration: line-through; color: #999; }
.removal { background: #fde8e8; color: #7a0000; } .muted { color: #777; } .bar { fill: #c0392b; }
"""


def esc(value: Any) -> str:
    """Escape any value for HTML text or attributes.

    >>> esc('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def number(value: float) -> str:
    """A count with thousands separators.

    >>> number(1234567)
    '1,234,567'
    """
    return f"{value:,}"


def table(headers: list[str], rows: list[list[Any]], numeric: frozenset[int] | set[int] = frozenset()) -> str:
    """An HTML table; cells are escaped, columns in ``numeric`` right-aligned.

    >>> table(["a", "n"], [["<x>", 3]], {1})
    '<table><tr><th>a</th><th class="n">n</th></tr><tr><td>&lt;x&gt;</td><td class="n">3</td></tr></table>'
    """

    def cell(tag: str, i: int, value: Any) -> str:
        shown = number(value) if isinstance(value, int) and i in numeric else esc(value)
        return f'<{tag} class="n">{shown}</{tag}>' if i in numeric else f"<{tag}>{shown}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def bar_chart(counts: list[tuple[str, int]], width: int = 640) -> str:
    """A horizontal SVG bar chart, one bar per (label, count), escaped.

    >>> chart = bar_chart([("share", 10), ("<nav>", 5)])
    >>> chart.count("<rect"), "&lt;nav&gt;" in chart, "<nav>" in chart
    (2, True, False)
    """
    if not counts:
        return '<p class="muted">Nothing was removed.</p>'
    label_width, row, top = 150, 22, max(count for _, count in counts) or 1
    scale = (width - label_width - 70) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(counts) + 4}" '
        f'role="img" aria-label="lines removed per kind">'
    ]
    for i, (label, count) in enumerate(counts):
        y = i * row + 2
        length = max(1.0, count * scale)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="12">{esc(label)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}">'
            f"<title>{esc(label)}: {number(count)} lines</title></rect>"
            f'<text x="{label_width + length + 5:.1f}" y="{y + 14}" font-size="12">{number(count)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_report(stats: Any, rule_ids: list[str], settings: dict[str, Any] | None = None) -> str:
    """The report of a run as one HTML page.

    ``stats`` is the run's :class:`cleaner.batch.Stats` (with its
    ``details``), ``rule_ids`` every rule the run could fire (for the rules
    that never fired), ``settings`` what to show of how it was run.
    """
    details: RunDetails = stats.details
    seconds = time.perf_counter() - stats.started
    sections = [
        section("run", "The run", run_section(stats, details, seconds, settings or {})),
        section("kinds", "Lines removed per kind", bar_chart(stats.kinds.most_common())),
        section("sites", "Per site", sites_section(stats, details)),
        section("rules", "Per rule", rules_section(stats, details)),
        section("never-fired", "Rules that never fired", never_fired_section(stats, rule_ids)),
        section("over-reaching", "Documents where rules removed more than half the text", over_reaching_section(stats)),
        section("samples", "Sampled removals", samples_section(details)),
        section("failures", "Failures", failures_section(stats, details)),
    ]
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title in NAV)
    stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>cleaner run report</title><style>{CSS}</style></head><body>"
        f'<h1>cleaner run report</h1><p class="muted">written {esc(stamp)}</p><nav>{nav}</nav>'
        + "".join(sections)
        + "</body></html>\n"
    )


NAV = [
    ("run", "Run"),
    ("kinds", "Kinds"),
    ("sites", "Sites"),
    ("rules", "Rules"),
    ("never-fired", "Never fired"),
    ("over-reaching", "Over-reaching"),
    ("samples", "Samples"),
    ("failures", "Failures"),
]


def section(key: str, title: str, body: str) -> str:
    return f'<section id="{key}"><h2>{esc(title)}</h2>{body}</section>'


def run_section(stats: Any, details: RunDetails, seconds: float, settings: dict[str, Any]) -> str:
    rate = stats.read / seconds if seconds else 0.0
    figures = [
        ("documents read", number(stats.read), ""),
        ("cleaned", number(stats.cleaned), ""),
        ("failed", number(stats.failed), " failed" if stats.failed else ""),
        ("time", f"{seconds:,.1f} s", ""),
        ("documents per second", f"{rate:,.1f}", ""),
    ]
    boxes = "".join(f'<div class="figure{extra}"><b>{value}</b>{esc(label)}</div>' for label, value, extra in figures)
    inputs = settings.get("inputs", details.sources)
    listed = "".join(f"<li><code>{esc(path)}</code></li>" for path in inputs[:MAX_LISTED])
    more = f'<li class="muted">and {number(len(inputs) - MAX_LISTED)} more</li>' if len(inputs) > MAX_LISTED else ""
    done = f", {number(stats.skipped_units)} already done (--resume)" if stats.skipped_units else ""
    shown = {k: v for k, v in settings.items() if k != "inputs"}
    rows = [[key, value] for key, value in shown.items()]
    return (
        f'<div class="figures">{boxes}</div>'
        f"<h3>Inputs: {number(len(inputs))}{esc(done)}</h3><ul>{listed}{more}</ul>"
        + (table(["setting", "value"], rows) if rows else "")
    )


def sites_section(stats: Any, details: RunDetails) -> str:
    rows = []
    for site, documents in details.site_docs.most_common():
        chars_in, removed = details.site_chars_in[site], details.site_chars_removed[site]
        share = f"{removed / chars_in:.1%}" if chars_in else "-"
        rows.append([site, documents, details.site_hits[site], removed, share])
    if not rows:
        return '<p class="muted">No document was cleaned.</p>'
    headers = ["site", "documents", "hits", "characters removed", "share of characters"]
    return table(headers, rows, {1, 2, 3, 4})


def rules_section(stats: Any, details: RunDetails) -> str:
    rows = []
    for rule, hits in stats.rules.most_common():
        by_site = ", ".join(
            f"{site} {number(details.site_rule_hits[site, rule])} hits / {number(details.site_rule_docs[site, rule])} "
            f"docs / {number(details.site_rule_chars[site, rule])} chars"
            for site, _ in stats.rule_sites.get(rule, Counter()).most_common()
        )
        rows.append(
            [
                rule,
                details.rule_kind.get(rule, ""),
                hits,
                details.rule_docs[rule],
                stats.rule_lines[rule],
                details.rule_chars[rule],
                by_site,
            ]
        )
    if not rows:
        return '<p class="muted">No rule fired.</p>'
    headers = ["rule", "kind", "hits", "documents", "lines", "characters removed", "by site"]
    return table(headers, rows, {2, 3, 4, 5})


def never_fired_section(stats: Any, rule_ids: list[str]) -> str:
    never = [rule for rule in rule_ids if rule not in stats.rules]
    if not never:
        return '<p class="muted">Every rule fired at least once.</p>'
    items = "".join(f"<li><code>{esc(rule)}</code></li>" for rule in never)
    return (
        f"<p>{number(len(never))} of {number(len(rule_ids))} rules never fired (stale, or wrong):</p><ul>{items}</ul>"
    )


def over_reaching_section(stats: Any) -> str:
    docs = stats.over_reaching
    if not docs:
        return '<p class="muted">None.</p>'
    rows = [
        [d["source"], d["record_id"], f"{d['removed_share']:.0%}", ", ".join(f"{r} {n}" for r, n in d["rules"].items())]
        for d in docs[:MAX_LISTED]
    ]
    count = stats.over_reaching_count
    more = f'<p class="muted">and {number(count - MAX_LISTED)} more</p>' if count > MAX_LISTED else ""
    intro = f"<p>{number(count)} document(s); look at them with <code>cleaner explain</code>.</p>"
    return intro + table(["source", "record", "removed", "rules (characters)"], rows, {2}) + more


def samples_section(details: RunDetails) -> str:
    if not details.samples:
        return '<p class="muted">Nothing was removed.</p>'
    parts = []
    for rule in sorted(details.samples):
        hits = f"{number(details.seen[rule])} hit{'s' if details.seen[rule] != 1 else ''}"
        head = f'<h3><code>{esc(rule)}</code> <span class="muted">{hits}</span></h3>'
        samples = "".join(render_sample(sample) for sample in details.samples[rule])
        parts.append(f'<div class="rule-samples" data-rule="{esc(rule)}">{head}{samples}</div>')
    return "".join(parts)


def render_sample(sample: Sample) -> str:
    if not sample.lines:
        where = "element"
    else:
        first, last = sample.lines
        where = f"line {first}" if first == last else f"lines {first}–{last}"
    names = [sample.source] if sample.record_id == sample.source else [sample.source, sample.record_id]
    head = f'<div class="muted">{" · ".join(esc(name) for name in [*names, where])}</div>'

    def context(text: str | None, gone: bool) -> str:
        if text is None:
            return ""
        mark = " gone" if gone else ""
        title = ' title="removed too"' if gone else ""
        return f'<div class="text context{mark}"{title}>{esc(text)}</div>'

    note = f'<div class="muted">{esc(sample.note)}</div>' if sample.note else ""
    body = (
        context(sample.above, sample.above_removed)
        + f'<div class="text removal">{esc(sample.text)}</div>'
        + context(sample.below, sample.below_removed)
    )
    return f'<div class="sample">{head}{body}{note}</div>'


def failures_section(stats: Any, details: RunDetails) -> str:
    if not stats.failed:
        return '<p class="muted">No failures.</p>'
    classes = ", ".join(f"{name} {number(n)}" for name, n in details.failure_classes.most_common())
    rows = [[f["source"], f["record_id"], f["error"], f["message"]] for f in details.failures]
    more = stats.failed - len(details.failures)
    tail = f'<p class="muted">and {number(more)} more (all are in errors.jsonl)</p>' if more > 0 else ""
    return (
        f"<p>{number(stats.failed)} failed: {esc(classes)}</p>"
        + table(["source", "record", "error", "message"], rows)
        + tail
    )
