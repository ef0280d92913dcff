"""Time limits at every entry point, the static regex check, and large
legitimate documents (issue 18, items 9 and 13; issue 19's timer)."""

import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from cleaner import Config, clean
from cleaner.cli import app
from cleaner.pipeline import DocumentTimeout, time_limit

# Polynomial backtracking (ten stars in a row) that no static check can
# refuse without refusing ordinary patterns: only the time limit stops it.
SLOW_RULE = """[site]
id = "slow"
hosts = ["slow.example"]

[[rule]]
id = "slow/backtracking"
kind = "nav"
line = 'a*a*a*a*a*a*a*a*a*a*c'
drop = ["aac"]
"""
SLOW_LINE = "a" * 200 + "b\n"


@pytest.fixture
def slow(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "slow.toml").write_text(SLOW_RULE, encoding="utf-8")
    (tmp_path / "one.txt").write_text(SLOW_LINE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", ["clean", "explain"])
def test_one_file_and_explain_honour_the_timeout(slow, command):
    args = [command, str(slow / "one.txt"), "--rules", str(slow / "rules"), "--url", "https://slow.example/"]
    started = time.perf_counter()
    # a subprocess, so that a hang fails the test instead of stopping the suite
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", *args, "--timeout", "1"], capture_output=True, text=True, timeout=90
    )
    assert time.perf_counter() - started < 60
    assert result.returncode == 1 and result.stdout == ""
    assert "no result within 1 s (--timeout" in result.stderr and "Traceback" not in result.stderr


def test_explain_has_the_same_timeout_option_as_clean():
    explain = CliRunner().invoke(app, ["explain", "--help"], terminal_width=200).output
    assert "--timeout" in explain


@pytest.mark.parametrize("pattern", ["((x+))+y", "(a|a)*b", "(.*a){20}", "(a|aa)*c", "(\\w+\\s?)*$", "({any} )+"])
def test_rules_check_refuses_patterns_that_backtrack_catastrophically(tmp_path, pattern):
    rule = SLOW_RULE.replace("a*a*a*a*a*a*a*a*a*a*c", pattern).replace('drop = ["aac"]', 'drop = ["xy"]')
    (tmp_path / "bad.toml").write_text(rule, encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(tmp_path / "bad.toml")])
    assert result.exit_code == 1
    assert "bad.toml:8:" in result.stdout and "can backtrack catastrophically" in result.stdout


GOOD_PATTERNS = [
    "(?:https?://)?\\S+",
    "(?:Share|Tweet)(?: \\| (?:Share|Tweet))* now",
    "{money} / {money}",
    "(?:\\d{3},)*",
]


@pytest.mark.parametrize("pattern", GOOD_PATTERNS)
def test_rules_check_accepts_patterns_that_cannot(tmp_path, pattern):
    from cleaner.backtracking import backtracking_risk
    from cleaner.patterns import WILDCARDS

    assert backtracking_risk(pattern, WILDCARDS) is None


def test_built_in_rules_pass_the_check():
    result = CliRunner().invoke(app, ["rules", "check"])
    assert result.exit_code == 0, result.stdout


# --- the library's time limit keeps the caller's own timer ---


class CallerAlarm(Exception):
    pass


def test_time_limit_restores_the_callers_timer_and_handler():
    calls = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        assert clean("Some text here.", config=Config(timeout=2)).text == "Some text here.\n"
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining <= 30, "the caller's timer goes on"
        assert signal.getsignal(signal.SIGALRM) is not previous and calls == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_callers_timer_still_fires_during_a_document(tmp_path):
    (tmp_path / "slow.toml").write_text(SLOW_RULE, encoding="utf-8")
    config = Config(rule_dirs=(str(tmp_path),), timeout=20)

    def caller_alarm(signum, frame):
        raise CallerAlarm

    previous = signal.signal(signal.SIGALRM, caller_alarm)
    started = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(CallerAlarm):
            clean(SLOW_LINE, url="https://slow.example/", config=config)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - started < 10


def test_nested_time_limits_keep_the_outer_deadline():
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout, match=r"within 0\.3 s"), time_limit(0.3), time_limit(10):
        while time.perf_counter() - started < 20:
            pass
    assert time.perf_counter() - started < 5


# --- large legitimate documents: complete, with every line ---


def test_many_short_lines_are_all_kept():
    lines = [f"Entry {i} was recorded." for i in range(100_000)]
    result = clean("\n".join(lines).encode(), config=Config(timeout=120))
    assert result.text.split("\n\n")[:3] == lines[:3] and result.text.count("\n\n") == len(lines) - 1
    assert result.metadata["stats"]["blocks_out"] == len(lines)


def test_a_long_run_of_removed_lines_is_logged_in_linear_time():
    # each removed line was concatenated onto its span's text: 200,000 lines
    # took over a minute in removed_spans alone before
    from cleaner.model import Document
    from cleaner.pipeline import removed_spans

    doc = Document.from_lines(["Share this:"] * 200_000)
    for block in doc.blocks:
        block.drop("generic/share-line", "share")
    with time_limit(15):
        spans = removed_spans(doc)
    assert len(spans) == 1 and spans[0]["lines"] == [1, 200_000] and spans[0]["text"].count("\n") == 199_999


def test_a_paragraph_of_300000_spans_completes():
    # lxml read the text of the paragraph the extractor left (600,000 text
    # nodes) by repeated concatenation: about a minute of CPU before
    spans = "".join(f"<span>w{i}</span> " for i in range(300_000))
    result = clean(html=f"<html><body><p>{spans}</p></body></html>".encode(), config=Config(timeout=30))
    assert result.text.startswith("w0 w1 w2 ") and result.text.endswith(" w299999\n")


def test_the_time_limit_grows_with_the_document():
    from cleaner.batch import Runner
    from cleaner.pipeline import Config, time_allowed
    from cleaner.records import Task

    assert time_allowed(5, 1_000) == 5 and time_allowed(5, 18_000_000) == 90
    runner = Runner(1, Config(timeout=5))
    try:
        small, big = Task("s", "s", "x" * 1_000), Task("b", "b", "x" * 18_000_000)
        assert runner.hard_limit(small) == 20 and runner.hard_limit(big) == 190
    finally:
        runner.close()
