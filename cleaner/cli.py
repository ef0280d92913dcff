"""Command-line interface: ``cleaner clean`` and ``cleaner rules``.

Progress and summaries go to stderr so stdout stays pipeable. User mistakes
(missing paths, output inside the input, bad rule files) end with one line on
stderr and exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cleaner import __version__
from cleaner.batch import BatchError, Fields, Options, Stats, Unit, check_outputs, find_units, read_tasks, run_batch
from cleaner.pipeline import CleanResult, Config, clean
from cleaner.rules import RuleFileError, load_ruleset

app = typer.Typer(
    help="Turn scraped web dumps into clean article text with metadata.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Inspect and test rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"


class CaptionMode(StrEnum):
    drop = "drop"
    keep = "keep"
    meta = "meta"


RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="A directory of user rule files (*.toml); repeatable.", show_default=False),
]


def fail(message: str) -> typer.Exit:
    """Print one line to stderr and return the exit to raise (code 2)."""
    typer.echo(f"cleaner: error: {message}", err=True)
    return typer.Exit(code=2)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn scraped web dumps into clean article text with metadata."""


def make_config(rules: list[Path] | None, captions: str = "drop") -> Config:
    """Build the run's config and load its rules once, failing cleanly."""
    config = Config(rule_dirs=tuple(str(p) for p in rules or ()), captions=captions)
    try:
        load_ruleset(config.rule_dirs)
    except RuleFileError as error:
        raise fail(str(error)) from None
    return config


def to_json(result: CleanResult) -> str:
    """One JSON object with the clean text and its metadata."""
    return json.dumps({"text": result.text, "meta": result.metadata}, ensure_ascii=False)


@app.command("clean")
def clean_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files, directories (searched recursively) or - for stdin. Text and HTML files (.txt, .html, "
            ".htm, also .gz), JSONL (.jsonl, .gz, .zst), WARC and WET (.warc, .wet, .gz)."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output directory (<name>.txt + <name>.json per file, <name>.jsonl per record file); "
            "- streams JSONL to stdout.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Single file without --out: print one JSON object {text, meta}.")
    ] = False,
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, to pick the site's rules.")] = None,
    rules: RulesOption = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="auto: by extension, and for other files by content."),
    ] = InputFormat.auto,
    captions: Annotated[
        CaptionMode,
        typer.Option("--captions", help="Image captions: drop them, keep them, or move them to metadata."),
    ] = CaptionMode.drop,
    globs: Annotated[
        list[str] | None,
        typer.Option("--glob", help="Only files under directories matching this pattern (e.g. '*.html'); repeatable."),
    ] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="JSONL field with the text.")] = "text",
    html_field: Annotated[str, typer.Option("--html-field", help="JSONL field with HTML (used first).")] = "html",
    url_field: Annotated[str, typer.Option("--url-field", help="JSONL field with the URL.")] = "url",
    id_field: Annotated[str, typer.Option("--id-field", help="JSONL field with the record id.")] = "id",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")
    ] = os.cpu_count() or 1,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0, help="Seconds per document before it is failed; 0: no limit.")
    ] = 5.0,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip inputs whose outputs are complete; do the rest.")
    ] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing outputs.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; print the statistics only.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Clean files, directories, JSONL, WARC/WET or stdin.

    With a single text or HTML input and no --out, the clean text goes to stdout.
    """
    config = make_config(rules, captions.value)
    try:
        units = find_units(paths, input_format.value, globs or [])
        if out is None and not dry_run:
            if len(units) == 1 and units[0].kind == "file" and not (paths[0].is_dir()):
                print_one(units[0], url, config, as_json)
                return
            raise BatchError("several inputs, directories and record files need --out DIR (or --out -)")
        options = Options(
            out=out,
            jobs=jobs,
            timeout=timeout,
            fields=Fields(id=id_field, text=text_field, html=html_field, url=url_field),
            url=url,
            resume=resume,
            overwrite=overwrite,
            dry_run=dry_run,
            config=config,
        )
        check_outputs(units, paths, options)
    except BatchError as error:
        raise fail(str(error)) from None
    stats = run_with_progress(units, options, quiet)
    if not quiet or dry_run:
        typer.echo(stats.summary(), err=True)
    raise typer.Exit(code=1 if stats.failed else 0)


def print_one(unit: Unit, url: str | None, config: Config, as_json: bool) -> None:
    """Clean one file (or stdin) in this process and print the result."""
    task = next(read_tasks(unit, Fields(), url))
    result = clean(task.data, url=url, input_format=task.input_format, source=task.source, config=config)
    typer.echo(to_json(result) if as_json else result.text, nl=as_json)


def run_with_progress(units: list[Unit], options: Options, quiet: bool) -> Stats:
    """Run the batch with a progress bar on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        return run_batch(units, options)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "")

    known = all(unit.kind == "file" for unit in units)
    with Progress(
        TextColumn("cleaning"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("cleaning", total=len(units) if known else None)
        return run_batch(units, options, progress=lambda outcome: bar.advance(task))


@rules_app.command("test")
def rules_test(rules: RulesOption = None) -> None:
    """Run every rule's inline drop and keep examples; exit 1 on a failure."""
    config = make_config(rules)
    ruleset = load_ruleset(config.rule_dirs)
    failures, count = [], 0
    for site in [ruleset.generic, *ruleset.sites]:
        for rule in site.rules:
            count += 1
            failures.extend(f"{site.path}: {f}" for f in rule.example_failures())
    for failure in failures:
        typer.echo(failure)
    typer.echo(f"{count} rules, {len(failures)} failing example(s)", err=True)
    raise typer.Exit(code=1 if failures else 0)
