"""Fixture folders: an input plus the expected text and metadata.

Used by the test suite and by ``scripts/regen_fixtures.py``. A fixture folder
holds ``input.txt`` or ``input.html`` and optionally ``url.txt`` (the page
URL), ``rules/`` (rule files used for this fixture only), ``labels.json``
(line labels: ``drop`` and ``optional`` line numbers, every other non-blank
line must be kept) and ``checks.json`` (strings that must be ``present`` in or
``absent`` from the output, ``rules`` that must have removed something, and
optionally ``metadata`` values the page's metadata must hold).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.pipeline import CleanResult, Config, clean

VOLATILE = ("cleaner_version",)
"""Metadata keys left out of expected.json because they change every release."""


INPUTS = {"input.txt": "text", "input.html": "html"}


def fixture_dirs(root: Path) -> list[Path]:
    """Every folder under ``root`` that holds an ``input.txt`` or ``input.html``, sorted."""
    return sorted({p.parent for name in INPUTS for p in root.rglob(name)})


def fixture_input(folder: Path) -> tuple[Path, str]:
    """The fixture's input file and its input format."""
    return next((folder / name, fmt) for name, fmt in INPUTS.items() if (folder / name).exists())


def run_fixture(folder: Path, config: Config | None = None) -> CleanResult:
    """Clean a fixture's input the way the tests and the regen script do."""
    url_file = folder / "url.txt"
    url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
    rules = (str(folder / "rules"),) if (folder / "rules").is_dir() else ()
    config = config or Config(rule_dirs=rules)
    path, input_format = fixture_input(folder)
    return clean(path.read_bytes(), url=url, source=folder.name, input_format=input_format, config=config)


def stable_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata without the keys that change with every release."""
    return {k: v for k, v in metadata.items() if k not in VOLATILE}


def expected_files(folder: Path) -> dict[str, str]:
    """The content expected.txt and expected.json should have for ``folder``."""
    result = run_fixture(folder)
    meta = json.dumps(stable_metadata(result.metadata), indent=1, ensure_ascii=False) + "\n"
    return {"expected.txt": result.text, "expected.json": meta}


def load_labels(folder: Path, name: str = "labels.json") -> dict[str, Any] | None:
    """The folder's labels.json (or another JSON file by ``name``), or None."""
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
