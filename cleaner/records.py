"""The records of a batch run: an input unit, a document task, its outcome.

A run turns inputs into *units* (one text/HTML file, or one JSONL/WARC/WET
file of many records), each unit into *tasks* (one document each), and each
task into an *outcome* (a clean result or why it failed). Readers
(:mod:`cleaner.readers`) make units and tasks, the runner
(:mod:`cleaner.batch`) makes outcomes, and writers (:mod:`cleaner.writers`)
write them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.pipeline import CleanResult
from cleaner.sitelines import SiteLines


@dataclass(frozen=True)
class Fields:
    """JSONL field names for the record id, text, HTML and URL."""

    id: str = "id"
    text: str = "text"
    html: str = "html"
    url: str = "url"


@dataclass
class Task:
    """One document to clean; pickled to a worker."""

    source: str
    record_id: str
    data: str | bytes | None
    url: str | None = None
    charset: str | None = None
    input_format: str = "auto"
    fields: dict[str, Any] | None = None  # the JSONL record, carried through
    error: str | None = None  # a record that could not even be read
    site_lines: SiteLines | None = None  # the recurring lines of the document's site in this dump
    offset: int = 0  # bytes of the input read when this task was made (for progress)
    row: int | None = None  # Parquet: the row's number in its file (for the output's other columns)


@dataclass
class Outcome:
    """A cleaned task, or why it failed."""

    task: Task
    result: CleanResult | None = None
    error_class: str | None = None
    message: str | None = None


@dataclass
class Unit:
    """One input file (or stdin) and where its outputs go."""

    path: Path | None  # None: stdin
    rel: Path  # output path without suffix, relative to --out
    kind: str  # "file" or "records"
    fmt: str  # file: text/html/auto; records: jsonl/warc/parquet

    @property
    def source(self) -> str:
        """The input's name in outputs and errors: its path, or ``-`` for stdin.
        Bytes of a file name that are not UTF-8 show as U+FFFD (the output
        files keep the name's own bytes).

        >>> Unit(Path(os.fsdecode(b"caf\\xe9.txt")), Path("x"), "file", "text").source
        'caf�.txt'
        """
        return os.fsencode(self.path).decode("utf-8", "replace") if self.path else "-"
