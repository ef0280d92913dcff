"""datatrove integration: a pipeline step that cleans documents, and a WARC
reader that keeps each page's raw bytes for it.

Install with ``pip install 'cleaner[datatrove]'``. Example (local executor;
the same pipeline runs under ``SlurmPipelineExecutor`` or
``RayPipelineExecutor``, see ``examples/datatrove_pipeline.py``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(
        pipeline=[JsonlReader("dump/"), CleanerStep(rule_dirs=["my_rules"]), JsonlWriter("cleaned/")],
        tasks=4, workers=2,
    ).run()
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

from datatrove.data import Document, DocumentsPipeline, Media, MediaType
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from cleaner.pipeline import Config, clean
from cleaner.readers import warc_records
from cleaner.sitelines import SiteLineCounts, SiteLines

SITE_LINES_GLOB = "*.sitelines.json"


class SiteLineCounter(PipelineStep):
    """The first stage of a two-stage pipeline: count each site's lines
    (:class:`cleaner.sitelines.SiteLineCounts`) over this task's documents
    and save them to ``output_folder/<rank>.sitelines.json``. The cleaning
    stage, ``CleanerStep(site_lines=output_folder)``, merges every task's
    counts, as datatrove's own dedup pipelines do with their signatures, so
    the dump's recurring lines go as they do with the CLI's ``--site-lines``.
    Documents pass through unchanged.
    """

    name = "🔁 site lines"
    type = "📊 - STATS"

    def __init__(self, output_folder: DataFolderLike) -> None:
        super().__init__()
        self.output_folder = get_datafolder(output_folder)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        counts = SiteLineCounts()
        for document in data:
            with self.track_time():
                data_, fmt, _ = document_input(document, "html")
                if counts.add(document.metadata.get("url"), data_, fmt):
                    self.stat_update("counted")
            yield document
        with self.output_folder.open(f"{rank:05d}.sitelines.json", "wt") as handle:
            handle.write(counts.to_json())


def load_site_lines(folder: DataFolderLike) -> SiteLines:
    """Merge the counts every :class:`SiteLineCounter` task saved in
    ``folder`` and return the recurring lines."""
    folder = get_datafolder(folder)
    counts = SiteLineCounts()
    for path in folder.list_files(glob_pattern=SITE_LINES_GLOB):
        with folder.open(path, "rt") as handle:
            counts.merge(SiteLineCounts.from_json(handle.read()))
    return counts.recurring()


def document_input(document: Document, html_key: str) -> tuple[str | bytes, str, str | None]:
    """What the cleaner reads of a datatrove document: the raw bytes of its
    first ``Media`` (with their format and charset), an HTML string in
    ``metadata[html_key]``, or its text; with the input format and charset."""
    media = next((m for m in document.media if m.media_bytes), None)
    if media is not None:
        return media.media_bytes, media.metadata.get("input_format", "html"), media.metadata.get("charset")
    if isinstance(document.metadata.get(html_key), str):
        return document.metadata[html_key], "html", None
    return document.text, "auto", None


class CleanerStep(PipelineStep):
    """Clean each document with the cleaner.

    The input is, in this order: the raw bytes of the document's first
    ``Media`` (as :class:`CleanerWarcReader` stores them, with the HTTP
    charset in its metadata), an HTML string in ``metadata[html_key]``, or
    ``document.text`` (HTML is recognised by its content). The clean text
    replaces ``document.text`` and the cleaner's metadata goes under
    ``metadata["cleaner"]``. Documents left empty are dropped (counted as
    ``dropped_empty``, and written to ``exclusion_writer`` if given);
    documents the cleaner fails on are dropped as ``failed``. Removed lines are
    counted per kind as ``removed_<kind>``.

    ``site_lines``, the folder where a :class:`SiteLineCounter` stage saved
    its counts, makes the dump's recurring lines go, as with the CLI's
    ``--site-lines`` (the counts are merged once per task).

    Rule sets are loaded once per worker process (``load_ruleset`` caches).
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        rule_dirs: Iterable[str] = (),
        captions: str = "drop",
        html_key: str = "html",
        exclusion_writer: DiskWriter | None = None,
        site_lines: DataFolderLike | None = None,
    ) -> None:
        super().__init__()
        self.config = Config(rule_dirs=tuple(str(d) for d in rule_dirs), captions=captions)
        self.html_key = html_key
        self.exclusion_writer = exclusion_writer
        self.site_lines_folder = site_lines
        self.site_lines: SiteLines | None = None

    def clean_document(self, document: Document) -> dict[str, Any]:
        """Clean one document in place; return the cleaner's metadata."""
        url = document.metadata.get("url")
        data, fmt, charset = document_input(document, self.html_key)
        if self.site_lines is None and self.site_lines_folder is not None:
            self.site_lines = load_site_lines(self.site_lines_folder)
        result = clean(
            data,
            url=url,
            input_format=fmt,
            charset=charset,
            source=document.id,
            config=self.config,
            site_lines=self.site_lines,
        )
        document.text = result.text
        document.metadata["cleaner"] = result.metadata
        return result.metadata

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for document in data:
                self.stat_update("documents")
                with self.track_time():
                    try:
                        meta = self.clean_document(document)
                    except Exception:  # one bad document must not stop the task
                        self.stat_update("failed")
                        continue
                for span in meta["removed"]:
                    self.stat_update(f"removed_{span['kind']}", value=span["text"].count("\n") + 1)
                if not document.text.strip():
                    self.stat_update("dropped_empty")
                    if writer is not None:
                        writer.write(document, rank)
                    continue
                self.stat_update("kept")
                self.update_doc_stats(document)
                yield document


class CleanerWarcReader(BaseDiskReader):
    """Read WARC and WET files (gzip or plain) with the cleaner's reader
    (fastwarc, or warcio): each HTML response becomes a document whose raw
    bytes are in ``media[0]`` (charset from the HTTP header in its metadata)
    for :class:`CleanerStep`, and each WET conversion record a text document.
    Unlike datatrove's ``WarcReader`` it needs neither cchardet nor libmagic.
    Truncated records and records over 50 MB are skipped (``read_failed``).
    """

    name = "🕷 cleaner WARC"

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rb", compression="infer") as stream:
            for number, task in enumerate(warc_records(stream, filepath)):
                if task.data is None:  # a truncated record, or one over the size limit
                    self.stat_update("read_failed")
                    continue
                data = task.data if isinstance(task.data, bytes) else str(task.data).encode()
                media = Media(
                    id=task.record_id,
                    type=MediaType.DOCUMENT,
                    url=task.url or "",
                    media_bytes=data,
                    metadata={"charset": task.charset, "input_format": task.input_format},
                )
                document = self.get_document_from_dict(
                    {"text": "(raw page in media)", "id": task.record_id, "url": task.url}, filepath, number
                )
                if document is not None:
                    document.media.append(media)
                    yield document


def parquet_adapter(writer: DiskWriter, document: Document) -> dict[str, Any]:
    """A row for datatrove's ``ParquetWriter(adapter=parquet_adapter)``
    shaped like the CLI's Parquet output: ``id``, the clean ``text``, the
    document's other metadata as columns (what ``ParquetReader`` read from
    the input's other columns), and ``meta``, the cleaner's metadata as a
    JSON string (a struct column would need one schema for every document's
    metadata).

    >>> doc = Document(text="Clean.", id="r1", metadata={"url": "https://a.example/", "cleaner": {"site": None}})
    >>> parquet_adapter(None, doc)
    {'id': 'r1', 'url': 'https://a.example/', 'text': 'Clean.', 'meta': '{"site": null}'}
    """
    metadata = dict(document.metadata)
    meta = metadata.pop("cleaner", None)
    return {"id": document.id, **metadata, "text": document.text, "meta": json.dumps(meta, ensure_ascii=False)}
