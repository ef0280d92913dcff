"""How much of an HTML page's visible text leaves without a ``removed`` entry.

For each HTML page, the visible text (the text of the parsed page's
``<body>``: scripts, styles and comments are not text, and the ``<head>``'s
``<title>``, which no browser shows in the page, goes to metadata ``title``)
is compared with what the cleaner accounts for:
the output text plus the text of every ``removed`` entry. Characters are
counted after collapsing white space; the share of visible characters not
accounted for is what the extractor left out silently.

    python scripts/check_removed.py                      # the HTML fixtures
    python scripts/check_removed.py --pages --dataset scrapinghub --sample 20

Figures from ../shared/bench come from the development split; say so when you
report them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from cleaner import clean  # noqa: E402
from cleaner.fixtures import fixture_dirs, fixture_input, run_fixture  # noqa: E402
from cleaner.html import parse_page  # noqa: E402


def chars(text: str) -> int:
    """Characters without white space.

    >>> chars(" a b\\n c ")
    3
    """
    return len("".join(text.split()))


def unlogged(page: bytes | str, metadata: dict, text: str) -> tuple[int, int]:
    """(visible characters, characters neither in the output nor in ``removed``)."""
    tree = parse_page(page)[0]
    body = tree.find("body")
    visible = chars((tree if body is None else body).text_content())
    accounted = chars(text) + sum(chars(entry["text"]) for entry in metadata["removed"])
    return visible, max(0, visible - accounted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", action="store_true", help="benchmark pages (see --bench) instead of fixtures")
    from eval import add_record_options, records_from

    add_record_options(parser)
    args = parser.parse_args()
    rows = []
    if args.pages:
        for record in records_from(args):
            result = clean(record["html"].encode("utf-8"), url=record.get("url") or None, input_format="html")
            rows.append((record["id"], *unlogged(record["html"], result.metadata, result.text)))
    else:
        for folder in fixture_dirs(ROOT / "fixtures"):
            path, input_format = fixture_input(folder)
            if input_format == "html":
                result = run_fixture(folder)
                rows.append((folder.name, *unlogged(path.read_bytes(), result.metadata, result.text)))
    visible = sum(row[1] for row in rows)
    missing = sum(row[2] for row in rows)
    for name, seen, lost in sorted(rows, key=lambda row: -row[2] / max(1, row[1]))[:10]:
        print(f"{name}: {lost} of {seen} visible characters unaccounted ({lost / max(1, seen):.1%})")
    print(
        f"{len(rows)} pages: {missing} of {visible} visible characters ({missing / max(1, visible):.1%}) "
        "are neither in the output nor in a removed entry"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
