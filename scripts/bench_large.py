"""Time and memory of one large legitimate document (issue 18, item 13).

Each case runs in a fresh process, so that its peak RSS is the document's
own (the process's size after importing the cleaner and cleaning a small
page is reported apart, as ``base``). CPU seconds are the figure to compare:
on a shared machine wall time also counts the other processes.

    python scripts/bench_large.py                          # default sizes (several minutes)
    python scripts/bench_large.py --cases lines spans --sizes 100000 30000
    git archive COMMIT cleaner | tar -x -C /tmp/old       # another version's cleaner/ package, then
    python scripts/bench_large.py --code /tmp/old

Cases: ``lines`` (short lines of text, each kept: 1,000,000 lines is about
15 MB), ``removed`` (short lines without running text, all removed in one
run, as outside the main text), ``spans`` (one HTML paragraph of N ``<span>`` words), ``divs`` (N
HTML paragraphs, each a ``<div>`` holding a ``<span>``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CASES = {"lines": 1_000_000, "removed": 1_000_000, "spans": 300_000, "divs": 300_000}

CHILD = r"""
import json, resource, sys, time
if sys.argv[3]:
    sys.path.insert(0, sys.argv[3])
from cleaner import Config, clean
case, n = sys.argv[1], int(sys.argv[2])
clean("A headline\n\nA short paragraph of running text, long enough to be read as a sentence.\n")
clean(html=b"<html><body><article><h1>A headline</h1><p>A short paragraph of running text.</p></article></body></html>")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if case == "lines":
    data = "".join(f"Row {i} is ok.\n" for i in range(n)).encode()
elif case == "removed":
    data = "".join(f"Item {i} is {('on', 'up', 'in')[i % 3]}\n" for i in range(n)).encode()  # no running text
elif case == "spans":
    data = ("<html><body><p>" + "".join(f"<span>w{i}</span> " for i in range(n)) + "</p></body></html>").encode()
else:
    data = ("<html><body>" + "".join(f"<div><span>Line {i} of the page.</span></div>\n" for i in range(n))).encode()
cpu, wall = time.process_time(), time.perf_counter()
result = clean(data, config=Config(timeout=0, max_bytes=10**10))
print(json.dumps({
    "case": case, "n": n, "mb": len(data) / 1e6,
    "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
    "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "base": base / 1024,
    "lines_out": result.text.count("\n") - result.text.count("\n\n"),
    "removed": sum(1 + (r["lines"][1] - r["lines"][0] if r["lines"] else 0) for r in result.metadata["removed"]),
}))
"""


def run_case(case: str, n: int, code: str) -> dict[str, float]:
    """Clean one generated document in a fresh process; its figures."""
    done = subprocess.run([sys.executable, "-c", CHILD, case, str(n), code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--sizes", nargs="+", type=int, help="one size per case (default: the case's own)")
    parser.add_argument("--code", default="", help="a directory holding another version's cleaner/ package")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    sizes = args.sizes or [CASES[case] for case in args.cases]
    if len(sizes) != len(args.cases):
        parser.error("give one size per case")
    rows = []
    print("| case | N | MB | CPU s | wall s | µs per line or element | peak RSS MB | base MB | lines out | removed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case, n in zip(args.cases, sizes, strict=True):
        row = run_case(case, n, str(Path(args.code).resolve()) if args.code else "")
        rows.append(row)
        print(
            f"| {case} | {n:,} | {row['mb']:.1f} | {row['cpu']:.1f} | {row['wall']:.1f} | {1e6 * row['cpu'] / n:.1f} "
            f"| {row['rss']:.0f} | {row['base']:.0f} | {row['lines_out']:,} | {row['removed']:,} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
