"""Regenerate expected.txt and expected.json in every fixture folder.

Run after an intended change, then review ``git diff fixtures/`` line by line
before committing: every changed line is a change in what users get.

    python scripts/regen_fixtures.py            # all fixture folders
    python scripts/regen_fixtures.py --check    # exit 1 if any expected file is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.fixtures import expected_files, fixture_dirs  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report stale files, write nothing")
    args = parser.parse_args()
    stale = 0
    for folder in fixture_dirs(ROOT / "fixtures"):
        for name, content in expected_files(folder).items():
            path = folder / name
            if path.exists() and path.read_text(encoding="utf-8") == content:
                continue
            stale += 1
            print(f"{'stale' if args.check else 'wrote'} {path.relative_to(ROOT)}")
            if not args.check:
                path.write_text(content, encoding="utf-8")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
