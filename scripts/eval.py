"""Evaluate the cleaner and named baselines against human gold text.

Reads the benchmark files in ``../shared/bench/`` (``<dataset>.dev.jsonl.gz``,
records ``{id, dataset, url, html, text, gold}``) where they are, runs every
system on the same records in the same run, and prints per dataset and overall
the mean and median token-shingle precision, recall and F1 against ``gold``
and the number of pages that kept less than half of their gold text.

Systems (``--systems`` picks some; those whose package is missing are skipped):

  all-text               no cleaning: the whole naive text dump
  c4-lines               C4-style line filter on the text dump: the three line rules only
  c4-tfds                C4's own filter (TensorFlow Datasets' c4_utils.clean_page, ported)
                         with NLTK Punkt sentence counting (pip install nltk)
  c4-datatrove           datatrove's C4QualityFilter, default settings (pip install spacy)
  justext-lines          jusText on the text dump, one paragraph per line
  cleaner-text           cleaner on the text dump
  cleaner-html           cleaner on the HTML (when the installed cleaner has HTML mode)
  trafilatura            trafilatura.extract on the HTML, default settings
  trafilatura-metadata   trafilatura.extract(with_metadata=True): its text with its metadata (title,
                         author, date, ...) extracted too, as the cleaner always does
  trafilatura-precision  trafilatura.extract(favor_precision=True)
  justext                jusText on the HTML
  readability            readability-lxml on the HTML (pip install readability-lxml)

    python scripts/eval.py                                # every dataset, every system
    python scripts/eval.py --dataset scrapinghub --sample 20 --seed 1
    python scripts/eval.py --systems cleaner-text c4-lines --json results/text.json
    python scripts/eval.py --fixtures                     # line-level scores of labelled fixtures
    python scripts/eval.py --scraped --jobs 1             # the scraper-style variant (below)
    python scripts/eval.py --scraped --show lost          # content lines the cleaner removed, with rules

``--scraped`` reads ``<dataset>.scraped.dev.jsonl.gz`` instead (headline, blank
line, extracted article; every line labelled K content, D furniture, O unsure)
and reports content lines kept, furniture lines removed, headlines kept (line
1), metadata title equal to the headline, and F1 against title + gold, for
all-text (leaving the text alone) and cleaner-text by default.

Figures come from the development split of the benchmarks; say so when you
report them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402
from cleaner.evaluate import aggregate, dropped_lines, line_scores, page_counts  # noqa: E402
from cleaner.fixtures import fixture_dirs, load_labels, run_fixture  # noqa: E402
from cleaner.normalise import split_lines  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
HUMAN_GOLD = ("scrapinghub", "cleaneval", "cleanportaleval")


def dataset_groups(datasets: list[str]) -> dict[str, list[str]]:
    """The datasets with human gold, and the others, each reported apart.

    >>> dataset_groups(["cleaneval", "readability"])
    {'human-gold': ['cleaneval'], 'other': ['readability']}
    """
    return {
        "human-gold": [d for d in datasets if d in HUMAN_GOLD],
        "other": [d for d in datasets if d not in HUMAN_GOLD],
    }


TEXT_MODE = ("all-text", "c4-lines", "c4-tfds", "c4-datatrove", "justext-lines", "cleaner-text")

# --- systems: record -> predicted text ------------------------------------------------


def all_text(record: dict[str, Any]) -> str:
    return record["text"]


_C4_END = re.compile(r"[.!?\"”’']$")


def c4_lines(record: dict[str, Any]) -> str:
    """C4-style line rules: keep lines that end in terminal punctuation, have at
    least three words, and mention neither "javascript" nor "lorem ipsum"."""
    kept = []
    for line in record["text"].splitlines():
        line = line.strip()
        lowered = line.lower()
        if (
            _C4_END.search(line)
            and len(line.split()) >= 3
            and not ("javascript" in lowered or "lorem ipsum" in lowered)
        ):
            kept.append(line)
    return "\n".join(kept)


# C4's own page filter, as TensorFlow Datasets' c4_utils.clean_page does it
# (the implementation behind the C4 corpus): lines must end in . ? ! or a double
# quote (not an ellipsis), have five words or more, no word over 1,000
# characters, no "javascript" and no cookie or terms-of-use phrase; Wikipedia
# citation marks are removed first; "lorem ipsum" or a curly bracket in a kept
# line drops the whole page, and so do fewer than three sentences in all.
_C4_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_C4_END_MARKS = (".", "?", "!", '"')
_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


@cache
def _punkt() -> Any:
    """NLTK's Punkt sentence splitter, as C4 used it. C4 loaded the
    pre-trained English parameters with ``nltk.download("punkt")``; this
    machine cannot download them, so Punkt runs with its default parameters
    (the same algorithm and cost, without the learnt abbreviation list)."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    return PunktSentenceTokenizer()


def c4_tfds(record: dict[str, Any]) -> str:
    """C4's page filter (see the comment above); an empty text for a dropped page."""
    tokenizer = _punkt()
    kept, sentences = [], 0
    for line in record["text"].splitlines():
        line = line.strip()
        if any(len(word) > 1000 for word in line.split()):
            continue
        line = _C4_CITATION.sub("", line)
        if not line.endswith(_C4_END_MARKS) or line.endswith("..."):
            continue
        if len(line.split()) < 5:
            continue
        lowered = line.lower()
        if "lorem ipsum" in lowered or "{" in line:
            return ""
        if "javascript" in lowered or any(phrase in lowered for phrase in _C4_POLICY):
            continue
        sentences += len(tokenizer.tokenize(line))
        kept.append(line)
    return "\n".join(kept).strip() if sentences >= 3 else ""


@cache
def _datatrove_c4() -> Any:
    from datatrove.pipeline.filters.c4_filters import C4QualityFilter

    return C4QualityFilter()


def c4_datatrove(record: dict[str, Any]) -> str:
    """datatrove's C4QualityFilter with its defaults (three words a line, five
    sentences a page, spaCy sentence splitting); an empty text for a dropped page."""
    from datatrove.data import Document as DatatroveDocument

    document = DatatroveDocument(text=record["text"], id=record["id"])
    return document.text if _datatrove_c4().filter(document) is True else ""


def cleaner_text(record: dict[str, Any]) -> str:
    return clean(record["text"], url=record.get("url") or None, input_format="text").text


def cleaner_html(record: dict[str, Any]) -> str:
    return clean(record["html"].encode("utf-8"), url=record.get("url") or None, input_format="html").text


def trafilatura_default(record: dict[str, Any]) -> str:
    import trafilatura

    return trafilatura.extract(record["html"], url=record.get("url") or None) or ""


def trafilatura_metadata(record: dict[str, Any]) -> str:
    import trafilatura

    return trafilatura.extract(record["html"], url=record.get("url") or None, with_metadata=True) or ""


def trafilatura_precision(record: dict[str, Any]) -> str:
    import trafilatura

    return trafilatura.extract(record["html"], url=record.get("url") or None, favor_precision=True) or ""


def _stoplist(text: str) -> frozenset[str]:
    """The jusText stop-word list that covers most of the text's words."""
    import justext

    words = re.findall(r"\w+", text.lower())[:2000]
    best, best_hits = frozenset(), -1
    for language in sorted(justext.get_stoplists()):
        stoplist = justext.get_stoplist(language)
        hits = sum(w in stoplist for w in words)
        if hits > best_hits:
            best, best_hits = stoplist, hits
    return best


def _justext_paragraphs(html: str, stoplist: frozenset[str]) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def justext_html(record: dict[str, Any]) -> str:
    return _justext_paragraphs(record["html"], _stoplist(record["text"]))


def justext_lines(record: dict[str, Any]) -> str:
    from html import escape

    lines = [line for line in record["text"].splitlines() if line.strip()]
    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"
    return _justext_paragraphs(html, _stoplist(record["text"]))


def readability(record: dict[str, Any]) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(record["html"]).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


SYSTEMS: dict[str, Callable[[dict[str, Any]], str]] = {
    "all-text": all_text,
    "c4-lines": c4_lines,
    "c4-tfds": c4_tfds,
    "c4-datatrove": c4_datatrove,
    "justext-lines": justext_lines,
    "cleaner-text": cleaner_text,
    "cleaner-html": cleaner_html,
    "trafilatura": trafilatura_default,
    "trafilatura-metadata": trafilatura_metadata,
    "trafilatura-precision": trafilatura_precision,
    "justext": justext_html,
    "readability": readability,
}


def available(name: str) -> str | None:
    """Why a system cannot run here, or None when it can."""
    needs = {
        "readability": "readability",
        "justext": "justext",
        "justext-lines": "justext",
        "c4-tfds": "nltk",
        "c4-datatrove": "spacy",
    }
    if name in needs:
        try:
            __import__(needs[name])
        except ImportError:
            return f"package {needs[name]!r} is not installed"
    if name == "cleaner-html":
        import inspect

        if "input_format" not in inspect.signature(clean).parameters:
            return "this version of the cleaner has no HTML mode"
    return None


def usable_systems(names: list[str], prog: str) -> list[str]:
    """The systems among ``names`` that can run here; each one skipped is
    named on stderr with the reason."""
    systems = []
    for name in names:
        reason = available(name)
        if reason:
            print(f"{prog}: skipping {name}: {reason}", file=sys.stderr)
        else:
            systems.append(name)
    return systems


# --- running ---------------------------------------------------------------------------


def add_record_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose benchmark records (``--bench``, ``--dataset``,
    ``--sample``, ``--seed``), shared by the scripts that read them; see
    :func:`records_from`."""
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder of *.dev.jsonl.gz files")
    parser.add_argument("--dataset", nargs="+", help="datasets to use (default: all in --bench)")
    parser.add_argument("--sample", type=int, help="at most this many records per dataset")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")


def records_from(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The records chosen by the options of :func:`add_record_options` (the
    scraper-style variant when ``args.scraped`` is set)."""
    variant = "scraped" if getattr(args, "scraped", False) else ""
    return load_records(args.bench, args.dataset, args.sample, args.seed, variant)


def bench_files(bench: Path, variant: str = "") -> dict[str, Path]:
    """The benchmark files of one variant by dataset name: ``<name>.dev.jsonl.gz``
    for the full visible text (``variant=""``), ``<name>.<variant>.dev.jsonl.gz``
    otherwise (``scraped``: the scraper-style text with line labels).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("a.dev.jsonl.gz", "a.scraped.dev.jsonl.gz", "b.dev.jsonl.gz"):
    ...     _ = (folder / name).write_bytes(b"")
    >>> sorted(bench_files(folder)), sorted(bench_files(folder, "scraped"))
    (['a', 'b'], ['a'])
    """
    suffix = f".{variant}.dev.jsonl.gz" if variant else ".dev.jsonl.gz"
    files = {}
    for path in sorted(bench.glob(f"*{suffix}")):
        name = path.name[: -len(suffix)]
        if name and "." not in name:
            files[name] = path
    return files


def load_records(
    bench: Path, datasets: list[str] | None, sample: int | None, seed: int, variant: str = ""
) -> list[dict[str, Any]]:
    """Records of the chosen datasets, optionally a seeded sample of each;
    ``variant`` as in :func:`bench_files`."""
    names = bench_files(bench, variant)
    if not names:
        pattern = f"*.{variant}.dev.jsonl.gz" if variant else "*.dev.jsonl.gz"
        raise SystemExit(f"eval: no {pattern} files in {bench}")
    unknown = set(datasets or []) - set(names)
    if unknown:
        raise SystemExit(f"eval: unknown dataset(s) {sorted(unknown)}; have {sorted(names)}")
    records = []
    for name in datasets or sorted(names):
        with gzip.open(names[name], "rt", encoding="utf-8") as stream:
            chunk = [json.loads(line) for line in stream]
        if sample and sample < len(chunk):
            chunk = random.Random(seed).sample(chunk, sample)
        records.extend(chunk)
    return records


def score_all(score: Any, jobs: list[Any], processes: int) -> list[dict[str, Any]]:
    """``score`` of every job, in order, in ``processes`` worker processes (or this one)."""
    if processes <= 1:
        return [score(job) for job in jobs]
    with multiprocessing.Pool(processes) as pool:
        return pool.map(score, jobs, chunksize=4)


def score_record(job: tuple[dict[str, Any], list[str]]) -> dict[str, Any]:
    """Run every system on one record; return counts, seconds and errors."""
    record, systems = job
    row: dict[str, Any] = {"id": record["id"], "dataset": record["dataset"], "bytes": len(record["html"])}
    for name in systems:
        start = time.perf_counter()
        try:
            predicted, error = SYSTEMS[name](record), None
        except Exception as exc:  # a failing baseline scores as empty output
            predicted, error = "", f"{type(exc).__name__}: {exc}"
        row[name] = {"counts": page_counts(record["gold"], predicted), "seconds": time.perf_counter() - start}
        if error:
            row[name]["error"] = error
    return row


def summarise(rows: list[dict[str, Any]], systems: list[str]) -> dict[str, Any]:
    """Scores per dataset, the macro average over human-gold datasets and over the others."""
    datasets = sorted({r["dataset"] for r in rows})
    result: dict[str, Any] = {"datasets": {}, "macro": {}}
    for dataset in datasets:
        subset = [r for r in rows if r["dataset"] == dataset]
        result["datasets"][dataset] = {}
        for name in systems:
            scores = aggregate(r[name]["counts"] for r in subset)
            scores["seconds"] = sum(r[name]["seconds"] for r in subset)
            scores["errors"] = sum("error" in r[name] for r in subset)
            result["datasets"][dataset][name] = scores
    for group, members in dataset_groups(datasets).items():
        if not members:
            continue
        result["macro"][group] = {"datasets": members}
        for name in systems:
            per = [result["datasets"][d][name] for d in members]
            macro = {k: sum(p[k] for p in per) / len(per) for k in ("precision", "recall", "f1", "median_f1")}
            macro["lost_half"] = sum(p["lost_half"] for p in per)
            macro["pages"] = sum(p["pages"] for p in per)
            result["macro"][group][name] = macro
    return result


def markdown(summary: dict[str, Any], systems: list[str]) -> str:
    """The summary as Markdown tables."""
    lines = []
    header = "| system | mode | precision | recall | F1 | median P | median R | median F1 | lost >½ | pages | s |"
    rule = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for dataset, scores in summary["datasets"].items():
        lines += [f"\n### {dataset}\n", header, rule]
        for name in systems:
            s = scores[name]
            mode = "text" if name in TEXT_MODE else "html"
            lines.append(
                f"| {name} | {mode} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                f"{s['median_precision']:.3f} | {s['median_recall']:.3f} | {s['median_f1']:.3f} | "
                f"{s['lost_half']} | {s['pages']} | {s['seconds']:.1f} |"
            )
    for group, scores in summary["macro"].items():
        lines += [
            f"\n### macro average, {group} datasets ({', '.join(scores['datasets'])})\n",
            "| system | mode | precision | recall | F1 | median F1 | lost >½ | pages |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in sorted(systems, key=lambda n: -scores[n]["f1"]):
            s = scores[name]
            mode = "text" if name in TEXT_MODE else "html"
            lines.append(
                f"| {name} | {mode} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                f"{s['median_f1']:.3f} | {s['lost_half']} | {s['pages']} |"
            )
    return "\n".join(lines) + "\n"


# --- the scraper-style variant: line labels, headline, title -------------------------

SCRAPED_SYSTEMS = ("all-text", "cleaner-text", "c4-lines", "c4-tfds", "justext-lines")


def _same_text(a: str | None, b: str | None) -> bool:
    """Equal after NFC and whitespace collapsing (how the cleaner writes text).

    >>> _same_text("A  headline\u00a0here ", "A headline here")
    True
    >>> _same_text(None, "A headline")
    False
    """
    if not a or not b:
        return False
    return " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(unicodedata.normalize("NFC", b).split())


def removed_by_output(text: str, output: str) -> set[int]:
    """Input line numbers (1-based) of the non-blank lines of ``text`` that do
    not come out in ``output``, for systems that give only their output text:
    each output line accounts for one input line with the same words.

    >>> sorted(removed_by_output("Home\\n\\nA sentence here.\\nHome", "A sentence here."))
    [1, 4]
    """
    left = Counter(" ".join(line.split()) for line in output.splitlines() if line.strip())
    removed = set()
    for number, line in enumerate(split_lines(text), start=1):
        key = " ".join(line.split())
        if not key:
            continue
        if left[key] > 0:
            left[key] -= 1
        else:
            removed.add(number)
    return removed


def _rules_by_line(metadata: dict[str, Any]) -> dict[int, list[str]]:
    """Input line number -> the rule ids (first the one that removed it) of the
    cleaner's ``removed`` entries."""
    rules: dict[int, list[str]] = {}
    for span in metadata["removed"]:
        if span.get("lines") is None:
            continue
        for number in range(span["lines"][0], span["lines"][1] + 1):
            rules[number] = [span["rule"], *span.get("also", [])]
    return rules


def run_scraped_system(name: str, record: dict[str, Any]) -> tuple[str, set[int], str | None, dict[int, list[str]]]:
    """One system on one scraper-style record: its output text, the removed
    input lines, its title (None when it gives none) and, for the cleaner, the
    rules that removed each line."""
    if name == "cleaner-text":
        result = clean(record["text"], url=record.get("url") or None, input_format="text")
        rules = _rules_by_line(result.metadata)
        return result.text, set(rules), result.metadata.get("title"), rules
    if name == "all-text":
        return record["text"], set(), None, {}
    output = SYSTEMS[name](record)
    return output, removed_by_output(record["text"], output), None, {}


def score_scraped_record(job: tuple[dict[str, Any], list[str]]) -> dict[str, Any]:
    """Line-label counts, headline and title checks and the shingle counts
    against ``title + "\n\n" + gold`` of every system on one record."""
    record, systems = job
    labels = {number: label for number, label in record["lines"]}
    lines = split_lines(record["text"])
    headline = 1 if record.get("title") and labels.get(1) == "K" else None
    reference = f"{record['title']}\n\n{record['gold']}" if record.get("title") else record["gold"]
    row: dict[str, Any] = {"id": record["id"], "dataset": record["dataset"]}
    for name in systems:
        start = time.perf_counter()
        output, removed, title, rules = run_scraped_system(name, record)
        tally = {f"{label}_{what}": 0 for label in "KDO" for what in ("lines", "removed")}
        lost = []
        for number, label in labels.items():
            tally[f"{label}_lines"] += 1
            if number in removed:
                tally[f"{label}_removed"] += 1
                if label == "K":
                    lost.append([number, rules.get(number, []), lines[number - 1].strip()])
        kept_furniture = [[n, lines[n - 1].strip()] for n, label in labels.items() if label == "D" and n not in removed]
        row[name] = {
            **tally,
            "headline": headline is not None,
            "headline_kept": headline is not None and headline not in removed,
            "title_is_headline": headline is not None and _same_text(title, record["title"]),
            "title": title,
            "counts": page_counts(reference, output),
            "lost": lost,
            "kept_furniture": kept_furniture,
            "seconds": time.perf_counter() - start,
        }
    return row


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def scraped_scores(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """A system's line, headline and title shares over ``rows`` (lines pooled
    over the pages) and its shingle scores."""
    total = {key: sum(r[name][key] for r in rows) for key in ("K_lines", "K_removed", "D_lines", "D_removed")}
    headlines = sum(r[name]["headline"] for r in rows)
    kept = sum(r[name]["headline_kept"] for r in rows)
    titled = sum(r[name]["title_is_headline"] for r in rows)
    shingle = aggregate(r[name]["counts"] for r in rows)
    return {
        "pages": len(rows),
        "content_lines": total["K_lines"],
        "content_lost": total["K_removed"],
        "content_kept": _share(total["K_lines"] - total["K_removed"], total["K_lines"]),
        "furniture_lines": total["D_lines"],
        "furniture_removed": _share(total["D_removed"], total["D_lines"]),
        "headlines": headlines,
        "headlines_kept": _share(kept, headlines),
        "title_is_headline": _share(titled, headlines),
        "precision": shingle["precision"],
        "recall": shingle["recall"],
        "f1": shingle["f1"],
        "lost_half": shingle["lost_half"],
        "seconds": sum(r[name]["seconds"] for r in rows),
    }


def summarise_scraped(rows: list[dict[str, Any]], systems: list[str]) -> dict[str, Any]:
    """Per dataset and per group (human gold, others): line shares pooled over
    the group's pages, F1 the macro average of its datasets' F1."""
    datasets = sorted({r["dataset"] for r in rows})
    result: dict[str, Any] = {"datasets": {}, "macro": {}}
    for dataset in datasets:
        subset = [r for r in rows if r["dataset"] == dataset]
        result["datasets"][dataset] = {name: scraped_scores(subset, name) for name in systems}
    for group, members in dataset_groups(datasets).items():
        if not members:
            continue
        result["macro"][group] = {"datasets": members}
        subset = [r for r in rows if r["dataset"] in members]
        for name in systems:
            scores = scraped_scores(subset, name)
            per = [result["datasets"][d][name] for d in members]
            for key in ("precision", "recall", "f1"):
                scores[key] = sum(p[key] for p in per) / len(per)
            result["macro"][group][name] = scores
    return result


def scraped_markdown(summary: dict[str, Any], systems: list[str]) -> str:
    """The scraper-style summary as Markdown tables."""
    header = (
        "| system | content kept | content lost | furniture removed | headlines kept | title = headline "
        "| F1 vs title+gold | lost >½ | pages |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|"

    def row(name: str, s: dict[str, Any]) -> str:
        title = f"{s['title_is_headline']:.3f}" if name == "cleaner-text" else "–"
        return (
            f"| {name} | {s['content_kept']:.3f} | {s['content_lost']} of {s['content_lines']} | "
            f"{s['furniture_removed']:.3f} | {s['headlines_kept']:.3f} | "
            f"{title} | {s['f1']:.4f} | {s['lost_half']} | {s['pages']} |"
        )

    lines = []
    for dataset, scores in summary["datasets"].items():
        lines += [f"\n### {dataset} (scraper-style)\n", header, rule]
        lines += [row(name, scores[name]) for name in systems]
    for group, scores in summary["macro"].items():
        lines += [f"\n### {group} datasets, scraper-style ({', '.join(scores['datasets'])})\n", header, rule]
        lines += [row(name, scores[name]) for name in systems]
    return "\n".join(lines) + "\n"


def scraped_listing(rows: list[dict[str, Any]], name: str, what: str) -> str:
    """One line per content line a system removed (``what="lost"``: page,
    line, rules, text; the headline marked) or per furniture line it kept
    (``what="furniture"``)."""
    out = []
    for r in rows:
        if what == "lost":
            for number, rules, text in r[name]["lost"]:
                mark = " [headline]" if number == 1 and r[name]["headline"] else ""
                out.append(f"{r['id']}:{number}:{mark} {','.join(rules) or '?'}: {text[:200]}")
        else:
            out.extend(f"{r['id']}:{number}: {text[:200]}" for number, text in r[name]["kept_furniture"])
        if what == "lost" and r[name]["headline"] and not r[name]["title_is_headline"]:
            out.append(f"{r['id']}: title {r[name]['title']!r}")
    return "\n".join(out) + "\n"


def run_scraped(args: argparse.Namespace) -> int:
    """``--scraped``: score the systems on the scraper-style variant."""
    systems = usable_systems(args.systems or ["all-text", "cleaner-text"], "eval")
    unsupported = [name for name in systems if name not in SCRAPED_SYSTEMS]
    if unsupported:
        raise SystemExit(f"eval: --scraped runs text systems only ({', '.join(SCRAPED_SYSTEMS)}), not {unsupported}")
    records = records_from(args)
    print(f"eval: {len(records)} scraper-style records, systems: {', '.join(systems)}", file=sys.stderr)
    rows = score_all(score_scraped_record, [(r, systems) for r in records], args.jobs)
    summary = summarise_scraped(rows, systems)
    if args.show:
        listed = "cleaner-text" if "cleaner-text" in systems else systems[-1]
        print(scraped_listing(rows, listed, args.show))
    print(scraped_markdown(summary, systems))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        summary["pages"] = rows
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def fixture_report(root: Path) -> str:
    """Line-level precision and recall of dropped lines for labelled fixtures."""
    lines = ["| fixture | precision | recall | wrongly dropped | missed |", "|---|---:|---:|---|---|"]
    for folder in fixture_dirs(root):
        labels = load_labels(folder)
        if labels is None:
            continue
        text = (folder / "input.txt").read_text(encoding="utf-8", errors="replace")
        nonblank = {i for i, line in enumerate(split_lines(text), start=1) if line.strip()}
        s = line_scores(
            dropped_lines(run_fixture(folder).metadata), set(labels["drop"]), set(labels["optional"]), nonblank
        )
        lines.append(
            f"| {folder.parent.name}/{folder.name} | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['wrong'] or ''} | {s['missed'] or ''} |"
        )
    return "\n".join(lines) + "\n"


def rule_report(records: list[dict[str, Any]]) -> str:
    """For the cleaner in text mode: per rule, how many removed lines and
    characters, and the share of removed characters whose line occurs in the
    page's gold text (a removal the annotators disagree with)."""
    stats: dict[str, list[int]] = {}
    for record in records:
        gold = " ".join(record["gold"].split())
        for span in clean(record["text"], url=record.get("url") or None).metadata["removed"]:
            for line in span["text"].split("\n"):
                entry = stats.setdefault(span["rule"], [0, 0, 0])
                entry[0] += 1
                entry[1] += len(line)
                entry[2] += len(line) if len(line) > 3 and line in gold else 0
    lines = ["| rule | lines | chars | chars in gold |", "|---|---:|---:|---:|"]
    for rule, (count, chars, in_gold) in sorted(stats.items(), key=lambda item: -item[1][2]):
        lines.append(f"| {rule} | {count} | {chars} | {in_gold / chars if chars else 0:.1%} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_record_options(parser)
    parser.add_argument("--systems", nargs="+", choices=sorted(SYSTEMS), help="systems to run (default: all)")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count(), help="worker processes")
    parser.add_argument("--json", type=Path, help="also write the summary and per-page scores as JSON here")
    parser.add_argument(
        "--fixtures",
        nargs="?",
        const=ROOT / "fixtures",
        type=Path,
        help="score labelled fixture folders line by line instead (default: fixtures/)",
    )
    parser.add_argument(
        "--rule-report",
        action="store_true",
        help="per rule of the text-mode cleaner: removed lines and the share found in gold",
    )
    parser.add_argument(
        "--scraped",
        action="store_true",
        help="score the scraper-style variant (<dataset>.scraped.dev.jsonl.gz): content lines kept, furniture "
        "lines removed, headlines kept, title = headline, F1 against title + gold",
    )
    parser.add_argument(
        "--show",
        choices=("lost", "furniture"),
        help="with --scraped: list the content lines the cleaner removed, with their rules, and wrong titles "
        "(lost), or the furniture lines it kept (furniture)",
    )
    args = parser.parse_args()
    if args.show and not args.scraped:
        parser.error("--show needs --scraped")
    if args.scraped:
        return run_scraped(args)
    if args.rule_report:
        print(rule_report(records_from(args)))
        return 0
    if args.fixtures:
        print(fixture_report(args.fixtures))
        return 0
    systems = usable_systems(args.systems or list(SYSTEMS), "eval")
    records = records_from(args)
    print(f"eval: {len(records)} records, systems: {', '.join(systems)}", file=sys.stderr)
    started = time.perf_counter()
    rows = score_all(score_record, [(r, systems) for r in records], args.jobs)
    summary = summarise(rows, systems)
    print(markdown(summary, systems))
    print(
        f"eval: {time.perf_counter() - started:.0f} s with {args.jobs} process(es); development split", file=sys.stderr
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        summary["pages"] = [{k: v for k, v in r.items()} for r in rows]
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
