"""The command-line interface, through typer's CliRunner and as a subprocess."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def test_clean_seeds_directory_writes_text_and_metadata(root, tmp_path):
    out = tmp_path / "cleaned"
    result = runner.invoke(app, ["clean", str(root / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 10 and "004_82e4555801c7eeeb.txt" in names
    meta = json.loads((out / "004_82e4555801c7eeeb.json").read_text(encoding="utf-8"))
    assert meta["site"] == "southfront"
    assert (out / "004_82e4555801c7eeeb.txt").read_text(encoding="utf-8").startswith("Possible US Military")


def test_nested_directories_keep_their_relative_paths(tmp_path):
    source = tmp_path / "in" / "a" / "b"
    source.mkdir(parents=True)
    (source / "page.txt").write_text("Headline\n\nBody text here.\n", encoding="utf-8")
    (source / "ignored.csv").write_text("x,y", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(tmp_path / "in"), "-o", str(out), "-q"]).exit_code == 0
    assert (out / "a" / "b" / "page.txt").read_text(encoding="utf-8") == "Headline\n\nBody text here.\n"
    assert (out / "a" / "b" / "page.json").exists()
    assert not list(out.rglob("ignored*"))


def test_single_file_prints_text_or_json(root):
    seed = str(root / "seeds" / "003_bee5e3763c9fd5d6.txt")
    plain = runner.invoke(app, ["clean", seed])
    assert plain.exit_code == 0 and "appeared first on" not in plain.stdout
    as_json = runner.invoke(app, ["clean", seed, "--json"])
    record = json.loads(as_json.stdout)
    assert record["text"] == plain.stdout
    assert record["meta"]["site_name"] == "Veritas News"


def test_url_option_selects_site_rules(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Headline of the piece\n\nBody text of the article.\n\nSouthFront\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(page), "--json", "--url", "https://southfront.press/x"])
    meta = json.loads(result.stdout)["meta"]
    assert meta["site"] == "southfront" and meta["url"] == "https://southfront.press/x"


def test_user_mistakes_give_one_line_and_exit_2(root, tmp_path):
    missing = runner.invoke(app, ["clean", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.stderr
    inside = runner.invoke(app, ["clean", str(root / "seeds"), "--out", str(root / "seeds" / "out")])
    assert inside.exit_code == 2 and "inside the input directory" in inside.stderr
    several = runner.invoke(app, ["clean", str(root / "seeds")])
    assert several.exit_code == 2 and "need --out" in several.stderr
    bad_rules = tmp_path / "rules"
    bad_rules.mkdir()
    (bad_rules / "bad.toml").write_text('[site]\nid = "x"\nfoo = 1\n', encoding="utf-8")
    bad = runner.invoke(app, ["clean", str(root / "seeds"), "-o", str(tmp_path / "o"), "--rules", str(bad_rules)])
    assert bad.exit_code == 2 and "bad.toml" in bad.stderr and "foo" in bad.stderr
    for result in (missing, inside, several, bad):
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_colliding_outputs_are_refused(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("Text.", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "same output" in result.stderr


def test_rules_test_command_passes_on_builtin_rules():
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0 and "0 failing" in result.stderr


def test_rules_test_command_reports_a_failing_example(tmp_path):
    (tmp_path / "ex.toml").write_text(
        '[site]\nid = "ex"\n[[rule]]\nid = "ex/a"\nkind = "share"\nline = \'Share\'\ndrop = ["Share it"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rules", "test", "--rules", str(tmp_path)])
    assert result.exit_code == 1 and "ex/a: kept ['Share it']" in result.stdout


def test_python_dash_m_and_version(root):
    done = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0 and done.stdout.startswith("cleaner ")


def test_html_files_in_directories_and_options(root, tmp_path):
    source = tmp_path / "dump"
    source.mkdir()
    page = (root / "fixtures" / "html" / "figcaption" / "input.html").read_bytes()
    (source / "story.html").write_bytes(page)
    (source / "notes.txt").write_text("Headline\n\nA text note, not HTML.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(source), "-o", str(out), "--captions", "meta", "-q"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "story.json").read_text(encoding="utf-8"))
    assert meta["input_format"] == "html" and meta["captions"]
    assert "nine to four" in (out / "story.txt").read_text(encoding="utf-8")
    assert json.loads((out / "notes.json").read_text(encoding="utf-8"))["input_format"] == "text"
    as_text = runner.invoke(app, ["clean", str(source / "story.html"), "--input-format", "text", "--json"])
    assert json.loads(as_text.stdout)["meta"]["input_format"] == "text"
    bad = runner.invoke(app, ["clean", str(source / "story.html"), "--captions", "hide"])
    assert bad.exit_code == 2 and "hide" in bad.stderr
