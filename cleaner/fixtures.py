"""Fixture folders: ``input.txt`` plus the expected text and metadata.

Used by the test suite and by ``scripts/regen_fixtures.py``. A fixture folder
holds ``input.txt`` and optionally ``url.txt`` (the page URL) and
``labels.json`` (line labels: ``drop`` and ``optional`` line numbers, every
other non-blank line must be kept; see ``docs/fixtures.md``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.pipeline import CleanResult, clean

VOLATILE = ("cleaner_version",)
"""Metadata keys left out of expected.json because they change every release."""


def fixture_dirs(root: Path) -> list[Path]:
    """Every folder under ``root`` that holds an ``input.txt``, sorted."""
    return sorted(p.parent for p in root.rglob("input.txt"))


def run_fixture(folder: Path) -> CleanResult:
    """Clean a fixture's input the way the tests and the regen script do."""
    url_file = folder / "url.txt"
    url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
    return clean((folder / "input.txt").read_bytes(), url=url, source=folder.name)


def stable_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata without the keys that change with every release."""
    return {k: v for k, v in metadata.items() if k not in VOLATILE}


def expected_files(folder: Path) -> dict[str, str]:
    """The content expected.txt and expected.json should have for ``folder``."""
    result = run_fixture(folder)
    meta = json.dumps(stable_metadata(result.metadata), indent=1, ensure_ascii=False) + "\n"
    return {"expected.txt": result.text, "expected.json": meta}


def load_labels(folder: Path) -> dict[str, Any] | None:
    """The folder's labels.json, or None."""
    path = folder / "labels.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
