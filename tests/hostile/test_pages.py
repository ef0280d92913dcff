"""Hostile pages that used to lose text silently or raise (issue 18, items 2,
6 and 7): charsets that contradict the bytes, nesting deeper than libxml2's
limit, malformed canonical URLs."""

import io
import json
import re

import pytest
from typer.testing import CliRunner

from cleaner import clean
from cleaner.cli import app

ARTICLE = (
    "<p>Le café de la place ouvre tous les jours depuis le printemps dernier, et sa terrasse est très agréable.</p>"
    "<p>Les habitants du quartier s'y retrouvent le matin pour lire le journal et parler de la saison à venir.</p>"
)


def page(head: str = "", body: str = ARTICLE, title: str = "Le café") -> str:
    head = f"<head>{head}<title>{title}</title></head>"
    return f"<!DOCTYPE html><html>{head}<body><article>{body}</article></body></html>"


RUSSIAN = "<p>Москва — столица России, крупнейший по численности населения город страны.</p>" * 3


# --- item 6: the bytes win over a charset label they contradict ---


@pytest.mark.parametrize(
    ("data", "charset", "declared"),
    [
        (page('<meta charset="windows-1251">').encode(), None, "cp1251"),
        (page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">').encode(), None, "iso8859-1"),
        (page('<meta charset="utf-8">').encode(), "iso-8859-1", "iso8859-1"),
        (b"\xef\xbb\xbf" + page().encode(), "iso-8859-1", "iso8859-1"),
    ],
    ids=["meta-windows-1251", "http-equiv-latin-1", "http-header-latin-1", "bom-against-header"],
)
def test_utf8_page_with_a_wrong_label_is_read_as_utf8_and_flagged(data, charset, declared):
    result = clean(html=data, charset=charset)
    assert "Le café de la place" in result.text and "Ã" not in result.text and "Г©" not in result.text
    assert result.metadata["encoding"] in ("utf-8", "utf-8-sig")
    assert "charset_mismatch" in result.metadata["flags"]
    assert result.metadata["encoding_declared"] == declared


@pytest.mark.parametrize(
    ("data", "charset", "encoding"),
    [
        (page('<meta charset="windows-1252">').encode("cp1252"), None, "cp1252"),
        (page().encode("latin-1"), "iso-8859-1", "iso8859-1"),
        (page('<meta charset="windows-1251">', RUSSIAN, "Москва").encode("cp1251"), None, "cp1251"),
        (page('<meta charset="utf-8">').encode(), None, "utf-8"),
    ],
    ids=["meta-cp1252", "header-latin-1", "meta-cp1251", "utf-8"],
)
def test_a_label_the_bytes_agree_with_is_used_without_a_flag(data, charset, encoding):
    result = clean(html=data, charset=charset)
    assert result.metadata["encoding"] == encoding
    assert "charset_mismatch" not in result.metadata["flags"] and "encoding_declared" not in result.metadata
    assert "café" in result.text or "Москва" in result.text


def test_a_wrong_http_label_on_legacy_bytes_falls_back_to_the_page_label():
    data = page('<meta charset="windows-1251">', RUSSIAN, "Москва")
    result = clean(html=data.encode("cp1251"), charset="utf-8")
    assert "Москва — столица России" in result.text
    assert result.metadata["encoding"] == "cp1251" and result.metadata["encoding_declared"] == "utf-8"


def test_text_bytes_follow_the_same_policy():
    text = "Le café est ouvert.\n\nLa terrasse aussi, tous les jours de la semaine.\n"
    mislabelled = clean(text.encode(), charset="iso-8859-1", input_format="text")
    assert mislabelled.text == text and mislabelled.metadata["encoding"] == "utf-8"
    assert mislabelled.metadata["flags"] == ["charset_mismatch"]
    labelled = clean(text.encode("cp1252"), charset="windows-1252", input_format="text")
    assert labelled.text == text and labelled.metadata["encoding"] == "cp1252" and labelled.metadata["flags"] == []


def test_warc_response_with_a_wrong_http_charset(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")], protocol="HTTP/1.1")
        payload = io.BytesIO(page('<meta charset="utf-8">').encode())
        writer.write_record(
            writer.create_warc_record("https://example.org/cafe", "response", payload=payload, http_headers=headers)
        )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(path), "--out", str(out), "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "crawl.jsonl").read_text(encoding="utf-8"))
    assert "Le café de la place" in record["text"]
    assert record["meta"]["encoding"] == "utf-8" and record["meta"]["encoding_declared"] == "iso8859-1"


# --- item 7: nesting deeper than libxml2's limit keeps its text, flagged ---

DEEP_TEXT = "Deep text of the article, long enough to be kept as a paragraph of its own."
AFTER_TEXT = "The closing paragraph comes after the deeply nested part of the page."


@pytest.mark.parametrize("depth", [300, 10_000])
def test_deeply_nested_divs_keep_their_text(depth):
    html = "<html><body>" + "<div>" * depth + f"<p>{DEEP_TEXT}</p>" + "</div>" * depth + f"<p>{AFTER_TEXT}</p>"
    result = clean(html=(html + "</body></html>").encode())
    assert DEEP_TEXT in result.text and AFTER_TEXT in result.text
    assert "deep_nesting" in result.metadata["flags"]


def test_unclosed_font_paragraphs_keep_every_paragraph():
    paragraphs = [f"Paragraph number {i} has enough words to read as a sentence." for i in range(400)]
    html = "<html><body>" + "".join(f"<p><font face='Arial'>{text}" for text in paragraphs) + "</body></html>"
    result = clean(html=html.encode())
    kept = re.findall(r"Paragraph number (\d+) has", result.text)
    assert kept == [str(i) for i in range(400)]
    assert "deep_nesting" in result.metadata["flags"]


def test_pages_within_the_limit_are_not_flagged():
    html = "<html><body>" + "<div>" * 200 + f"<p>{DEEP_TEXT}</p>" + "</div>" * 200 + "</body></html>"
    result = clean(html=html.encode())
    assert DEEP_TEXT in result.text and result.metadata["flags"] == []


def test_a_text_run_over_libxml2s_size_limit_is_kept():
    words = "word " * 2_100_000  # 10.5 MB between two tags: over libxml2's 10 MB text limit
    html = f"<html><body><p>Opening words of the page.</p><pre>{words}</pre><p>{AFTER_TEXT}</p></body></html>"
    result = clean(html=html.encode())
    assert AFTER_TEXT in result.text and result.text.count("word") > 2_000_000


# --- item 2: a malformed URL never fails a document ---


@pytest.mark.parametrize("bad", ["http://[::1", "http://[zz]/", "//[::1"])
def test_malformed_canonical_url_or_url_still_cleans(bad):
    head = f'<link rel="canonical" href="{bad}"><meta property="og:url" content="{bad}">'
    data = page(head).encode()
    assert "Le café de la place" in clean(html=data).text
    assert "Le café de la place" in clean(html=data, url=bad).text
    assert clean("A line of text here.\n", url=bad).text == "A line of text here.\n"


def test_host_helpers_never_raise():
    from cleaner.rules import host_of, load_ruleset
    from cleaner.sitelines import url_host

    for bad in ("http://[::1", "http://[zz]/", "https://[::1]:x/", 42, None, ""):
        assert host_of(bad) in ("", "::1")
        assert url_host(bad) in ("", "::1")
        assert load_ruleset().site_for_url(bad) is None
