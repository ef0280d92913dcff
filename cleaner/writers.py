"""Writers: outputs written under a temporary name and renamed when whole.

Every output file is written to a temporary file and renamed when complete,
so an interrupted run leaves only whole files, and ``--resume`` skips them.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cleaner.records import Outcome, Unit


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


def error_entry(outcome: Outcome) -> dict[str, Any]:
    return {
        "source": outcome.task.source,
        "record_id": outcome.task.record_id,
        "error": outcome.error_class,
        "message": outcome.message,
    }
