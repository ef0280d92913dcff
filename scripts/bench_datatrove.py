"""Throughput per core of the cleaner and of trafilatura inside the same
datatrove pipeline.

Builds a WARC file from the HTML of the benchmark records (``../shared/bench``)
and runs, with datatrove's local executor, one task on one worker each:

    CleanerWarcReader -> CleanerStep        -> JsonlWriter
    CleanerWarcReader -> trafilatura.extract -> JsonlWriter

and reports documents/s and the ratio. Requires ``pip install 'cleaner[datatrove]'``.

    python scripts/bench_datatrove.py --dataset scrapinghub cleaneval cleanportaleval
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from eval import add_record_options, records_from  # noqa: E402

from cleaner.integrations.datatrove import CleanerStep, CleanerWarcReader  # noqa: E402


class TrafilaturaStep(PipelineStep):
    """trafilatura.extract with default settings on the page bytes."""

    name = "trafilatura"
    type = "✂️ - FORMAT"

    def run(self, data, rank=0, world_size=1):
        import trafilatura

        for document in data:
            with self.track_time():
                document.text = trafilatura.extract(document.media[0].media_bytes) or ""
            if document.text:
                yield document


def build_warc(path: Path, records: list[dict]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for i, record in enumerate(records):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = record["url"] or f"https://example.invalid/{i}"
            payload = io.BytesIO(record["html"].encode("utf-8"))
            writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=headers))


def run(step: PipelineStep, source: Path, target: Path) -> float:
    started = time.perf_counter()
    LocalPipelineExecutor(
        pipeline=[CleanerWarcReader(str(source)), step, JsonlWriter(str(target), compression=None)],
        tasks=1,
        workers=1,
        logging_dir=str(target / "logs"),
    ).run()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_record_options(parser)
    records = records_from(parser.parse_args())
    with tempfile.TemporaryDirectory(prefix="cleaner-dt-") as folder:
        source = Path(folder) / "in"
        source.mkdir()
        build_warc(source / "pages.warc.gz", records)
        seconds = {
            "cleaner": run(CleanerStep(), source, Path(folder) / "cleaner"),
            "trafilatura": run(TrafilaturaStep(), source, Path(folder) / "trafilatura"),
        }
    print("| pipeline step | docs/s per core | ratio to trafilatura |")
    print("|---|---:|---:|")
    for name, value in seconds.items():
        print(f"| {name} | {len(records) / value:.1f} | {seconds['trafilatura'] / value:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
