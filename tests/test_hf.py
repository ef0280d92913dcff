"""The Hugging Face datasets recipe: Dataset.map(clean_batch, batched=True,
num_proc=2) gives clean() of each row, and keeps the other columns."""

import json

import pytest

from cleaner import clean
from cleaner.integrations.hf import clean_batch

datasets = pytest.importorskip("datasets")

BODY = "The council approved the budget on Monday after a long debate about school funding and repairs."
TEXT = f"Budget approved after long debate\n\nShare this:\n\n{BODY}\n\nLeave a Reply\n"
HTML = (
    "<html><head><title>Budget</title></head><body><article><h1>Budget approved after long debate</h1>"
    + "".join(f"<p>{BODY} Paragraph {i} adds more detail about the vote.</p>" for i in range(4))
    + "</article><div class='share-bar'>Share on Facebook</div></body></html>"
)


def rows(count=8):
    return {
        "id": [f"r{i}" for i in range(count)],
        "text": [TEXT.replace("Monday", f"day {i}") for i in range(count)],
        "url": [f"https://site{i}.example.com/a" for i in range(count)],
        "lang": ["en"] * count,
    }


def test_dataset_map_with_workers_gives_clean_of_each_row():
    dataset = datasets.Dataset.from_dict(rows())
    cleaned = dataset.map(clean_batch, batched=True, batch_size=3, num_proc=2)
    assert cleaned.column_names == ["id", "text", "url", "lang", "meta"]
    for before, after in zip(dataset, cleaned, strict=True):
        expected = clean(before["text"], url=before["url"], source=before["id"])
        assert after["text"] == expected.text and "Share this" not in after["text"]
        assert json.loads(after["meta"]) == expected.metadata
        assert after["lang"] == "en"


def test_the_readme_recipe_on_parquet_files_with_html_and_failed_rows(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {"content": [TEXT, None, None], "html": [None, HTML, None], "link": ["https://southfront.press/a", None, None]}
    )
    (tmp_path / "dump").mkdir()
    pq.write_table(table, tmp_path / "dump" / "part-0.parquet")
    files = str(tmp_path / "dump" / "*.parquet")
    dataset = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path / "cache"))
    options = {"text_column": "content", "url_column": "link"}
    cleaned = dataset.map(clean_batch, batched=True, fn_kwargs=options)
    metas = [json.loads(m) for m in cleaned["meta"]]
    assert cleaned[0]["text"] == clean(TEXT, url="https://southfront.press/a").text
    assert metas[0]["site"] == "southfront" and cleaned[0]["content"] == TEXT
    assert metas[1]["input_format"] == "html" and "Share on Facebook" not in cleaned[1]["text"]
    assert cleaned[2]["text"] == "" and metas[2]["error"] == "NoText"
