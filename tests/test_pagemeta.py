"""Page metadata of HTML input (cleaner/pagemeta.py) and its measurement script."""

import gzip
import json
import subprocess
import sys

from cleaner.html import parse_page
from cleaner.pagemeta import page_bylines, page_metadata


def metadata_of(html, url=None):
    tree, text, _ = parse_page(html)
    return page_metadata(tree, text, url)


def test_json_ld_graph_article_wins_over_meta_tags():
    html = """<html><head><meta name="author" content="Desk Editor"><meta property="og:title" content="Old title">
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage", "name": "Page"},
    {"@type": ["NewsArticle"], "headline": "New title", "author": {"@type": "Person", "name": "Ola Nordmann"},
    "datePublished": "2022-05-01T10:00:00+02:00"}]}</script></head><body><h1>New title</h1></body></html>"""
    meta = metadata_of(html)
    assert (meta["title"], meta["author"], meta["date"]) == ("New title", "Ola Nordmann", "2022-05-01T10:00:00+02:00")


def test_broken_json_ld_is_skipped():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
    <meta property="og:title" content="From Open Graph"></head><body><p>x</p></body></html>"""
    assert metadata_of(html)["title"] == "From Open Graph"


def test_title_is_the_heading_the_title_wraps_or_the_title():
    assert (
        metadata_of("<title>Budget passes at last | Daily Example</title><h1>Budget passes at last</h1>")["title"]
        == "Budget passes at last"
    )
    assert metadata_of("<title>Budget passes - Daily Example</title><h1>Daily Example</h1>")["title"] == (
        "Budget passes - Daily Example"
    )
    site = '<meta property="og:site_name" content="Daily Example">'
    assert metadata_of(f"<title>Budget passes - Daily Example</title>{site}<h1>Menu</h1>")["title"] == "Budget passes"


def test_bylines_in_the_page():
    microdata = '<p itemprop="author" itemscope><a href="/a/x"><span itemprop="name">Kari Holm</span></a> - 5 May</p>'
    assert page_bylines(parse_page(microdata)[0]) == ["Kari Holm"]
    classed = '<div class="post-meta"><span class="author-name">Par Jeanne Roux</span></div>'
    assert page_bylines(parse_page(classed)[0]) == ["Jeanne Roux"]
    bio = '<div class="author-box">Jeanne Roux writes about food and wine for the magazine since 2004.</div>'
    assert page_bylines(parse_page(bio)[0]) == []


def test_site_name_may_be_a_domain_but_not_a_url():
    assert metadata_of('<meta property="og:site_name" content="Factorio.com"><p>x</p>')["site_name"] == "Factorio.com"
    assert metadata_of('<meta property="og:site_name" content="https://x.example/"><p>x</p>')["site_name"] is None


def test_language_from_open_graph_locale_when_the_page_has_no_lang():
    assert metadata_of('<meta property="og:locale" content="pt_BR"><p>x</p>')["language"] == "pt-BR"


def test_eval_metadata_script(root, tmp_path):
    page = (
        '<html lang="en"><head><title>Budget passes | Daily Example</title>'
        '<meta property="og:site_name" content="Daily Example"></head><body><h1>Budget passes</h1>'
        '<p class="byline">By Jane Roe</p><p>The council approved the budget on Monday after a long debate.</p>'
        "</body></html>"
    )
    expected = {"title": "Budget passes", "byline": "By Jane Roe", "siteName": "Daily Example", "lang": "en"}
    record = {"id": "tiny/1", "dataset": "tiny", "url": "", "html": page, "expected_metadata": expected}
    path = tmp_path / "tiny.dev.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")
    out = tmp_path / "meta.json"
    done = subprocess.run(
        [sys.executable, "scripts/eval_metadata.py", "--file", str(path), "--json", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    fields = json.loads(out.read_text())["cleaner"]["fields"]
    assert {name: fields[name]["met"] for name in ("title", "author", "site_name", "language")} == dict.fromkeys(
        ("title", "author", "site_name", "language"), 1
    )
