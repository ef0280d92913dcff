"""Site lines: text lines that recur word for word across a site's documents
in a dump, the site's own furniture (CCNet's line de-duplication).

Counting is a stage of its own that needs the whole dump; its result is a
value handed to :func:`cleaner.clean`, so the command line, the library and a
datatrove pipeline give one dump the same text::

    counts = SiteLineCounts()
    for record in records:
        counts.add(record["url"], record["text"])
    site_lines = counts.recurring()
    clean(record["text"], url=record["url"], site_lines=site_lines)

Counts of several workers merge (:meth:`SiteLineCounts.merge`), and save to
and load from JSON (:meth:`SiteLineCounts.to_json`), as datatrove's two-stage
pipelines need (:mod:`cleaner.integrations.datatrove`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from cleaner.html import looks_like_html
from cleaner.model import line_hash
from cleaner.rules import host_of

SITE_LINES_SHARE = 0.2
"""Share of a site's documents in a dump a line must recur in to be furniture."""
SITE_LINES_MIN_DOCUMENTS = 5
"""A site needs this many documents in the dump before its lines are counted."""
SITE_LINES_MAX_CHARS = 5_000
"""Longer lines are not counted (they are paragraphs of running text; line
rules skip them too). Only hashes are kept, so length costs no memory."""
SITE_LINES_MAX_TRACKED = 2_000_000
"""Distinct (site, line) counts kept in memory; above it, the rarest go."""


def url_host(url: str | None) -> str:
    """The URL's host without ``www.``, lower case ('' without a URL).

    >>> url_host("https://www.Example.com/a"), url_host(None)
    ('example.com', '')
    """
    return host_of(url).removeprefix("www.")


@dataclass(frozen=True)
class SiteLines:
    """The recurring lines of each site of a dump (hashes by
    :func:`cleaner.model.line_hash`, per URL host): what ``clean()`` drops as
    ``generic/site-repeated-line``."""

    by_host: Mapping[str, frozenset[bytes]] = field(default_factory=dict)

    def for_url(self, url: str | None) -> frozenset[bytes]:
        """The recurring lines of the URL's site (empty for other sites)."""
        return self.by_host.get(url_host(url), frozenset()) if self.by_host else frozenset()

    def only(self, url: str | None) -> SiteLines:
        """The same for the URL's site alone (small to send to a worker)."""
        lines = self.for_url(url)
        return SiteLines({url_host(url): lines} if lines else {})


@dataclass
class SiteLineCounts:
    """Per URL host: the documents seen (a digest of each, so that a page
    that recurs whole counts once) and in how many of them each line occurs.

    >>> counts = SiteLineCounts()
    >>> for i in range(5):
    ...     _ = counts.add(f"https://news.example/{i}", f"Story {i} of the day\\n\\nFollow us on social media")
    >>> sorted(counts.recurring().by_host), len(counts.recurring().for_url("https://news.example/9"))
    (['news.example'], 1)
    """

    documents: dict[str, set[bytes]] = field(default_factory=dict)
    lines: dict[str, Counter[bytes]] = field(default_factory=dict)
    tracked: int = 0

    def add(self, url: str | None, data: str | bytes | None, input_format: str = "auto") -> bool:
        """Count one document's lines; False when it does not count: no URL,
        HTML (which gets element rules and extraction instead), or a copy of
        a document already counted."""
        host = url_host(url)
        if not host or data is None or input_format == "html":
            return False
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if looks_like_html(text):
            return False
        whole = line_hash(" ".join(text.split()))
        seen = self.documents.setdefault(host, set())
        if whole in seen:
            return False
        seen.add(whole)
        counts = self.lines.setdefault(host, Counter())
        before = len(counts)
        counts.update({line_hash(line) for line in text.splitlines() if 0 < len(line.strip()) <= SITE_LINES_MAX_CHARS})
        self.tracked += len(counts) - before
        if self.tracked > SITE_LINES_MAX_TRACKED:
            self.prune()
        return True

    def prune(self) -> None:
        """Drop the least-seen counts until at most half the budget is used
        (a lossy count: a line of a fifth of a big site's pages is never near
        the bottom)."""
        floor = 1
        while self.tracked > SITE_LINES_MAX_TRACKED // 2:
            for counts in self.lines.values():
                for key in [k for k, n in counts.items() if n <= floor]:
                    del counts[key]
            self.tracked = sum(len(counts) for counts in self.lines.values())
            floor += 1

    def merge(self, other: SiteLineCounts) -> None:
        """Add another worker's counts. A page that recurs whole in two
        workers' shares counts once as a document but twice for its lines."""
        for host, seen in other.documents.items():
            self.documents.setdefault(host, set()).update(seen)
        for host, counts in other.lines.items():
            self.lines.setdefault(host, Counter()).update(counts)
        self.tracked = sum(len(counts) for counts in self.lines.values())

    def recurring(self) -> SiteLines:
        """The lines of each site that recur in at least
        :data:`SITE_LINES_SHARE` of its documents (and in three or more), for
        sites with :data:`SITE_LINES_MIN_DOCUMENTS` documents or more."""
        by_host = {}
        for host, seen in self.documents.items():
            if len(seen) >= SITE_LINES_MIN_DOCUMENTS:
                floor = max(3, SITE_LINES_SHARE * len(seen))
                lines = frozenset(h for h, n in self.lines.get(host, {}).items() if n >= floor)
                if lines:
                    by_host[host] = lines
        return SiteLines(by_host)

    def to_json(self) -> str:
        """The counts as JSON (hashes in hex), for :meth:`from_json`."""
        return json.dumps(
            {
                host: {
                    "documents": sorted(h.hex() for h in seen),
                    "lines": {h.hex(): n for h, n in self.lines.get(host, {}).items()},
                }
                for host, seen in self.documents.items()
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SiteLineCounts:
        """Counts saved by :meth:`to_json`.

        >>> counts = SiteLineCounts()
        >>> counts.add("https://a.example/1", "Menu\\nText")
        True
        >>> SiteLineCounts.from_json(counts.to_json()) == counts
        True
        """
        counts = cls()
        for host, saved in json.loads(text).items():
            counts.documents[host] = {bytes.fromhex(h) for h in saved["documents"]}
            counts.lines[host] = Counter({bytes.fromhex(h): n for h, n in saved["lines"].items()})
        counts.tracked = sum(len(c) for c in counts.lines.values())
        return counts
