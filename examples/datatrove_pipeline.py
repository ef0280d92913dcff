"""Clean a folder of JSONL or WARC files with datatrove and write JSONL.

    pip install 'cleaner[datatrove]'
    python examples/datatrove_pipeline.py dump/ cleaned/ --format warc --tasks 4 --workers 2

Each task reads its share of the input files, cleans every document with
``CleanerStep`` and writes ``cleaned/<rank>.jsonl`` (text, id, metadata with
the cleaner's metadata under ``cleaner``). Documents left empty go to
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
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.integrations.datatrove import CleanerStep, CleanerWarcReader


def pipeline(source: str, target: str, fmt: str, rule_dirs: list[str]) -> list:
    """Reader, cleaner step and writer for a JSONL or WARC folder."""
    reader = (
        CleanerWarcReader(source, glob_pattern="*.warc*")
        if fmt == "warc"
        else JsonlReader(source, glob_pattern="*.jsonl*")
    )
    excluded = JsonlWriter(f"{target}/excluded", compression=None)
    return [
        reader,
        CleanerStep(rule_dirs=rule_dirs, exclusion_writer=excluded),
        JsonlWriter(target, output_filename="${rank}.jsonl", compression=None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="folder of .jsonl(.gz) or .warc(.gz) files")
    parser.add_argument("target", help="output folder")
    parser.add_argument("--format", choices=["jsonl", "warc"], default="jsonl")
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
