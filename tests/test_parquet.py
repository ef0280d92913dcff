"""Parquet in and out: every input column kept, text equal to clean() of the
row, chosen columns, folders and globs, bad files and rows, resume."""

import datetime
import json

import pytest
from typer.testing import CliRunner

from cleaner import clean
from cleaner.cli import app
from cleaner.records import Fields

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

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


def dump_table(count=6):
    """Rows of text (one site each, so no site lines apply) with an extra column of another type."""
    return pa.table(
        {
            "id": [f"r{i}" for i in range(count)],
            "text": [TEXT.replace("Monday", f"day {i}") for i in range(count)],
            "url": [f"https://site{i}.example.com/a" for i in range(count)],
            "crawled": [datetime.datetime(2024, 5, 1, 12, i) for i in range(count)],
            "score": [i / 10 for i in range(count)],
        }
    )


def test_rows_round_trip_with_every_column_and_the_text_of_clean(tmp_path):
    table = dump_table()
    pq.write_table(table, tmp_path / "dump.parquet")
    result = invoke(tmp_path / "dump.parquet", "--out", tmp_path / "out", "-q", "--jobs", 2)
    assert result.exit_code == 0, result.output
    output = pq.read_table(tmp_path / "out" / "dump.parquet")
    assert output.schema.names == [*table.schema.names, "meta"]
    assert output.schema.field("crawled").type == table.schema.field("crawled").type
    for row, cleaned in zip(table.to_pylist(), output.to_pylist(), strict=True):
        expected = clean(row["text"], url=row["url"], source=row["id"])
        assert cleaned["text"] == expected.text and BODY.replace("Monday", "day") not in cleaned["text"]
        assert json.loads(cleaned["meta"]) == expected.metadata
        assert {k: cleaned[k] for k in ("id", "url", "crawled", "score")} == {
            k: row[k] for k in ("id", "url", "crawled", "score")
        }


def test_html_column_text_column_and_failed_rows(tmp_path):
    table = pa.table(
        {
            "key": ["a", "b", "c"],
            "body": [TEXT, None, None],
            "page": [None, HTML.encode(), None],
            "link": ["https://southfront.press/x", "https://example.com/b", None],
        }
    )
    pq.write_table(table, tmp_path / "d.parquet")
    fields = ["--text-field", "body", "--html-field", "page", "--url-field", "link", "--id-field", "key"]
    result = invoke(tmp_path / "d.parquet", "--out", tmp_path / "out", "-q", "--jobs", 1, *fields)
    assert result.exit_code == 1  # row c has no text
    rows = pq.read_table(tmp_path / "out" / "d.parquet").to_pylist()
    assert [r["key"] for r in rows] == ["a", "b"]  # the failed row is left out, as in JSONL output
    assert rows[0]["body"] == TEXT and rows[0]["text"] == clean(TEXT, url="https://southfront.press/x").text
    assert json.loads(rows[0]["meta"])["site"] == "southfront"
    assert json.loads(rows[1]["meta"])["input_format"] == "html" and "Share on Facebook" not in rows[1]["text"]
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert [(e["record_id"], e["error"]) for e in errors] == [("c", "RecordError")]
    assert "'page' or 'body'" in errors[0]["message"]


def test_bad_files_fail_alone_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pq.write_table(dump_table(2), folder / "good.parquet")
    whole = (folder / "good.parquet").read_bytes()
    (folder / "truncated.parquet").write_bytes(whole[: len(whole) // 2])
    (folder / "garbage.parquet").write_bytes(b"not parquet at all" * 10)
    pq.write_table(pa.table({"body": ["x"]}), folder / "nocolumn.parquet")
    pq.write_table(pa.table({"text": [1, 2]}), folder / "wrongtype.parquet")
    pq.write_table(pa.table({"text": ["a"], "url": [3]}), folder / "wrongurl.parquet")
    result = invoke(folder, "--out", tmp_path / "out", "--jobs", 1, "--glob", "*.parquet")
    assert result.exit_code == 1
    errors = {
        e["source"].rsplit("/", 1)[1]: e["message"]
        for e in map(json.loads, (tmp_path / "out" / "errors.jsonl").read_text().splitlines())
    }
    assert set(errors) == {
        "truncated.parquet",
        "garbage.parquet",
        "nocolumn.parquet",
        "wrongtype.parquet",
        "wrongurl.parquet",
    }
    assert "no column 'html' or 'text' (columns: body)" in errors["nocolumn.parquet"]
    assert "column 'text' holds int64, not strings" in errors["wrongtype.parquet"]
    assert "column 'url' holds int64" in errors["wrongurl.parquet"]
    assert all(m.startswith("cannot read input:") for m in errors.values())
    assert pq.read_table(tmp_path / "out" / "good.parquet").num_rows == 2
    assert not (tmp_path / "out" / "truncated.parquet").exists()  # no schema to write
    assert "2 cleaned, 5 failed" in result.stderr


def test_many_row_groups_are_read_and_written_a_batch_at_a_time(tmp_path, monkeypatch):
    from cleaner import readers, writers

    monkeypatch.setattr(readers, "PARQUET_BATCH_ROWS", 3)
    monkeypatch.setattr(writers.ParquetOutput, "ROW_GROUP_ROWS", 4)
    table = dump_table(10)
    pq.write_table(table, tmp_path / "dump.parquet", row_group_size=3)
    result = invoke(tmp_path / "dump.parquet", "--out", tmp_path / "out", "-q", "--jobs", 1)
    assert result.exit_code == 0, result.output
    output = pq.ParquetFile(tmp_path / "out" / "dump.parquet")
    assert output.metadata.num_row_groups == 3  # 4 + 4 + 2 rows
    assert output.read().column("id").to_pylist() == table.column("id").to_pylist()


def test_resume_skips_finished_parquet_outputs_and_redoes_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        pq.write_table(dump_table(3), folder / f"{name}.parquet")
    out = tmp_path / "out"
    assert invoke(folder, "--out", out, "-q", "--jobs", 1).exit_code == 0
    first = pq.read_table(out / "b.parquet")
    (out / "b.parquet").unlink()
    (out / ".b.parquet.x1y2.tmp").write_bytes(b"left by a killed run")
    resumed = invoke(folder, "--out", out, "--jobs", 1, "--resume")
    assert resumed.exit_code == 0 and "1 input file(s) already done" in resumed.stderr
    assert pq.read_table(out / "b.parquet").equals(first)
    assert not list(out.glob(".*.tmp"))


def test_input_format_parquet_stdout_and_stdin(tmp_path):
    table = pa.table({"text": [TEXT], "raw": [b"\xff bytes"], "day": [datetime.date(2024, 5, 1)]})
    pq.write_table(table, tmp_path / "export.bin")
    result = invoke(tmp_path / "export.bin", "--input-format", "parquet", "--out", "-", "-q", "--jobs", 1)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["day"] == "2024-05-01" and record["raw"] == "\ufffd bytes" and record["meta"]["id"] == "row 0"
    refused = runner.invoke(app, ["clean", "-", "--input-format", "parquet", "--out", str(tmp_path / "o")], input="")
    assert refused.exit_code == 2 and "stdin cannot be read as Parquet" in refused.stderr


def test_columns_of_any_type_come_out_exactly_as_they_went_in(tmp_path):
    import decimal

    count = 4
    table = pa.table(
        {
            "id": [f"r{i}" for i in range(count)],
            "text": pa.array([TEXT.replace("Monday", f"day {i}") for i in range(count)]).dictionary_encode(),
            "fetched": pa.array([datetime.datetime(2024, 5, 1, i) for i in range(count)], pa.timestamp("ms", tz="UTC")),
            "price": pa.array([decimal.Decimal(f"{i}.25") for i in range(count)], pa.decimal128(6, 2)),
            "headers": pa.array(
                [[("server", "nginx"), ("age", str(i))] for i in range(count)], pa.map_(pa.string(), pa.string())
            ),
            "links": pa.array([[i, i + 1] for i in range(count)], pa.list_(pa.int32())),
            "raw": pa.array([bytes([i]) * 10 for i in range(count)], pa.large_binary()),
        }
    )
    pq.write_table(table, tmp_path / "typed.parquet")
    result = invoke(tmp_path / "typed.parquet", "--out", tmp_path / "out", "-q", "--jobs", 1)
    assert result.exit_code == 0, result.output
    output = pq.read_table(tmp_path / "out" / "typed.parquet")
    for name in ("id", "fetched", "price", "headers", "links", "raw"):
        assert output.column(name).equals(table.column(name)), name
    assert str(output.schema.field("text").type) == "string"  # a dictionary column of text becomes plain strings
    assert output.column("text").to_pylist() == [
        clean(t, source=f"r{i}").text for i, t in enumerate(table.column("text").to_pylist())
    ]


def test_a_parquet_output_run_reads_only_the_columns_it_cleans(tmp_path):
    """The other columns are copied from the input by the Parquet output, so
    the rows handed to the workers carry only text, HTML, URL and id; a run
    to stdout (JSONL) still carries them all."""
    from cleaner.readers import read_tasks, unit_for

    pq.write_table(dump_table(2), tmp_path / "dump.parquet")
    unit = unit_for(tmp_path / "dump.parquet", tmp_path / "dump.parquet", "auto")
    lean = next(read_tasks(unit, Fields(), None, whole_records=False))
    whole = next(read_tasks(unit, Fields(), None))
    assert set(lean.fields) == {"id", "text", "url"} and lean.data == whole.data and lean.url == whole.url
    assert set(whole.fields) == {"id", "text", "url", "crawled", "score"}


def test_a_column_name_repeated_in_the_input_is_kept_twice(tmp_path):
    """Columns are matched by position: an input with two columns named
    ``k`` comes out with both, beside the clean text and its metadata."""
    table = pa.Table.from_arrays(
        [pa.array(["a", "b"]), pa.array([TEXT, TEXT]), pa.array([1, 2]), pa.array(["x", "y"])],
        names=["id", "text", "k", "k"],
    )
    pq.write_table(table, tmp_path / "dup.parquet")
    result = invoke(tmp_path / "dup.parquet", "--out", tmp_path / "out", "-q", "--jobs", 1, "--no-site-lines")
    assert result.exit_code == 0, result.output
    output = pq.ParquetFile(tmp_path / "out" / "dup.parquet").read()  # read_table refuses repeated names
    assert output.schema.names == ["id", "text", "k", "k", "meta"]
    assert output.column(2).to_pylist() == [1, 2] and output.column(3).to_pylist() == ["x", "y"]
    assert output.column("text").to_pylist() == [clean(TEXT, source=i).text for i in ("a", "b")]
