"""Rule tooling through the CLI: list, show, check, test, explain, new-site,
learn and --rule-stats."""

import json
import random
import re

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_rules_list_and_show():
    listed = invoke("rules", "list")
    assert listed.exit_code == 0
    assert re.search(
        r"^southfront\tSouthFront\tsouthfront.press,.*\t8\t.*southfront.toml\tbuilt-in$", listed.stdout, re.M
    )
    shown = invoke("rules", "show", "southfront")
    assert shown.exit_code == 0 and "southfront/donation-ladder [donation] block" in shown.stdout
    assert "drop: '0 $\\n2,350 $" in shown.stdout
    missing = invoke("rules", "show", "nope")
    assert missing.exit_code == 2 and "rules list" in missing.stderr


GOOD = """[site]
id = "ex"
hosts = ["example.com"]

[[rule]]
id = "ex/share"
kind = "share"
line = 'Share this'
drop = ["Share this"]
"""

BAD_FILES = {
    "bad-toml.toml": (GOOD.replace('kind = "share"', 'kind = "share'), 7, "TOML syntax"),
    "bad-regex.toml": (GOOD.replace("line = 'Share this'", "line = 'Share (this'"), 8, "bad regex"),
    "bad-xpath.toml": (GOOD.replace("line = 'Share this'", "xpath = '//div[@class='"), 8, "bad XPath"),
    "unknown-key.toml": (
        GOOD.replace('kind = "share"', 'kind = "share"\ncolour = "red"'),
        8,
        "unknown key(s) ['colour']",
    ),
    "catastrophic.toml": (GOOD.replace("line = 'Share this'", "line = '(\\w+\\s?)*$'"), 8, "catastrophically"),
    "no-examples.toml": (GOOD.replace('drop = ["Share this"]', ""), 6, "needs at least one 'drop' example"),
    "wrong-type.toml": (GOOD.replace('hosts = ["example.com"]', 'hosts = "example.com"'), 3, "'hosts' must be a list"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_rules_check_reports_one_clear_error_with_file_and_line(tmp_path, name):
    body, line, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = invoke("rules", "check", path)
    assert result.exit_code == 1
    errors = result.stdout.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:{line}: ") and message in errors[0]


def test_rules_check_passes_builtin_and_flags_duplicates(tmp_path):
    assert invoke("rules", "check").exit_code == 0
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    result = invoke("rules", "check", tmp_path)
    assert result.exit_code == 1 and "site id 'ex' is also defined" in result.stdout


def test_catastrophic_regex_is_rejected_quickly(tmp_path):
    import time

    path = tmp_path / "slow.toml"
    path.write_text(GOOD.replace("line = 'Share this'", "line = '(a+)+$'"), encoding="utf-8")
    started = time.perf_counter()
    assert invoke("rules", "check", path).exit_code == 1
    assert time.perf_counter() - started < 1.0


def test_rules_test_prints_failing_examples(tmp_path):
    path = tmp_path / "ex.toml"
    path.write_text(
        GOOD.replace('drop = ["Share this"]', 'drop = ["Share this"]\nkeep = ["Share this"]'), encoding="utf-8"
    )
    result = invoke("rules", "test", path)
    assert result.exit_code == 1 and "ex/share: dropped ['Share this'] of example 'Share this'" in result.stdout


def test_explain_text_and_json(root):
    seed = root / "seeds" / "003_bee5e3763c9fd5d6.txt"
    text = invoke("explain", seed)
    assert text.exit_code == 0
    assert "   20 - [footer generic/rss-footer] The post Maduro" in text.stdout
    assert "repair [repair/glued-words] 'Marco Rubioas a' -> 'Marco Rubio as a'" in text.stdout
    view = json.loads(invoke("explain", seed, "--format", "json").stdout)
    dropped = [b for b in view["blocks"] if b["status"] == "drop"]
    assert [b["line"] for b in dropped] == [20] and dropped[0]["reasons"][0]["rule"] == "generic/rss-footer"
    html = json.loads(
        invoke("explain", root / "fixtures" / "html" / "share-bar" / "input.html", "--format", "json").stdout
    )
    assert html["removed_elements"][0]["rule"] == "generic/html-share"


def test_new_site_writes_a_skeleton_that_checks(tmp_path):
    result = invoke("new-site", "examplenews", "--host", "news.example.com", "--dir", tmp_path)
    assert result.exit_code == 0
    path = tmp_path / "examplenews.toml"
    assert 'hosts = ["news.example.com"]' in path.read_text(encoding="utf-8")
    assert invoke("rules", "check", path).exit_code == 0
    again = invoke("new-site", "examplenews", "--host", "news.example.com", "--dir", tmp_path)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert invoke("new-site", "Bad Id", "--host", "x.com", "--dir", tmp_path).exit_code == 2


def test_the_skeleton_example_rules_pass_their_own_examples_once_uncommented(tmp_path):
    assert invoke("new-site", "demo", "--host", "demo.example", "--dir", tmp_path).exit_code == 0
    path = tmp_path / "demo.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    example_rules = lines[next(i for i, line in enumerate(lines) if line.startswith("# [[rule]]")) :]
    uncommented = [line.removeprefix("# ") for line in example_rules if line.startswith("# ") or not line]
    path.write_text("\n".join(lines[: len(lines) - len(example_rules)] + uncommented) + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines().count("[[rule]]") == 3
    result = invoke("rules", "test", path)
    passed = re.search(r"3 rules, \d+ labellers in code, 0 failing", result.output)
    assert result.exit_code == 0 and passed, result.output


def test_every_error_of_a_rule_file_is_reported_and_user_ids_may_not_clash(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[site]\nid = "bad"\nhosts = ["bad.example"]\n\n'
        '[[rule]]\nid = "bad/one"\nkind = "nonsense"\nline = "x"\ndrop = ["x"]\n\n'
        '[[rule]]\nid = "bad/two"\nkind = "nav"\nline = "(unclosed"\ndrop = ["x"]\n',
        encoding="utf-8",
    )
    checked = invoke("rules", "check", bad)
    assert checked.exit_code == 1
    assert "bad.toml:7:" in checked.stdout and "bad.toml:14:" in checked.stdout, checked.stdout
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "mine.toml").write_text('[site]\nid = "mine"\nhosts = ["mine.example"]\n', encoding="utf-8")
    clash = invoke("clean", "--rules", first, "--rules", second, bad, "--out", tmp_path / "out")
    assert clash.exit_code == 2 and "site id 'mine' is also defined in" in clash.stderr
    (first / "southfront.toml").write_text('[site]\nid = "southfront"\nhosts = ["x.example"]\n', encoding="utf-8")
    text = tmp_path / "page.txt"
    text.write_text("Headline of the page\n\nA sentence of the article that stays here.\n", encoding="utf-8")
    replaced = invoke("clean", "--rules", first, text)
    assert replaced.exit_code == 0 and "replaces the built-in rules of 'southfront'" in replaced.stderr


# --- learn: a synthetic dump of three sites -------------------------------------------------

WORDS = (
    "council budget river school road minister vote plan city report water energy court market "
    "farm rail bridge hospital police museum"
).split()


def sentence(rng, words=16):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def site_documents(rng, count, furniture_top, furniture_end, shared_sentences):
    docs = []
    for i in range(count):
        body = [sentence(rng) for _ in range(rng.randint(4, 8))]
        if i < len(shared_sentences) * 3:  # wire copy: each shared sentence in three documents
            body.insert(1, shared_sentences[i // 3])
        docs.append(
            [line(i, rng) for line in furniture_top]
            + [sentence(rng, 7)[:-1]]
            + body
            + [line(i, rng) for line in furniture_end]
        )
    return docs


def fixed(text):
    return lambda i, rng: text


def amount(i, rng):
    return f"{rng.randint(1, 9)},{rng.randint(100, 999)} $"


SOUTHFRONTISH_TOP = [
    fixed("0 $"),
    fixed("2,350 $"),
    fixed("4,700 $"),
    amount,
    fixed("DECEMBER 2025"),
    fixed("Killed mercenaries in Ukraine"),
    fixed("Total Killed"),
    lambda i, r: f"{6000 + i}",
    fixed("This Week"),
    lambda i, r: f"{r.randint(10, 90)}",
]
SOUTHFRONTISH_END = [
    fixed("Subscribe"),
    fixed("Notify of"),
    fixed("guest"),
    lambda i, r: f"{r.randint(1, 40)} Comments",
    fixed("Oldest"),
    fixed("Newest Most Voted"),
    fixed("Would love your thoughts, please comment.x"),
]


def write_dump(folder, rng):
    shared = [sentence(rng, 20) for _ in range(4)]
    sites = {
        "southfront.example": site_documents(rng, 90, SOUTHFRONTISH_TOP, SOUTHFRONTISH_END, shared[:2]),
        "news.example.org": site_documents(
            rng,
            70,
            [fixed("Home | World | Politics | Sport")],
            [fixed("Share on Facebook"), fixed("Read more stories like this")],
            shared[2:],
        ),
        "blog.example.net": site_documents(
            rng, 60, [], [fixed("The post appeared first on Example Blog."), fixed("Tags: politics, economy")], []
        ),
    }
    records = []
    for host, docs in sites.items():
        records += [
            {"id": f"{host}-{i}", "url": f"https://{host}/{i}", "text": "\n\n".join(doc)} for i, doc in enumerate(docs)
        ]
    rng.shuffle(records)
    (folder / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return shared


def test_learn_recovers_planted_widgets_and_no_shared_sentence(tmp_path):
    rng = random.Random(7)
    shared = write_dump(tmp_path, rng)
    result = invoke("learn", tmp_path / "dump.jsonl", "--out", tmp_path / "rules" / "learned.toml")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "rules").glob("*.toml"))
    assert [f.name for f in files] == [
        "learned.blog-example-net.toml",
        "learned.news-example-org.toml",
        "learned.southfront-example.toml",
    ]
    assert invoke("rules", "check", tmp_path / "rules").exit_code == 0
    assert invoke("rules", "test", tmp_path / "rules").exit_code == 0
    southfront = (tmp_path / "rules" / "learned.southfront-example.toml").read_text(encoding="utf-8")
    for widget_line in ("0 $", "Killed mercenaries in Ukraine", "Total Killed", "Notify of", "Newest Most Voted"):
        assert widget_line in southfront, widget_line
    assert "hits: 90 documents (100% of the site's documents)" in southfront
    news = (tmp_path / "rules" / "learned.news-example-org.toml").read_text(encoding="utf-8")
    assert "Share on Facebook" in news and "Home | World | Politics | Sport" in news
    everything = "".join(f.read_text(encoding="utf-8") for f in files)
    for text in shared:
        assert text not in everything and text[:40] not in everything
    # the learned rules clean the dump they came from
    cleaned = invoke("clean", tmp_path / "dump.jsonl", "--out", "-", "--rules", tmp_path / "rules", "-q")
    first = json.loads(cleaned.stdout.splitlines()[0])
    assert "Notify of" not in first["text"] and "Share on Facebook" not in first["text"]


def test_learn_groups_documents_without_urls_by_shared_furniture(tmp_path):
    rng = random.Random(3)
    docs = site_documents(rng, 40, SOUTHFRONTISH_TOP, [], []) + site_documents(
        rng, 40, [fixed("Home | World | Politics | Sport")], [fixed("Share on Facebook")], []
    )
    folder = tmp_path / "dump"
    folder.mkdir()
    for i, doc in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text("\n\n".join(doc), encoding="utf-8")
    result = invoke("learn", folder, "--out", tmp_path / "learned.toml")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("learned.*.toml"))) == 2


def test_rule_stats(tmp_path, root):
    stats = tmp_path / "stats.json"
    result = invoke("clean", root / "seeds", "--out", tmp_path / "out", "--rule-stats", stats, "-q")
    assert result.exit_code == 0
    report = json.loads(stats.read_text(encoding="utf-8"))
    assert report["rules"]["southfront/donation-ladder"]["hits"] == 2
    assert report["rules"]["southfront/donation-ladder"]["sites"] == {"southfront": 2}
    assert "generic/cookie" not in report["rules"] and "generic/html-cookie" in report["never_fired"]
    assert any(d["source"].endswith("002_28eaa8d34f2238df.txt") for d in report["over_reaching"])
