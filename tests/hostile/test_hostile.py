"""Hostile and broken input: each kind of bad input, in a batch beside a good
document, is cleaned or fails with a specific message, and the batch goes on."""

import gzip
import json

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()
GOOD = "Good headline here\n\nThe council approved the budget on Monday after a long debate about schools.\n"


def binary_html(folder):
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)


def truncated_gzip(folder):
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(GOOD.encode() * 200)[:-40])


def invalid_utf8(folder):
    (folder / "invalid.txt").write_bytes(b"Caf\xe9 au lait \xff\xfe and \xc3 broken " * 20 + b"\n")


def mixed_encodings(folder):
    data = "Grüße aus Köln. ".encode() * 10 + "Grüße aus Köln. ".encode("latin-1") * 10
    (folder / "mixed.txt").write_bytes(data)


def huge_line(folder):
    (folder / "huge.txt").write_text("word " * 10_000_000 + "\n", encoding="utf-8")  # one 50 MB line


def deep_nesting(folder):
    (folder / "deep.html").write_text(
        "<html><body>"
        + "<div>" * 10_000
        + "<p>Deep text here, long enough to keep as a paragraph of text.</p>"
        + "</div>" * 10_000
        + "</body></html>",
        encoding="utf-8",
    )


def entity_bomb(folder):
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    (folder / "bomb.html").write_text(
        f"<!DOCTYPE html [{entities}]><html><body><p>&a9;</p><p>{GOOD}</p></body></html>", encoding="utf-8"
    )


def xxe(folder):
    (folder / "xxe.html").write_text(
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p><p>{GOOD}</p></body></html>',
        encoding="utf-8",
    )


def broken_jsonl(folder):
    (folder / "records.jsonl").write_text(
        json.dumps({"id": "ok", "text": GOOD}) + "\n{broken json\n[1, 2]\n" + json.dumps({"id": "no-text"}) + "\n",
        encoding="utf-8",
    )


def empty_file(folder):
    (folder / "empty.txt").write_bytes(b"")


def too_large(folder):
    (folder / "large.txt").write_bytes(b"a " * 3_000_000)  # 6 MB, over the limit set below


CASES = {
    # name: (make, expected: "cleaned" or an error message fragment)
    "binary-html": (binary_html, "cleaned"),
    "truncated-gzip": (truncated_gzip, "cannot read input"),
    "invalid-utf8": (invalid_utf8, "cleaned"),
    "mixed-encodings": (mixed_encodings, "cleaned"),
    "50mb-line": (huge_line, "cleaned"),
    "deep-nesting": (deep_nesting, "cleaned"),
    "entity-bomb": (entity_bomb, "cleaned"),
    "xxe": (xxe, "cleaned"),
    "broken-jsonl": (broken_jsonl, "bad JSON on line 2"),
    "empty-file": (empty_file, "cleaned"),
    "too-large": (too_large, "over the 5 MB limit"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(tmp_path, name):
    make, expected = CASES[name]
    source = tmp_path / "in"
    source.mkdir()
    make(source)
    (source / "zz-good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    limit = "5000000" if name == "too-large" else "60000000"
    result = runner.invoke(
        app, ["clean", str(source), "--out", str(out), "--max-bytes", limit, "--timeout", "30", "--jobs", "2", "-q"]
    )
    assert "Traceback" not in result.output
    assert (out / "zz-good.txt").read_text(encoding="utf-8").startswith("Good headline here"), "the batch goes on"
    errors = out / "errors.jsonl"
    if expected == "cleaned":
        assert result.exit_code == 0, errors.read_text(encoding="utf-8") if errors.exists() else result.output
        for path in out.glob("*.txt"):
            path.read_text(encoding="utf-8")  # valid UTF-8
        assert "TOP" not in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.txt"))
        if name == "xxe":
            assert "root:" not in (out / "xxe.txt").read_text(encoding="utf-8")
    else:
        assert result.exit_code == 1
        assert expected in errors.read_text(encoding="utf-8")


USER_MISTAKES = [
    (["clean", "missing-dir", "--out", "o"], "no such file or directory"),
    (["clean", "{seeds}", "--out", "{seeds}/inside"], "inside the input directory"),
    (["clean", "{seeds}", "--out", "o", "--captions", "hide"], "hide"),
    (["clean", "{seeds}", "--out", "o", "--rules", "{bad_rules}"], "bad.toml:3"),
    (["clean", "{seeds}/unknown.xyz"], "no such file or directory"),
    (["clean", "{tmp}/data.xyz"], "unknown input type"),
]


@pytest.mark.parametrize(("args", "message"), USER_MISTAKES, ids=[m for _, m in USER_MISTAKES])
def test_user_mistakes_give_one_line_and_exit_2(tmp_path, root, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad_rules = tmp_path / "rules"
    bad_rules.mkdir()
    (bad_rules / "bad.toml").write_text('[site]\nid = "x"\ncolour = 1\n', encoding="utf-8")
    (tmp_path / "data.xyz").write_text("x", encoding="utf-8")
    values = {"seeds": root / "seeds", "bad_rules": bad_rules, "tmp": tmp_path}
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unexpected_errors_are_one_line_unless_debug(tmp_path, monkeypatch):
    from cleaner import cli

    def explode(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(cli, "find_units", explode)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    quiet = runner.invoke(app, ["clean", str(tmp_path / "a.txt")])
    assert quiet.exit_code == 2 and "RuntimeError: something broke" in quiet.stderr and "Traceback" not in quiet.output
    loud = runner.invoke(app, ["--debug", "clean", str(tmp_path / "a.txt")])
    assert loud.exit_code != 0 and isinstance(loud.exception, RuntimeError)


def test_the_library_api_has_the_time_limit_too(tmp_path):
    import time

    from cleaner import Config, clean
    from cleaner.pipeline import DocumentTimeout

    (tmp_path / "slow.toml").write_text(
        '[site]\nid = "slow"\nhosts = ["slow.example"]\n[[rule]]\nid = "slow/x"\nkind = "nav"\n'
        "line = 'a*a*a*a*a*a*a*a*a*a*c'\ndrop = [\"aac\"]\n",
        encoding="utf-8",
    )
    config = Config(rule_dirs=(str(tmp_path),), timeout=0.5)
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout):
        clean("a" * 40 + "b", url="https://slow.example/", config=config)
    assert time.perf_counter() - started < 3
    assert clean("fine text.", config=config).text == "fine text.\n"
