"""Command-line interface: ``cleaner clean`` and ``cleaner rules``.

Progress and summaries go to stderr so stdout stays pipeable. User mistakes
(missing paths, output inside the input, bad rule files) end with one line on
stderr and exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cleaner import __version__
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

INPUT_SUFFIXES = (".txt", ".html", ".htm")


class InputFormat(StrEnum):
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


def find_inputs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Each input file with the path its outputs take relative to ``--out``.

    A file given directly keeps its name; files found under a directory keep
    their path relative to it. Directories are searched recursively for
    ``*.txt``, ``*.html`` and ``*.htm`` files, in sorted order.
    """
    found = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            found.extend((f, f.relative_to(path)) for f in files)
        elif path.is_file():
            found.append((path, Path(path.name)))
        else:
            raise fail(f"{path}: no such file or directory")
    return found


def check_output_dir(out: Path, paths: list[Path]) -> None:
    """Refuse an output directory that is an input directory or inside one."""
    resolved = out.resolve()
    for path in paths:
        if path.is_dir() and (resolved == path.resolve() or path.resolve() in resolved.parents):
            raise fail(f"--out {out} is inside the input directory {path}; choose a directory outside it")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def to_json(result: CleanResult) -> str:
    """One JSON object with the clean text and its metadata."""
    return json.dumps({"text": result.text, "meta": result.metadata}, ensure_ascii=False)


@app.command("clean")
def clean_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (searched recursively for *.txt, *.html, *.htm).")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output directory for <name>.txt and <name>.json per input file."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Single file without --out: print one JSON object {text, meta}.")
    ] = False,
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, to pick the site's rules.")] = None,
    rules: RulesOption = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="auto: by extension (.html/.htm), else by content."),
    ] = InputFormat.auto,
    captions: Annotated[
        CaptionMode,
        typer.Option("--captions", help="Image captions: drop them, keep them, or move them to metadata."),
    ] = CaptionMode.drop,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Clean text and HTML files. With one file and no --out, print the clean text."""
    config = make_config(rules, captions.value)
    inputs = find_inputs(paths)
    if out is None:
        if len(inputs) != 1 or paths[0].is_dir():
            raise fail("several input files need --out DIR")
        source, _ = inputs[0]
        result = clean_file(source, url, input_format, config)
        typer.echo(to_json(result) if as_json else result.text, nl=as_json)
        return
    check_output_dir(out, paths)
    destinations = Counter(rel.with_suffix("") for _, rel in inputs)
    clashes = [str(p) for p, n in destinations.items() if n > 1]
    if clashes:
        raise fail(f"several inputs would write the same output: {', '.join(clashes[:3])}")
    kinds: Counter[str] = Counter()
    for source, rel in progress(inputs, quiet):
        result = clean_file(source, url, input_format, config)
        target = out / rel.with_suffix("")
        write_atomic(target.with_name(target.name + ".txt"), result.text)
        write_atomic(target.with_name(target.name + ".json"), json.dumps(result.metadata, ensure_ascii=False, indent=1))
        kinds.update(span["kind"] for span in result.metadata["removed"])
    if not quiet:
        summary = ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()) or "nothing"
        typer.echo(f"cleaned {len(inputs)} file(s) into {out}; removed: {summary}", err=True)


def clean_file(path: Path, url: str | None, input_format: InputFormat, config: Config) -> CleanResult:
    """Clean one file; ``auto`` treats .html/.htm as HTML and sniffs the rest."""
    fmt = input_format.value
    if fmt == "auto" and path.suffix.lower() in (".html", ".htm"):
        fmt = "html"
    return clean(read_bytes(path), url=url, source=str(path), input_format=fmt, config=config)


def read_bytes(path: Path) -> bytes:
    """Read an input file, turning OS errors into one clear line."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise fail(f"{path}: cannot read: {error.strerror}") from None


def progress(items: list, quiet: bool):
    """Iterate with a progress bar on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty() or len(items) < 2:
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("cleaning", total=len(items))
        for item in items:
            yield item
            bar.advance(task)


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
