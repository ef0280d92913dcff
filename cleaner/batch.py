"""Batch cleaning: inputs, worker processes, ordered output, resumable runs.

A run turns inputs into *units* (one text/HTML file, or one JSONL/WARC/WET
file of many records), each unit into *tasks* (one document each), cleans the
tasks in worker processes, and writes the outcomes in input order:

- a text or HTML file gives ``OUT/<rel>.txt`` and ``OUT/<rel>.json``;
- a record file gives ``OUT/<rel>.jsonl``, one line per record with its
  original fields plus ``text`` and ``meta``;
- failures go to ``OUT/errors.jsonl``.

Every output file is written to a temporary file and renamed when complete,
so an interrupted run leaves only whole files, and ``resume`` skips them.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import itertools
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cleaner.pipeline import Config, clean, time_allowed
from cleaner.readers import (
    DEFAULT_MAX_BYTES,
    BatchError,
    find_units,
    guard_reading,
    read_tasks,
    split_suffix,
    unit_for,
)
from cleaner.records import Fields, Outcome, Task, Unit
from cleaner.report import RunDetails
from cleaner.sitelines import SiteLineCounts, SiteLines, url_host
from cleaner.writers import (
    AtomicFile,
    OutputError,
    ParquetOutput,
    RecordsFile,
    error_entry,
    open_records,
    record_line,
    temporary_prefix,
    unit_outputs,
    units_to_do,
    write_atomic,
    write_record,
)

__all__ = [
    "BatchError",
    "Fields",
    "Interrupted",
    "Options",
    "OutputError",
    "Stats",
    "Unit",
    "check_outputs",
    "find_units",
    "read_tasks",
    "run_batch",
    "unit_for",
    "url_host",
]


# --- workers ---------------------------------------------------------------------------

_CONFIG = Config()


def _init_worker(config: Config) -> None:
    global _CONFIG
    _CONFIG = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and SIGTERM: a worker forked under its handler just ends
    from cleaner.rules import load_ruleset

    load_ruleset(config.rule_dirs)  # once per worker process


def work(task: Task) -> Outcome:
    """Clean one task in a worker (under the config's time limit); every
    exception becomes a failed outcome."""
    if task.error is not None:
        return Outcome(task, error_class="RecordError", message=task.error)
    try:
        result = clean(
            task.data,
            url=task.url,
            charset=task.charset,
            input_format=task.input_format,
            source=task.record_id,  # the file path for files, the record id for records
            config=_CONFIG,
            site_lines=task.site_lines,
        )
        return Outcome(task, result=result)
    except Exception as error:
        return Outcome(task, error_class=type(error).__name__, message=str(error)[:500])


class Runner:
    """Cleans tasks in worker processes and yields outcomes in input order.

    At most ``window`` tasks are in flight, so memory stays flat. A worker
    that dies (a crash in C code, a hard time-out) breaks the pool: the
    pool is replaced, the oldest pending task is retried alone in a fresh
    worker, and fails if it breaks that one too; the rest carry on.
    """

    def __init__(self, jobs: int, config: Config) -> None:
        self.jobs, self.config = max(1, jobs), config
        self.window = self.jobs * 8
        self.started: dict[ProcessPoolExecutor, list[Any]] = {}  # the worker processes of each pool
        self.executor = self._new_executor(self.jobs)
        # Start the workers now, before the run reads any input: forked later, each would carry a
        # copy of what reading left in the parent (pyarrow and its buffers for Parquet, 40 MB a worker).
        self.executor.submit(int)

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        context = RecordingContext()
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(self.config,))
        self.started[executor] = context.started
        return executor

    def run(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        pending: deque[tuple[Task, Future[Outcome]]] = deque()
        for task in tasks:
            pending.append((task, self.executor.submit(work, task)))
            if len(pending) >= self.window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    def _next(self, pending: deque[tuple[Task, Future[Outcome]]]) -> Outcome:
        task, future = pending.popleft()
        try:
            return future.result(timeout=self.hard_limit(task))
        except (BrokenProcessPool, TimeoutError):
            self._restart()
            outcome = self._alone(task)
            for i, (other, _) in enumerate(pending):
                pending[i] = (other, self.executor.submit(work, other))
            return outcome

    def hard_limit(self, task: Task) -> float | None:
        """How long to wait for a task's outcome before its worker is taken
        for hung (in C code, where the time limit cannot reach): twice the
        document's time limit and ten seconds more."""
        size = len(task.data) if task.data is not None else 0
        return time_allowed(self.config.timeout, size) * 2 + 10 if self.config.timeout > 0 else None

    def _alone(self, task: Task) -> Outcome:
        single = self._new_executor(1)
        try:
            return single.submit(work, task).result(timeout=self.hard_limit(task))
        except (BrokenProcessPool, TimeoutError) as error:
            reason = "did not finish" if isinstance(error, TimeoutError) else "crashed"
            return Outcome(task, error_class="WorkerError", message=f"the worker cleaning this document {reason}")
        finally:
            self._kill(single)

    def _restart(self) -> None:
        self._kill(self.executor)
        self.executor = self._new_executor(self.jobs)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def kill(self) -> None:
        """End the workers now (on interrupt), without waiting for their tasks."""
        self._kill(self.executor)

    def _kill(self, executor: ProcessPoolExecutor) -> None:
        for process in self.started.pop(executor, []):
            if process.is_alive():
                process.kill()
        executor.shutdown(wait=False, cancel_futures=True)


class RecordingContext:
    """A multiprocessing context that records the processes it starts, so
    that a runner can end the workers of a pool (``ProcessPoolExecutor``
    takes a context through its public ``mp_context`` argument and keeps its
    own list of processes private)."""

    def __init__(self) -> None:
        self.context = multiprocessing.get_context()
        self.started: list[Any] = []

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # the name a context has
        process = self.context.Process(*args, **kwargs)
        self.started.append(process)
        return process

    def __getattr__(self, name: str) -> Any:
        return getattr(self.context, name)


# --- the run ---------------------------------------------------------------------------


@dataclass
class Stats:
    """What a run did, for the summary and the exit code."""

    read: int = 0
    cleaned: int = 0
    failed: int = 0
    skipped_units: int = 0
    resumed_records: int = 0  # records of partly written JSONL outputs, done before an interrupt
    kinds: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    rule_lines: Counter[str] = field(default_factory=Counter)
    rule_sites: dict[str, Counter[str]] = field(default_factory=dict)
    over_reaching: list[dict[str, Any]] = field(default_factory=list)  # the first OVER_REACH_LISTED of them
    over_reaching_count: int = 0
    started: float = field(default_factory=time.perf_counter)
    details: RunDetails = field(default_factory=RunDetails)  # for --report: per site and rule, samples, failures

    OVER_REACH = 0.5
    """Share of a document's text removed above which it is listed as a
    document where rules likely over-reached."""
    OVER_REACH_LISTED = 10_000
    """Over-reaching documents listed at most (all are counted), so that the
    statistics of a run stay small whatever its size."""

    def add(self, outcome: Outcome) -> None:
        self.read += 1
        self.details.add(outcome)
        if outcome.result is None:
            self.failed += 1
            return
        self.cleaned += 1
        meta = outcome.result.metadata
        site = meta["site"] or "(generic)"
        self.sites[site] += 1
        removed_chars: Counter[str] = Counter()
        for span in meta["removed"]:
            lines = span["text"].count("\n") + 1
            self.kinds[span["kind"]] += lines
            self.rules[span["rule"]] += 1
            self.rule_lines[span["rule"]] += lines
            self.rule_sites.setdefault(span["rule"], Counter())[site] += 1
            removed_chars[span["rule"]] += len(span["text"])
        removed = sum(removed_chars.values())
        total = removed + meta["stats"]["chars_out"]
        if not total or removed <= self.OVER_REACH * total:
            return
        self.over_reaching_count += 1
        if len(self.over_reaching) < self.OVER_REACH_LISTED:
            self.over_reaching.append(
                {
                    "source": outcome.task.source,
                    "record_id": outcome.task.record_id,
                    "removed_share": round(removed / total, 3),
                    "rules": dict(removed_chars.most_common(3)),
                }
            )

    def rule_report(self, rule_ids: list[str]) -> dict[str, Any]:
        """Hits per rule and per site, rules that never fired (likely stale),
        and documents where rules removed more than half of the text."""
        return {
            "documents": self.cleaned,
            "documents_by_site": dict(self.sites.most_common()),
            "rules": {
                rule: {"hits": self.rules[rule], "lines": self.rule_lines[rule], "sites": dict(self.rule_sites[rule])}
                for rule, _ in self.rules.most_common()
            },
            "never_fired": [rule for rule in rule_ids if rule not in self.rules],
            "over_reaching": self.over_reaching,
            "over_reaching_count": self.over_reaching_count,
        }

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        rate = self.read / seconds if seconds else 0.0
        lines = [
            f"documents: {self.read} read, {self.cleaned} cleaned, {self.failed} failed"
            + (f", {self.skipped_units} input file(s) already done" if self.skipped_units else "")
            + (f", {self.resumed_records} record(s) done before an interrupt" if self.resumed_records else "")
            + f" in {seconds:.1f} s ({rate:.1f}/s)",
            "lines removed by kind: " + (", ".join(f"{k} {n}" for k, n in self.kinds.most_common()) or "none"),
            "documents by site: " + (", ".join(f"{k} {n}" for k, n in self.sites.most_common()) or "none"),
            "top rules: " + (", ".join(f"{k} {n}" for k, n in self.rules.most_common(10)) or "none"),
        ]
        return "\n".join(lines)


@dataclass
class Options:
    """How a batch run reads, cleans and writes."""

    out: Path | None  # None with dry_run; Path("-") streams JSONL to stdout
    jobs: int = 1
    timeout: float = 5.0
    fields: Fields = field(default_factory=Fields)
    url: str | None = None
    resume: bool = False
    overwrite: bool = False
    dry_run: bool = False
    site_lines: bool = True
    config: Config = field(default_factory=Config)
    side_outputs: list[Path] = field(default_factory=list)  # --rule-stats and --report files


def check_outputs(units: list[Unit], inputs: list[Path], options: Options) -> None:
    """Refuse any output that is an input (whatever the flags), an output
    directory inside an input directory, two inputs writing one output, and
    existing outputs unless resuming or overwriting."""
    refuse_inputs_as_outputs(units, options.side_outputs)
    out = options.out
    if out is None or str(out) == "-" or options.dry_run:
        return
    destinations = Counter(p for unit in units for p in unit_outputs(unit, out))
    clashes = [str(p) for p, n in destinations.items() if n > 1]
    if clashes:
        raise BatchError(f"several inputs would write the same output: {', '.join(clashes[:3])}")
    refuse_inputs_as_outputs(units, [*destinations, out / "errors.jsonl"])
    resolved = out.resolve()
    for path in inputs:
        if str(path) != "-" and path.is_dir() and (resolved == path.resolve() or path.resolve() in resolved.parents):
            raise BatchError(f"--out {out} is inside the input directory {path}; choose a directory outside it")
    if options.resume or options.overwrite:
        return
    existing = [p for unit in units for p in unit_outputs(unit, out) if p.exists()]
    if existing:
        raise BatchError(
            f"{existing[0]} and {len(existing) - 1} other output(s) exist; "
            "use --resume to finish an interrupted run or --overwrite to replace them"
        )


def refuse_inputs_as_outputs(units: list[Unit], outputs: list[Path]) -> None:
    """Raise :class:`BatchError` when an output path is one of the inputs
    (the same file by path, link or hard link): no flag lets a run replace
    what it reads.

    >>> refuse_inputs_as_outputs([Unit(Path("a.txt"), Path("a"), "file", "text")], [Path("./a.txt")])
    Traceback (most recent call last):
    cleaner.readers.BatchError: the output a.txt would replace the input a.txt; choose another output
    """
    inputs = {os.path.realpath(unit.path): unit.path for unit in units if unit.path is not None}
    for output in outputs:
        clash = inputs.get(os.path.realpath(output))
        if clash is None and output.exists():
            clash = next((path for path in inputs.values() if path.exists() and os.path.samefile(path, output)), None)
        if clash is not None:
            raise BatchError(f"the output {output} would replace the input {clash}; choose another output")


def count_site_lines(
    units: list[Unit],
    fields: Fields | None = None,
    url: str | None = None,
    progress: Callable[[Task], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SiteLines:
    """The first pass of a run with ``--site-lines``: read the inputs once
    and count their lines per site (:class:`cleaner.sitelines.SiteLineCounts`);
    return the recurring ones. ``progress``, if given, is called with each
    document read. Documents over ``max_bytes`` are not read (nor counted).
    """
    counts = SiteLineCounts()
    for unit in counted_units(units, url):
        tasks = read_tasks(unit, fields or Fields(), url, max_bytes, whole_records=False)
        for task in guard_reading(tasks, unit):
            if progress is not None:
                progress(task)
            counts.add(task.url, task.data, task.input_format)
    return counts.recurring()


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


def run_batch(units: list[Unit], options: Options, progress: Any = None, first_pass: Any = None) -> Stats:
    """Clean every unit; write outputs and errors; return the statistics.
    ``progress`` is called with each outcome, ``first_pass`` with each
    document the site-lines pass reads.

    While it writes, the run holds a lock on ``OUT/.cleaner.lock``, so a
    second run into the same directory is refused instead of breaking the
    first. SIGTERM ends it like Ctrl-C (:class:`Interrupted`): workers are
    killed, temporary files removed, whole outputs and checkpoints kept.
    """
    stats = Stats()
    out = options.out
    to_stdout = out is not None and str(out) == "-"
    writes = out is not None and not to_stdout and not options.dry_run
    with output_lock(out) if writes else contextlib.nullcontext(), sigterm_interrupts():
        todo = units_to_do(units, out if writes else None, options.resume)
        stats.skipped_units = len(units) - len(todo)
        if writes:
            remove_stale_temporaries(out, units)
        errors = _open_errors(out, todo, options) if writes else None
        runner = Runner(options.jobs, replace(options.config, timeout=options.timeout))  # before any reading
        finished = False
        try:
            # counted over every input, done or not, so that a resumed run gives the bytes of a whole one
            site_lines = (
                count_site_lines(units, options.fields, options.url, first_pass, options.config.max_bytes)
                if options.site_lines
                else SiteLines()
            )
            for unit in todo:
                _run_unit(unit, runner, options, stats, errors, writes, to_stdout, progress, site_lines)
            finished = True
        finally:
            if finished:
                runner.close()
            else:
                runner.kill()
            if errors is not None:
                _close_errors(errors)
    return stats


class Interrupted(KeyboardInterrupt):
    """The run was stopped by SIGTERM (Ctrl-C raises KeyboardInterrupt)."""


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Interrupted` in the main
    thread, so a terminated run cleans up like an interrupted one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise Interrupted("terminated")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out/.cleaner.lock`` for the block (the
    file is removed when the block ends); raise :class:`BatchError` when
    another run holds it."""
    path = out / ".cleaner.lock"
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = _locked(path)
    except OSError as error:
        raise OutputError(f"cannot write to {out}: {error.strerror or error}") from None
    if handle is None:
        raise BatchError(f"another cleaner run is writing to {out}; wait for it to finish or choose another --out")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


def _locked(path: Path) -> Any:
    """The lock file opened and locked, or None when another run holds it.
    A file that a finishing run removed between our open and our lock is
    not the lock any more: open the new one."""
    while True:
        handle = open(path, "a+")  # noqa: SIM115 -- held until output_lock's block ends
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        try:
            if os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino:
                return handle
        except FileNotFoundError:
            pass
        handle.close()


def error_line_of(outcome: Outcome) -> str:
    """A failed outcome as one line of errors.jsonl."""
    return json.dumps(error_entry(outcome), ensure_ascii=False) + "\n"


def _close_errors(errors: AtomicFile) -> None:
    """Commit errors.jsonl when it holds errors; otherwise leave none."""
    if errors.written:
        errors.commit()
    else:  # no errors (any more): no errors.jsonl
        errors.discard()
        errors.path.unlink(missing_ok=True)


def remove_stale_temporaries(out: Path, units: list[Unit]) -> None:
    """Delete the temporary files an interrupted run left beside its outputs."""
    expected = [p for unit in units for p in unit_outputs(unit, out)] + [out / "errors.jsonl"]
    for path in expected:
        if path.parent.is_dir():
            for temporary in path.parent.glob(glob.escape(temporary_prefix(path)) + "*.tmp"):
                temporary.unlink(missing_ok=True)


def _open_errors(out: Path, todo: list[Unit], options: Options) -> AtomicFile:
    """errors.jsonl, keeping (on resume) the errors of units already done."""
    path = out / "errors.jsonl"
    kept = []
    if options.resume and path.exists():
        redo = {unit.source for unit in todo}
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if json.loads(line)["source"] not in redo]
    errors = AtomicFile(path)
    for line in kept:
        errors.write(line + "\n")
    return errors


def _run_unit(
    unit: Unit,
    runner: Runner,
    options: Options,
    stats: Stats,
    errors: AtomicFile | None,
    writes: bool,
    to_stdout: bool,
    progress: Any,
    site_lines: SiteLines,
) -> None:
    records_file: RecordsFile | ParquetOutput | None = None
    if writes and unit.kind == "records":
        records_file = open_records(unit, options.out, options.resume)
    try:
        whole = not isinstance(records_file, ParquetOutput)  # a Parquet output copies the other columns itself
        tasks = read_tasks(unit, options.fields, options.url, options.config.max_bytes, whole_records=whole)
        if isinstance(records_file, RecordsFile) and records_file.done:  # resumed from a checkpoint
            tasks = itertools.islice(tasks, records_file.done, None)
            stats.resumed_records += records_file.done
            for line in records_file.errors:
                errors.write(line)
        if site_lines.by_host:
            tasks = (replace(task, site_lines=site_lines.only(task.url)) for task in tasks)
        for outcome in runner.run(guard_reading(tasks, unit)):
            stats.add(outcome)
            if progress is not None:
                progress(outcome)
            error_line = None if outcome.result is not None else error_line_of(outcome)
            if error_line is not None:
                if errors is not None:
                    errors.write(error_line)
                else:  # stdout or a dry run: failures go to stderr, one JSON object a line
                    sys.stderr.write(f"cleaner: failed: {error_line}")
            elif to_stdout:
                sys.stdout.write(record_line(outcome))
            elif records_file is not None:
                write_record(records_file, outcome)
            elif writes:
                txt, meta = unit_outputs(unit, options.out)
                write_atomic(
                    (txt, outcome.result.text),
                    (meta, json.dumps(outcome.result.metadata, ensure_ascii=False, indent=1)),
                )
            if isinstance(records_file, RecordsFile):
                records_file.record_done(error_line)  # after its line is written: a checkpoint may follow
    except BaseException:
        if records_file is not None:
            records_file.discard()
        raise
    if records_file is not None:
        records_file.commit()
