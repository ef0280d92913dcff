"""Coverage-guided fuzzing of the decode, text and HTML paths with atheris.

    pip install -e '.[fuzz]'
    python scripts/fuzz.py --seconds 600                # report executions and findings
    python scripts/fuzz.py --seconds 600 --corpus fuzz-corpus/

Each input is cleaned as bytes in auto mode, as text and as HTML. Any
exception is a finding: the input is saved under ``--findings`` and the run
stops (libFuzzer's behaviour), so it can be reproduced with
``python scripts/fuzz.py --replay FILE``. Once fixed, copy it into
``tests/hostile/fuzz-regressions/`` so the test suite keeps it fixed. The
seeds and fixtures are the starting corpus.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_input(data: bytes) -> None:
    """The fuzz target: every entry point, on the same bytes."""
    from cleaner import clean

    for fmt in ("auto", "text", "html"):
        result = clean(data, input_format=fmt)
        result.text.encode("utf-8")  # output must be valid UTF-8
    text = data.decode("utf-8", "replace")
    again = clean(text, input_format="text").text
    assert clean(again, input_format="text").text == again, "cleaning is not idempotent"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    parser.add_argument("--corpus", type=Path, help="corpus folder (grown by the fuzzer)")
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings"), help="where crashing inputs go")
    parser.add_argument("--replay", type=Path, help="run one saved input and show its traceback")
    args = parser.parse_args()
    if args.replay:
        one_input(args.replay.read_bytes())
        print("no exception")
        return 0
    import logging

    import atheris

    logging.disable(logging.CRITICAL)  # trafilatura logs every empty page
    with atheris.instrument_imports():
        import cleaner.pipeline  # noqa: F401

    corpus = args.corpus or Path(f"/tmp/cleaner-fuzz-corpus-{int(time.time())}")
    corpus.mkdir(parents=True, exist_ok=True)
    for path in [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "fixtures").rglob("input.*"))]:
        (corpus / path.name).write_bytes(path.read_bytes()[:20000])
    args.findings.mkdir(parents=True, exist_ok=True)
    libfuzzer_args = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={args.seconds}",
        f"-artifact_prefix={args.findings}/",
        "-max_len=20000",
        "-print_final_stats=1",
    ]
    atheris.Setup(libfuzzer_args, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
