"""Batch throughput and memory: ``cleaner clean`` on a JSONL dump, with
``--jobs 1`` and ``--jobs 2`` (or any list), in the same run; then on three
decompression bombs.

Builds a JSONL dump of the requested size in a temporary folder from the text
dumps of the benchmark records (``../shared/bench``; records are repeated
with fresh ids until the size is reached), runs the CLI on it once per jobs
value, and reports documents/s, MB/s of input, the speed-up against the first
jobs value, and the peak resident memory of the whole process tree (the
parent plus its workers).

Then, unless ``--no-bombs``, it builds and cleans inputs that must fail at
the ``--max-bytes`` limit (default 50 MB) without ever holding them: a
``.txt.gz`` that expands to ``--bomb-mb`` (default 1,024) MB of text, a
``.jsonl.zst`` whose first line is a ``--bomb-mb`` MB record (followed by a
good one, which must come out), and 1.5 times ``--bomb-mb`` MB of text on
stdin. Each row gives the error the run reported.

``--format jsonl parquet`` also writes the same records as a Parquet file
(row groups of 1,000 rows or about 8 MB, as datatrove writes text; the
size of the Parquet file is what ``--dump-mb`` then measures for it) and
cleans both, so Parquet's documents/s and peak memory stand next to JSONL's.
``--pad-kb N`` gives each Parquet row a column of N kB of random bytes,
carried through to the output: a file of a given size then holds fewer
documents, which measures reading and writing a large file (what memory
depends on) in less time than cleaning that much text would take.

Memory is measured four ways, all over the cleaner's processes: the
largest sum of VmRSS seen while sampling ``/proc`` every 0.05 s (parent and
workers at one moment; pages a forked worker shares with the parent count
once in each), the largest sum of their PSS at one moment (shared pages
divided among the processes that share them: the memory the run holds),
the sum of each process's own peak (VmHWM: an upper bound of the RSS sum
that no short spike escapes), and the peak of the largest single process,
exactly, from ``getrusage(RUSAGE_CHILDREN)``.

    python scripts/bench_batch.py                       # 100 MB, --jobs 1 and 2, then the bombs
    python scripts/bench_batch.py --dump-mb 1024 --jobs 2
    python scripts/bench_batch.py --dump-mb 0           # the bombs only
    python scripts/bench_batch.py --dump-mb 50 --field html --no-bombs   # HTML records
    python scripts/bench_batch.py --format jsonl parquet --jobs 2 --no-bombs   # Parquet next to JSONL
    python scripts/bench_batch.py --format parquet --dump-mb 1024 --pad-kb 48 --jobs 1 2 --no-bombs   # 1 GB
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import zstandard

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval import DEFAULT_BENCH, load_records  # noqa: E402


def build_dump(path: Path, megabytes: int, field: str, bench: Path) -> tuple[int, int]:
    """Write a JSONL dump of about ``megabytes``; return (records, bytes)."""
    records = [r for r in load_records(bench, None, None, 0) if r[field].strip()]
    target, written, count = megabytes * 1_000_000, 0, 0
    with open(path, "w", encoding="utf-8") as stream:
        while written < target:
            for record in records:
                line = json.dumps({"id": f"{count}", field: record[field], "url": record["url"]}) + "\n"
                stream.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if written >= target:
                    break
    return count, written


MAX_RSS = (  # runs a command and writes the largest peak RSS (kB) among its reaped descendants to argv[1]
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def sample_tree(pid: int, peaks: dict[int, int]) -> tuple[int, int]:
    """VmRSS and PSS (kB) summed over the descendants of ``pid`` (not ``pid``
    itself, the measuring wrapper); records each one's VmHWM in ``peaks``.
    PSS counts a page shared by n processes (the imports that forked
    workers share with the parent) as 1/n in each, so the sum is the
    memory the run really holds; the RSS sum counts such pages n times."""
    total, proportional, stack = 0, 0, list(children(pid))
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS:", "VmHWM:")))
            stack.extend(children(current))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if "VmRSS" in fields:
            total += int(fields["VmRSS"].split()[0])
            peaks[current] = max(peaks.get(current, 0), int(fields["VmHWM"].split()[0]))
            proportional += pss(current)
    return total, proportional


def pss(pid: int) -> int:
    """A process's proportional set size (kB; 0 when it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(c) for c in listing.read().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []


def measure(command: list[str], folder: Path, feed_mb: int = 0) -> dict[str, float]:
    """Run a command (feeding it ``feed_mb`` MB of text on stdin if asked)
    and return its exit code, seconds and peak memory in MB."""
    report = folder / "maxrss"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", MAX_RSS, str(report), *command],
        cwd=ROOT,
        stdin=subprocess.PIPE if feed_mb else subprocess.DEVNULL,
    )
    if feed_mb:
        threading.Thread(target=feed, args=(process.stdin, feed_mb), daemon=True).start()
    sampled, sampled_pss, peaks = 0, 0, {}
    while process.poll() is None:
        rss, proportional = sample_tree(process.pid, peaks)
        sampled, sampled_pss = max(sampled, rss), max(sampled_pss, proportional)
        time.sleep(0.05)
    return {
        "exit": process.returncode,
        "seconds": time.perf_counter() - started,
        "peak_tree_mb": sampled / 1024,
        "peak_pss_mb": sampled_pss / 1024,
        "sum_of_peaks_mb": sum(peaks.values()) / 1024,
        "largest_process_mb": int(report.read_text()) / 1024,
    }


def feed(stream: Any, megabytes: int) -> None:
    """Write ``megabytes`` MB of text lines into a stream, stopping quietly
    when the reader closes it."""
    chunk = ("The council approved the budget on Monday after a long debate. " * 16 + "\n").encode() * 1000
    chunk = chunk[: 1 << 20]
    try:
        for _ in range(megabytes):
            stream.write(chunk)
        stream.close()
    except (BrokenPipeError, OSError):
        pass


def clean_command(source: str, out: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cleaner",
        "clean",
        source,
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--overwrite",
        "-q",
    ]


def run(dump: Path, out: Path, jobs: int) -> dict[str, float]:
    """Run the CLI once on the dump; return seconds and peak memory."""
    figures = measure(clean_command(str(dump), out, jobs), dump.parent)
    if figures["exit"] not in (0, 1):
        raise SystemExit(f"bench_batch: cleaner exited with {figures['exit']}")
    return figures


def build_bombs(folder: Path, megabytes: int) -> dict[str, Path]:
    """A ``.txt.gz`` of ``megabytes`` MB of text (one gzip member of 1 MB,
    repeated) and a ``.jsonl.zst`` whose first record is a ``megabytes`` MB
    line, then one good record."""
    line = "The council approved the budget on Monday after a long debate about schools. "
    block = (line * (1 + (1 << 20) // len(line))).encode()[: 1 << 20]
    gz = folder / "bomb.txt.gz"
    member = gzip.compress(block)
    with open(gz, "wb") as stream:
        for _ in range(megabytes):
            stream.write(member)
    zst = folder / "bomb.jsonl.zst"
    good = json.dumps({"id": "good", "text": "Good headline here\n\n" + line}) + "\n"
    with open(zst, "wb") as raw, zstandard.ZstdCompressor(level=1).stream_writer(raw) as stream:
        stream.write(b'{"id": "bomb", "text": "')
        for _ in range(megabytes):
            stream.write(block)
        stream.write(b'"}\n' + good.encode())
    return {"gz": gz, "zst": zst}


def bombs(folder: Path, megabytes: int, jobs: int) -> list[dict[str, Any]]:
    """Clean each bomb; return its figures with the error it reported."""
    built = build_bombs(folder, megabytes)
    cases = [
        (f"`.txt.gz`, {built['gz'].stat().st_size / 1e6:.1f} MB expanding to {megabytes} MB", str(built["gz"]), 0),
        (
            f"`.jsonl.zst`, {built['zst'].stat().st_size / 1e3:.0f} kB holding a {megabytes} MB line and a good one",
            str(built["zst"]),
            0,
        ),
        (f"{megabytes * 3 // 2} MB of text on stdin", "-", megabytes * 3 // 2),
    ]
    rows = []
    for number, (name, source, feed_mb) in enumerate(cases):
        out = folder / f"bomb-out{number}"
        print(f"bench_batch: {name}", file=sys.stderr)
        figures = measure(clean_command(source, out, jobs), folder, feed_mb)
        errors = out / "errors.jsonl"
        messages = [json.loads(line)["message"] for line in errors.read_text().splitlines()] if errors.exists() else []
        written = sum(1 for _ in (out / "bomb.jsonl").open()) if (out / "bomb.jsonl").exists() else 0
        rows.append({"input": name, **figures, "errors": messages, "records_written": written})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder of *.dev.jsonl.gz files")
    parser.add_argument("--dump-mb", type=int, default=100, help="size of the JSONL dump to build (MB; 0: none)")
    parser.add_argument("--field", choices=["text", "html"], default="text", help="clean text dumps or HTML")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare")
    parser.add_argument("--no-bombs", action="store_true", help="skip the decompression bombs")
    parser.add_argument("--bomb-mb", type=int, default=1024, help="decompressed size of each bomb (MB)")
    parser.add_argument(
        "--format", nargs="+", choices=["jsonl", "parquet"], default=["jsonl"], help="dump formats to clean"
    )
    parser.add_argument("--pad-kb", type=int, default=0, help="kB of random bytes added to each Parquet row")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as folder:
        if args.dump_mb:
            figures.update(dump_runs(Path(folder), args))
        if not args.no_bombs:
            figures["bombs"] = bombs(Path(folder), args.bomb_mb, args.jobs[-1])
    dumps = [(fmt, figures[key]) for fmt, key in (("jsonl", "dump"), ("parquet", "dump_parquet")) if key in figures]
    if dumps:
        print(
            f"| format | input (MB) | --jobs | docs/s | MB/s | speed-up vs --jobs {args.jobs[0]} "
            "| peak RSS, all processes (MB) | peak PSS, all processes (MB) | sum of per-process peaks (MB) "
            "| largest process (MB) |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for fmt, dump in dumps:
        rows = dump["runs"]
        base = rows[args.jobs[0]]["seconds"]
        for jobs, r in rows.items():
            print(
                f"| {fmt} | {dump['bytes'] / 1e6:.0f} | {jobs} | {r['docs_per_s']:.1f} | {r['mb_per_s']:.2f} "
                f"| {base / r['seconds']:.2f} | {r['peak_tree_mb']:.0f} | {r['peak_pss_mb']:.0f} "
                f"| {r['sum_of_peaks_mb']:.0f} | {r['largest_process_mb']:.0f} |"
            )
    if "bombs" in figures:
        print(
            f"\n| bomb (--jobs {args.jobs[-1]}, --max-bytes 50 MB) | exit | seconds | peak RSS, all processes (MB) "
            "| sum of per-process peaks (MB) | largest process (MB) | reported |"
        )
        print("|---|---:|---:|---:|---:|---:|---|")
        for r in figures["bombs"]:
            reported = "; ".join(r["errors"]) + (
                f"; {r['records_written']} good record written" if r["records_written"] else ""
            )
            print(
                f"| {r['input']} | {r['exit']} | {r['seconds']:.1f} | {r['peak_tree_mb']:.0f} "
                f"| {r['sum_of_peaks_mb']:.0f} | {r['largest_process_mb']:.0f} | {reported} |"
            )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


def dump_runs(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Build the dump in each ``--format`` and clean it once per ``--jobs``
    value: ``{"dump": JSONL figures, "dump_parquet": Parquet figures}``."""
    dump = folder / "dump.jsonl"
    megabytes = args.dump_mb
    if args.format == ["parquet"]:  # --dump-mb is then the Parquet file's size
        megabytes = int(megabytes * jsonl_to_parquet_ratio(folder, args))
    count, size = build_dump(dump, megabytes, args.field, args.bench)
    print(f"bench_batch: {count} records, {size / 1e6:.0f} MB of JSONL ({args.field})", file=sys.stderr)
    results = {}
    if "parquet" in args.format:
        parquet = folder / "dump.parquet"
        to_parquet(dump, parquet, args.pad_kb)
        print(f"bench_batch: the same records, {parquet.stat().st_size / 1e6:.0f} MB of Parquet", file=sys.stderr)
        results["dump_parquet"] = clean_runs(parquet, count, folder, args.jobs)
        parquet.unlink()
    if "jsonl" in args.format:
        results["dump"] = clean_runs(dump, count, folder, args.jobs)
    dump.unlink()
    return results


def clean_runs(dump: Path, count: int, folder: Path, jobs_values: list[int]) -> dict[str, Any]:
    """Clean one dump once per ``--jobs`` value."""
    size = dump.stat().st_size
    rows = {}
    for jobs in jobs_values:
        print(f"bench_batch: {dump.name}, --jobs {jobs}", file=sys.stderr)
        figures = run(dump, folder / f"out{jobs}", jobs)
        shutil.rmtree(folder / f"out{jobs}")  # a dump's worth of disk
        figures.update(docs_per_s=count / figures["seconds"], mb_per_s=size / 1e6 / figures["seconds"])
        rows[jobs] = figures
    return {"records": count, "bytes": size, "runs": rows}


def to_parquet(jsonl: Path, parquet: Path, pad_kb: int = 0, rows_per_group: int = 1_000) -> None:
    """Write a JSONL file's records to Parquet in row groups of 1,000 rows or
    about 8 MB (as datatrove writes text), each with ``pad_kb`` kB of random
    bytes in a ``raw`` column when asked."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    with open(jsonl, encoding="utf-8") as stream:
        while batch := [json.loads(line) for _, line in zip(range(rows_per_group), stream, strict=False)]:
            if pad_kb:
                batch = [{**record, "raw": os.urandom(pad_kb * 1000)} for record in batch]
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(parquet, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=max(1, int(len(batch) * 8_000_000 / table.nbytes)))
    if writer is not None:
        writer.close()


def jsonl_to_parquet_ratio(folder: Path, args: argparse.Namespace) -> float:
    """How many bytes of JSONL make one byte of Parquet, on a 20 MB sample."""
    sample, parquet = folder / "sample.jsonl", folder / "sample.parquet"
    build_dump(sample, 20, args.field, args.bench)
    to_parquet(sample, parquet, args.pad_kb)
    ratio = sample.stat().st_size / parquet.stat().st_size
    sample.unlink()
    parquet.unlink()
    return ratio


if __name__ == "__main__":
    sys.exit(main())
