"""Print every repair the cleaner would make in a folder of texts.

For review before a batch run: one line per repair with the file, the input
line, the rule id, and the text before and after. Nothing is written.

    python scripts/review_repairs.py seeds/
    python scripts/review_repairs.py dump/ --glob '*.txt' --rules my_rules/
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Config, clean  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path, help="text files or folders")
    parser.add_argument("--glob", default="*.txt", help="file pattern inside folders (default *.txt)")
    parser.add_argument("--rules", action="append", default=[], help="user rules directory (repeatable)")
    args = parser.parse_args()
    config = Config(rule_dirs=tuple(args.rules))
    counts: Counter[str] = Counter()
    flagged = 0
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path}: no such file or directory")
        files = sorted(path.rglob(args.glob)) if path.is_dir() else [path]
        for file in files:
            result = clean(file.read_bytes(), source=str(file), config=config)
            flagged += "machine_translation" in result.metadata["flags"]
            for repair in result.metadata["repairs"]:
                counts[repair["rule"]] += 1
                print(f"{file}:{repair['line']}: {repair['rule']}: {repair['before']!r} -> {repair['after']!r}")
    summary = ", ".join(f"{rule} {n}" for rule, n in counts.most_common()) or "none"
    print(f"repairs: {summary}; documents flagged machine_translation: {flagged}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
