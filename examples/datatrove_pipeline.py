"""Clean a folder of JSONL, WARC or Parquet files with datatrove.

    pip install 'cleaner[datatrove]'
    python examples/datatrove_pipeline.py dump/ cleaned/ --format warc --tasks 4 --workers 2
    python examples/datatrove_pipeline.py dump/ cleaned/ --format parquet

First, unless ``--no-site-lines``, a counting stage (``SiteLineCounter``)
reads the dump once and saves each task's per-site line counts to
``cleaned/site-lines/``; the cleaning stage, which depends on it, merges them
and drops the lines that recur across a site's documents, as the CLI's
``--site-lines`` does, so both give the same text. Then each task of the
cleaning stage reads its share of the input files, cleans every document with
``CleanerStep`` and writes ``cleaned/<rank>.jsonl`` (text, id, metadata with
the cleaner's metadata under ``cleaner``), or for Parquet input
``cleaned/<rank>.parquet`` through datatrove's own ``ParquetReader`` and
``ParquetWriter``: the input's columns, the clean ``text`` and ``meta`` (the
cleaner's metadata as a JSON string), as the CLI writes Parquet. Documents left empty go to
``cleaned/excluded/``. datatrove's logs and per-step statistics (documents,
kept, dropped_empty, failed, removed_<kind>) go to ``cleaned/logs/``.

The same pipeline on a cluster (see datatrove's documentation for options):

    from datatrove.executor import SlurmPipelineExecutor
    SlurmPipelineExecutor(pipeline=pipeline(...), tasks=1000, time="10:00:00", partition="cpu",
                          logging_dir="s3://bucket/logs/cleaner", job_name="cleaner").run()

    from datatrove.executor import RayPipelineExecutor   # inside a Ray cluster
    RayPipelineExecutor(pipeline=pipeline(...), tasks=1000, logging_dir="logs/cleaner").run()
"""

from __future__ import annotations

import argparse
from typing import Any

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader, ParquetReader
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

from cleaner.integrations.datatrove import CleanerStep, CleanerWarcReader, SiteLineCounter, parquet_adapter


def reader(source: str, fmt: str) -> Any:
    """datatrove's reader for a JSONL or Parquet folder, the cleaner's for WARC."""
    if fmt == "parquet":
        return ParquetReader(source, glob_pattern="*.parquet")
    if fmt == "warc":
        return CleanerWarcReader(source, glob_pattern="*.warc*")
    return JsonlReader(source, glob_pattern="*.jsonl*")


def counting(source: str, fmt: str, site_lines: str) -> list:
    """The first stage: count each site's lines over the dump (every task saves its counts)."""
    return [reader(source, fmt), SiteLineCounter(site_lines)]


def pipeline(source: str, target: str, fmt: str, rule_dirs: list[str], site_lines: str | None = None) -> list:
    """Reader, cleaner step and writer for a JSONL, WARC or Parquet folder;
    with ``site_lines``, the cleaner drops the lines the counting stage found
    recurring across each site."""
    excluded = JsonlWriter(f"{target}/excluded", compression=None)
    if fmt == "parquet":
        writer = ParquetWriter(target, output_filename="${rank}.parquet", adapter=parquet_adapter)
    else:
        writer = JsonlWriter(target, output_filename="${rank}.jsonl", compression=None)
    step = CleanerStep(rule_dirs=rule_dirs, exclusion_writer=excluded, site_lines=site_lines)
    return [reader(source, fmt), step, writer]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="folder of .jsonl(.gz), .warc(.gz) or .parquet files")
    parser.add_argument("target", help="output folder")
    parser.add_argument("--format", choices=["jsonl", "warc", "parquet"], default="jsonl")
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rules", action="append", default=[], help="user rules directory (repeatable)")
    parser.add_argument(
        "--site-lines",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="count each site's recurring lines first and drop them, as the CLI does (default: on)",
    )
    args = parser.parse_args()
    counts = f"{args.target}/site-lines" if args.site_lines else None
    first = None
    if counts is not None:
        first = LocalPipelineExecutor(
            pipeline=counting(args.source, args.format, counts),
            tasks=args.tasks,
            workers=args.workers,
            logging_dir=f"{args.target}/logs/site-lines",
        )
    LocalPipelineExecutor(
        pipeline=pipeline(args.source, args.target, args.format, args.rules, counts),
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=f"{args.target}/logs/cleaning",
        depends=first,
    ).run()


if __name__ == "__main__":
    main()
