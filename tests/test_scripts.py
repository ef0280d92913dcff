"""Smoke tests of the scripts in scripts/ on a small benchmark file built here."""

import gzip
import json
import subprocess
import sys

import pytest

ARTICLE = (
    "The council approved the new budget on Monday after a long debate about school funding. "
    "Members agreed to raise spending on repairs by ten percent over the next two years."
)


def make_bench(folder, dataset="tiny"):
    records = []
    for i in range(3):
        gold = f"Budget story number {i}\n\n{ARTICLE}"
        text = f"Home\nNews\nSport\n\n{gold}\n\nShare this:\nFacebook\nTwitter\n\nCopyright 2024 Example Media"
        html = f"<html><head><title>Budget {i}</title></head><body><nav>Home News Sport</nav><article>"
        html += f"<h1>Budget story number {i}</h1><p>{ARTICLE}</p></article><footer>Copyright</footer></body></html>"
        records.append(
            {"id": f"{dataset}/{i}", "dataset": dataset, "url": "", "html": html, "text": text, "gold": gold}
        )
    with gzip.open(folder / f"{dataset}.dev.jsonl.gz", "wt", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record) + "\n")


def run_script(root, *args):
    done = subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_eval_script_runs_and_scores(root, tmp_path):
    make_bench(tmp_path)
    out = tmp_path / "eval.json"
    systems = ["all-text", "c4-lines", "cleaner-text", "trafilatura"]
    done = run_script(
        root, "scripts/eval.py", "--bench", str(tmp_path), "--systems", *systems, "--jobs", "1", "--json", str(out)
    )
    assert "### tiny" in done.stdout and "| cleaner-text | text |" in done.stdout
    summary = json.loads(out.read_text())
    scores = summary["datasets"]["tiny"]
    assert scores["all-text"]["recall"] == 1.0 and scores["all-text"]["precision"] < 1.0
    assert scores["cleaner-text"]["precision"] > scores["all-text"]["precision"]
    assert len(summary["pages"]) == 3


def make_scraped_bench(folder, dataset="tiny"):
    """A scraper-style file: headline, blank line, article, furniture; lines labelled."""
    with gzip.open(folder / f"{dataset}.scraped.dev.jsonl.gz", "wt", encoding="utf-8") as stream:
        for i in range(2):
            title = f"Council approves budget number {i}"
            text = f"{title}\n\n{ARTICLE}\nShare this:\nFacebook\nTwitter"
            lines = [[1, "K"], [3, "K"], [4, "D"], [5, "D"], [6, "D"]]
            record = {"id": f"{dataset}/{i}", "dataset": dataset, "url": "", "title": title, "text": text}
            stream.write(json.dumps({**record, "gold": ARTICLE, "lines": lines}) + "\n")


def test_eval_scraped_mode_scores_lines_headlines_and_titles(root, tmp_path):
    make_scraped_bench(tmp_path)
    make_bench(tmp_path)  # the full-text file beside it is not read in this mode
    out = tmp_path / "scraped.json"
    done = run_script(
        root,
        "scripts/eval.py",
        "--scraped",
        "--bench",
        str(tmp_path),
        "--jobs",
        "1",
        "--json",
        str(out),
        "--show",
        "furniture",
    )
    assert "### tiny (scraper-style)" in done.stdout
    scores = json.loads(out.read_text())["datasets"]["tiny"]
    alone, cleaner = scores["all-text"], scores["cleaner-text"]
    assert alone["content_kept"] == 1.0 and alone["furniture_removed"] == 0.0 and alone["headlines_kept"] == 1.0
    assert (cleaner["content_lines"], cleaner["furniture_lines"], cleaner["headlines"]) == (4, 6, 2)
    assert cleaner["content_kept"] == 1.0 and cleaner["headlines_kept"] == 1.0
    assert cleaner["title_is_headline"] == 1.0
    assert cleaner["furniture_removed"] > 0.5  # the share header and its buttons go
    assert cleaner["f1"] > alone["f1"]


def test_eval_script_rejects_unknown_dataset(root, tmp_path):
    make_bench(tmp_path)
    done = subprocess.run(
        [sys.executable, "scripts/eval.py", "--bench", str(tmp_path), "--dataset", "nope"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "unknown dataset" in done.stderr


def test_eval_fixture_report(root):
    done = run_script(root, "scripts/eval.py", "--fixtures")
    rows = [line for line in done.stdout.splitlines() if line.startswith("| seeds/")]
    assert len(rows) == 5
    assert all("| 1.000 | 1.000 |" in row for row in rows), rows


@pytest.mark.parametrize("order", [[], ["--interleave"]], ids=["one-after-the-other", "interleaved"])
def test_bench_script_reports_ratios(root, tmp_path, order):
    make_bench(tmp_path)
    make_bench(tmp_path, "small")
    out = tmp_path / "bench.json"
    done = run_script(
        root,
        "scripts/bench.py",
        "--bench",
        str(tmp_path),
        "--systems",
        "cleaner-text",
        "c4-lines",
        "--baseline",
        "c4-lines",
        "--json",
        str(out),
        *order,
    )
    assert "docs/s ÷ c4-lines" in done.stdout
    figures = json.loads(out.read_text())["systems"]
    assert figures["c4-lines"]["ratio"] == 1.0 and figures["cleaner-text"]["docs_per_s"] > 0
    assert "| small | cleaner-text |" in done.stdout  # per dataset too
    assert figures["c4-lines"]["datasets"]["tiny"]["ratio"] == 1.0


def test_review_repairs_lists_the_seed_repairs(root):
    done = run_script(root, "scripts/review_repairs.py", "seeds")
    assert "003_bee5e3763c9fd5d6.txt:2: repair/glued-words: 'Marco Rubioas a' -> 'Marco Rubio as a'" in done.stdout
    assert "flagged machine_translation: 1" in done.stderr


def test_check_idempotence_reports_each_mode(root, tmp_path):
    make_bench(tmp_path)
    for mode in ("text", "html"):
        done = run_script(root, "scripts/check_idempotence.py", "--bench", str(tmp_path), "--mode", mode)
        assert f"0 of 3 pages change when cleaned again ({mode} mode)" in done.stdout


@pytest.mark.parametrize(
    "script",
    ["regen_fixtures.py", "build_seed_fixtures.py", "eval.py", "bench.py", "review_repairs.py", "check_idempotence.py"],
)
def test_scripts_have_help(root, script):
    assert "usage" in run_script(root, f"scripts/{script}", "--help").stdout


def test_c4_tfds_follows_c4s_page_rules(root):
    """The port of C4's clean_page: line rules, page drops and the sentence minimum."""
    pytest.importorskip("nltk")
    sys.path.insert(0, str(root / "scripts"))
    from eval import c4_tfds

    body = "\n".join(f"Sentence number {i} has more than five words in it." for i in range(3))
    text = f"Home\nShort line here.\nRead our privacy policy to learn more about it.\n{body}\nTrailing words go on..."
    assert c4_tfds({"text": text}) == body  # menus, short lines, policy lines and ellipses go
    assert c4_tfds({"text": body.split("\n", 1)[1]}) == ""  # two sentences: the page goes
    assert c4_tfds({"text": body + "\nThe code is function() { return 1; } in this line."}) == ""  # a curly bracket
    assert c4_tfds({"text": body + "\nLorem ipsum dolor sit amet, consectetur."}) == ""
    assert c4_tfds({"text": body + "\nPlease enable JavaScript to view this page."}) == body
