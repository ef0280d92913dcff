"""Command-line interface: ``cleaner clean`` and ``cleaner rules``.

Progress and summaries go to stderr so stdout stays pipeable. User mistakes
(missing paths, output inside the input, bad rule files) end with one line on
stderr and exit code 2.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

# pyarrow, imported only when a Parquet file is read or written (so after this line), allocates
# through jemalloc's pool, which gives freed memory back: with pyarrow's default (mimalloc) a
# Parquet run's parent peaked about 45 MB higher, with the C library's malloc 15 MB higher
# (scripts/bench_batch.py). A value the user set wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

import typer
from typer.core import TyperGroup

from cleaner import __version__
from cleaner.batch import (
    BatchError,
    Fields,
    Interrupted,
    Options,
    OutputError,
    Stats,
    Unit,
    check_outputs,
    find_units,
    read_tasks,
    run_batch,
    unit_for,
    url_host,
)
from cleaner.html import looks_like_html, parse_html
from cleaner.model import Document
from cleaner.normalise import decode, split_lines
from cleaner.pipeline import CleanResult, Config, DocumentTimeout, clean, clean_document
from cleaner.readers import guard_reading
from cleaner.registry import Labeller, code_labellers, labellers
from cleaner.rules import BUILTIN_RULES, RuleFileError, load_ruleset
from cleaner.tools import (
    check_files,
    explain_data,
    explain_lines,
    group_without_url,
    learned_rule_file,
    mine_site,
    new_site_skeleton,
)


class OneLineErrors(TyperGroup):
    """Report usage errors (unknown options, bad values) in one line on
    stderr with exit code 2, instead of a usage box."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        except typer.TyperException as error:  # a usage error (typer's public base of its click errors)
            message = error.format_message() if hasattr(error, "format_message") else str(error)
            if message.startswith("Usage:"):  # no arguments: the help is the message
                typer.echo(message, err=True)
            elif message:
                typer.echo(f"cleaner: error: {message}", err=True)
            sys.exit(getattr(error, "exit_code", 2) or 2)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    help="Turn scraped web dumps into clean article text with metadata.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no boxes, and flags without a <bool> value
)
rules_app = typer.Typer(help="Inspect and test rule files.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rules_app, name="rules")


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"
    parquet = "parquet"


class FileFormat(StrEnum):
    """The formats of one document (``explain`` takes no record files)."""

    auto = "auto"
    text = "text"
    html = "html"


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


def timed_out(source: Path, error: DocumentTimeout) -> typer.Exit:
    """Report a document over ``--timeout`` in one line; return the exit to raise (code 1, as a failed document)."""
    typer.echo(f"cleaner: error: {source}: {error} (--timeout; 0 for no limit)", err=True)
    return typer.Exit(code=1)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


DEBUG = {"on": False}


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of unexpected errors.")] = False,
) -> None:
    """Turn scraped web dumps into clean article text with metadata."""
    DEBUG["on"] = debug


def guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn an unexpected exception into one line on stderr and exit code 2
    (the traceback with ``--debug``)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (``| head``): stop quietly, like a tool ended by SIGPIPE
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(code=141) from None
        except Exception as error:
            if DEBUG["on"]:
                raise
            raise fail(f"{type(error).__name__}: {error} (run with --debug for the traceback)") from None

    return wrapper


def make_config(
    rules: list[Path] | None, captions: str = "drop", keep_removed: bool = False, max_bytes: int = 50_000_000
) -> Config:
    """Build the run's config and load its rules once, failing cleanly."""
    config = Config(
        rule_dirs=tuple(str(p) for p in rules or ()), captions=captions, keep_removed=keep_removed, max_bytes=max_bytes
    )
    try:
        ruleset = load_ruleset(config.rule_dirs)
    except RuleFileError as error:
        lines = str(error).splitlines()
        more = f" (and {len(lines) - 1} more: cleaner rules check lists them)" if len(lines) > 1 else ""
        raise fail(lines[0] + more) from None
    for note in ruleset.replaced:
        typer.echo(f"cleaner: note: {note}", err=True)
    return config


def to_json(result: CleanResult) -> str:
    """One JSON object with the clean text and its metadata."""
    return json.dumps({"text": result.text, "meta": result.metadata}, ensure_ascii=False)


@app.command("clean")
@guarded
def clean_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files, directories (searched recursively) or - for stdin. Text and HTML files (.txt, .html, "
            ".htm, also .gz), JSONL (.jsonl, .gz, .zst), WARC and WET (.warc, .wet, .gz), Parquet (.parquet)."
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Output directory (<name>.txt + <name>.json per file, <name>.jsonl per record file, "
            "<name>.parquet per Parquet file); "
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
    text_field: Annotated[
        str, typer.Option("--text-field", help="JSONL field or Parquet column with the text.")
    ] = "text",
    html_field: Annotated[
        str, typer.Option("--html-field", help="JSONL field or Parquet column with HTML (used first).")
    ] = "html",
    url_field: Annotated[str, typer.Option("--url-field", help="JSONL field or Parquet column with the URL.")] = "url",
    id_field: Annotated[
        str, typer.Option("--id-field", help="JSONL field or Parquet column with the record id.")
    ] = "id",
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
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Documents larger than this many bytes fail.")
    ] = 50_000_000,
    keep_removed: Annotated[
        bool,
        typer.Option("--keep-removed", help="Also put the decoded input in metadata 'input', to rebuild the original."),
    ] = False,
    site_lines: Annotated[
        bool,
        typer.Option(
            "--site-lines/--no-site-lines",
            help="Drop text lines that recur in a fifth of a site's documents in this batch (reads inputs twice).",
        ),
    ] = True,
    rule_stats: Annotated[
        Path | None,
        typer.Option(
            "--rule-stats", help="Write hits per rule and site, rules that never fired, over-reaching documents."
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write a self-contained HTML report of the run: counts, removals per kind, per site and rule, "
            "rules that never fired, over-reaching documents, sampled removals in context, failures.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Clean files, directories, JSONL, WARC/WET or stdin.

    With a single text or HTML input and no --out, the clean text goes to stdout.
    """
    config = make_config(rules, captions.value, keep_removed, max_bytes)
    try:
        if out is not None and not out.strip():
            raise BatchError("--out is empty; give an output directory, or - for stdout")
        notes: list[str] = []
        units = find_units(paths, input_format.value, globs or [], notes)
        if not units:
            raise BatchError("nothing to clean: " + "; ".join(notes))
        for note in notes if not quiet else []:
            typer.echo(f"cleaner: {note}", err=True)
        if out is None and not dry_run:
            if len(units) == 1 and units[0].kind == "file" and not (paths[0].is_dir()):
                print_one(units[0], url, replace(config, timeout=timeout), as_json)
                return
            if len(units) != 1 or paths[0].is_dir():
                raise BatchError("several inputs and directories need --out DIR (or --out - for JSONL on stdout)")
            out = "-"  # one record file: its records as JSONL on stdout
        options = Options(
            out=Path(out) if out is not None else None,
            jobs=jobs,
            timeout=timeout,
            fields=Fields(id=id_field, text=text_field, html=html_field, url=url_field),
            url=url,
            resume=resume,
            overwrite=overwrite,
            dry_run=dry_run,
            site_lines=site_lines,
            config=config,
            side_outputs=[p for p in (rule_stats, report) if p is not None],
        )
        check_outputs(units, paths, options)
    except BatchError as error:
        raise fail(str(error)) from None
    except DocumentTimeout as error:
        raise timed_out(paths[0], error) from None
    try:
        stats = run_with_progress(units, options, quiet)
    except (BatchError, OutputError) as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt as error:
        where = f" {options.out}" if options.out is not None and str(options.out) != "-" else ""
        typer.echo(
            f"cleaner: {'terminated' if isinstance(error, Interrupted) else 'interrupted'}: the outputs in"
            f"{where or ' the output directory'} are whole; run the same command with --resume to finish",
            err=True,
        )
        raise typer.Exit(code=143 if isinstance(error, Interrupted) else 130) from None
    ruleset = load_ruleset(config.rule_dirs)
    rule_ids = [labeller.id for labeller in labellers(ruleset) if labeller.kind != "repair"]  # repairs remove nothing
    if report is not None:
        write_report(report, stats, rule_ids, units, options)
    if rule_stats is not None:
        rule_stats.parent.mkdir(parents=True, exist_ok=True)
        rule_stats.write_text(json.dumps(stats.rule_report(rule_ids), indent=1, ensure_ascii=False), encoding="utf-8")
    if not quiet or dry_run:
        typer.echo(stats.summary(), err=True)
    raise typer.Exit(code=1 if stats.failed else 0)


def write_report(path: Path, stats: Stats, rule_ids: list[str], units: list[Unit], options: Options) -> None:
    """Write the run's HTML report (see :mod:`cleaner.report`)."""
    from cleaner.report import render_report, save_report

    settings = {
        "inputs": [unit.source for unit in units],
        "output": str(options.out) if options.out is not None else "(dry run)",
        "jobs": options.jobs,
        "site lines": "on" if options.site_lines else "off",
        "user rules": ", ".join(options.config.rule_dirs) or "none",
        "cleaner version": __version__,
    }
    save_report(path, render_report(stats, rule_ids, settings))


def print_one(unit: Unit, url: str | None, config: Config, as_json: bool) -> None:
    """Clean one file (or stdin) in this process and print the result."""
    task = next(read_tasks(unit, Fields(), url, config.max_bytes))
    if task.data is None:  # over --max-bytes, or unreadable
        raise fail(f"{task.source}: {task.error}")
    result = clean(task.data, url=url, input_format=task.input_format, source=task.source, config=config)
    typer.echo(to_json(result) if as_json else result.text, nl=as_json)


def run_with_progress(units: list[Unit], options: Options, quiet: bool) -> Stats:
    """Run the batch with progress bars on stderr when it is a terminal: the
    site-lines first pass, then cleaning, by bytes of input read with the
    time left (see :mod:`cleaner.progress`)."""
    if quiet or not sys.stderr.isatty():
        return run_batch(units, options)
    from cleaner.progress import run_with_bar

    return run_with_bar(units, options, run_batch)


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rule files or directories (default: the built-in rules and each --rules DIR).", show_default=False
    ),
]


def selected_rule_paths(paths: list[Path] | None, rules: list[Path] | None) -> list[Path]:
    """The rule files a rules command works on."""
    return list(paths) if paths else [BUILTIN_RULES, *(rules or [])]


@rules_app.command("list")
@guarded
def rules_list(rules: RulesOption = None) -> None:
    """List rule files: id, name, hosts, number of rules, path, built-in or user."""
    config = make_config(rules)
    ruleset = load_ruleset(config.rule_dirs)
    typer.echo("id\tname\thosts\trules\tpath\torigin")
    for site in [ruleset.generic, *ruleset.sites]:
        origin = "built-in" if site.builtin else "user"
        hosts = ",".join(site.hosts) or "-"
        typer.echo(f"{site.id}\t{site.name}\t{hosts}\t{len(site.rules)}\t{site.path}\t{origin}")


@rules_app.command("show")
@guarded
def rules_show(
    site_id: Annotated[str, typer.Argument(help="A site id, e.g. southfront or generic.")], rules: RulesOption = None
) -> None:
    """Show one rule file's site and every rule with its matcher and examples."""
    config = make_config(rules)
    ruleset = load_ruleset(config.rule_dirs)
    site = next((s for s in [ruleset.generic, *ruleset.sites] if s.id == site_id), None)
    if site is None:
        raise fail(f"no rule file with site id {site_id!r}; see `cleaner rules list`")
    typer.echo(f"{site.id}: {site.name} (version {site.version}) {site.path}")
    typer.echo(f"  hosts: {', '.join(site.hosts) or '-'}")
    typer.echo(f"  fingerprints: {', '.join(p.pattern for p in site.fingerprints) or '-'}")
    typer.echo(f"  disables: {', '.join(sorted(site.disable)) or '-'}")
    for rule in site.rules:
        matcher = rule.pattern.pattern if rule.pattern is not None else (rule.xpath.path if rule.xpath else rule.steps)
        typer.echo(f"\n{rule.id} [{rule.kind}] {rule.matcher}: {matcher}")
        if rule.doc:
            typer.echo(f"  {' '.join(rule.doc.split())}")
        for example in rule.drop_examples:
            typer.echo(f"  drop: {example!r}")
        for before, after in rule.fix_examples:
            typer.echo(f"  fix:  {before!r} -> {after!r}")
        for example in rule.keep_examples:
            typer.echo(f"  keep: {example!r}")
    if site is ruleset.generic:  # the generic labellers written in code run after the file's rules
        for labeller in code_labellers():
            show_code_labeller(labeller)


def show_code_labeller(labeller: Labeller) -> None:
    """Print a detector, the context pass or a repair with its examples."""
    typer.echo(f"\n{labeller.id} [{labeller.kind}] {labeller.scope}: {labeller.source}")
    typer.echo(f"  {labeller.doc}")
    for example in labeller.examples:
        if isinstance(example, tuple):  # a repair's (before, after)
            verb = "keep" if example[0] == example[1] else "fix"
            typer.echo(f"  {verb}: {example[0]!r}" + (f" -> {example[1]!r}" if verb == "fix" else ""))
        else:
            typer.echo(f"  {'drop' if example.drops else 'keep'}: {example.text!r}")
            if example.drops:
                typer.echo(f"    drops: {list(example.drops)!r}")


@rules_app.command("labellers")
@guarded
def rules_labellers(rules: RulesOption = None) -> None:
    """List every labeller in the order they run: the rule files' rules (each site's, then the generic
    file's), the detectors, the context pass and the repairs, with kind, scope and where each is defined."""
    config = make_config(rules)
    typer.echo("id\tkind\tscope\tsource")
    for labeller in labellers(load_ruleset(config.rule_dirs)):
        typer.echo(f"{labeller.id}\t{labeller.kind}\t{labeller.scope}\t{labeller.source}")


@rules_app.command("check")
@guarded
def rules_check(paths: PathsArgument = None, rules: RulesOption = None) -> None:
    """Validate rule files against the format; one line per error with file, line and field; exit 1 on errors."""
    sites, errors = check_files(selected_rule_paths(paths, rules))
    for error in errors:
        typer.echo(error)
    count = sum(len(site.rules) for site in sites)
    typer.echo(f"{len(sites)} file(s) valid, {count} rules, {len(errors)} error(s)", err=True)
    raise typer.Exit(code=1 if errors else 0)


@rules_app.command("test")
@guarded
def rules_test(paths: PathsArgument = None, rules: RulesOption = None) -> None:
    """Run the examples of every rule in the rule files and of every labeller written in code (detectors,
    the context pass, repairs); print each failure; exit 1 on a failure."""
    sites, errors = check_files(selected_rule_paths(paths, rules))
    failures = list(errors)
    for site in sites:
        for rule in site.rules:
            failures.extend(f"{site.path}: {f}" for f in rule.example_failures())
    in_code = code_labellers()
    for labeller in in_code:
        failures.extend(f"{labeller.source}: {f}" for f in labeller.check())
    for failure in failures:
        typer.echo(failure)
    count = sum(len(site.rules) for site in sites)
    typer.echo(f"{count} rules, {len(in_code)} labellers in code, {len(failures)} failing example(s)", err=True)
    raise typer.Exit(code=1 if failures else 0)


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("explain")
@guarded
def explain(
    path: Annotated[Path, typer.Argument(help="A text or HTML file.")],
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, to pick the site's rules.")] = None,
    rules: RulesOption = None,
    input_format: Annotated[
        FileFormat, typer.Option("--input-format", help="auto: by extension, and for other files by content.")
    ] = FileFormat.auto,
    output_format: Annotated[
        ExplainFormat, typer.Option("--format", help="text (coloured on a terminal) or json for tools.")
    ] = ExplainFormat.text,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0, help="Seconds before the document is given up; 0: no limit.")
    ] = 5.0,
) -> None:
    """Show a document with every removed block marked with its rule and kind, and every repair."""
    config = replace(make_config(rules), timeout=timeout)
    if not path.is_file():
        raise fail(f"{path}: no such file")
    unit = unit_for(path, Path(path.name), input_format.value)
    if unit is None or unit.kind != "file":
        raise fail(f"{path}: explain takes one text or HTML file; use --input-format text or html")
    task = next(read_tasks(unit, Fields(), url, config.max_bytes))
    if task.data is None:  # over --max-bytes, or unreadable
        raise fail(f"{path}: {task.error}")
    try:
        source, fmt = str(path), task.input_format
        doc, result = clean_document(task.data, url=url, input_format=fmt, source=source, config=config)
    except DocumentTimeout as error:
        raise timed_out(path, error) from None
    view = explain_data(doc, result.metadata)
    if output_format == ExplainFormat.json:
        typer.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for style, line in explain_lines(view):
        console.print(Text(line, style=style))


@app.command("new-site")
@guarded
def new_site(
    site_id: Annotated[str, typer.Argument(help="The new site's id, lower case, e.g. examplenews.")],
    host: Annotated[list[str], typer.Option("--host", help="A domain the site uses; repeatable.")],
    directory: Annotated[Path, typer.Option("--dir", help="Your rules directory (pass it to --rules).")] = Path(
        "rules"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented rule-file skeleton for a new site into your rules directory."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", site_id):
        raise fail(f"site id {site_id!r}: use lower-case letters, digits, '-' and '_'")
    path = directory / f"{site_id}.toml"
    if path.exists() and not force:
        raise fail(f"{path} exists; use --force to replace it")
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(new_site_skeleton(site_id, [h.lower() for h in host]), encoding="utf-8")
    typer.echo(str(path))


@app.command("learn")
@guarded
def learn(
    paths: Annotated[list[Path], typer.Argument(help="A dump: files, directories, JSONL or WARC, as for clean.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Rule file to write (rules.<site>.toml when several sites).")
    ],
    min_share: Annotated[
        float, typer.Option("--min-share", min=0.01, max=1.0, help="Share of a site's documents a line must recur in.")
    ] = 0.2,
    min_documents: Annotated[int, typer.Option("--min-documents", min=2, help="Smallest site worth learning.")] = 10,
    input_format: Annotated[InputFormat, typer.Option("--input-format", help="As for clean.")] = InputFormat.auto,
) -> None:
    """Propose rules for furniture that recurs across each site's documents, for review."""
    try:
        units = find_units(paths, input_format.value, [])
    except BatchError as error:
        raise fail(str(error)) from None
    groups: dict[str, list[list[str]]] = defaultdict(list)
    hosts: dict[str, set[str]] = defaultdict(set)
    unknown: list[list[str]] = []
    for unit in units:
        for task in guard_reading(read_tasks(unit, Fields(), None), unit):
            if task.data is None:
                continue
            lines = document_lines(task.data, task.input_format)
            key = url_host(task.url) or "unknown"
            if key == "unknown":
                unknown.append(lines)
            else:
                groups[key].append(lines)
                hosts[key].add(key)
    for number, docs in _group_unknown(unknown).items():
        groups[f"site{number}"] = docs
    written = []
    learned = {k: v for k, v in groups.items() if len(v) >= min_documents}
    for key, docs in sorted(learned.items()):
        candidates = mine_site(docs, min_share)
        site_id = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
        text = learned_rule_file(site_id, sorted(hosts[key]), candidates, len(docs))
        target = out if len(learned) == 1 else out.with_name(f"{out.stem}.{site_id}{out.suffix or '.toml'}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(f"{target}: {len(docs)} documents, {len(candidates)} proposed rule(s)")
    for line in written:
        typer.echo(line)
    if not written:
        raise fail(f"no site with at least {min_documents} documents in the dump")


def _group_unknown(documents: list[list[str]]) -> dict[int, list[list[str]]]:
    grouped: dict[int, list[list[str]]] = defaultdict(list)
    for doc, group in zip(documents, group_without_url(documents), strict=True):
        grouped[group].append(doc)
    return grouped


def document_lines(data: str | bytes, input_format: str) -> list[str]:
    """A document's non-blank normalised lines (HTML: its visible text lines)."""
    if input_format == "html" or (input_format == "auto" and looks_like_html(data)):
        tree, _ = parse_html(data)
        text = "\n".join(tree.itertext())
    else:
        text = decode(data)[0] if isinstance(data, bytes) else data
    return [b.text for b in Document.from_lines(split_lines(text)).blocks]
