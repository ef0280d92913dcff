"""Readers: find the inputs of a run and stream their documents as tasks.

Files (``.txt``, ``.html``), record files (JSONL, WARC/WET, Parquet) and
stdin, with ``.gz`` and ``.zst`` decompression. Shared by the command line and the
datatrove integration.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.pipeline import Config
from cleaner.records import Fields, Task, Unit

FILE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".wet", ".arc")
PARQUET_SUFFIXES = (".parquet",)
COMPRESSION = (".gz", ".zst")
DEFAULT_MAX_BYTES = Config().max_bytes
"""The size limit of a document (``--max-bytes``) when the caller gives none:
no read holds more than this (plus one byte) of one document."""
MAX_RECORD_DEPTH = 100
"""JSONL records nesting lists and objects deeper than this fail (deeper
values cannot be passed to a worker or written back as JSON)."""


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


KNOWN_SUFFIXES = (*COMPRESSION, *JSONL_SUFFIXES, *WARC_SUFFIXES, *PARQUET_SUFFIXES, *FILE_SUFFIXES)


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
    if input_format in ("jsonl", "warc", "parquet"):
        return Unit(path, stem, "records", input_format)
    if suffix in PARQUET_SUFFIXES:
        return Unit(path, stem, "records", "parquet")
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


def find_units(paths: list[Path], input_format: str, globs: list[str], notes: list[str] | None = None) -> list[Unit]:
    """Units for the given paths: files directly (also pipes such as
    ``<(zcat dump.jsonl.gz)``), directories recursively (filtered by
    ``globs`` when given), ``-`` for stdin.

    In directories, hidden files and folders are skipped, and so are links
    that lead outside the directory given (a dump's ``x.txt -> /etc/passwd``
    must not end up in the output); what was skipped is appended to
    ``notes`` as one line each.
    """
    units = []
    for path in paths:
        if str(path) == "-":
            if input_format == "parquet":
                raise BatchError("stdin cannot be read as Parquet (it needs a file); give the file's path")
            fmt = input_format if input_format in ("jsonl", "text", "html") else "text"
            units.append(Unit(None, Path("stdin"), "records" if fmt == "jsonl" else "file", fmt))
        elif path.is_dir():
            units += _directory_units(path, input_format, globs, notes if notes is not None else [])
        elif path.exists():
            unit = unit_for(path, Path(path.name), input_format)
            if unit is None and not path.is_file():  # a pipe or device: read it as stdin would be
                unit = Unit(path, Path(path.name), "file", input_format if input_format in ("text", "html") else "auto")
            if unit is None:
                raise BatchError(f"{path}: unknown input type; use --input-format")
            units.append(unit)
        else:
            raise BatchError(f"{path}: no such file or directory")
    return units


def _directory_units(folder: Path, input_format: str, globs: list[str], notes: list[str]) -> list[Unit]:
    """The units below a directory, with notes on what was skipped."""
    inside = folder.resolve()
    hidden, outside, files = [], [], []
    for candidate in sorted(folder.rglob("*")):
        rel = candidate.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            if candidate.is_file():
                hidden.append(rel)
        elif candidate.is_file():
            if candidate.is_symlink() and not candidate.resolve().is_relative_to(inside):
                outside.append(rel)
            elif not globs or any(rel.match(g) for g in globs):
                files.append(candidate)
    units = [u for u in (unit_for(f, f.relative_to(folder), input_format) for f in files) if u is not None]
    if hidden:
        notes.append(f"{folder}: skipped {len(hidden)} hidden file(s), e.g. {hidden[0]}")
    if outside:
        notes.append(f"{folder}: skipped {len(outside)} link(s) to files outside it, e.g. {outside[0]}")
    if not units:
        matching = f" matching --glob {' '.join(globs)}" if globs else ""
        notes.append(f"{folder}: no file{matching} that the cleaner reads")
    return units


class InputStream(io.BufferedReader):
    """The decompressed bytes of an input file that also knows how far into
    the file (compressed) it has read, for progress by bytes."""

    def __init__(self, stream: Any, file: BinaryIO) -> None:
        super().__init__(stream)
        self.file = file

    def position(self) -> int:
        """Bytes of the file read so far (0 for a pipe, which has no position)."""
        try:
            return self.file.tell() if not self.file.closed else 0
        except OSError:
            return 0

    def close(self) -> None:
        super().close()
        self.file.close()


def open_input(path: Path | None) -> BinaryIO:
    """Open an input for reading bytes, decompressing .gz and .zst."""
    if path is None:
        return sys.stdin.buffer
    _, compression = split_suffix(path)
    file = open(path, "rb", buffering=0)  # noqa: SIM115 (closed with the stream returned)
    if compression == ".gz":
        return InputStream(GzipInput(file), file)
    if compression == ".zst":
        return InputStream(ZstdInput(file), file)
    return InputStream(file, file)


def input_position(stream: BinaryIO) -> int:
    """How many bytes of its file an input stream has read (0 for stdin)."""
    return stream.position() if isinstance(stream, InputStream) else 0


class GzipInput(io.RawIOBase):
    """The decompressed bytes of a ``.gz`` file, in the pieces gzip gives,
    so that the data before a truncation is read before ``EOFError``
    (a full read would drop it with the error)."""

    def __init__(self, file: BinaryIO) -> None:
        self.gzip = gzip.GzipFile(fileobj=file, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.gzip.read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return True  # fastwarc seeks past the records it skips

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.gzip.seek(offset, whence)

    def tell(self) -> int:
        return self.gzip.tell()


class ZstdInput(io.RawIOBase):
    """The decompressed bytes of a ``.zst`` file, across all its frames.

    zstandard's stream reader just stops where a truncated file ends, so at
    the end of the data this checks that the file's last frame is whole
    (:func:`zstd_truncation`) and raises ``EOFError`` if it is not.
    """

    def __init__(self, file: BinaryIO) -> None:
        import zstandard

        self.file = file
        self.reader = zstandard.ZstdDecompressor().stream_reader(file, closefd=False, read_across_frames=True)
        self.checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.reader.readinto(buffer)
        if count == 0 and not self.checked:
            self.checked = True
            problem = zstd_truncation(self.file.fileno())
            if problem:
                raise EOFError(f"truncated .zst file: {problem}")
        return count

    def seekable(self) -> bool:
        return True  # forward only, as fastwarc seeks past the records it skips

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.reader.seek(offset, whence)

    def tell(self) -> int:
        return self.reader.tell()


ZSTD_MAGIC = 0xFD2FB528


def zstd_truncation(fd: int) -> str | None:
    """Why a zstd file is not whole, or None when every frame in it is
    complete. Walks the frame and block headers (RFC 8878) without
    decompressing; reads with ``pread``, so the file position stays.

    >>> import tempfile, zstandard
    >>> data = zstandard.ZstdCompressor().compress(b"hello " * 1000)
    >>> with tempfile.TemporaryFile() as f:
    ...     _ = f.write(data + data[:-3]), f.flush()
    ...     zstd_truncation(f.fileno())
    'the file ends inside a frame'
    >>> with tempfile.TemporaryFile() as f:
    ...     _ = f.write(data + data), f.flush()
    ...     zstd_truncation(f.fileno()) is None
    True
    """
    size, pos = os.fstat(fd).st_size, 0

    def read(count: int) -> bytes:
        return os.pread(fd, count, pos)

    while pos < size:
        magic = int.from_bytes(read(4), "little")
        if size - pos < 4 or (magic & 0xFFFFFFF0 != 0x184D2A50 and magic != ZSTD_MAGIC):
            return f"no zstd frame at byte {pos}"
        if magic != ZSTD_MAGIC:  # a skippable frame: its length, then that many bytes
            pos += 8 + int.from_bytes(os.pread(fd, 4, pos + 4).ljust(4, b"\xff"), "little")
            continue
        pos += 4
        descriptor = read(1)[0] if pos < size else 0
        single_segment, checksum = descriptor >> 5 & 1, descriptor >> 2 & 1
        content_size = (single_segment, 2, 4, 8)[descriptor >> 6]
        pos += 1 + (1 - single_segment) + (0, 1, 2, 4)[descriptor & 3] + content_size
        last = False
        while not last and pos + 3 <= size:
            header = int.from_bytes(read(3), "little")
            last, block_type, block_size = bool(header & 1), header >> 1 & 3, header >> 3
            pos += 3 + (1 if block_type == 1 else block_size)
        if not last:
            return "the file ends inside a frame"
        pos += 4 * checksum
    return "the file ends inside a frame" if pos > size else None


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of a stream: all of them unless it ends first.

    >>> read_at_most(io.BytesIO(b"abcdef"), 4), read_at_most(io.BytesIO(b"ab"), 4)
    (b'abcd', b'ab')
    """
    data = stream.read(limit)
    if not data or len(data) >= limit:
        return data
    chunks = [data]  # a short read before the end (a pipe, a slow reader)
    while limit > (size := sum(map(len, chunks))):
        chunk = stream.read(limit - size)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(size: int | None, max_bytes: int) -> str:
    """The message for a document over the size limit, as
    :class:`cleaner.pipeline.DocumentTooLarge` words it; without the size
    when the input was not read to its end (decompressed data, stdin).

    >>> too_large(6_000_000, 5_000_000)
    'document is 6.0 MB, over the 5 MB limit (--max-bytes)'
    >>> too_large(None, 5_000_000)
    'document is over the 5 MB limit (--max-bytes); not read further'
    """
    limit = f"{max_bytes / 1e6:g} MB"
    if size is None:
        return f"document is over the {limit} limit (--max-bytes); not read further"
    return f"document is {size / 1e6:.1f} MB, over the {limit} limit (--max-bytes)"


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """The lines of a stream as (number from 1, line, size in bytes). A line
    longer than ``limit`` bytes (its newline aside) comes as None: it is
    read past in pieces, never held whole.

    >>> list(bounded_lines(io.BytesIO(b"ab\\n" + b"x" * 10 + b"\\nc"), 5))
    [(1, b'ab\\n', 3), (2, None, 11), (3, b'c', 1)]
    """
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if line.endswith(b"\n") or len(line) <= limit:
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            if not line:
                break
            size += len(line)
        yield number, None, size


def read_tasks(
    unit: Unit, fields: Fields, url: str | None, max_bytes: int = DEFAULT_MAX_BYTES, whole_records: bool = True
) -> Iterator[Task]:
    """The tasks of a unit, streamed. No document or record is read beyond
    ``max_bytes`` (plus one byte): a larger one is a failed task.
    ``whole_records=False``: a Parquet row's other columns are not read
    (for a Parquet output, which copies them from the input itself, and for
    counting site lines)."""
    source = unit.source
    if unit.kind == "file":
        yield file_task(unit, url, max_bytes)
    elif unit.fmt == "parquet":
        yield from parquet_tasks(unit, source, fields, whole_records)
    elif unit.fmt == "jsonl":
        yield from jsonl_tasks(unit, source, fields, max_bytes)
    else:
        yield from warc_tasks(unit, source, max_bytes)


def file_task(unit: Unit, url: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> Task:
    """The task of a text or HTML file (or stdin), read up to ``max_bytes``
    plus one byte: a larger document fails unread (its size is given when
    the file is not compressed)."""
    source = unit.source
    with open_input(unit.path) as stream:
        data = read_at_most(stream, max_bytes + 1)
        offset = input_position(stream)
    if len(data) > max_bytes:
        plain = unit.path is not None and unit.path.is_file() and not split_suffix(unit.path)[1]
        size = unit.path.stat().st_size if plain else None  # unknown for compressed files, pipes and stdin
        return Task(source, source, None, error=too_large(size, max_bytes), offset=offset)
    return Task(source, source, data, url=url, input_format=unit.fmt, offset=offset)


def jsonl_tasks(unit: Unit, source: str, fields: Fields, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task]:
    """One task per JSONL line (see :func:`record_task`); a line longer
    than ``max_bytes`` fails without being held in memory."""
    with open_input(unit.path) as raw:
        for number, line, size in bounded_lines(raw, max_bytes):
            if line is None:
                limit = too_large(size, max_bytes).replace("document is", f"line {number} is", 1)
                task = Task(source, f"line {number}", None, error=limit)
            elif not line.strip():
                continue
            else:
                task = record_task(line, number, source, fields)
            task.offset = input_position(raw)
            yield task


def record_task(line: bytes, number: int, source: str, fields: Fields) -> Task:
    """The task for one JSONL line: HTML from the HTML field if present,
    else text from the text field. A line that does not parse (a truncated
    last line, nesting too deep for the parser), a record that is not an
    object, nests deeper than :data:`MAX_RECORD_DEPTH` or holds a lone
    surrogate, and a record without a string text or HTML field each make
    a failed task. A UTF-8 byte-order mark before the record is ignored.

    >>> record_task(b'\\xef\\xbb\\xbf{"id": null, "text": "Hi"}\\n', 4, "d.jsonl", Fields()).record_id
    'line 4'
    >>> record_task(b'{"id": 1, "text": "\\\\ud83d!"}\\n', 2, "d.jsonl", Fields()).error
    "record on line 2 has a lone surrogate (a cut emoji?) in field 'text': not valid Unicode"
    >>> record_task(b"[" * 5000, 9, "d.jsonl", Fields()).error
    'bad JSON on line 9: nested too deeply to parse (the last line, without a newline: is the file truncated?)'
    """
    text = line.decode("utf-8", "replace").removeprefix("\ufeff")
    truncated = "" if line.endswith(b"\n") else " (the last line, without a newline: is the file truncated?)"
    failed = f"line {number}"
    try:
        record = json.loads(text)
    except RecursionError:
        return Task(source, failed, None, error=f"bad JSON on line {number}: nested too deeply to parse{truncated}")
    except ValueError as error:
        return Task(source, failed, None, error=f"bad JSON on line {number}: {error}{truncated}")
    if not isinstance(record, dict):
        return Task(source, failed, None, error=f"bad JSON on line {number}: a JSONL record must be an object")
    problem = record_problem(record, text)
    if problem:
        return Task(source, failed, None, error=f"record on line {number} {problem}")
    record_id = record_name(record.get(fields.id), number)
    html, body = record.get(fields.html), record.get(fields.text)
    data, fmt = (html, "html") if isinstance(html, str) and html else (body, "auto")
    if not isinstance(data, str):
        message = f"record has no string field {fields.html!r} or {fields.text!r}"
        return Task(source, record_id, None, fields=record, error=message)
    url = record.get(fields.url) if isinstance(record.get(fields.url), str) else None
    return Task(source, record_id, data, url=url or None, input_format=fmt, fields=record)


def record_problem(record: dict[str, Any], line: str) -> str | None:
    """Why a parsed JSONL record cannot be cleaned and written back, or None:
    lists and objects nested deeper than :data:`MAX_RECORD_DEPTH`, or a
    lone UTF-16 surrogate (``"\\ud83d"`` escaped without its pair), which
    ``json`` accepts but no UTF-8 output can hold. Both are looked for only
    when the line could hold them, so ordinary records cost two scans.

    >>> record_problem({"a": [[[1]]]}, '{"a": [[[1]]]}') is None
    True
    >>> record_problem({"\\ud800": 1}, '{"\\\\ud800": 1}')
    "has a lone surrogate (a cut emoji?) in field '\\\\ud800': not valid Unicode"
    """
    brackets = line.count("[") + line.count("{")
    if brackets > MAX_RECORD_DEPTH and nesting_depth(record, MAX_RECORD_DEPTH) > MAX_RECORD_DEPTH:
        return f"nests lists or objects deeper than {MAX_RECORD_DEPTH} levels"
    if "\\ud" in line or "\\uD" in line:
        for key, value in record.items():
            try:
                json.dumps({key: value}, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                return f"has a lone surrogate (a cut emoji?) in field {key!a}: not valid Unicode"
    return None


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply lists and dicts nest in a JSON value (counted no further
    than ``limit + 1``).

    >>> nesting_depth({"a": [1, {"b": []}]}, 10), nesting_depth("x", 10), nesting_depth([[[[]]]], 2)
    (4, 0, 3)
    """
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def record_name(value: Any, number: int) -> str:
    """A record's id as text: a string as it is, any other JSON value as
    compact JSON; ``line N`` when the id is missing, null or empty.

    >>> [record_name(v, 3) for v in ("a1", 7, 2.5, None, "", {"a": [1, "é"]}, True)]
    ['a1', '7', '2.5', 'line 3', 'line 3', '{"a":[1,"é"]}', 'true']
    """
    if value is None or value == "":
        return f"line {number}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def warc_tasks(unit: Unit, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task]:
    """The documents of a WARC or WET input (see :func:`warc_records`)."""
    with open_input(unit.path) as stream:
        for task in warc_records(stream, source, max_bytes):
            task.offset = input_position(stream)
            yield task


class BadRecord(ValueError):
    """A WARC record that cannot be read whole (truncated, over the size limit)."""


def warc_records(stream: BinaryIO, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task]:
    """Response records as HTML (URL from WARC-Target-URI, charset from the
    HTTP Content-Type; non-HTML responses skipped), conversion records (WET)
    as text. Read with fastwarc, or with warcio when fastwarc is missing or
    the stream cannot seek (a pipe, where fastwarc fails).

    A record whose content is shorter than its ``Content-Length`` (the
    input ends inside it) or longer than ``max_bytes`` is a failed task;
    an over-long one is skipped without being read."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # fastwarc is the fast path; warcio is the fallback
        yield from warcio_records(stream, source, max_bytes)
        return
    if not stream.seekable():  # a pipe: fastwarc seeks past the records it skips (and panics on a pipe)
        yield from warcio_records(stream, source, max_bytes)
        return
    wanted = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
    for record in ArchiveIterator(stream, record_types=wanted, parse_http=True):
        uri = record.headers.get("WARC-Target-URI")
        record_id = record.record_id or uri or "?"
        charset, fmt = None, "text"
        if record.record_type != WarcRecordType.conversion:
            content_type = record.http_headers.get("Content-Type", "") if record.http_headers else ""
            if content_type and "html" not in content_type.lower():
                continue  # images, PDFs, JSON: not pages
            charset, fmt = _charset(content_type), "html"
        try:
            declared = record.headers.get("Content-Length")
            if declared is None:
                raise BadRecord("truncated WARC record: the input ends inside its headers")
            if not declared.strip().isdigit():
                raise BadRecord(f"WARC record with a malformed Content-Length: {declared!r}")
            data = warc_content(record.reader, record.content_length, max_bytes)
        except BadRecord as error:
            yield Task(source, record_id, None, url=uri, error=str(error))
            continue
        yield Task(source, record_id, data, url=uri, charset=charset, input_format=fmt)


def warc_content(reader: BinaryIO, length: int, max_bytes: int) -> bytes:
    """A record's content of ``length`` bytes; raises :class:`BadRecord`
    when it is over ``max_bytes`` (unread) or the input ends before it does.

    >>> warc_content(io.BytesIO(b"abc"), 3, 10)
    b'abc'
    >>> warc_content(io.BytesIO(b"ab"), 3, 10)
    Traceback (most recent call last):
    cleaner.readers.BadRecord: truncated WARC record: the input ends after 2 of its 3 bytes (Content-Length)
    """
    if length > max_bytes:
        raise BadRecord(too_large(length, max_bytes))
    data = read_at_most(reader, length)
    if len(data) < length:
        raise BadRecord(truncated_record(len(data), length))
    return data


def truncated_record(read: int, length: int) -> str:
    """The message for a record the input ends inside.

    >>> truncated_record(1268, 2529)
    'truncated WARC record: the input ends after 1,268 of its 2,529 bytes (Content-Length)'
    """
    return f"truncated WARC record: the input ends after {read:,} of its {length:,} bytes (Content-Length)"


def warcio_records(stream: BinaryIO, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task]:
    """The same records through warcio."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        record_id = record.rec_headers.get_header("WARC-Record-ID") or uri or "?"
        charset, fmt = None, "text"
        if record.rec_type in ("response", "resource"):
            content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if content_type and "html" not in content_type.lower():
                continue
            charset, fmt = _charset(content_type), "html"
        elif record.rec_type != "conversion":
            continue
        try:
            data = warcio_content(record, max_bytes)
        except BadRecord as error:
            yield Task(source, record_id, None, url=uri, error=str(error))
            continue
        yield Task(source, record_id, data, url=uri, charset=charset, input_format=fmt)


def warcio_content(record: Any, max_bytes: int) -> bytes:
    """A warcio record's content (decoded as warcio decodes it), at most
    ``max_bytes``; raises :class:`BadRecord` when it is larger or when the
    input ends before the record's ``Content-Length``."""
    data = read_at_most(record.content_stream(), max_bytes + 1)
    if len(data) > max_bytes:
        raise BadRecord(too_large(None, max_bytes))
    while record.raw_stream.read(1 << 16):  # what the content did not use (a chunked-encoding end)
        pass
    if record.raw_stream.limit > 0:
        raise BadRecord(truncated_record(record.length - record.raw_stream.limit, record.length))
    return data


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
    except BaseException as error:  # a panic in fastwarc's Rust code comes as pyo3's PanicException
        if type(error).__name__ != "PanicException":
            raise
        yield Task(unit.source, "(input)", None, error=f"cannot read input: the WARC reader failed: {error}")


# --- Parquet ----------------------------------------------------------------------------

PARQUET_BATCH_ROWS = 256
"""Most rows converted to Python at a time (fewer when rows are large: see
:func:`parquet_batch_rows`)."""
PARQUET_BATCH_BYTES = 1_000_000
"""About how many bytes of Arrow data a record batch holds."""


class InputError(Exception):
    """An input the run cannot read as asked (a missing column, a wrong column
    type); it fails alone, in errors.jsonl, and the run goes on."""


def parquet_tasks(unit: Unit, source: str, fields: Fields, whole_records: bool = True) -> Iterator[Task]:
    """One task per row of a Parquet file, read a record batch at a time.

    The row's HTML column is used when it holds a non-empty value, else its
    text column (string or binary columns). Every column of the row is
    carried through in ``Task.fields``; with ``whole_records=False``, only
    the text, HTML, URL and id columns are read. Rows are named by their id column or
    ``row N`` (from 0). A corrupt or truncated file raises (pyarrow's own
    error) and a missing or mistyped column raises :class:`InputError`;
    :func:`guard_reading` turns either into a failed task for the input.
    """
    assert unit.path is not None
    with open_parquet(unit.path) as parquet:
        check_parquet_columns(parquet.schema_arrow, fields)
        size, total = unit.path.stat().st_size, max(1, parquet.metadata.num_rows)
        number = 0
        names = set(parquet.schema_arrow.names)
        own = (fields.id, fields.text, fields.html, fields.url)
        wanted = None if whole_records else [column for column in dict.fromkeys(own) if column in names]
        rows = parquet_batch_rows(parquet.metadata)
        batches = parquet.iter_batches(batch_size=rows, columns=wanted, use_threads=False)
        for batch in batches:
            for row in batch.to_pylist():
                task = row_task(row, f"row {number}", source, fields)
                task.row = number
                number += 1
                task.offset = size * number // total
                yield task


def open_parquet(path: Path) -> Any:
    """A pyarrow ``ParquetFile`` set up to read with flat memory: no
    pre-buffering (it reads whole row groups ahead) and column chunks read
    through a 1 MB buffer instead of whole (on an 85 MB file, a pass peaked
    at 265 MB with pyarrow's defaults and at 185 MB so, 83 MB of it pyarrow's
    own; a row group of 200 MB no longer has to fit in memory whole)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)


def parquet_batch_rows(metadata: Any) -> int:
    """Rows per record batch: :data:`PARQUET_BATCH_ROWS`, or fewer so that a
    batch holds about :data:`PARQUET_BATCH_BYTES` (judged by the first row
    group's uncompressed size): rows of 100 kB come about ten at a time.

    >>> import io, pyarrow as pa, pyarrow.parquet as pq
    >>> def rows_of(size):
    ...     buffer = io.BytesIO()
    ...     pq.write_table(pa.table({"text": ["x" * size] * 10}), buffer, compression="none", use_dictionary=False)
    ...     return parquet_batch_rows(pq.ParquetFile(buffer).metadata)
    >>> rows_of(100), rows_of(100_000)
    (256, 9)
    """
    if not metadata.num_row_groups or not metadata.row_group(0).num_rows:
        return PARQUET_BATCH_ROWS
    group = metadata.row_group(0)
    row_bytes = max(1, group.total_byte_size // group.num_rows)
    return max(1, min(PARQUET_BATCH_ROWS, PARQUET_BATCH_BYTES // row_bytes))


def check_parquet_columns(schema: Any, fields: Fields) -> None:
    """Raise :class:`InputError` unless the schema has a text or HTML column
    of strings or bytes, and its URL column, if any, holds strings.

    >>> import pyarrow as pa
    >>> check_parquet_columns(pa.schema([("text", pa.string()), ("url", pa.string())]), Fields())
    >>> check_parquet_columns(pa.schema([("body", pa.string())]), Fields())
    Traceback (most recent call last):
    ...
    cleaner.readers.InputError: no column 'html' or 'text' (columns: body); choose one with --text-field or --html-field
    >>> check_parquet_columns(pa.schema([("text", pa.int64())]), Fields())
    Traceback (most recent call last):
    ...
    cleaner.readers.InputError: column 'text' holds int64, not strings
    """
    names = set(schema.names)
    if fields.html not in names and fields.text not in names:
        listed = ", ".join(schema.names[:20]) + (", ..." if len(schema.names) > 20 else "")
        raise InputError(
            f"no column {fields.html!r} or {fields.text!r} (columns: {listed}); "
            "choose one with --text-field or --html-field"
        )
    for name, binary_ok in ((fields.html, True), (fields.text, True), (fields.url, False)):
        if name in names and not is_text_type(schema.field(name).type, binary_ok):
            raise InputError(f"column {name!r} holds {schema.field(name).type}, not strings")


def is_text_type(arrow_type: Any, binary_ok: bool = True) -> bool:
    """Whether a column of this Arrow type holds strings (or bytes).

    >>> import pyarrow as pa
    >>> is_text_type(pa.large_string()), is_text_type(pa.binary()), is_text_type(pa.binary(), False)
    (True, True, False)
    >>> is_text_type(pa.dictionary(pa.int32(), pa.string())), is_text_type(pa.list_(pa.string()))
    (True, False)
    """
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type):
        return True
    binary = (
        pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type) or pa.types.is_binary_view(arrow_type)
    )
    return binary_ok and binary


def row_task(row: dict[str, Any], default_id: str, source: str, fields: Fields) -> Task:
    """The task for one Parquet row (a failed task when it has no text).

    >>> row_task({"id": 7, "text": "Hello", "url": None}, "row 0", "d.parquet", Fields()).record_id
    '7'
    >>> row_task({"text": None}, "row 3", "d.parquet", Fields()).error
    "row has no value in column 'html' or 'text'"
    """
    record_id = str(row[fields.id]) if row.get(fields.id) is not None else default_id
    html, text = row.get(fields.html), row.get(fields.text)
    data, fmt = (html, "html") if html else (text, "auto")
    if not isinstance(data, str | bytes):
        message = f"row has no value in column {fields.html!r} or {fields.text!r}"
        return Task(source, record_id, None, fields=row, error=message)
    url = row.get(fields.url) or None
    return Task(source, record_id, data, url=url, input_format=fmt, fields=row)
