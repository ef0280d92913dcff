"""Decoding and normalisation of input text."""

import pytest

from cleaner import clean
from cleaner.normalise import decode, normalise_line, split_lines


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"plain ascii", "plain ascii", "utf-8"),
        ("Zürich – “quoted”".encode(), "Zürich – “quoted”", "utf-8"),
        ("\ufeffbom".encode(), "bom", "utf-8-sig"),
        ("Grüße".encode("utf-16"), "Grüße", "utf-16"),
        ("Grüße".encode("utf-32"), "Grüße", "utf-32"),
    ],
)
def test_decode_bom_and_utf8(data, text, encoding):
    assert decode(data) == (text, encoding)


def test_decode_falls_back_to_chardet_for_legacy_encodings():
    russian = "Москва — столица России, крупнейший по численности населения город страны. " * 3
    text, encoding = decode(russian.encode("cp1251"))
    assert text == russian
    assert encoding in ("windows-1251", "cp1251")


def test_encoding_goes_to_metadata():
    assert clean("Grüße aus Köln.".encode("utf-16")).metadata["encoding"] == "utf-16"
    assert clean("text").metadata["encoding"] is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a\u00a0b", "a b"),  # no-break space
        ("a\u2009b\u202fc\u3000d", "a b c d"),  # thin, narrow no-break, ideographic
        ("zero\u200bwidth\u2060joined\ufeff", "zerowidthjoined"),
        ("soft\u00adhyphen", "softhyphen"),
        ("trailing   ", "trailing"),
        ("  indented • item", "indented • item"),
        ("tab\there", "tab here"),
        ("cafe\u0301", "café"),  # NFC
        ("“quotes” – dashes — stay", "“quotes” – dashes — stay"),
        ("\u200c\u200d kept joiners", "\u200c\u200d kept joiners"),
    ],
)
def test_normalise_line(line, expected):
    assert normalise_line(line) == expected


def test_split_lines_handles_every_line_break():
    assert split_lines("a\r\nb\rc\nd\u2028e") == ["a", "b", "c", "d", "e"]


def test_output_shape():
    result = clean("Title\r\n\r\n\r\n  First   paragraph.  \n\n\n\nSecond\u00a0paragraph.")
    assert result.text == "Title\n\nFirst paragraph.\n\nSecond paragraph.\n"


def test_empty_input_gives_empty_output():
    assert clean("").text == ""
    assert clean(b"\n\n  \n").text == ""


def test_clean_rejects_other_types():
    with pytest.raises(TypeError):
        clean(12)  # type: ignore[arg-type]


def _normalise_slowly(line: str) -> str:
    import unicodedata

    from cleaner.normalise import _INVISIBLE, _ODD_SPACES, _SPACE_RUNS

    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", _ODD_SPACES.sub(" ", line)))
    return _SPACE_RUNS.sub(" ", line).strip()


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(alphabet=st.sampled_from(list("ab .,\t\x00\x7f\u00a0\u200be\u0301é  ")), max_size=30))
def test_ascii_fast_path_normalises_like_the_full_path(line):
    assert normalise_line(line) == _normalise_slowly(line)
