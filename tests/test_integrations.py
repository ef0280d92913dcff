"""The datatrove step and the Dask recipe give the CLI's results."""

import io
import json
import subprocess
import sys

import pytest

pytest.importorskip("datatrove")

from typer.testing import CliRunner

from cleaner import clean
from cleaner.cli import app

BODY = "The council approved the budget on Monday after a long debate about school funding and repairs."
TEXT = f"Budget approved after long debate\n\nShare this:\n\n{BODY}\n\nLeave a Reply\n"
HTML = (
    "<html><head><title>Budget</title></head><body><article><h1>Budget approved after long debate</h1>"
    + "".join(f"<p>{BODY} Paragraph {i} adds more detail about the vote.</p>" for i in range(4))
    + "</article><div class='share-bar'>Share on Facebook</div></body></html>"
)


def cli_records(path):
    result = CliRunner().invoke(app, ["clean", str(path), "--out", "-", "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return {r["id"] if "id" in r else r["meta"]["id"]: r for r in map(json.loads, result.stdout.splitlines())}


def run_example(root, source, target, fmt):
    command = [
        sys.executable,
        "examples/datatrove_pipeline.py",
        str(source),
        str(target),
        "--format",
        fmt,
        "--tasks",
        "2",
        "--workers",
        "2",
    ]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    documents = {}
    for path in sorted(target.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            documents[record["id"]] = record
    return documents


def test_datatrove_pipeline_on_jsonl_equals_the_cli(tmp_path, root):
    source = tmp_path / "in"
    source.mkdir()
    records = [
        {"id": f"r{i}", "text": TEXT.replace("Monday", f"day {i}"), "url": f"https://example.com/{i}"} for i in range(6)
    ]
    records.append({"id": "empty", "text": "Share this:"})
    for part in range(2):
        (source / f"part{part}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records[part::2]), encoding="utf-8"
        )
    documents = run_example(root, source, tmp_path / "out", "jsonl")
    expected = cli_records(source)  # the whole dump in one run, site lines counted over both files
    assert set(documents) == set(expected) - {"empty"}  # emptied documents are excluded
    for doc_id, document in documents.items():
        assert document["text"] == expected[doc_id]["text"]
        assert document["metadata"]["cleaner"] == expected[doc_id]["meta"]
    excluded = list((tmp_path / "out" / "excluded").glob("*"))
    assert excluded and "empty" in "".join(p.read_text(encoding="utf-8") for p in excluded if p.is_file())


def site_dump(hosts=3, per_host=8):
    """Pages of several sites, each site with its own recurring menu line,
    follow line and appeal paragraph, and headlines that differ only in numbers."""
    records = []
    for h in range(hosts):
        appeal = (
            f"Site {h} is paid for by its readers, so if you value this daily report please give what you can "
            "today and share it with friends who would read it too."
        )
        for i in range(per_host):
            body = (
                f"Officials said on day {i} that {h * 10 + i} crossings reopened after the storm passed the coast, "
                "and that ferries would run again once the harbour walls had been checked by engineers.\n\n"
                f"Shops in the old town stayed shut for a {i + 2}nd day while owners cleared mud from cellars, "
                "and the council promised grants to those who had lost stock in the flood."
            )
            text = f"Storm diary: day {100 + i}\n\n{appeal}\n\n{body}\n\n- Home\n\nFollow Site {h} on Telegram"
            records.append({"id": f"h{h}-{i}", "text": text, "url": f"https://site{h}.example/day-{i}"})
    return records


def test_site_lines_give_one_text_from_the_cli_the_datatrove_pipeline_and_the_library(tmp_path, root):
    from cleaner.sitelines import SiteLineCounts

    records = site_dump()
    source = tmp_path / "in"
    source.mkdir()
    for part in range(2):
        (source / f"part{part}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records[part::2]), encoding="utf-8"
        )
    documents = run_example(root, source, tmp_path / "out", "jsonl")
    expected = cli_records(source)
    counts = SiteLineCounts()
    for record in records:
        counts.add(record["url"], record["text"])
    site_lines = counts.recurring()
    assert set(documents) == set(expected) == {r["id"] for r in records}
    for record in records:
        text = expected[record["id"]]["text"]
        assert documents[record["id"]]["text"] == text
        assert clean(record["text"], url=record["url"], source=record["id"], site_lines=site_lines).text == text
        assert text.startswith(record["text"].split("\n")[0] + "\n")  # the headline, day 100..107, stays
        assert "Officials said on day" in text
        assert "Home" not in text and "Telegram" not in text and "paid for by its readers" not in text


def test_datatrove_pipeline_on_warc_equals_the_cli(tmp_path, root):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    source = tmp_path / "in"
    source.mkdir()
    with open(source / "crawl.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for i in range(4):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            page = HTML.replace("Monday", f"day {i}").encode()
            writer.write_record(
                writer.create_warc_record(
                    f"https://example.com/{i}", "response", payload=io.BytesIO(page), http_headers=headers
                )
            )
    documents = run_example(root, source, tmp_path / "out", "warc")
    expected = cli_records(source / "crawl.warc.gz")
    assert len(documents) == 4 and set(documents) == set(expected)
    for doc_id, document in documents.items():
        assert document["text"] == expected[doc_id]["text"]
        assert document["metadata"]["cleaner"] == expected[doc_id]["meta"]
        assert "Share on Facebook" not in document["text"] and "approved the budget on day" in document["text"]


def test_datatrove_pipeline_on_parquet_equals_the_cli(tmp_path, root):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in"
    source.mkdir()
    for part in range(2):
        ids = [f"p{part}r{i}" for i in range(3)]
        texts = [TEXT.replace("Monday", f"day {part}{i}") for i in range(3)]
        urls = [f"https://example.com/{part}/{i}" for i in range(3)]
        table = pa.table({"id": ids, "text": texts, "url": urls, "lang": ["en", "de", "fr"]})
        pq.write_table(table, source / f"part{part}.parquet")
    done = subprocess.run(
        [sys.executable, "examples/datatrove_pipeline.py", str(source), str(tmp_path / "out"), "--format", "parquet"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {r["id"]: r for path in (tmp_path / "out").glob("*.parquet") for r in pq.read_table(path).to_pylist()}
    cli = tmp_path / "cli"
    # site lines counted over both files in both (six pages of one host share "Leave a Reply")
    result = CliRunner().invoke(app, ["clean", str(source), "--out", str(cli), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    expected = {r["id"]: r for path in cli.glob("*.parquet") for r in pq.read_table(path).to_pylist()}
    assert len(rows) == 6 and set(rows) == set(expected)
    for doc_id, row in rows.items():  # the same columns and values as the CLI's Parquet output
        assert row["text"] == expected[doc_id]["text"] and "Share this" not in row["text"]
        assert json.loads(row["meta"]) == json.loads(expected[doc_id]["meta"])
        assert (row["lang"], row["url"]) == (expected[doc_id]["lang"], expected[doc_id]["url"])


def clean_record(record):
    """The Dask recipe's mapped function (module level, so it pickles)."""
    result = clean(record["text"], url=record.get("url"), source=record["id"])
    return {**record, "text": result.text, "meta": result.metadata}


def test_dask_recipe(root):
    dask_bag = pytest.importorskip("dask.bag")
    records = [{"id": f"r{i}", "text": TEXT.replace("Monday", f"day {i}")} for i in range(8)]
    bag = dask_bag.from_sequence(records, npartitions=2).map(clean_record)
    results = bag.compute(scheduler="processes", num_workers=2)
    assert [r["text"] for r in results] == [clean_record(r)["text"] for r in records]
    assert all("Share this" not in r["text"] and r["meta"]["id"] == r["id"] for r in results)
