"""Progress by bytes: every reader gives its tasks the bytes of the file read
so far, never going back and ending at the file's size, so the bar's total
and time left hold for JSONL (plain, .gz, .zst), WARC and Parquet."""

import gzip
import io
import json
import random
from pathlib import Path

import pytest

from cleaner.progress import BytesDone, units_to_do
from cleaner.readers import find_units, guard_reading, read_tasks
from cleaner.records import Fields, Task

TEXT = "Budget approved after long debate\n\nThe council approved the budget on Monday after a long debate.\n"


def records(count):
    """Records with random words, so that compressed files are long enough to be read in many pieces."""
    rng = random.Random(21)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(5000)]
    return [{"id": f"r{i}", "text": TEXT + " ".join(rng.choices(words, k=300)) + "\n"} for i in range(count)]


def write_inputs(folder):
    folder.mkdir()
    lines = "".join(json.dumps(r) + "\n" for r in records(400))
    (folder / "a.jsonl").write_text(lines, encoding="utf-8")
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    zstandard = pytest.importorskip("zstandard")
    (folder / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines.encode()))
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(records(400)), folder / "d.parquet", row_group_size=50)
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(folder / "e.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for i, record in enumerate(records(200)):
            page = f"<html><body><p>{record['text']}</p></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://e.example/{i}", "response", payload=io.BytesIO(page), http_headers=headers
            )
            writer.write_record(record)
    (folder / "f.txt").write_text(TEXT, encoding="utf-8")


def test_task_offsets_climb_to_each_file_size(tmp_path):
    write_inputs(tmp_path / "in")
    for unit in find_units([tmp_path / "in"], "auto", []):
        offsets = [task.offset for task in guard_reading(read_tasks(unit, Fields(), None), unit)]
        size = unit.path.stat().st_size
        assert offsets == sorted(offsets), unit.path.name
        assert offsets[-1] == size, unit.path.name  # the last task has read the whole file
        if len(offsets) > 50:  # many records: the offsets move along the file (zstd reads 128 kB at a time)
            assert offsets[0] < size / 2 and len(set(offsets)) > 2, unit.path.name


def test_bytes_done_adds_finished_inputs_and_the_current_offset(tmp_path):
    write_inputs(tmp_path / "in")
    units = find_units([tmp_path / "in"], "auto", [])
    done = BytesDone(units)
    assert done.total == sum(unit.path.stat().st_size for unit in units)
    seen = [done.see(task) for unit in units for task in read_tasks(unit, Fields(), None)]
    assert seen == sorted(seen) and seen[-1] == done.total


def test_resumed_runs_count_only_the_inputs_to_do(tmp_path):
    write_inputs(tmp_path / "in")
    units = find_units([tmp_path / "in"], "auto", [])
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.jsonl").write_text("", encoding="utf-8")
    assert [u.path.name for u in units_to_do(units, out, resume=True)] == [
        u.path.name for u in units if u.path.name != "a.jsonl"
    ]
    assert units_to_do(units, out, resume=False) == units
    assert BytesDone([*units, type(units[0])(None, Path("stdin"), "file", "text")]).total is None
    assert Task("x", "x", "").offset == 0
