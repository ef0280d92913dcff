"""Batch throughput and memory: ``cleaner clean`` on a JSONL dump, with
``--jobs 1`` and ``--jobs 2`` (or any list), in the same run.

Builds a JSONL dump of the requested size in a temporary folder from the text
dumps of the benchmark records (``../shared/bench``; records are repeated
with fresh ids until the size is reached), runs the CLI on it once per jobs
value, and reports documents/s, MB/s of input, the speed-up against the first
jobs value, and the peak resident memory of the whole process tree (the
parent plus its workers, sampled from /proc every 0.1 s) and of its largest
process.

    python scripts/bench_batch.py                       # 100 MB, --jobs 1 and 2
    python scripts/bench_batch.py --dump-mb 1024 --jobs 2
    python scripts/bench_batch.py --dump-mb 50 --field html   # HTML records
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def run(dump: Path, out: Path, jobs: int) -> dict[str, float]:
    """Run the CLI once; return seconds and peak memory."""
    command = [
        sys.executable,
        "-m",
        "cleaner",
        "clean",
        str(dump),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--overwrite",
        "-q",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"bench_batch: cleaner exited with {process.returncode}")
    return {"seconds": seconds, "peak_tree_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder of *.dev.jsonl.gz files")
    parser.add_argument("--dump-mb", type=int, default=100, help="size of the JSONL dump to build (MB)")
    parser.add_argument("--field", choices=["text", "html"], default="text", help="clean text dumps or HTML")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as folder:
        dump = Path(folder) / "dump.jsonl"
        count, size = build_dump(dump, args.dump_mb, args.field, args.bench)
        print(f"bench_batch: {count} records, {size / 1e6:.0f} MB of JSONL ({args.field})", file=sys.stderr)
        rows = {}
        for jobs in args.jobs:
            print(f"bench_batch: --jobs {jobs}", file=sys.stderr)
            figures = run(dump, Path(folder) / f"out{jobs}", jobs)
            figures.update(docs_per_s=count / figures["seconds"], mb_per_s=size / 1e6 / figures["seconds"])
            rows[jobs] = figures
    base = rows[args.jobs[0]]["seconds"]
    print(f"| --jobs | docs/s | MB/s | speed-up vs --jobs {args.jobs[0]} | peak RSS, all processes (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for jobs, r in rows.items():
        speed_up = base / r["seconds"]
        print(f"| {jobs} | {r['docs_per_s']:.1f} | {r['mb_per_s']:.2f} | {speed_up:.2f} | {r['peak_tree_mb']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps({"records": count, "bytes": size, "runs": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
