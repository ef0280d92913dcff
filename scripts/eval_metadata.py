"""Page metadata of the cleaner's HTML mode against trafilatura's, field by field.

Reads the records of ``../shared/bench/readability.dev.jsonl.gz`` (Mozilla
Readability's test pages), whose ``expected_metadata`` holds the title,
byline, published time, site name and language Readability.js's test suite
expects, and runs on each page, in the same run:

  cleaner        clean(html, input_format="html").metadata
  trafilatura    trafilatura.extract_metadata(html, default_url=url)

A field is scored on the records where its expected value is not empty: the
share of them whose value the system meets, by the rules of
:func:`cleaner.evaluate.metadata_matches` (the same for both systems):
title, site name and language equal after case-folding and dropping
punctuation; author (byline) when the words of one are a run of the other's;
date on the same calendar day. ``wrong`` counts values given where the
expected one is empty (for the author: a name where Readability found none).

    python scripts/eval_metadata.py
    python scripts/eval_metadata.py --misses author     # each miss of one field, both systems
    python scripts/eval_metadata.py --json results/metadata.json
    python scripts/eval_metadata.py --htmldate          # cost and yield of htmldate's fast and extensive modes
    python scripts/eval_metadata.py --htmldate --file ../shared/bench/cleaneval.dev.jsonl.gz

Figures come from the development split; say so when you report them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402
from cleaner.evaluate import METADATA_FIELDS, metadata_matches  # noqa: E402

DEFAULT_FILE = ROOT.parent / "shared" / "bench" / "readability.dev.jsonl.gz"
EXPECTED_KEYS = {
    "title": "title",
    "author": "byline",
    "date": "publishedTime",
    "site_name": "siteName",
    "language": "lang",
}
"""The cleaner's field name -> the key in ``expected_metadata``."""


def cleaner_metadata(record: dict[str, Any]) -> dict[str, Any]:
    meta = clean(record["html"].encode("utf-8"), url=record.get("url") or None, input_format="html").metadata
    return {name: meta.get(name) for name in METADATA_FIELDS}


def trafilatura_metadata(record: dict[str, Any]) -> dict[str, Any]:
    from trafilatura import extract_metadata

    found = extract_metadata(record["html"], default_url=record.get("url") or None)
    if found is None:
        return dict.fromkeys(METADATA_FIELDS)
    return {
        "title": found.title,
        "author": found.author,
        "date": found.date,
        "site_name": found.sitename,
        "language": found.language,
    }


SYSTEMS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "cleaner": cleaner_metadata,
    "trafilatura": trafilatura_metadata,
}


def load(path: Path, expected_only: bool = True) -> list[dict[str, Any]]:
    """The records that carry ``expected_metadata`` (all with ``expected_only=False``)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream]
    return [r for r in records if r.get("expected_metadata") or not expected_only]


def score(records: list[dict[str, Any]], systems: list[str]) -> dict[str, Any]:
    """Per system and field: ``met``, ``expected`` (records with a value),
    ``wrong`` (values where none is expected), ``misses`` and the seconds."""
    result: dict[str, Any] = {}
    for name in systems:
        run = SYSTEMS[name]
        fields = {f: {"met": 0, "expected": 0, "wrong": 0, "misses": []} for f in METADATA_FIELDS}
        started = time.perf_counter()
        outputs = [run(record) for record in records]
        seconds = time.perf_counter() - started
        for record, got in zip(records, outputs, strict=True):
            for field_name in METADATA_FIELDS:
                want = record["expected_metadata"].get(EXPECTED_KEYS[field_name])
                entry = fields[field_name]
                if not want:
                    entry["wrong"] += bool(got[field_name])
                    continue
                entry["expected"] += 1
                if metadata_matches(field_name, want, got[field_name]):
                    entry["met"] += 1
                else:
                    entry["misses"].append({"id": record["id"], "expected": want, "got": got[field_name]})
        result[name] = {"fields": fields, "seconds": seconds}
    return result


def htmldate_cost(records: list[dict[str, Any]]) -> str:
    """htmldate's fast and extensive modes (the original date) on the
    cleaner's parsed tree of every page: ms per page, pages with a date, and,
    where the record has an expected date, how many each meets and how many
    of those the cleaner's own sources (:func:`cleaner.pagemeta.page_metadata`)
    miss while htmldate meets them."""
    from htmldate import find_date

    from cleaner.html import parse_page
    from cleaner.pagemeta import page_metadata

    pages = [parse_page(record["html"].encode("utf-8")) for record in records]
    own = [page_metadata(t, text, r.get("url") or None)["date"] for r, (t, text, _) in zip(records, pages, strict=True)]
    wanted = [(r.get("expected_metadata") or {}).get("publishedTime") for r in records]
    lines = [
        "| htmldate | ms/page | pages with a date | expected dates met | met where the cleaner's own sources miss |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode, extensive in (("fast", False), ("extensive", True)):
        started = time.perf_counter()
        found = [
            find_date(tree, extensive_search=extensive, original_date=True, url=record.get("url") or None)
            for record, (tree, _, _) in zip(records, pages, strict=True)
        ]
        seconds = time.perf_counter() - started
        met = [bool(want) and metadata_matches("date", want, got) for want, got in zip(wanted, found, strict=True)]
        rescued = sum(
            hit and not metadata_matches("date", want, mine) for hit, want, mine in zip(met, wanted, own, strict=True)
        )
        lines.append(
            f"| {mode} | {seconds / len(records) * 1000:.1f} | {sum(map(bool, found))} | "
            f"{sum(met)}/{sum(map(bool, wanted))} | {rescued} |"
        )
    own_met = sum(bool(w) and metadata_matches("date", w, d) for w, d in zip(wanted, own, strict=True))
    lines.append(f"\n{len(records)} pages; the cleaner's own sources: {sum(map(bool, own))} pages with a date, ")
    lines[-1] += f"{own_met}/{sum(map(bool, wanted))} expected dates met"
    return "\n".join(lines) + "\n"


def markdown(result: dict[str, Any], systems: list[str], pages: int) -> str:
    """One row per field: the share met by each system (met/expected) and
    the values given where none is expected."""
    header = "| field | " + " | ".join(f"{s} | {s} wrong" for s in systems) + " |"
    lines = [header, "|---|" + "---:|---:|" * len(systems)]
    for field_name in METADATA_FIELDS:
        cells = []
        for name in systems:
            entry = result[name]["fields"][field_name]
            share = entry["met"] / entry["expected"] if entry["expected"] else 0.0
            cells.append(f"{share:.2f} ({entry['met']}/{entry['expected']}) | {entry['wrong']}")
        lines.append(f"| {field_name} | " + " | ".join(cells) + " |")
    timing = ", ".join(f"{s} {result[s]['seconds'] / pages * 1000:.1f} ms/page" for s in systems)
    note = "(cleaner: the whole clean(), extraction included; trafilatura: extract_metadata alone)"
    return "\n".join(lines) + f"\n\n{pages} pages; {timing} {note}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="JSONL.gz with expected_metadata")
    parser.add_argument("--systems", nargs="+", choices=sorted(SYSTEMS), default=list(SYSTEMS))
    parser.add_argument("--misses", choices=METADATA_FIELDS, help="list every miss of this field")
    parser.add_argument("--json", type=Path, help="also write the scores and misses as JSON here")
    parser.add_argument(
        "--htmldate", action="store_true", help="time htmldate's fast and extensive modes on every record of --file"
    )
    args = parser.parse_args()
    if args.htmldate:  # every record of the file, with or without expected metadata
        print(htmldate_cost(load(args.file, expected_only=False)))
        return 0
    records = load(args.file)
    if not records:
        raise SystemExit(f"eval_metadata: no records with expected_metadata in {args.file}")
    result = score(records, args.systems)
    print(markdown(result, args.systems, len(records)))
    if args.misses:
        for name in args.systems:
            print(f"\n{name} misses, {args.misses}:")
            for miss in result[name]["fields"][args.misses]["misses"]:
                print(f"  {miss['id']}: expected {miss['expected']!r}, got {miss['got']!r}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
