"""A run never costs a user data: outputs never replace inputs, recurring-line
removal takes only recurring text, resumed and interrupted runs give the same
bytes as whole ones, and two runs never share an output directory."""

import json
import random

from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["clean", *(str(a) for a in args)], catch_exceptions=False)


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def war_diary(n=10):
    """Ten pages of one site whose headlines and a sentence differ only in numbers,
    under a recurring appeal paragraph and a recurring menu line (with and without a bullet)."""
    rng = random.Random(3)
    words = "troops river village supply convoy bridge winter shelling talks border grain port".split()
    appeal = (
        "Our reporters stay on the ground because readers like you pay for it, so please consider a monthly "
        "gift today to keep independent reporting free for everyone who needs it."
    )
    records = []
    for i in range(n):
        story = " ".join(rng.choice(words) for _ in range(30)).capitalize() + "."
        menu = "- Latest news" if i % 2 else "Latest news"
        text = (
            f"Russia-Ukraine war: day {400 + i}\n\n{appeal}\n\n{story}\n\n"
            f"Casualties rose to {1000 + 7 * i}, officials said.\n\n{menu}"
        )
        records.append({"id": f"d{i}", "text": text, "url": f"https://diary.example/day-{400 + i}"})
    return records


def test_site_lines_take_recurring_text_not_lines_that_share_a_template(tmp_path):
    path = tmp_path / "diary.jsonl"
    write_jsonl(path, war_diary())
    assert invoke(path, "--out", tmp_path / "out", "-q").exit_code == 0
    records = read_jsonl(tmp_path / "out" / "diary.jsonl")
    assert len(records) == 10
    for record in records:
        number = int(record["id"][1:])
        assert record["text"].startswith(f"Russia-Ukraine war: day {400 + number}\n")
        assert record["meta"]["title"] == f"Russia-Ukraine war: day {400 + number}"
        assert f"Casualties rose to {1000 + 7 * number}, officials said." in record["text"]
        assert "monthly gift" not in record["text"]  # a 30-word appeal above every article
        assert "Latest news" not in record["text"]  # with or without its bullet


def test_site_lines_keep_an_article_that_recurs_in_the_dump(tmp_path):
    records = war_diary(6)
    copies = [dict(records[0], id=f"copy{i}") for i in range(4)]
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, records + copies)
    assert invoke(path, "--out", tmp_path / "out", "-q").exit_code == 0
    story = records[0]["text"].split("\n\n")[2]
    for record in read_jsonl(tmp_path / "out" / "dump.jsonl"):
        if record["id"].startswith("copy") or record["id"] == "d0":
            assert story in record["text"]


def test_resumed_run_gives_the_bytes_of_a_whole_run(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    records = war_diary()
    write_jsonl(source / "a.jsonl", records[:8])
    write_jsonl(source / "b.jsonl", records[8:])
    assert invoke(source, "--out", tmp_path / "whole", "-q").exit_code == 0
    assert invoke(source, "--out", tmp_path / "resumed", "-q").exit_code == 0
    (tmp_path / "resumed" / "b.jsonl").unlink()  # as if the run had stopped before b
    assert invoke(source, "--out", tmp_path / "resumed", "-q", "--resume").exit_code == 0
    for name in ("a.jsonl", "b.jsonl"):
        assert (tmp_path / "resumed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
