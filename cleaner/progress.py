"""Progress of a batch run by bytes of input read, with the time left.

Every task carries ``offset``, the bytes of its input file read when it was
made (compressed bytes for ``.gz`` and ``.zst``; for Parquet, the file's
size times the share of rows read). Outcomes come back in input order, so
the bytes done are the sizes of the inputs finished plus the offset of the
current one, against the sizes of all inputs to do: a rate and a time left
that hold for any mix of files, JSONL, WARC and Parquet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleaner.records import Outcome, Task, Unit
from cleaner.writers import units_to_do


class BytesDone:
    """Bytes of the inputs read so far, from the tasks seen in input order.

    >>> done = BytesDone([Unit(None, Path("a"), "records", "jsonl")])
    >>> done.total is None
    True
    """

    def __init__(self, units: list[Unit]) -> None:
        self.sizes = {unit.source: file_size(unit.path) for unit in units}
        self.total = None if any(unit.path is None for unit in units) else sum(self.sizes.values())
        self.finished = 0
        self.current: str | None = None
        self.offset = 0

    def see(self, task: Task) -> int:
        """Count a task; return the bytes done."""
        if task.source != self.current:
            if self.current is not None:
                self.finished += self.sizes.get(self.current, 0)
            self.current, self.offset = task.source, 0
        self.offset = max(self.offset, min(task.offset, self.sizes.get(task.source, 0)))
        return self.finished + self.offset


def file_size(path: Path | None) -> int:
    """A file's size in bytes (0 for stdin or a file gone)."""
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def progress_bar() -> Any:
    """A rich progress bar on stderr: bytes read of the total, documents,
    documents per second, time elapsed and time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[documents]} docs, {task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def tracker(bar: Any, description: str, units: list[Unit]) -> Callable[[Task], None]:
    """A callback that advances a new bar of ``bar`` by each task's bytes."""
    done = BytesDone(units)
    task_id = bar.add_task(description, total=done.total, documents=0, rate="")
    count = {"documents": 0}

    def see(task: Task) -> None:
        count["documents"] += 1
        elapsed = bar.tasks[task_id].elapsed or 0.0
        rate = f"{count['documents'] / elapsed:.1f} docs/s" if elapsed > 0.5 else ""
        bar.update(task_id, completed=done.see(task), documents=count["documents"], rate=rate)

    return see


def run_with_bar(units: list[Unit], options: Any, run: Callable[..., Any]) -> Any:
    """Call ``run(units, options, progress=..., first_pass=...)`` with a
    bar for the site-lines first pass (when it reads anything) and one for
    cleaning."""
    from cleaner.batch import counted_units

    todo = units_to_do(units, options.out, options.resume)
    with progress_bar() as bar:
        first_pass = None
        if options.site_lines and counted_units(units, options.url):
            first_pass = tracker(bar, "counting site lines", counted_units(units, options.url))
        cleaning: dict[str, Callable[[Task], None]] = {}

        def progress(outcome: Outcome) -> None:
            if "see" not in cleaning:
                for task in bar.tasks:  # the first pass is over
                    bar.update(task.id, visible=False)
                cleaning["see"] = tracker(bar, "cleaning", todo)
            cleaning["see"](outcome.task)

        return run(units, options, progress=progress, first_pass=first_pass)
