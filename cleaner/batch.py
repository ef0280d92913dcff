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

import gzip
import io
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.html import looks_like_html
from cleaner.model import line_hash
from cleaner.pipeline import CleanResult, Config, clean
from cleaner.rules import host_of

FILE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".wet", ".arc")
COMPRESSION = (".gz", ".zst")


class BatchError(Exception):
    """A mistake in how the run was asked for (reported as one line, exit 2)."""


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
    repeated: frozenset[bytes] = frozenset()  # the site's recurring lines in this batch


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
    fmt: str  # file: text/html/auto; records: jsonl/warc

    @property
    def source(self) -> str:
        """The input's name in outputs and errors: its path, or ``-`` for stdin."""
        return str(self.path) if self.path else "-"


# --- input discovery -------------------------------------------------------------------


def split_suffix(path: Path) -> tuple[str, str]:
    """The format-bearing suffix and the compression suffix of a path.

    >>> split_suffix(Path("a/dump.jsonl.gz")), split_suffix(Path("x.warc.wet.gz")), split_suffix(Path("p.html"))
    (('.jsonl', '.gz'), ('.wet', '.gz'), ('.html', ''))
    """
    suffixes = [s.lower() for s in path.suffixes]
    compression = suffixes.pop() if suffixes and suffixes[-1] in COMPRESSION else ""
    return (suffixes[-1] if suffixes else ""), compression


KNOWN_SUFFIXES = (*COMPRESSION, *JSONL_SUFFIXES, *WARC_SUFFIXES, *FILE_SUFFIXES)


def strip_suffixes(name: str) -> str:
    """A file name without its format and compression suffixes.

    >>> strip_suffixes("crawl.warc.wet.gz"), strip_suffixes("report.v2.txt"), strip_suffixes("dump.jsonl.zst")
    ('crawl', 'report.v2', 'dump')
    """
    while True:
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or f".{suffix.lower()}" not in KNOWN_SUFFIXES:
            return name
        name = stem


def unit_for(path: Path, rel: Path, input_format: str) -> Unit | None:
    """The unit for an input file, by ``input_format`` or by its suffix;
    None for files the run does not read."""
    suffix, _ = split_suffix(path)
    stem = rel.parent / strip_suffixes(rel.name)
    if input_format in ("jsonl", "warc"):
        return Unit(path, stem, "records", input_format)
    if suffix in JSONL_SUFFIXES:
        return Unit(path, stem, "records", "jsonl")
    if suffix in WARC_SUFFIXES:
        return Unit(path, stem, "records", "warc")
    if suffix in FILE_SUFFIXES:
        fmt = input_format if input_format in ("text", "html") else FILE_SUFFIXES[suffix]
        return Unit(path, stem, "file", fmt)
    if input_format in ("text", "html"):
        return Unit(path, stem, "file", input_format)
    return None


def find_units(paths: list[Path], input_format: str, globs: list[str]) -> list[Unit]:
    """Units for the given paths: files directly, directories recursively
    (filtered by ``globs`` when given), ``-`` for stdin."""
    units = []
    for path in paths:
        if str(path) == "-":
            fmt = input_format if input_format in ("jsonl", "text", "html") else "text"
            units.append(Unit(None, Path("stdin"), "records" if fmt == "jsonl" else "file", fmt))
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if globs:
                files = [p for p in files if any(p.relative_to(path).match(g) for g in globs)]
            for file in files:
                unit = unit_for(file, file.relative_to(path), input_format)
                if unit is not None:
                    units.append(unit)
        elif path.is_file():
            unit = unit_for(path, Path(path.name), input_format)
            if unit is None:
                raise BatchError(f"{path}: unknown input type; use --input-format")
            units.append(unit)
        else:
            raise BatchError(f"{path}: no such file or directory")
    return units


def open_input(path: Path | None) -> BinaryIO:
    """Open an input for reading bytes, decompressing .gz and .zst."""
    if path is None:
        return sys.stdin.buffer
    _, compression = split_suffix(path)
    if compression == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if compression == ".zst":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"))  # type: ignore[return-value]
    return open(path, "rb")


def read_tasks(unit: Unit, fields: Fields, url: str | None) -> Iterator[Task]:
    """The tasks of a unit, streamed."""
    source = unit.source
    if unit.kind == "file":
        with open_input(unit.path) as stream:
            yield Task(source, source, stream.read(), url=url, input_format=unit.fmt)
    elif unit.fmt == "jsonl":
        yield from jsonl_tasks(unit, source, fields)
    else:
        yield from warc_tasks(unit, source)


def jsonl_tasks(unit: Unit, source: str, fields: Fields) -> Iterator[Task]:
    """One task per JSONL line; a broken line becomes a failed task."""
    with open_input(unit.path) as raw:
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8", errors="replace"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("a JSONL record must be an object")
            except ValueError as error:
                yield Task(source, f"line {number}", None, error=f"bad JSON on line {number}: {error}")
                continue
            record_id = str(record.get(fields.id, f"line {number}"))
            html, text = record.get(fields.html), record.get(fields.text)
            data, fmt = (html, "html") if isinstance(html, str) and html else (text, "auto")
            if not isinstance(data, str):
                message = f"record has no string field {fields.html!r} or {fields.text!r}"
                yield Task(source, record_id, None, fields=record, error=message)
                continue
            url = record.get(fields.url) if isinstance(record.get(fields.url), str) else None
            yield Task(source, record_id, data, url=url or None, input_format=fmt, fields=record)


def warc_tasks(unit: Unit, source: str) -> Iterator[Task]:
    """The documents of a WARC or WET input (see :func:`warc_records`)."""
    with open_input(unit.path) as stream:
        yield from warc_records(stream, source)


def warc_records(stream: BinaryIO, source: str) -> Iterator[Task]:
    """Response records as HTML (URL from WARC-Target-URI, charset from the
    HTTP Content-Type; non-HTML responses skipped), conversion records (WET)
    as text. Read with fastwarc, or with warcio when fastwarc is missing."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # fastwarc is the fast path; warcio is the fallback
        yield from warcio_records(stream, source)
        return
    wanted = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
    for record in ArchiveIterator(stream, record_types=wanted, parse_http=True):
        uri = record.headers.get("WARC-Target-URI")
        record_id = record.record_id or uri or "?"
        if record.record_type == WarcRecordType.conversion:
            yield Task(source, record_id, record.reader.read(), url=uri, input_format="text")
            continue
        content_type = record.http_headers.get("Content-Type", "") if record.http_headers else ""
        if content_type and "html" not in content_type.lower():
            continue  # images, PDFs, JSON: not pages
        charset = _charset(content_type)
        yield Task(source, record_id, record.reader.read(), url=uri, charset=charset, input_format="html")


def warcio_records(stream: BinaryIO, source: str) -> Iterator[Task]:
    """The same records through warcio."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        record_id = record.rec_headers.get_header("WARC-Record-ID") or uri or "?"
        if record.rec_type == "conversion":
            yield Task(source, record_id, record.content_stream().read(), url=uri, input_format="text")
        elif record.rec_type in ("response", "resource"):
            content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if content_type and "html" not in content_type.lower():
                continue
            data = record.content_stream().read()
            yield Task(source, record_id, data, url=uri, charset=_charset(content_type), input_format="html")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# --- workers ---------------------------------------------------------------------------

_CONFIG = Config()


def _init_worker(config: Config) -> None:
    global _CONFIG
    _CONFIG = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
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
            repeated_lines=task.repeated,
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
        self.hard_limit = config.timeout * 2 + 10 if config.timeout > 0 else None
        self.executor = self._new_executor(self.jobs)

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(self.config,))

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
            return future.result(timeout=self.hard_limit)
        except (BrokenProcessPool, TimeoutError):
            self._restart()
            outcome = self._alone(task)
            for i, (other, _) in enumerate(pending):
                pending[i] = (other, self.executor.submit(work, other))
            return outcome

    def _alone(self, task: Task) -> Outcome:
        single = self._new_executor(1)
        try:
            return single.submit(work, task).result(timeout=self.hard_limit)
        except (BrokenProcessPool, TimeoutError) as error:
            reason = "did not finish" if isinstance(error, TimeoutError) else "crashed"
            return Outcome(task, error_class="WorkerError", message=f"the worker cleaning this document {reason}")
        finally:
            _kill(single)

    def _restart(self) -> None:
        _kill(self.executor)
        self.executor = self._new_executor(self.jobs)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _kill(executor: ProcessPoolExecutor) -> None:
    for process in list(getattr(executor, "_processes", {}).values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


# --- outputs ---------------------------------------------------------------------------


class AtomicFile:
    """A text file written under a temporary name and renamed on ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.temporary = Path(name)
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")

        self.written = 0

    def write(self, text: str) -> None:
        self.stream.write(text)
        self.written += 1

    def commit(self) -> None:
        self.stream.close()
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        self.stream.close()
        self.temporary.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file atomically."""
    output = AtomicFile(path)
    try:
        output.write(text)
    except BaseException:
        output.discard()
        raise
    output.commit()


def record_line(outcome: Outcome) -> str:
    """A JSONL output line: the record's fields plus ``text`` and ``meta``."""
    assert outcome.result is not None
    record = dict(outcome.task.fields or {"id": outcome.task.record_id, "source": outcome.task.source})
    record["text"] = outcome.result.text
    record["meta"] = outcome.result.metadata
    return json.dumps(record, ensure_ascii=False) + "\n"


def unit_outputs(unit: Unit, out: Path) -> list[Path]:
    """The files a unit's outputs go to."""
    if unit.kind == "file":
        return [out / unit.rel.with_name(unit.rel.name + ".txt"), out / unit.rel.with_name(unit.rel.name + ".json")]
    return [out / unit.rel.with_name(unit.rel.name + ".jsonl")]


# --- the run ---------------------------------------------------------------------------


@dataclass
class Stats:
    """What a run did, for the summary and the exit code."""

    read: int = 0
    cleaned: int = 0
    failed: int = 0
    skipped_units: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    rule_lines: Counter[str] = field(default_factory=Counter)
    rule_sites: dict[str, Counter[str]] = field(default_factory=dict)
    over_reaching: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    OVER_REACH = 0.5
    """Share of a document's text removed above which it is listed as a
    document where rules likely over-reached."""

    def add(self, outcome: Outcome) -> None:
        self.read += 1
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
        total = sum(removed_chars.values()) + meta["stats"]["chars_out"]
        if total and sum(removed_chars.values()) > self.OVER_REACH * total:
            self.over_reaching.append(
                {
                    "source": outcome.task.source,
                    "record_id": outcome.task.record_id,
                    "removed_share": round(sum(removed_chars.values()) / total, 3),
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
        }

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        rate = self.read / seconds if seconds else 0.0
        lines = [
            f"documents: {self.read} read, {self.cleaned} cleaned, {self.failed} failed"
            + (f", {self.skipped_units} input file(s) already done" if self.skipped_units else "")
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


def check_outputs(units: list[Unit], inputs: list[Path], options: Options) -> None:
    """Refuse an output directory inside an input directory, and existing
    outputs unless resuming or overwriting."""
    out = options.out
    if out is None or str(out) == "-" or options.dry_run:
        return
    destinations = Counter(p for unit in units for p in unit_outputs(unit, out))
    clashes = [str(p) for p, n in destinations.items() if n > 1]
    if clashes:
        raise BatchError(f"several inputs would write the same output: {', '.join(clashes[:3])}")
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


def run_batch(units: list[Unit], options: Options, progress: Any = None) -> Stats:
    """Clean every unit; write outputs and errors; return the statistics."""
    stats = Stats()
    out = options.out
    to_stdout = out is not None and str(out) == "-"
    writes = out is not None and not to_stdout and not options.dry_run
    todo = []
    for unit in units:
        if writes and options.resume and all(p.exists() for p in unit_outputs(unit, out)):
            stats.skipped_units += 1
        else:
            todo.append(unit)
    if writes and out.exists():
        remove_stale_temporaries(out, units)
    errors = _open_errors(out, todo, options) if writes else None
    repeated = site_repeated_lines(todo, options) if options.site_lines else {}
    runner = Runner(options.jobs, replace(options.config, timeout=options.timeout))
    try:
        for unit in todo:
            _run_unit(unit, runner, options, stats, errors, writes, to_stdout, progress, repeated)
    finally:
        runner.close()
        if errors is not None and errors.written:
            errors.commit()
        elif errors is not None:  # no errors (any more): no errors.jsonl
            errors.discard()
            errors.path.unlink(missing_ok=True)
    return stats


def remove_stale_temporaries(out: Path, units: list[Unit]) -> None:
    """Delete the temporary files an interrupted run left beside its outputs."""
    expected = {p for unit in units for p in unit_outputs(unit, out)} | {out / "errors.jsonl"}
    for temporary in out.rglob(".*.tmp"):
        name = temporary.name[1:].rsplit(".", 2)[0]  # .<name>.<random>.tmp
        if temporary.parent / name in expected:
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
    repeated: dict[str, frozenset[bytes]],
) -> None:
    records_file = AtomicFile(unit_outputs(unit, options.out)[0]) if writes and unit.kind == "records" else None
    try:
        tasks = read_tasks(unit, options.fields, options.url)
        if repeated:
            tasks = (_with_repeated(task, repeated) for task in tasks)
        for outcome in runner.run(_guard_reading(tasks, unit)):
            stats.add(outcome)
            if progress is not None:
                progress(outcome)
            if outcome.result is None:
                if errors is not None:
                    errors.write(json.dumps(_error_entry(outcome), ensure_ascii=False) + "\n")
                elif not options.dry_run:
                    print(f"cleaner: failed: {_error_entry(outcome)}", file=sys.stderr)
                continue
            if to_stdout:
                sys.stdout.write(record_line(outcome))
            elif records_file is not None:
                records_file.write(record_line(outcome))
            elif writes:
                txt, meta = unit_outputs(unit, options.out)
                write_atomic(txt, outcome.result.text)
                write_atomic(meta, json.dumps(outcome.result.metadata, ensure_ascii=False, indent=1))
    except BaseException:
        if records_file is not None:
            records_file.discard()
        raise
    if records_file is not None:
        records_file.commit()


SITE_LINES_SHARE = 0.2
"""Share of a site's documents in a batch a line must recur in to be furniture."""
SITE_LINES_MIN_DOCUMENTS = 5
"""A site needs this many documents in the batch before its lines are counted."""
SITE_LINES_MAX_CHARS = 300
"""Longer lines are not counted (furniture is short; this also bounds memory)."""
SITE_LINES_MAX_TRACKED = 2_000_000
"""Distinct (site, line) counts kept in memory; above it, the rarest go."""


def site_repeated_lines(units: list[Unit], options: Options) -> dict[str, frozenset[bytes]]:
    """First pass over the inputs, CCNet-style: for each URL host, the
    hashes of text lines that recur in at least :data:`SITE_LINES_SHARE` of
    its documents (and in three or more). Only text documents with a URL
    count; HTML gets element rules and extraction instead.

    Memory is bounded: when more than :data:`SITE_LINES_MAX_TRACKED` counts
    are held, those seen least often are dropped (a lossy count: a line of a
    fifth of a big site's pages is never near the bottom).
    """
    documents: Counter[str] = Counter()
    lines: dict[str, Counter[bytes]] = {}
    tracked = 0
    for unit in units:
        if unit.path is None or (unit.kind == "file" and not options.url):
            continue  # stdin cannot be read twice; files have no URL of their own
        if unit.fmt == "warc" and split_suffix(unit.path)[0] != ".wet":
            continue  # WARC responses are HTML: not counted, so not read twice
        for task in _guard_reading(read_tasks(unit, options.fields, options.url), unit):
            host = url_host(task.url)
            if not host or task.data is None or task.input_format == "html":
                continue
            text = task.data.decode("utf-8", "replace") if isinstance(task.data, bytes) else task.data
            if looks_like_html(text):
                continue
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


def _with_repeated(task: Task, repeated: dict[str, frozenset[bytes]]) -> Task:
    task.repeated = repeated.get(url_host(task.url), frozenset())
    return task


def _guard_reading(tasks: Iterator[Task], unit: Unit) -> Iterator[Task]:
    """Turn an error while reading an input (truncated gzip, unreadable file)
    into one failed task, so the batch goes on with the next input."""
    try:
        yield from tasks
    except Exception as error:  # OSError, EOFError, and fastwarc's and zstandard's own types
        yield Task(unit.source, "(input)", None, error=f"cannot read input: {type(error).__name__}: {error}")


def _error_entry(outcome: Outcome) -> dict[str, Any]:
    return {
        "source": outcome.task.source,
        "record_id": outcome.task.record_id,
        "error": outcome.error_class,
        "message": outcome.message,
    }
