"""Writers: outputs written under a temporary name and renamed when whole.

Every output file is written to a temporary file and renamed when complete,
so an interrupted run leaves only whole files, and ``--resume`` skips them.
Record files give JSONL, or Parquet for Parquet inputs (:class:`ParquetOutput`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cleaner.records import Outcome, Unit


class OutputError(OSError):
    """An output that cannot be written (disk full, permissions): the run
    stops, naming the file; its temporary file is gone."""


def temporary_prefix(path: Path) -> str:
    """The name prefix of ``path``'s temporary files: ``.<name>.``, or a
    digest of the name when the name is long (a temporary name must fit the
    file system's 255 bytes).

    >>> temporary_prefix(Path("out/a.jsonl")), len(temporary_prefix(Path("x" * 250 + ".txt")))
    ('.a.jsonl.', 34)
    """
    if len(os.fsencode(path.name)) <= 200:
        return f".{path.name}."
    return "." + hashlib.blake2b(os.fsencode(path.name), digest_size=16).hexdigest() + "."


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()
"""The process's umask, read once at start-up: outputs get the permissions
any other tool would give them (``mkstemp`` alone would make them 0600)."""


def publish(stream: Any, written: Path, path: Path) -> None:
    """Close a finished output written under another name, give it the
    umask's permissions and rename it into place."""
    stream.close()
    os.chmod(written, 0o666 & ~UMASK)
    os.replace(written, path)


class AtomicFile:
    """A text file written under a temporary name and renamed on ``commit``.
    A failed write or commit raises :class:`OutputError` naming the file and
    leaves no temporary file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        self.temporary = Path(name)
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        self.written = 0

    def write(self, text: str) -> None:
        try:
            self.stream.write(text)
        except OSError as error:
            self._fail(error)
        self.written += 1

    def commit(self) -> None:
        try:
            publish(self.stream, self.temporary, self.path)
        except OSError as error:
            self._fail(error)

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # the data was to be thrown away anyway
            self.stream.close()
        self.temporary.unlink(missing_ok=True)

    def _fail(self, error: OSError) -> None:
        self.discard()
        raise OutputError(f"cannot write {self.path}: {error.strerror or error}") from None


def write_atomic(*pairs: tuple[Path, str]) -> None:
    """Write whole files atomically, as a set: each is renamed into place only
    once all are written (a ``.txt`` never appears without its ``.json``)."""
    outputs: list[AtomicFile] = []
    try:
        for path, text in pairs:
            outputs.append(AtomicFile(path))
            outputs[-1].write(text)
    except BaseException:
        for output in outputs:
            output.discard()
        raise
    for output in reversed(outputs):
        output.commit()


def record_line(outcome: Outcome) -> str:
    """A JSONL output line: the record's fields plus ``text`` and ``meta``."""
    assert outcome.result is not None
    record = dict(outcome.task.fields or {"id": outcome.task.record_id, "source": outcome.task.source})
    record["text"] = outcome.result.text
    record["meta"] = outcome.result.metadata
    return json.dumps(record, ensure_ascii=False, default=json_value) + "\n"


def json_value(value: Any) -> Any:
    """A JSON value for what Parquet columns hold and JSON does not (bytes,
    dates, decimals).

    >>> import datetime
    >>> json_value(b"caf\\xc3\\xa9"), json_value(datetime.date(2024, 5, 1))
    ('café', '2024-05-01')
    """
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def unit_outputs(unit: Unit, out: Path) -> list[Path]:
    """The files a unit's outputs go to."""
    if unit.kind == "file":
        return [out / unit.rel.with_name(unit.rel.name + ".txt"), out / unit.rel.with_name(unit.rel.name + ".json")]
    suffix = ".parquet" if unit.fmt == "parquet" else ".jsonl"
    return [out / unit.rel.with_name(unit.rel.name + suffix)]


def units_to_do(units: list[Unit], out: Path | None, resume: bool) -> list[Unit]:
    """The units a run cleans: with ``--resume``, those whose outputs are not
    all there (``out`` None or ``-``: every unit)."""
    if not resume or out is None or str(out) == "-":
        return units
    return [unit for unit in units if not all(p.exists() for p in unit_outputs(unit, out))]


def error_entry(outcome: Outcome) -> dict[str, Any]:
    return {
        "source": outcome.task.source,
        "record_id": outcome.task.record_id,
        "error": outcome.error_class,
        "message": outcome.message,
    }


# --- record files: JSONL, or Parquet for Parquet inputs ------------------------------------


REPLACED_COLUMNS = ("text", "meta")
"""The columns a Parquet output writes itself (see :func:`output_schema`);
the others are copied from the input, which is read again without these."""


class ParquetOutput:
    """A Parquet file of cleaned rows, written under a temporary name and
    renamed on ``commit`` like :class:`AtomicFile`.

    Its columns are the input file's, with the clean text in ``text`` and
    the metadata as a JSON string in ``meta`` (added, or replaced, as string
    columns). The other columns are taken from the input file itself, read
    a second time (without ``text`` and ``meta``, which are replaced)
    alongside the outcomes (which come in the input's order):
    each cleaned row is a slice of the input's own Arrow data, so values of
    any type are copied exactly, and no Python value is converted back
    (nor pandas loaded, which pyarrow does for that when it is installed).
    Rows are written a row group at a time, every :attr:`ROW_GROUP_ROWS`
    rows or :attr:`ROW_GROUP_BYTES` bytes (text, metadata and the other
    columns), so memory stays flat. The input's schema metadata (pandas' or datasets'
    description of the old columns) is not copied. An input whose schema
    cannot be read (a corrupt file) gives no output file.
    """

    ROW_GROUP_ROWS = 1_000
    ROW_GROUP_BYTES = 4_000_000

    def __init__(self, path: Path, source: Path) -> None:
        self.path, self.source = path, source
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        os.close(handle)
        self.temporary = Path(name)
        self.slices: list[Any] = []  # one-row slices of the input's record batches
        self.texts: list[str] = []
        self.metas: list[str] = []
        self.size = 0  # bytes buffered: text and metadata characters, the other columns' Arrow bytes
        self.written = 0
        self.writer: Any = None
        self.schema: Any = None
        self.input: Any = None  # the input file, read again for the rows' other columns
        self.batches: Any = None
        self.batch: Any = None
        self.batch_start = 0
        self.skipped: list[int] = []  # positions of the input's text and meta columns, when it was read whole

    def add(self, outcome: Outcome) -> None:
        """Buffer one cleaned row; write a row group when the buffer is full."""
        assert outcome.result is not None and outcome.task.row is not None
        self.slices.append(self._input_row(outcome.task.row))
        self.texts.append(outcome.result.text)
        self.metas.append(json.dumps(outcome.result.metadata, ensure_ascii=False))
        self.size += len(self.texts[-1]) + len(self.metas[-1]) + self.slices[-1].nbytes
        self.written += 1
        if len(self.slices) >= self.ROW_GROUP_ROWS or self.size >= self.ROW_GROUP_BYTES:
            self.flush()

    def _input_row(self, row: int) -> Any:
        """The input's row number ``row`` (rows come in increasing order)."""
        from cleaner.readers import open_parquet, parquet_batch_rows

        if self.batches is None:
            self.input = open_parquet(self.source)
            rows = parquet_batch_rows(self.input.metadata)
            names = self.input.schema_arrow.names
            copied = [name for name in names if name not in REPLACED_COLUMNS]
            if len(set(names)) < len(names):  # a repeated name cannot be selected by name: read all, skip by position
                self.skipped = [i for i, name in enumerate(names) if name in REPLACED_COLUMNS]
                copied = None
            self.batches = self.input.iter_batches(batch_size=rows, columns=copied, use_threads=False)
        while self.batch is None or row >= self.batch_start + self.batch.num_rows:
            if self.batch is not None:
                self.batch_start += self.batch.num_rows
            self.batch = next(self.batches)
        return self.batch.slice(row - self.batch_start, 1)

    def _start(self, schema: Any) -> None:
        """Open the writer, with the output schema made from the input's."""
        import pyarrow.parquet as pq

        self.schema = output_schema(schema)
        self.writer = pq.ParquetWriter(self.temporary, self.schema, compression="zstd")

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.writer is None:
            self._start(pq.read_schema(self.source))
        if self.slices:
            columns = pa.Table.from_batches(self.slices).columns
            copied = iter(column for i, column in enumerate(columns) if i not in self.skipped)
            written = {"text": self.texts, "meta": self.metas}
            arrays = [  # by position: an input may repeat a column name
                string_array(written[field.name], large=pa.types.is_large_string(field.type))
                if field.name in written
                else next(copied)
                for field in self.schema
            ]
            self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.slices, self.texts, self.metas, self.size = [], [], [], 0

    def commit(self) -> None:
        if self.writer is None:  # no row group written yet: the input's schema may not even be readable
            import pyarrow.parquet as pq

            try:
                schema = pq.read_schema(self.source)
            except Exception:  # it cannot be read: the input failed, so no output
                self.discard()
                return
            self._start(schema)
        self.flush()
        self._close_input()
        publish(self.writer, self.temporary, self.path)

    def discard(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):  # the data was to be thrown away anyway
                self.writer.close()
        self._close_input()
        self.temporary.unlink(missing_ok=True)

    def _close_input(self) -> None:
        if self.input is not None:
            self.input.close()
            self.input = self.batches = self.batch = None


def string_array(values: list[str], large: bool = False) -> Any:
    """An Arrow string array built from its UTF-8 bytes and offsets (what
    ``pa.array`` would give, without the pandas import it makes when pandas
    is installed).

    >>> string_array(["café", "", "x"]).to_pylist(), string_array(["a"], large=True).type
    (['café', '', 'x'], DataType(large_string))
    """
    import array
    import itertools

    import pyarrow as pa

    encoded = [value.encode("utf-8") for value in values]
    offsets = array.array("q" if large else "i", itertools.accumulate(map(len, encoded), initial=0))
    if sys.byteorder != "little":  # Arrow's buffers are little-endian
        offsets.byteswap()
    kind = pa.LargeStringArray if large else pa.StringArray
    return kind.from_buffers(len(values), pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded)))


def output_schema(schema: Any) -> Any:
    """The Parquet output's schema: the input's columns, with ``text`` and
    ``meta`` as string columns (replaced in place, or added at the end).

    >>> import pyarrow as pa
    >>> output_schema(pa.schema([("id", pa.int64()), ("text", pa.binary()), ("lang", pa.string())])).names
    ['id', 'text', 'lang', 'meta']
    >>> str(output_schema(pa.schema([("text", pa.large_string())])).field("text").type)
    'large_string'
    """
    import pyarrow as pa

    schema = schema.remove_metadata()
    for name in REPLACED_COLUMNS:
        index = schema.get_field_index(name)
        kept = index >= 0 and (
            pa.types.is_string(schema.field(name).type) or pa.types.is_large_string(schema.field(name).type)
        )
        if kept:
            continue
        column = pa.field(name, pa.string())
        schema = schema.set(index, column) if index >= 0 else schema.append(column)
    return schema


class RecordsFile:
    """A JSONL output written in parts, so that ``--resume`` goes on where an
    interrupted run stopped instead of starting the file again.

    Records go to ``.<name>.partial`` beside the output. Every
    :data:`CHECKPOINT_RECORDS` input records (or :data:`CHECKPOINT_SECONDS`),
    the partial file is flushed to disk and ``.<name>.checkpoint`` records
    how many input records it holds, its length and their errors.
    ``commit`` renames it into place. Opened with ``resume=True`` after an
    interrupt, it cuts the partial file back to the last checkpoint and
    reports in :attr:`done` how many input records to skip; otherwise it
    starts afresh.
    """

    def __init__(self, path: Path, resume: bool = False) -> None:
        self.path = path
        prefix = temporary_prefix(path)
        self.partial = path.with_name(prefix + "partial")
        self.checkpoint_path = path.with_name(prefix + "checkpoint")
        self.done, self.errors, self.written = 0, [], 0
        self.saved_at = time.monotonic()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            state = self._saved_state() if resume else None
            self.stream = open(self.partial, "r+b" if state else "wb")  # noqa: SIM115 -- closed by commit/discard
            if state:
                self.stream.truncate(state["bytes"])
                self.stream.seek(state["bytes"])
                self.done, self.errors = state["records"], state["errors"]
            else:
                self.checkpoint_path.unlink(missing_ok=True)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None

    def _saved_state(self) -> dict[str, Any] | None:
        try:
            state = json.loads(self.checkpoint_path.read_text(encoding="utf-8"))
            return state if self.partial.stat().st_size >= state["bytes"] else None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no checkpoint, or a broken one: start the file again

    def write(self, text: str) -> None:
        try:
            self.stream.write(text.encode("utf-8"))
        except OSError as error:
            self._fail(error)
        self.written += 1

    def record_done(self, error_line: str | None = None) -> None:
        """Count one input record as done (with its error line if it failed)
        and save a checkpoint when one is due."""
        self.done += 1
        if error_line is not None:
            self.errors.append(error_line)
        now = time.monotonic()
        if self.done % CHECKPOINT_RECORDS == 0 or now - self.saved_at > CHECKPOINT_SECONDS:
            self.save()
            self.saved_at = now

    def save(self) -> None:
        """Flush the partial file to disk and record a checkpoint after it."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
        except OSError as error:
            self._fail(error)
        state = {"records": self.done, "bytes": self.stream.tell(), "errors": self.errors}
        write_atomic((self.checkpoint_path, json.dumps(state, ensure_ascii=False)))

    def commit(self) -> None:
        try:
            publish(self.stream, self.partial, self.path)
        except OSError as error:
            self._fail(error)
        self.checkpoint_path.unlink(missing_ok=True)

    def discard(self) -> None:
        """Stop writing: keep the partial file and its last checkpoint for
        ``--resume``, or remove the partial file when no checkpoint was made."""
        with contextlib.suppress(OSError):
            self.stream.close()
        if not self.checkpoint_path.exists():
            self.partial.unlink(missing_ok=True)

    def _fail(self, error: OSError) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        self.partial.unlink(missing_ok=True)
        self.checkpoint_path.unlink(missing_ok=True)
        raise OutputError(f"cannot write {self.path}: {error.strerror or error}") from None


CHECKPOINT_RECORDS = 500
"""Input records between two checkpoints of a JSONL output."""
CHECKPOINT_SECONDS = 10.0
"""Seconds between two checkpoints of a JSONL output, at most (checked as records finish)."""


def open_records(unit: Unit, out: Path, resume: bool = False) -> RecordsFile | ParquetOutput:
    """The output of a record file: JSONL (going on from its last checkpoint
    when ``resume``), or Parquet for a Parquet input."""
    path = unit_outputs(unit, out)[0]
    if unit.fmt == "parquet" and unit.path is not None:
        return ParquetOutput(path, unit.path)
    return RecordsFile(path, resume)


def write_record(output: RecordsFile | ParquetOutput, outcome: Outcome) -> None:
    """Add a cleaned record to its record file."""
    if isinstance(output, ParquetOutput):
        output.add(outcome)
    else:
        output.write(record_line(outcome))
