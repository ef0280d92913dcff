"""Batch runs: every input and output format, bad records, time-outs, order,
refusals, and a kill -9 followed by --resume."""

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()

BODY = "The council approved the budget on Monday after a long debate about school funding."
TEXT = f"Budget approved after long debate\n\nShare this:\n\n{BODY}\n\nLeave a Reply\n"
HTML = (
    "<html><head><title>Budget approved</title></head><body><nav>Home | News</nav><article>"
    "<h1>Budget approved after long debate</h1>"
    + "".join(f"<p>{BODY} Paragraph {i} adds detail about the vote and its costs.</p>" for i in range(4))
    + "</article><div class='share-bar'>Share on Facebook</div></body></html>"
)


def invoke(*args):
    return runner.invoke(app, ["clean", *map(str, args)])


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path, records, opener=open):
    with opener(path, "wt", encoding="utf-8") as stream:
        for record in records:
            stream.write((record if isinstance(record, str) else json.dumps(record)) + "\n")


RECORDS = [
    {"id": "a", "text": TEXT, "url": "https://example.com/a", "lang": "en"},
    {"id": "b", "html": HTML, "url": "https://example.com/b", "lang": "en"},
]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_in_jsonl_out_with_fields_carried_through(tmp_path, suffix):
    path = tmp_path / f"dump{suffix}"
    if suffix.endswith(".zst"):
        import zstandard

        raw = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
        path.write_bytes(zstandard.ZstdCompressor().compress(raw))
    else:
        write_jsonl(path, RECORDS, gzip.open if suffix.endswith(".gz") else open)
    result = invoke(path, "--out", tmp_path / "out", "-q", "--jobs", 2)
    assert result.exit_code == 0, result.output
    lines = read_jsonl(tmp_path / "out" / "dump.jsonl")
    assert [r["id"] for r in lines] == ["a", "b"]
    assert all(r["lang"] == "en" for r in lines)
    assert "Share this" not in lines[0]["text"] and BODY in lines[0]["text"]
    assert lines[1]["meta"]["input_format"] == "html" and "Share on Facebook" not in lines[1]["text"]


def test_custom_field_names_and_stdout(tmp_path):
    path = tmp_path / "d.jsonl"
    write_jsonl(path, [{"key": "k1", "body": TEXT, "link": "https://southfront.press/x"}])
    result = invoke(path, "--out", "-", "--text-field", "body", "--id-field", "key", "--url-field", "link", "-q")
    record = json.loads(result.stdout)
    assert record["key"] == "k1" and record["meta"]["site"] == "southfront" and record["meta"]["id"] == "k1"


def make_warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/page", "response", payload=io.BytesIO(HTML.encode()), http_headers=headers
            )
        )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/x.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/wet",
                "conversion",
                payload=io.BytesIO(TEXT.encode()),
                warc_content_type="text/plain",
            )
        )


@pytest.mark.parametrize("reader", ["fastwarc", "warcio"])
def test_warc_and_wet_records(tmp_path, reader, monkeypatch):
    path = tmp_path / "crawl.warc.gz"
    make_warc(path)
    if reader == "warcio":  # the fallback reader, as when fastwarc is not installed
        from cleaner import readers

        monkeypatch.setattr(readers, "warc_records", readers.warcio_records)
        from cleaner.batch import Options, find_units, run_batch

        run_batch(find_units([path], "auto", []), Options(out=tmp_path / "out", jobs=1))
    else:
        assert invoke(path, "--out", tmp_path / "out", "-q").exit_code == 0
    lines = read_jsonl(tmp_path / "out" / "crawl.jsonl")
    assert [line["meta"]["url"] for line in lines] == ["https://example.com/page", "https://example.com/wet"]
    assert lines[0]["meta"]["input_format"] == "html" and lines[1]["meta"]["input_format"] == "text"
    assert BODY in lines[0]["text"] and BODY in lines[1]["text"]


def test_stdin_text_and_jsonl(tmp_path):
    text = runner.invoke(app, ["clean", "-"], input=TEXT)
    assert text.exit_code == 0 and text.stdout.startswith("Budget approved") and "Share this" not in text.stdout
    lines = json.dumps(RECORDS[0]) + "\n"
    jsonl = runner.invoke(app, ["clean", "-", "--input-format", "jsonl", "--out", "-", "-q"], input=lines)
    assert json.loads(jsonl.stdout)["id"] == "a"


def test_gzipped_text_and_html_files(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    with gzip.open(source / "a.txt.gz", "wt", encoding="utf-8") as stream:
        stream.write(TEXT)
    with gzip.open(source / "b.html.gz", "wt", encoding="utf-8") as stream:
        stream.write(HTML)
    assert invoke(source, "--out", tmp_path / "out", "-q").exit_code == 0
    assert BODY in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "out" / "b.json").read_text(encoding="utf-8"))["input_format"] == "html"


def test_glob_filters_directories(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "keep.html").write_text(HTML, encoding="utf-8")
    (source / "skip.txt").write_text(TEXT, encoding="utf-8")
    assert invoke(source, "--out", tmp_path / "out", "--glob", "*.html", "-q").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["keep.json", "keep.txt"]


# Backtracking the static check does not see: the per-document time limit stops it.
SLOW_RULE = """
[site]
id = "slow"
hosts = ["slow.example"]

[[rule]]
id = "slow/backtracking"
kind = "nav"
line = 'a*a*a*a*a*a*a*a*a*a*c'
drop = ["aac"]
"""


def test_bad_records_fail_alone_and_the_batch_goes_on(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text(SLOW_RULE, encoding="utf-8")
    path = tmp_path / "mixed.jsonl"
    write_jsonl(
        path,
        [
            RECORDS[0],
            "{this is not json",
            {"id": "empty", "text": ""},
            {"id": "no-text", "title": "only a title"},
            {"id": "slow", "text": "a" * 40 + "b", "url": "https://slow.example/"},
            {"id": "odd", "text": "Zero\u200bwidth and\u00a0odd spaces."},
            RECORDS[1],
        ],
    )
    result = invoke(path, "--out", tmp_path / "out", "--rules", rules, "--timeout", "0.5", "--jobs", 2)
    assert result.exit_code == 1
    ids = [r["id"] for r in read_jsonl(tmp_path / "out" / "mixed.jsonl")]
    assert ids == ["a", "empty", "odd", "b"]
    errors = {e["record_id"]: e for e in read_jsonl(tmp_path / "out" / "errors.jsonl")}
    assert set(errors) == {"line 2", "no-text", "slow"}
    assert errors["slow"]["error"] in ("DocumentTimeout", "WorkerError")
    assert errors["line 2"]["error"] == "RecordError" and errors["line 2"]["source"] == str(path)
    assert "documents: 7 read, 4 cleaned, 3 failed" in result.stderr


def test_undecodable_and_truncated_inputs(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "latin.txt").write_bytes("Grüße aus Köln, sagte er.\n".encode("latin-1") * 5)
    (source / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"id": "x", "text": "hello"}\n' * 50)[:-20])
    result = invoke(source, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 1
    assert "Grüße aus Köln" in (tmp_path / "out" / "latin.txt").read_text(encoding="utf-8")
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert errors[-1]["source"].endswith("broken.jsonl.gz") and "cannot read input" in errors[-1]["message"]


def make_dump(folder, count=60):
    folder.mkdir()
    for i in range(count):
        (folder / f"doc{i:03d}.txt").write_text(TEXT.replace("Monday", f"day {i}"), encoding="utf-8")
    write_jsonl(folder / "records.jsonl", [dict(RECORDS[0], id=str(i)) for i in range(count)])


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_output_is_the_same_whatever_the_number_of_jobs(tmp_path):
    make_dump(tmp_path / "in")
    assert invoke(tmp_path / "in", "--out", tmp_path / "one", "--jobs", 1, "-q").exit_code == 0
    assert invoke(tmp_path / "in", "--out", tmp_path / "two", "--jobs", 2, "-q").exit_code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_existing_outputs_are_refused_unless_resume_or_overwrite(tmp_path):
    make_dump(tmp_path / "in", count=3)
    out = tmp_path / "out"
    assert invoke(tmp_path / "in", "--out", out, "-q").exit_code == 0
    again = invoke(tmp_path / "in", "--out", out, "-q")
    assert again.exit_code == 2 and "--resume" in again.stderr and "--overwrite" in again.stderr
    assert invoke(tmp_path / "in", "--out", out, "-q", "--overwrite").exit_code == 0
    resumed = invoke(tmp_path / "in", "--out", out, "--resume")
    assert resumed.exit_code == 0 and "4 input file(s) already done" in resumed.stderr


def test_dry_run_writes_nothing(tmp_path):
    make_dump(tmp_path / "in", count=3)
    result = invoke(tmp_path / "in", "--out", tmp_path / "out", "--dry-run")
    assert result.exit_code == 0 and not (tmp_path / "out").exists()
    assert "documents: 6 read, 6 cleaned, 0 failed" in result.stderr and "share" in result.stderr


def test_inputs_are_never_modified(tmp_path):
    make_dump(tmp_path / "in", count=5)
    before = tree(tmp_path / "in")
    assert invoke(tmp_path / "in", "--out", tmp_path / "out", "-q").exit_code == 0
    assert tree(tmp_path / "in") == before


def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path, root):
    make_dump(tmp_path / "in", count=300)
    assert invoke(tmp_path / "in", "--out", tmp_path / "whole", "--jobs", 2, "-q").exit_code == 0
    out = tmp_path / "out"
    command = [sys.executable, "-m", "cleaner", "clean", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "-q"]
    process = subprocess.Popen(command, cwd=root, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.json"))) < 20:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = len(list(out.glob("doc*.json")))
    assert 0 < done < 300, "the run must be interrupted in the middle"
    resumed = subprocess.run([*command, "--resume"], cwd=root, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert not list(out.glob(".*.tmp")), "no temporary files are left"
    assert tree(out) == tree(tmp_path / "whole")


def test_lines_recurring_across_a_site_in_the_batch_are_dropped(tmp_path):
    import random

    rng = random.Random(5)
    words = "council river school budget road market museum bridge park harbour station library".split()
    records = []
    for i in range(30):
        headline = " ".join(rng.choice(words) for _ in range(5)).capitalize()
        story = " ".join(rng.choice(words) for _ in range(25)).capitalize() + "."
        text = f"{headline}\n\n{story}\n\nSpringfield Daily is read by ten thousand families in the valley."
        if i < 2:
            text += "\n\nA quote that two stories share, as wire copy does."
        records.append({"id": f"a{i}", "text": text, "url": f"https://www.springfield.example/{i}"})
    records.append(
        {
            "id": "other",
            "text": "Headline\n\nSpringfield Daily is read by ten thousand families in the valley.",
            "url": "https://other.example/",
        }
    )
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, records)
    on = {r["id"]: r for r in map(json.loads, invoke(path, "--out", "-", "-q").stdout.splitlines())}
    off = {r["id"]: r for r in map(json.loads, invoke(path, "--out", "-", "-q", "--no-site-lines").stdout.splitlines())}
    assert "Springfield Daily" not in on["a5"]["text"] and "Springfield Daily" in off["a5"]["text"]
    assert on["a5"]["meta"]["removed"][-1]["rule"] == "generic/site-repeated-line"
    assert "A quote that two stories share" in on["a0"]["text"]  # recurs in too few documents
    assert "Springfield Daily" in on["other"]["text"]  # another site: one document only


def test_site_line_counts_stay_within_their_memory_budget(monkeypatch, tmp_path):
    from cleaner import batch, sitelines

    monkeypatch.setattr(sitelines, "SITE_LINES_MAX_TRACKED", 50)
    records = [
        {
            "id": str(i),
            "url": f"https://site.example/{i}",
            "text": f"Unique line number {i} alpha\n\nanother unique {i} beta\n\nSite footer line",
        }
        for i in range(40)
    ]
    # make lines unique by words too
    for i, record in enumerate(records):
        record["text"] = record["text"].replace(str(i), "x" * (i + 1))
    path = tmp_path / "d.jsonl"
    write_jsonl(path, records)
    repeated = batch.count_site_lines(batch.find_units([path], "auto", []))
    from cleaner.model import line_hash

    assert repeated.by_host == {"site.example": frozenset({line_hash("Site footer line")})}


def test_keep_removed_puts_the_decoded_input_in_metadata(tmp_path):
    path = tmp_path / "d.jsonl"
    write_jsonl(path, RECORDS)
    records = [json.loads(line) for line in invoke(path, "--out", "-", "-q", "--keep-removed").stdout.splitlines()]
    assert records[0]["meta"]["input"] == TEXT and records[1]["meta"]["input"] == HTML
    plain = json.loads(invoke(path, "--out", "-", "-q").stdout.splitlines()[0])
    assert "input" not in plain["meta"]


def test_a_worker_crash_fails_only_its_document(tmp_path, monkeypatch):
    """A document that kills its worker process (as a crash in C code would)
    fails alone; the documents around it are cleaned."""
    from cleaner import batch

    real_clean = batch.clean

    def crashing_clean(data, **kwargs):
        if "CRASH" in str(data):
            os._exit(3)  # the worker dies without a Python exception
        return real_clean(data, **kwargs)

    monkeypatch.setattr(batch, "clean", crashing_clean)  # workers are forked and inherit it
    path = tmp_path / "d.jsonl"
    write_jsonl(
        path,
        [dict(RECORDS[0], id=str(i)) for i in range(5)]
        + [{"id": "boom", "text": "CRASH"}]
        + [dict(RECORDS[0], id=str(i)) for i in range(5, 10)],
    )
    stats = batch.run_batch(batch.find_units([path], "auto", []), batch.Options(out=tmp_path / "out", jobs=2))
    assert (stats.cleaned, stats.failed) == (10, 1)
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "d.jsonl")] == [str(i) for i in range(10)]
    error = read_jsonl(tmp_path / "out" / "errors.jsonl")[0]
    assert error["record_id"] == "boom" and error["error"] == "WorkerError" and "crashed" in error["message"]
