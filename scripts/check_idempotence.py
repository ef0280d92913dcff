"""Check that cleaning the cleaner's output again changes nothing, on real pages.

Cleans every benchmark page's text dump (``--mode text``, the default) or
HTML (``--mode html``), cleans the resulting text again as text, and lists
every page whose second output differs from the first, with the lines that
went or changed. The property tests check the same on generated input.

    python scripts/check_idempotence.py                    # all datasets in ../shared/bench
    python scripts/check_idempotence.py --dataset cleaneval --mode html

Figures come from the development split of the benchmarks.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval import add_record_options, records_from  # noqa: E402

from cleaner import clean  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_record_options(parser)
    parser.add_argument("--mode", choices=("text", "html"), default="text", help="which input to clean first")
    args = parser.parse_args()
    records = records_from(args)
    changed = 0
    for record in records:
        url = record.get("url") or None
        first = clean(record[args.mode], url=url, input_format=args.mode).text
        second = clean(first, url=url, input_format="text").text
        if first != second:
            changed += 1
            print(f"{record['id']}: changes when cleaned again")
            for line in difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=0):
                if line[:1] in "+-" and line[:3] not in ("+++", "---"):
                    print(f"    {line[:120]}")
    print(f"check_idempotence: {changed} of {len(records)} pages change when cleaned again ({args.mode} mode)")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
