"""Clean a folder of JSONL, WARC or Parquet files with datatrove.

    pip install 'cleaner[datatrove]'
    python examples/datatrove_pipeline.py dump/ cleaned/ --format warc --tasks 4 --workers 2
    python examples/datatrove_pipeline.py dump/ cleaned/ --format parquet

Each task reads its share of the input files, cleans every document with
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

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader, ParquetReader
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

from cleaner.integrations.datatrove import CleanerStep, CleanerWarcReader, parquet_adapter


def pipeline(source: str, target: str, fmt: str, rule_dirs: list[str]) -> list:
    """Reader, cleaner step and writer for a JSONL, WARC or Parquet folder."""
    excluded = JsonlWriter(f"{target}/excluded", compression=None)
    if fmt == "parquet":
        reader = ParquetReader(source, glob_pattern="*.parquet")
        writer = ParquetWriter(target, output_filename="${rank}.parquet", adapter=parquet_adapter)
    else:
        reader = (
            CleanerWarcReader(source, glob_pattern="*.warc*")
            if fmt == "warc"
            else JsonlReader(source, glob_pattern="*.jsonl*")
        )
        writer = JsonlWriter(target, output_filename="${rank}.jsonl", compression=None)
    return [reader, CleanerStep(rule_dirs=rule_dirs, exclusion_writer=excluded), writer]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="folder of .jsonl(.gz), .warc(.gz) or .parquet files")
    parser.add_argument("target", help="output folder")
    parser.add_argument("--format", choices=["jsonl", "warc", "parquet"], default="jsonl")
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rules", action="append", default=[], help="user rules directory (repeatable)")
    args = parser.parse_args()
    LocalPipelineExecutor(
        pipeline=pipeline(args.source, args.target, args.format, args.rules),
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=f"{args.target}/logs",
    ).run()


if __name__ == "__main__":
    main()
