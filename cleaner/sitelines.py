"""Site lines: text lines that recur across a site's documents in a dump.

A first pass over the inputs counts, CCNet-style, the lines each URL host
repeats; the cleaning pass then drops those lines as the site's furniture
(``generic/site-repeated-line``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from cleaner.html import looks_like_html
from cleaner.model import line_hash
from cleaner.readers import DEFAULT_MAX_BYTES, guard_reading, read_tasks, split_suffix
from cleaner.records import Fields, Task, Unit
from cleaner.rules import host_of

SITE_LINES_SHARE = 0.2
"""Share of a site's documents in a batch a line must recur in to be furniture."""
SITE_LINES_MIN_DOCUMENTS = 5
"""A site needs this many documents in the batch before its lines are counted."""
SITE_LINES_MAX_CHARS = 5_000
"""Longer lines are not counted (they are paragraphs of running text; line
rules skip them too). Only hashes are kept, so length costs no memory."""
SITE_LINES_MAX_TRACKED = 2_000_000
"""Distinct (site, line) counts kept in memory; above it, the rarest go."""


def site_repeated_lines(
    units: list[Unit],
    fields: Fields | None = None,
    url: str | None = None,
    progress: Callable[[Task], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, frozenset[bytes]]:
    """First pass over the inputs, CCNet-style: for each URL host, the
    hashes of text lines that recur in at least :data:`SITE_LINES_SHARE` of
    its documents (and in three or more). Lines are compared by
    :func:`cleaner.model.recurring_key` (their exact words). Only text
    documents with a URL count; HTML gets element rules and extraction
    instead. A document that recurs whole (the same page twice in a dump)
    counts once, so that its article does not become the site's furniture.

    Memory is bounded: when more than :data:`SITE_LINES_MAX_TRACKED` counts
    are held, those seen least often are dropped (a lossy count: a line of a
    fifth of a big site's pages is never near the bottom).

    ``progress``, if given, is called with each document read. Documents
    over ``max_bytes`` are not read (nor counted).
    """
    fields = fields or Fields()
    documents: Counter[str] = Counter()
    seen: set[bytes] = set()
    lines: dict[str, Counter[bytes]] = {}
    tracked = 0
    for unit in counted_units(units, url):
        for task in guard_reading(read_tasks(unit, fields, url, max_bytes), unit):
            if progress is not None:
                progress(task)
            host = url_host(task.url)
            if not host or task.data is None or task.input_format == "html":
                continue
            text = task.data.decode("utf-8", "replace") if isinstance(task.data, bytes) else task.data
            if looks_like_html(text):
                continue
            whole = line_hash(host + "\n" + " ".join(text.split()))
            if whole in seen:
                continue
            seen.add(whole)
            documents[host] += 1
            hashes = {line_hash(line) for line in text.splitlines() if 0 < len(line.strip()) <= SITE_LINES_MAX_CHARS}
            counts = lines.setdefault(host, Counter())
            before = len(counts)
            counts.update(hashes)
            tracked += len(counts) - before
            if tracked > SITE_LINES_MAX_TRACKED:
                tracked = _prune(lines)
    repeated = {}
    for host, count in documents.items():
        if count >= SITE_LINES_MIN_DOCUMENTS:
            floor = max(3, SITE_LINES_SHARE * count)
            recurring = frozenset(h for h, n in lines[host].items() if n >= floor)
            if recurring:
                repeated[host] = recurring
    return repeated


def counted_units(units: list[Unit], url: str | None) -> list[Unit]:
    """The units the first pass reads: not stdin or pipes (they cannot be
    read twice), not files without a URL (they have no site), not WARC
    responses (HTML)."""
    return [
        unit
        for unit in units
        if unit.path is not None
        and unit.path.is_file()
        and (unit.kind != "file" or url)
        and not (unit.fmt == "warc" and split_suffix(unit.path)[0] != ".wet")
    ]


def _prune(lines: dict[str, Counter[bytes]]) -> int:
    """Drop the least-seen counts until at most half the budget is used."""
    floor = 1
    while True:
        for counts in lines.values():
            for key in [k for k, n in counts.items() if n <= floor]:
                del counts[key]
        tracked = sum(len(counts) for counts in lines.values())
        if tracked <= SITE_LINES_MAX_TRACKED // 2:
            return tracked
        floor += 1


def url_host(url: str | None) -> str:
    """The URL's host without ``www.``, lower case ('' without a URL).

    >>> url_host("https://www.Example.com/a"), url_host(None)
    ('example.com', '')
    """
    return host_of(url).removeprefix("www.")


def with_repeated(task: Task, repeated: dict[str, frozenset[bytes]]) -> Task:
    task.repeated = repeated.get(url_host(task.url), frozenset())
    return task
