"""Check that the cleaner's speed shortcuts change no output.

Cleans every benchmark page in HTML mode twice, with the readability
shortcut (see ``cleaner.html.readability_cannot_win``) and without it, and
reports how often the shortcut fired and every page whose text or metadata
differ (there should be none).

    python scripts/check_shortcuts.py                      # all datasets in ../shared/bench
    python scripts/check_shortcuts.py --dataset scrapinghub --sample 50

Figures come from the development split of the benchmarks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval import add_record_options, records_from  # noqa: E402

from cleaner import clean  # noqa: E402
from cleaner import html as cleaner_html  # noqa: E402


def run(records: list[dict], shortcut: bool) -> list[tuple[str, dict]]:
    cleaner_html.READABILITY_SHORTCUT = shortcut
    out = []
    for record in records:
        result = clean(record["html"].encode("utf-8"), url=record.get("url") or None, input_format="html")
        out.append((result.text, result.metadata))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_record_options(parser)
    records = records_from(parser.parse_args())
    plain = run(records, shortcut=False)
    cleaner_html._SHORTCUT_STATE["skipped"] = 0
    fast = run(records, shortcut=True)
    skipped = cleaner_html._SHORTCUT_STATE.get("skipped", 0)
    differing = [r["id"] for r, a, b in zip(records, plain, fast, strict=True) if a != b]
    print(f"{len(records)} pages; readability skipped {skipped} times; {len(differing)} pages differ")
    for record_id in differing:
        print(f"  differs: {record_id}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
