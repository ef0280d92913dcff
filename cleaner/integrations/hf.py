"""Hugging Face ``datasets``: clean a dataset with ``Dataset.map``.

The recipe (``pip install datasets``)::

    from datasets import load_dataset
    from cleaner.integrations.hf import clean_batch
    dataset = load_dataset("parquet", data_files="dump/*.parquet", split="train")
    cleaned = dataset.map(clean_batch, batched=True, num_proc=4)

Each row keeps its columns; ``text`` becomes the clean text and ``meta`` the
cleaner's metadata as a JSON string (the same object as the CLI's JSONL and
Parquet outputs). Other column names go in ``fn_kwargs``::

    dataset.map(clean_batch, batched=True, fn_kwargs={"text_column": "content", "url_column": "link"})

:func:`clean_batch` is a plain module-level function, so it pickles to the
``num_proc`` worker processes; each loads the rule files once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cleaner.pipeline import Config, clean


def clean_batch(
    batch: dict[str, list[Any]],
    text_column: str = "text",
    html_column: str = "html",
    url_column: str = "url",
    id_column: str = "id",
    rule_dirs: Iterable[str] = (),
    captions: str = "drop",
) -> dict[str, list[Any]]:
    """Clean a batch of rows, for ``Dataset.map(clean_batch, batched=True)``.

    A row is cleaned from its HTML column when that holds a value, else from
    its text column (strings or bytes). Returns the ``text`` column (the
    clean text) and the ``meta`` column (the metadata as a JSON string); the
    other columns stay as they are. A row that fails (no text, or an error
    while cleaning) gets an empty ``text`` and ``meta`` ``{"error": ...,
    "message": ...}``, so one bad row does not stop the map; filter them
    with ``dataset.filter(lambda row: '"error"' not in row["meta"][:10])``.

    >>> out = clean_batch({"text": ["Title\\n\\nShare this:\\n\\nThe council met on Monday to vote."], "id": ["a"]})
    >>> out["text"], json.loads(out["meta"][0])["removed"][0]["rule"]
    (['Title\\n\\nThe council met on Monday to vote.\\n'], 'generic/share-line')
    >>> json.loads(clean_batch({"text": [None]})["meta"][0])["error"]
    'NoText'
    """
    config = Config(rule_dirs=tuple(str(d) for d in rule_dirs), captions=captions)
    size = len(next(iter(batch.values()))) if batch else 0
    texts, metas = [], []
    for i in range(size):
        html = batch[html_column][i] if html_column in batch else None
        text = batch[text_column][i] if text_column in batch else None
        url = batch[url_column][i] if url_column in batch else None
        source = str(batch[id_column][i]) if id_column in batch and batch[id_column][i] is not None else None
        data, fmt = (html, "html") if html else (text, "auto")
        if not isinstance(data, str | bytes):
            texts.append("")
            metas.append(json.dumps({"error": "NoText", "message": f"no {html_column!r} or {text_column!r} value"}))
            continue
        try:
            result = clean(data, url=url or None, input_format=fmt, source=source, config=config)
        except Exception as error:  # one bad row must not stop the map
            texts.append("")
            metas.append(json.dumps({"error": type(error).__name__, "message": str(error)[:500]}))
            continue
        texts.append(result.text)
        metas.append(json.dumps(result.metadata, ensure_ascii=False))
    return {"text": texts, "meta": metas}
