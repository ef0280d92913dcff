"""Readers: find the inputs of a run and stream their documents as tasks.

Files (``.txt``, ``.html``), record files (JSONL, WARC/WET) and stdin, with
``.gz`` and ``.zst`` decompression. Shared by the command line and the
datatrove integration.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cleaner.records import Fields, Task, Unit

FILE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".wet", ".arc")
COMPRESSION = (".gz", ".zst")


class BatchError(Exception):
    """A mistake in how the run was asked for (reported as one line, exit 2)."""


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


def guard_reading(tasks: Iterator[Task], unit: Unit) -> Iterator[Task]:
    """Turn an error while reading an input (truncated gzip, unreadable file)
    into one failed task, so the batch goes on with the next input."""
    try:
        yield from tasks
    except Exception as error:  # OSError, EOFError, and fastwarc's and zstandard's own types
        yield Task(unit.source, "(input)", None, error=f"cannot read input: {type(error).__name__}: {error}")
