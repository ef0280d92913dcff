"""Parquet round trip: a dump of N records (``text``, ``url``, ``id`` and an
extra column) through ``cleaner clean dump.parquet --out DIR``.

Builds the dump from the text dumps of the benchmark records
(``../shared/bench``; repeated with fresh ids until N), in row groups of
1,000 rows as datatrove and ``datasets`` write them, runs the CLI on it, and
checks that every row is in the output, in order, with its extra column, and
that its text and ``meta`` equal ``clean()`` of the row. The run uses
``--no-site-lines``: the cross-document line count is a batch stage that
``clean()`` of one row cannot know about; and ``--timeout 0`` (``--timeout``
to change it): a row that fails its time limit on a busy machine would be
missing from the output for reasons that have nothing to do with Parquet.

    python scripts/check_parquet.py                 # 10,000 records, --jobs 2
    python scripts/check_parquet.py --records 500 --jobs 1
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval import DEFAULT_BENCH, load_records  # noqa: E402

from cleaner import clean  # noqa: E402


def build_dump(path: Path, count: int, bench: Path) -> pa.Table:
    """Write ``count`` rows of benchmark text with an extra ``crawl`` column."""
    records = [r for r in load_records(bench, None, None, 0) if r["text"].strip()]
    rows = [records[i % len(records)] for i in range(count)]
    table = pa.table(
        {
            "id": [f"doc-{i}" for i in range(count)],
            "text": [r["text"] for r in rows],
            "url": [r["url"] for r in rows],
            "crawl": [f"CC-MAIN-2024-{i % 52:02d}" for i in range(count)],
        }
    )
    pq.write_table(table, path, row_group_size=1_000)
    return table


def clean_row(row: dict[str, str]) -> tuple[str, dict]:
    """clean() of one input row: its text and metadata."""
    result = clean(row["text"], url=row["url"] or None, source=row["id"])  # an empty URL is none, as in the CLI
    return result.text, result.metadata


def check(table: pa.Table, output: pa.Table, jobs: int) -> list[str]:
    """Every way the output differs from clean() of each input row."""
    problems = []
    if output.num_rows != table.num_rows:
        problems.append(f"{output.num_rows} rows out for {table.num_rows} in")
    rows = table.to_pylist()
    with multiprocessing.Pool(jobs) as pool:
        expected = pool.map(clean_row, rows, chunksize=50)
    for row, out, (text, metadata) in zip(rows, output.to_pylist(), expected, strict=False):
        for column in ("id", "url", "crawl"):
            if out[column] != row[column]:
                problems.append(f"{row['id']}: column {column} is {out[column]!r}, not {row[column]!r}")
        if out["text"] != text:
            problems.append(f"{row['id']}: text differs from clean()")
        meta = json.loads(out["meta"])
        if meta != metadata:
            keys = sorted(k for k in meta.keys() | metadata.keys() if meta.get(k) != metadata.get(k))
            problems.append(f"{row['id']}: meta differs from clean() in {', '.join(keys)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder of *.dev.jsonl.gz files")
    parser.add_argument("--records", type=int, default=10_000, help="rows in the dump")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the cleaner run")
    parser.add_argument("--timeout", default="0", help="--timeout of the cleaner run (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleaner-parquet-") as folder:
        dump, out = Path(folder) / "dump.parquet", Path(folder) / "out"
        table = build_dump(dump, args.records, args.bench)
        size = dump.stat().st_size
        print(f"check_parquet: {table.num_rows} rows, {size / 1e6:.1f} MB of Parquet", file=sys.stderr)
        started = time.perf_counter()
        command = [sys.executable, "-m", "cleaner", "clean", str(dump), "--out", str(out), "--no-site-lines", "-q"]
        done = subprocess.run([*command, "--jobs", str(args.jobs), "--timeout", args.timeout], cwd=ROOT)
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"check_parquet: cleaner exited with {done.returncode}")
        errors = out / "errors.jsonl"
        failed = errors.read_text(encoding="utf-8").splitlines() if errors.exists() else []
        output = pq.read_table(out / "dump.parquet")
        problems = check(table, output, args.jobs)
    print(f"rows in: {table.num_rows}, rows out: {output.num_rows}, failed: {len(failed)}")
    print(f"columns out: {', '.join(output.schema.names)}")
    print(f"cleaner run: {seconds:.1f} s ({table.num_rows / seconds:.1f} docs/s, --jobs {args.jobs})")
    print(f"rows whose text, meta or columns differ from clean() of the row: {len(problems)}")
    kinds = Counter(problem.split(": ", 1)[1] for problem in problems)
    for kind, count in kinds.most_common():
        print(f"  {count} x {kind}")
    for problem in problems[:5]:
        print(f"  e.g. {problem}")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main())
