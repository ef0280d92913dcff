"""Throughput, latency and memory of the cleaner against named baselines.

Runs every system on the same benchmark records in one process, one after the
other, and reports documents/s, MB/s of input (the text dump for text-mode
systems, the HTML for HTML-mode ones), p50/p95 latency per document, peak
Python memory (tracemalloc, measured in a separate pass so it does not slow
the timed one), and the ratio of each system's throughput to the baseline's
(trafilatura by default).

    python scripts/bench.py                                   # all datasets in ../shared/bench
    python scripts/bench.py --dataset scrapinghub --repeat 3
    python scripts/bench.py --systems cleaner-text c4-lines --baseline c4-lines
    python scripts/bench.py --json results/bench.json
    python scripts/bench.py --systems cleaner-html trafilatura --interleave   # on a machine shared with other work

Figures come from the development split of the benchmarks; say so when you
report them.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval import SYSTEMS, TEXT_MODE, add_record_options, records_from, usable_systems  # noqa: E402

DEFAULT_SYSTEMS = ["cleaner-text", "cleaner-html", "c4-lines", "trafilatura"]


def input_size(record: dict[str, Any], system: str) -> int:
    """Bytes of the input the system reads."""
    field = "text" if system in TEXT_MODE else "html"
    return len(record[field].encode("utf-8"))


def warm_up_records(records: list[dict[str, Any]], per_dataset: int = 5) -> list[dict[str, Any]]:
    """The first few records of each dataset: run untimed first, so that
    one-time costs (imports, word-frequency tables, rule loading, caches)
    that a long batch pays once do not land on the timed run."""
    firsts: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        chosen = firsts.setdefault(record["dataset"], [])
        if len(chosen) < per_dataset:
            chosen.append(record)
    return [record for chosen in firsts.values() for record in chosen]


def time_system(system: str, records: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    """Best-of-``repeat`` total time, with per-document latencies of that run."""
    run = SYSTEMS[system]
    for record in warm_up_records(records):
        run(record)
    best: list[float] | None = None
    for _ in range(repeat):
        gc.collect()
        latencies = []
        for record in records:
            start = time.perf_counter()
            run(record)
            latencies.append(time.perf_counter() - start)
        if best is None or sum(latencies) < sum(best):
            best = latencies
    assert best is not None
    figures = summarise(system, records, best)
    figures["datasets"] = {
        name: summarise(
            system,
            [r for r in records if r["dataset"] == name],
            [t for r, t in zip(records, best, strict=True) if r["dataset"] == name],
        )
        for name in sorted({r["dataset"] for r in records})
    }
    return figures


def time_interleaved(systems: list[str], records: list[dict[str, Any]], repeat: int) -> dict[str, dict[str, Any]]:
    """Time every system on each document in turn (best of ``repeat`` per
    document and system), so that a load that changes during the run, on a
    machine other work shares, weighs on all systems alike."""
    for system in systems:
        for record in warm_up_records(records):
            SYSTEMS[system](record)
    latencies: dict[str, list[float]] = {system: [] for system in systems}
    gc.collect()
    for record in records:
        for system in systems:
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                SYSTEMS[system](record)
                best = min(best, time.perf_counter() - start)
            latencies[system].append(best)
    results = {}
    for system in systems:
        figures = summarise(system, records, latencies[system])
        figures["datasets"] = {
            name: summarise(
                system,
                [r for r in records if r["dataset"] == name],
                [t for r, t in zip(records, latencies[system], strict=True) if r["dataset"] == name],
            )
            for name in sorted({r["dataset"] for r in records})
        }
        results[system] = figures
    return results


def summarise(system: str, records: list[dict[str, Any]], latencies: list[float]) -> dict[str, Any]:
    """Throughput and latency figures of one system over some records."""
    total = sum(latencies)
    size = sum(input_size(r, system) for r in records)
    ordered = sorted(latencies)
    return {
        "documents": len(records),
        "seconds": total,
        "docs_per_s": len(records) / total,
        "mb_per_s": size / 1e6 / total,
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
    }


def peak_memory(system: str, records: list[dict[str, Any]]) -> float:
    """Peak traced Python allocation in MB while the system runs over the records."""
    run = SYSTEMS[system]
    gc.collect()
    tracemalloc.start()
    for record in records:
        run(record)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_record_options(parser)
    parser.add_argument("--systems", nargs="+", choices=sorted(SYSTEMS), default=None, help="systems to time")
    parser.add_argument("--baseline", default="trafilatura", help="system the ratios are taken against")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes per system; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--interleave",
        action="store_true",
        help="time all systems on each document in turn instead of one system after the other",
    )
    args = parser.parse_args()
    wanted = args.systems or DEFAULT_SYSTEMS
    if args.baseline not in wanted:
        wanted.append(args.baseline)
    systems = usable_systems(wanted, "bench")
    records = records_from(args)
    print(f"bench: {len(records)} records, single process", file=sys.stderr)
    if args.interleave:
        print(f"bench: timing {', '.join(systems)} in turn on each document", file=sys.stderr)
        results = time_interleaved(systems, records, args.repeat)
    else:
        results = {}
        for name in systems:
            print(f"bench: timing {name}", file=sys.stderr)
            results[name] = time_system(name, records, args.repeat)
    for name in systems:
        results[name]["peak_mb"] = peak_memory(name, records[: min(len(records), 100)])
    base = results.get(args.baseline)
    print(f"| system | mode | docs/s | MB/s | p50 ms | p95 ms | peak MB | docs/s ÷ {args.baseline} |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        r["ratio"] = r["docs_per_s"] / base["docs_per_s"] if base else None
        mode = "text" if name in TEXT_MODE else "html"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        print(
            f"| {name} | {mode} | {r['docs_per_s']:.1f} | {r['mb_per_s']:.2f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['peak_mb']:.1f} | {ratio} |"
        )
    if base and len(base["datasets"]) > 1:
        print(f"\n| dataset | system | docs/s | MB/s | docs/s ÷ {args.baseline} |")
        print("|---|---|---:|---:|---:|")
        for dataset, base_figures in base["datasets"].items():
            for name, r in results.items():
                d = r["datasets"][dataset]
                d["ratio"] = d["docs_per_s"] / base_figures["docs_per_s"]
                print(f"| {dataset} | {name} | {d['docs_per_s']:.1f} | {d['mb_per_s']:.2f} | {d['ratio']:.2f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"baseline": args.baseline, "systems": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
