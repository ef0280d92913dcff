"""Rule tooling: checking rule files, explaining a cleaned document, writing
a new site's skeleton, and learning site furniture from a dump.

>>> skeleton = new_site_skeleton("example", ["example.com"])
>>> "[site]" in skeleton and 'hosts = ["example.com"]' in skeleton
True
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.model import KINDS, Document, line_key
from cleaner.rules import BUILTIN_RULES, RuleFileError, Site, load_file

# --- check ------------------------------------------------------------------------------


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """The ``*.toml`` files named or found (non-recursively) in directories."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def check_files(paths: Iterable[Path]) -> tuple[list[Site], list[str]]:
    """Load every rule file; return the good ones and one error line per bad
    file, plus duplicate site and rule ids across files."""
    sites, errors = [], []
    for path in rule_files(paths):
        if not path.exists():
            errors.append(f"{path}: no such file")
            continue
        try:
            sites.append(load_file(path, builtin=path.parent == BUILTIN_RULES))
        except RuleFileError as error:
            errors.extend(str(error).splitlines())
    seen_sites: dict[str, Path] = {}
    seen_rules: dict[str, Path] = {}
    for site in sites:
        if site.id in seen_sites and site.id != "generic":
            errors.append(f"{site.path}: site id {site.id!r} is also defined in {seen_sites[site.id]}")
        seen_sites[site.id] = site.path
        for rule in site.rules:
            if rule.id in seen_rules and seen_rules[rule.id] != site.path:
                errors.append(f"{site.path}: rule id {rule.id!r} is also defined in {seen_rules[rule.id]}")
            seen_rules[rule.id] = site.path
    return sites, errors


# --- explain ----------------------------------------------------------------------------


def explain_data(doc: Document, metadata: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready view of a cleaned document: every block with its status
    and reasons, the elements removed before extraction, and the repairs."""
    return {
        "source": metadata["source"],
        "site": metadata["site"],
        "site_name": metadata["site_name"],
        "input_format": metadata["input_format"],
        "flags": metadata["flags"],
        "removed_elements": doc.removed_elements,
        "blocks": [
            {
                "line": block.line,
                "text": block.text,
                "status": "drop" if block.dropped else "keep",
                "reasons": [{"rule": r.rule, "kind": r.kind} for r in block.reasons],
            }
            for block in doc.blocks
        ],
        "repairs": metadata["repairs"],
    }


def explain_lines(view: dict[str, Any]) -> list[tuple[str, str]]:
    """The explanation as (style, text) lines for a terminal: dropped blocks
    with their rule and kind, repairs as before/after."""
    site = view["site"] or "none (generic rules only)"
    lines = [("bold", f"{view['source']}  site: {site}  input: {view['input_format']}  flags: {view['flags'] or '-'}")]
    for element in view["removed_elements"]:
        lines.append(("red", f"  element  [{element['kind']} {element['rule']}] {element['text'][:100]}"))
    repairs_by_line = defaultdict(list)
    for repair in view["repairs"]:
        repairs_by_line[repair["line"]].append(repair)
    for block in view["blocks"]:
        if block["status"] == "drop":
            reason = block["reasons"][0]
            also = f" +{len(block['reasons']) - 1}" if len(block["reasons"]) > 1 else ""
            lines.append(("red", f"{block['line']:>5} - [{reason['kind']} {reason['rule']}{also}] {block['text']}"))
        else:
            lines.append(("", f"{block['line']:>5}   {block['text']}"))
        for repair in repairs_by_line.get(block["line"], []):
            lines.append(("yellow", f"        repair [{repair['rule']}] {repair['before']!r} -> {repair['after']!r}"))
    return lines


# --- new-site ---------------------------------------------------------------------------


def new_site_skeleton(site_id: str, hosts: list[str]) -> str:
    """A commented rule-file skeleton for a new site."""
    host_list = ", ".join(f'"{h}"' for h in hosts)
    kinds = "\n# ".join(textwrap.wrap(", ".join(KINDS), 76, break_on_hyphens=False))
    return f'''# Rule file for {site_id}. The format is in docs/rules.md; check it with
#   cleaner rules check THIS_FILE
# and run its examples with
#   cleaner rules test --rules THIS_DIRECTORY

[site]
id = "{site_id}"
name = "{site_id}"          # display name, goes to metadata site_name
version = "1"
hosts = [{host_list}]       # the domains (and their subdomains) this file covers
# Lines only this site prints, to recognise its pages without a URL:
# fingerprints = ['Support {site_id}']
# Generic rules that misfire on this site:
# disable = ["generic/caption-after-heading"]

# One [[rule]] per piece of furniture. Every rule needs an id starting with
# "{site_id}/", a kind, exactly one matcher, and examples it must drop and
# keep. The kinds:
# {kinds}.

# [[rule]]
# id = "{site_id}/donation-appeal"
# kind = "donation"
# doc = "The appeal printed under every article."
# line = 'Please support our work!'          # a whole line (regex)
# drop = ["Please support our work!"]
# keep = ["Please support our work, the editor wrote, and many did."]

# [[rule]]
# id = "{site_id}/comment-widget"
# kind = "comments"
# tail = ['Leave a Reply']                   # from the first match to the end
# drop = ["Leave a Reply\\nGreat article!"]

# [[rule]]
# id = "{site_id}/promo-box"
# kind = "related"
# classes = '\\spromo-box\\s'              # HTML: elements by class or id
# drop = ['<div><p>Body.</p><div class="promo-box">Read more</div></div>']
'''


# --- learn ------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A line or run of lines that recurs across a site's documents."""

    keys: tuple[str, ...]
    examples: list[tuple[str, ...]]
    documents: int
    share: float


def mine_site(documents: list[list[str]], min_share: float, max_run: int = 12) -> list[Candidate]:
    """Lines and runs of consecutive lines that occur in at least
    ``min_share`` of a site's documents (counted once per document)."""
    total = len(documents)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for lines in documents:
        seen = set()
        for line in lines:
            key = line_key(line)
            if key and key not in seen:
                seen.add(key)
                counts[key] += 1
                if len(examples[key]) < 2 and line not in examples[key]:
                    examples[key].append(line)
    frequent = {k for k, n in counts.items() if n / total >= min_share}
    # merge frequent lines that follow each other into runs (widgets)
    runs: Counter[tuple[str, ...]] = Counter()
    run_examples: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for lines in documents:
        seen_runs = set()
        current: list[str] = []
        originals: list[str] = []
        for line in [*lines, ""]:
            key = line_key(line)
            if key in frequent and len(current) < max_run:
                current.append(key)
                originals.append(line)
                continue
            if current:
                run = tuple(current)
                if run not in seen_runs:
                    seen_runs.add(run)
                    runs[run] += 1
                    if len(run_examples[run]) < 2:
                        run_examples[run].append(tuple(originals))
            current, originals = ([key], [line]) if key in frequent else ([], [])
    candidates = [Candidate(run, run_examples[run], n, n / total) for run, n in runs.items() if n / total >= min_share]
    return sorted(candidates, key=lambda c: (-c.documents, -len(c.keys), c.keys))


def group_without_url(documents: list[list[str]], min_share: float = 0.05, similarity: float = 0.5) -> list[int]:
    """Group documents that have no URL by the furniture they share.

    A document's *signature* is its set of lines that occur in at least
    ``min_share`` of these documents (so lines only a few pages share, like
    wire copy, do not count). Two documents are in one group when their
    signatures overlap by at least ``similarity`` (Jaccard). Returns a group
    number per document.
    """
    keys = [{line_key(line) for line in lines} for lines in documents]
    counts = Counter(k for doc in keys for k in doc)
    common = {k for k, n in counts.items() if n >= max(2, min_share * len(documents))}
    signatures = [frozenset(doc & common) for doc in keys]
    distinct = list(dict.fromkeys(signatures))
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(distinct):
        for j in range(i + 1, len(distinct)):
            second = distinct[j]
            union = len(first | second)
            if union and len(first & second) / union >= similarity:
                parent[find(i)] = find(j)
    index = {signature: i for i, signature in enumerate(distinct)}
    roots = [find(index[signature]) for signature in signatures]
    numbering = {root: n for n, root in enumerate(dict.fromkeys(roots))}
    return [numbering[root] for root in roots]


def guess_kind(lines: tuple[str, ...]) -> str:
    """A first guess at a candidate's kind, for the reviewer to confirm."""
    from cleaner.patterns import compile_pattern

    text = " ".join(lines).lower()
    if any(compile_pattern("{money}").fullmatch(line) for line in lines) or "donat" in text or "support" in text:
        return "donation"
    if "comment" in text or "reply" in text or "notify of" in text:
        return "comments"
    if any(w in text for w in ("share", "tweet", "facebook", "whatsapp")):
        return "share"
    if "subscribe" in text or "newsletter" in text:
        return "newsletter"
    if "cookie" in text:
        return "cookie"
    if sum(bool(re.fullmatch(r"[\d,.\s]+", line)) for line in lines) >= 2:
        return "counter"
    if "related" in text or "more on" in text or "read more" in text:
        return "related"
    return "nav"


def line_pattern(line: str) -> str:
    """A case-insensitive whole-line pattern for a learned line, numbers
    generalised.

    >>> line_pattern("26 Comments")
    '(?i)\\\\d[\\\\d,.]*\\\\ Comments'
    """
    return "(?i)" + re.sub(r"\d+(?:[,.]\d+)*", lambda m: r"\d[\d,.]*", re.escape(line))


def toml_string(value: str) -> str:
    """A TOML literal string when possible, else a basic string."""
    if "'" not in value and "\n" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def learned_rule_file(site_id: str, hosts: list[str], candidates: list[Candidate], documents: int) -> str:
    """A rule file proposing one rule per candidate, with its statistics and
    two real examples as comments, ready for a person to review."""
    parts = [
        f"# Proposed by `cleaner learn` from {documents} documents. Review every rule:",
        "# keep the furniture, delete anything that is article text, fix the kinds.",
        "",
        "[site]",
        f'id = "{site_id}"',
        f'name = "{site_id}"',
        'version = "learned"',
        f"hosts = [{', '.join(chr(34) + h + chr(34) for h in hosts)}]",
    ]
    for number, candidate in enumerate(candidates, start=1):
        first = candidate.examples[0]
        parts += [
            "",
            f"# hits: {candidate.documents} documents ({candidate.share:.0%} of the site's documents)",
            *(f"# example {i}: {' | '.join(example)[:200]}" for i, example in enumerate(candidate.examples, 1)),
            "[[rule]]",
            f'id = "{site_id}/learned-{number}"',
            f'kind = "{guess_kind(first)}"',
            f"doc = {toml_string('Recurring ' + ('line' if len(first) == 1 else f'run of {len(first)} lines'))}",
        ]
        if len(first) == 1:
            parts.append(f"line = {toml_string(line_pattern(first[0]))}")
        else:
            parts.append("block = [" + ", ".join(toml_string(line_pattern(line)) for line in first) + "]")
        parts.append(f"drop = [{toml_string(chr(10).join(first))}]")
    return "\n".join(parts) + "\n"
