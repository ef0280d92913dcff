"""Hostile and broken record files and streams (issue 18, items 2, 5 and 8):
each bad input runs in a batch beside good documents, fails alone with its
reason in errors.jsonl (or is read right), and the good documents come out.

Sizes are small: a bomb here is a few MB against a small ``--max-bytes``;
``scripts/bench_batch.py`` measures memory on 1 GB ones."""

import gzip
import io
import json
import os
import threading

import pytest
import zstandard
from typer.testing import CliRunner

from cleaner import readers
from cleaner.cli import app

runner = CliRunner()
GOOD = "Good headline here\n\nThe council approved the budget on Monday after a long debate about schools.\n"
RECORD = json.dumps({"id": "after", "text": GOOD}) + "\n"
LIMIT = 200_000  # --max-bytes in these runs


def lines(*records):
    return "".join(records).encode()


def warc(records, cut=0):
    """An uncompressed WARC of (kind, uri, payload) records, minus ``cut``
    bytes; kinds: response (HTML), image (a PNG response), conversion (WET)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for kind, uri, payload in records:
        if kind in ("response", "image"):
            content_type = "text/html; charset=utf-8" if kind == "response" else "image/png"
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http)
        else:
            record = writer.create_warc_record(
                uri, "conversion", payload=io.BytesIO(payload), warc_content_type="text/plain"
            )
        writer.write_record(record)
    data = out.getvalue()
    return data[: len(data) - cut]


PAGE = f"<html><body><h1>Good headline here</h1><p>{GOOD.splitlines()[-1]}</p></body></html>".encode()
ZST_RECORDS = lines(*(json.dumps({"id": f"r{i}", "text": GOOD}) + "\n" for i in range(30)))

CASES = {
    # name: (file name, bytes, message in errors.jsonl or None, record ids that must come out of that file:
    # a list of ids, a tuple whose first ids (not all) must, or the number of WARC records)
    "lone-surrogate": (
        "records.jsonl",
        lines('{"id": "s", "text": "Cut \\ud83d emoji"}\n', RECORD),
        "record on line 1 has a lone surrogate (a cut emoji?) in field 'text'",
        ["after"],
    ),
    "200k-brackets": (
        "records.jsonl",
        lines("[" * 200_000 + "\n", RECORD),
        "bad JSON on line 1: nested too deeply to parse",
        ["after"],
    ),
    "deep-record": (
        "records.jsonl",
        lines('{"id": "d", "text": "x", "deep": ' + "[" * 900 + "]" * 900 + "}\n", RECORD),
        "record on line 1 nests lists or objects deeper than 100 levels",
        ["after"],
    ),
    "utf8-bom": ("records.jsonl", b"\xef\xbb\xbf" + lines(RECORD), None, ["after"]),
    "truncated-last-line": (
        "records.jsonl",
        lines(RECORD, '{"id": "cut", "text": "The coun'),
        "(the last line, without a newline: is the file truncated?)",
        ["after"],
    ),
    "line-over-max-bytes": (
        "records.jsonl",
        lines(json.dumps({"id": "big", "text": "a " * LIMIT}) + "\n", RECORD),
        "line 1 is 0.4 MB, over the 0.2 MB limit (--max-bytes)",
        ["after"],
    ),
    "zst-line-over-max-bytes": (
        "records.jsonl.zst",
        zstandard.ZstdCompressor().compress(lines(json.dumps({"id": "big", "text": "a " * 2_000_000}) + "\n", RECORD)),
        "line 1 is 4.0 MB, over the 0.2 MB limit (--max-bytes)",
        ["after"],
    ),
    "gz-over-max-bytes": (
        "bomb.txt.gz",
        gzip.compress(b"word " * 1_000_000),
        "document is over the 0.2 MB limit (--max-bytes); not read further",
        [],
    ),
    "truncated-zst": (
        "records.jsonl.zst",
        zstandard.ZstdCompressor().compress(ZST_RECORDS)[:-20],
        "cannot read input: EOFError: truncated .zst file",
        [],
    ),
    "truncated-jsonl-gz": (
        "records.jsonl.gz",
        gzip.compress(ZST_RECORDS)[:-20],
        "cannot read input: EOFError",
        tuple(f"r{i}" for i in range(30)),  # the records before the cut, then the error
    ),
    "two-zst-frames": (
        "records.jsonl.zst",
        zstandard.ZstdCompressor().compress(ZST_RECORDS) + zstandard.ZstdCompressor().compress(lines(RECORD)),
        None,
        [f"r{i}" for i in range(30)] + ["after"],
    ),
    "truncated-warc": (
        "crawl.warc",
        warc([("response", "https://a.example/1", PAGE)] * 2, cut=len(PAGE) // 2),
        "truncated WARC record: the input ends after",
        1,
    ),
    "warc-cut-in-headers": (
        "crawl.warc",
        warc([("response", "https://a.example/1", PAGE)] * 2, cut=len(PAGE) + 20),
        "truncated WARC record: the input ends after",
        1,
    ),
    "warc-over-max-bytes": (
        "crawl.warc",
        warc([("response", "https://a.example/1", PAGE * 2000), ("response", "https://a.example/2", PAGE)]),
        "over the 0.2 MB limit (--max-bytes)",  # fastwarc gives the size: 0.3 MB
        1,
    ),
    "wet-unparsable-url": (
        "crawl.wet",
        warc([("conversion", "http://[::1", GOOD.encode()), ("conversion", "https://a.example/2", GOOD.encode())]),
        None,
        2,
    ),
}


def run_batch(tmp_path, name, data, extra=(), stdin=None):
    source = tmp_path / "in"
    source.mkdir()
    (source / name).write_bytes(data)
    (source / "zz-good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    limits = ["--max-bytes", str(LIMIT), "--timeout", "60"]  # a generous time limit: the machine may be busy
    args = ["clean", *extra, str(source), "--out", str(out), *limits, "--jobs", "1", "-q"]
    result = runner.invoke(app, args, input=stdin)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output
    assert (out / "zz-good.txt").read_text(encoding="utf-8").startswith("Good headline here"), "the batch goes on"
    errors = out / "errors.jsonl"
    return result, out, errors.read_text(encoding="utf-8") if errors.exists() else ""


READS = [(case, "fastwarc") for case in sorted(CASES)]
READS += [(case, "warcio") for case in sorted(CASES) if CASES[case][0].endswith((".warc", ".wet"))]


@pytest.mark.parametrize(("case", "reader"), READS)
def test_bad_records_fail_alone(tmp_path, monkeypatch, case, reader):
    name, data, message, kept = CASES[case]
    if reader == "warcio":  # the reader used when fastwarc is not installed
        monkeypatch.setattr(readers, "warc_records", readers.warcio_records)
    result, out, errors = run_batch(tmp_path, name, data)
    if message is None:
        assert result.exit_code == 0, errors
    else:
        assert result.exit_code == 1
        assert message in errors, errors
    for line in errors.splitlines():
        json.loads(line)  # whole, valid lines
    outputs = list(out.glob(readers.strip_suffixes(name) + ".jsonl"))
    records = [json.loads(line) for line in outputs[0].read_text(encoding="utf-8").splitlines()] if outputs else []
    if isinstance(kept, int):  # WARC records have no ids of their own: count them
        assert len(records) == kept
        assert all(r["text"].startswith("Good headline here") for r in records)
    elif isinstance(kept, tuple):
        assert 0 < len(records) < len(kept) and [r["id"] for r in records] == list(kept[: len(records)])
    else:
        assert [r["id"] for r in records] == kept


def test_record_ids_that_are_not_strings(tmp_path):
    records = [
        {"id": None, "text": GOOD},
        {"id": {"a": [1, "é"]}, "text": GOOD},
        {"id": 7, "text": GOOD},
        {"text": GOOD},
    ]
    data = lines(*(json.dumps(r) + "\n" for r in records))
    result, out, errors = run_batch(tmp_path, "records.jsonl", data)
    assert result.exit_code == 0, errors
    written = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["id"] for r in written] == ["line 1", '{"a":[1,"é"]}', "7", "line 4"]
    assert [r.get("id", "(none)") for r in written] == [None, {"a": [1, "é"]}, 7, "(none)"]  # carried through as given


def test_stdin_over_max_bytes_fails_unread(tmp_path):
    result, out, errors = run_batch(tmp_path, "a.txt", GOOD.encode(), extra=["-"], stdin=b"word " * 100_000)
    assert result.exit_code == 1
    assert '"source": "-"' in errors and "document is over the 0.2 MB limit (--max-bytes); not read further" in errors
    assert (out / "a.txt").exists()


def test_one_file_over_max_bytes_says_so(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"word " * 100_000))
    result = runner.invoke(app, ["clean", str(path), "--max-bytes", "1000"])
    assert result.exit_code == 2
    assert "document is over the 0.001 MB limit (--max-bytes); not read further" in result.stderr


def test_warc_from_a_pipe(tmp_path):
    """fastwarc seeks past the records it skips and fails on a pipe; a
    pipe is read with warcio."""
    fifo = tmp_path / "crawl.warc"
    os.mkfifo(fifo)
    data = warc([("image", "https://a.example/logo.png", b"\x89PNG" * 500), ("response", "https://a.example/1", PAGE)])
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    args = ["clean", str(fifo), "--input-format", "warc", "--out", str(tmp_path / "out"), "--timeout", "60", "-q"]
    result = runner.invoke(app, args)
    writer.join()
    errors = tmp_path / "out" / "errors.jsonl"
    assert result.exit_code == 0, errors.read_text(encoding="utf-8") if errors.exists() else result.output
    records = [json.loads(line) for line in (tmp_path / "out" / "crawl.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["url"] for r in records] == ["https://a.example/1"]


def test_a_pipe_over_max_bytes_is_not_given_a_size(tmp_path):
    fifo = tmp_path / "big.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(b"word " * 1000,))
    writer.start()
    result = runner.invoke(app, ["clean", str(fifo), "--max-bytes", "1000"])
    writer.join()
    assert result.exit_code == 2
    assert "document is over the 0.001 MB limit (--max-bytes); not read further" in result.stderr  # not "0.0 MB"
