"""Build fixtures/seeds/<seed>/ from the five seeds and their acceptance labels.

Each folder gets ``input.txt`` (the seed, byte for byte) and ``labels.json``
(the lines to drop, the optional ones, the required repairs, flags and the
metadata the acceptance file lists). Review the diff before committing.

    python scripts/build_seed_fixtures.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared material folder")
    args = parser.parse_args()
    acceptance = json.loads((args.shared / "acceptance" / "seeds.json").read_text(encoding="utf-8"))
    for seed in acceptance["seeds"]:
        folder = ROOT / "fixtures" / "seeds" / Path(seed["file"]).stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "input.txt").write_bytes((args.shared / "seeds" / seed["file"]).read_bytes())
        labels = {key: seed.get(key, []) for key in ("drop", "optional", "repairs", "flags")}
        labels["metadata"] = seed.get("metadata", {})
        labels["notes"] = seed.get("notes", "")
        (folder / "labels.json").write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
