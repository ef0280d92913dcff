"""A run never costs a user data: outputs never replace inputs, recurring-line
removal takes only recurring text, resumed and interrupted runs give the same
bytes as whole ones, and two runs never share an output directory."""

import json
import os
import random

from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["clean", *(str(a) for a in args)], catch_exceptions=False)


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def war_diary(n=10):
    """Ten pages of one site whose headlines and a sentence differ only in numbers,
    under a recurring appeal paragraph and a recurring menu line (with and without a bullet)."""
    rng = random.Random(3)
    words = "troops river village supply convoy bridge winter shelling talks border grain port".split()
    appeal = (
        "Our reporters stay on the ground because readers like you pay for it, so please consider a monthly "
        "gift today to keep independent reporting free for everyone who needs it."
    )
    records = []
    for i in range(n):
        story = " ".join(rng.choice(words) for _ in range(30)).capitalize() + "."
        menu = "- Latest news" if i % 2 else "Latest news"
        text = (
            f"Russia-Ukraine war: day {400 + i}\n\n{appeal}\n\n{story}\n\n"
            f"Casualties rose to {1000 + 7 * i}, officials said.\n\n{menu}"
        )
        records.append({"id": f"d{i}", "text": text, "url": f"https://diary.example/day-{400 + i}"})
    return records


def test_site_lines_take_recurring_text_not_lines_that_share_a_template(tmp_path):
    path = tmp_path / "diary.jsonl"
    write_jsonl(path, war_diary())
    assert invoke(path, "--out", tmp_path / "out", "-q").exit_code == 0
    records = read_jsonl(tmp_path / "out" / "diary.jsonl")
    assert len(records) == 10
    for record in records:
        number = int(record["id"][1:])
        assert record["text"].startswith(f"Russia-Ukraine war: day {400 + number}\n")
        assert record["meta"]["title"] == f"Russia-Ukraine war: day {400 + number}"
        assert f"Casualties rose to {1000 + 7 * number}, officials said." in record["text"]
        assert "monthly gift" not in record["text"]  # a 30-word appeal above every article
        assert "Latest news" not in record["text"]  # with or without its bullet


def test_site_lines_keep_an_article_that_recurs_in_the_dump(tmp_path):
    records = war_diary(6)
    copies = [dict(records[0], id=f"copy{i}") for i in range(4)]
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, records + copies)
    assert invoke(path, "--out", tmp_path / "out", "-q").exit_code == 0
    story = records[0]["text"].split("\n\n")[2]
    for record in read_jsonl(tmp_path / "out" / "dump.jsonl"):
        if record["id"].startswith("copy") or record["id"] == "d0":
            assert story in record["text"]


def test_resumed_run_gives_the_bytes_of_a_whole_run(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    records = war_diary()
    write_jsonl(source / "a.jsonl", records[:8])
    write_jsonl(source / "b.jsonl", records[8:])
    assert invoke(source, "--out", tmp_path / "whole", "-q").exit_code == 0
    assert invoke(source, "--out", tmp_path / "resumed", "-q").exit_code == 0
    (tmp_path / "resumed" / "b.jsonl").unlink()  # as if the run had stopped before b
    assert invoke(source, "--out", tmp_path / "resumed", "-q", "--resume").exit_code == 0
    for name in ("a.jsonl", "b.jsonl"):
        assert (tmp_path / "resumed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


GOOD = "Council approves the budget\n\nThe council approved the budget on Monday after a long debate about schools.\n"


def test_no_flag_lets_an_output_replace_an_input(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    write_jsonl(dump, [{"id": "1", "text": GOOD}])
    before = dump.read_bytes()
    for args in (
        [folder / "a.txt", "--out", folder, "--overwrite"],
        [folder / "a.txt", "--out", folder, "--resume"],
        [dump, "--out", tmp_path, "--overwrite"],
        [dump, "--out", tmp_path / "elsewhere", "--rule-stats", dump],
    ):
        result = invoke(*args, "-q")
        assert result.exit_code == 2 and "would replace the input" in result.stderr, args
    assert (folder / "a.txt").read_text(encoding="utf-8") == GOOD and dump.read_bytes() == before


def test_an_empty_out_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path / "a.txt", "--out", "")
    assert result.exit_code == 2 and "--out is empty" in result.stderr


def test_a_second_run_into_a_locked_output_directory_is_refused(tmp_path):
    from cleaner.batch import output_lock

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    with output_lock(tmp_path / "out"):
        result = invoke(tmp_path / "a.txt", "--out", tmp_path / "out", "-q")
    assert result.exit_code == 2 and "another cleaner run is writing" in result.stderr
    assert invoke(tmp_path / "a.txt", "--out", tmp_path / "out", "-q").exit_code == 0  # released


def test_outputs_follow_the_umask_and_long_or_odd_names_work(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    long_name = "n" * 246 + ".txt"  # 250 bytes: a temporary name built from it would not fit
    (source / long_name).write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(source), b"caf\xe9.txt"), "wb") as handle:  # not UTF-8
        handle.write(GOOD.encode())
    result = invoke(source, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "out" / ("n" * 246 + ".txt")
    assert written.read_text(encoding="utf-8").startswith("Council approves the budget")
    mask = os.umask(0)
    os.umask(mask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~mask
    odd = os.path.join(os.fsencode(tmp_path / "out"), b"caf\xe9.json")
    with open(odd, "rb") as handle:
        meta = json.loads(handle.read())
    assert meta["source"].endswith("caf\ufffd.txt")


def test_a_full_disk_names_the_file_and_leaves_no_temporary_files(tmp_path, root):
    import resource
    import signal
    import subprocess
    import sys

    dump = tmp_path / "dump.jsonl"
    write_jsonl(dump, [{"id": str(i), "text": GOOD * 20} for i in range(50)])

    def small_files():  # writes past 20 kB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    out = tmp_path / "out"
    command = [sys.executable, "-m", "cleaner", "clean", str(dump), "--out", str(out), "-q", "--jobs", "1"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, preexec_fn=small_files)
    assert result.returncode == 2 and f"cannot write {out / 'dump.jsonl'}" in result.stderr, result.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert not (out / "dump.jsonl").exists()


def test_sigterm_ends_the_workers_and_resume_goes_on_inside_a_big_jsonl_file(tmp_path, root):
    import signal
    import subprocess
    import sys
    import time

    dump = tmp_path / "big.jsonl"
    write_jsonl(dump, [{"id": str(i), "text": f"Story {i} of the day\n\n{GOOD}"} for i in range(2000)])
    command = [sys.executable, "-m", "cleaner", "clean", str(dump), "--jobs", "2", "-q", "--no-site-lines"]
    assert subprocess.run([*command, "--out", str(tmp_path / "whole")], cwd=root).returncode == 0
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*command, "--out", str(out)], cwd=root, start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    checkpoint = out / ".big.jsonl.checkpoint"
    deadline = time.time() + 120
    while time.time() < deadline and not checkpoint.exists():
        time.sleep(0.05)
    assert checkpoint.exists(), "a checkpoint is written while the file is cleaned"
    os.killpg(process.pid, signal.SIGTERM)  # to the whole group, as a supervisor stopping it does: workers too
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143 and "--resume" in stderr, stderr
    assert "Interrupted: terminated" not in stderr, stderr  # a worker ends quietly (no traceback of its own)
    time.sleep(0.5)
    try:
        os.killpg(process.pid, 0)
        raise AssertionError("worker processes outlived the run")
    except ProcessLookupError:
        pass
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")] and not (out / "big.jsonl").exists()
    done = json.loads(checkpoint.read_text())["records"]
    assert 0 < done < 2000
    resumed = subprocess.run([*command, "--out", str(out), "--resume"], cwd=root, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "big.jsonl").read_bytes() == (tmp_path / "whole" / "big.jsonl").read_bytes()
    assert not checkpoint.exists() and not (out / ".big.jsonl.partial").exists()


def test_links_out_of_the_input_tree_and_hidden_files_are_skipped_and_said(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Private line of another file\n", encoding="utf-8")
    source = tmp_path / "in"
    (source / ".git").mkdir(parents=True)
    (source / "a.txt").write_text(GOOD, encoding="utf-8")
    (source / "x.txt").symlink_to(secret)
    (source / "inside.txt").symlink_to(source / "a.txt")  # a link inside the tree is read
    (source / ".draft.txt").write_text(GOOD, encoding="utf-8")
    (source / ".git" / "notes.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(source, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "a.txt", "inside.json", "inside.txt"]
    assert "skipped 1 link(s) to files outside it, e.g. x.txt" in result.stderr
    assert "skipped 2 hidden file(s)" in result.stderr


def test_a_glob_that_matches_nothing_is_an_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path / "in", "--out", tmp_path / "out", "--glob", "*.html")
    assert result.exit_code == 2 and "no file matching --glob *.html" in result.stderr


def test_a_pipe_is_read_as_a_file(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(GOOD)

    writer = threading.Thread(target=feed)
    writer.start()
    result = invoke(fifo)  # as with <(zcat page.txt.gz)
    writer.join()
    assert result.exit_code == 0 and result.stdout.startswith("Council approves the budget\n")


def test_small_things_a_user_hits(tmp_path, root):
    import subprocess
    import sys

    for command in (["clean"], ["explain"], ["learn"], ["rules", "check"]):
        help_text = runner.invoke(app, [*command, "--help"]).output
        assert "<bool>" not in help_text, command
    assert "jsonl" not in runner.invoke(app, ["explain", "--help"]).output  # it takes one text or HTML file
    dump = tmp_path / "dump.jsonl"
    write_jsonl(dump, [{"id": "ok", "text": GOOD}, {"id": "bad"}])
    dry = invoke(dump, "--out", tmp_path / "out", "--dry-run")
    assert dry.exit_code == 1 and not (tmp_path / "out").exists()
    failure = json.loads(next(line for line in dry.stderr.splitlines() if line.startswith("cleaner: failed: "))[17:])
    assert failure["record_id"] == "bad" and failure["error"] == "RecordError"
    streamed = invoke(dump, "--out", "-")
    assert json.loads(streamed.stdout.splitlines()[0])["id"] == "ok"
    assert any(line.startswith('cleaner: failed: {"source"') for line in streamed.stderr.splitlines())
    alone = invoke(dump)  # one record file without --out: JSONL on stdout
    assert alone.exit_code == 1 and json.loads(alone.stdout.splitlines()[0])["id"] == "ok"
    assert json.loads(alone.stdout.splitlines()[0])["meta"]["stats"]["chars_out"] == len(GOOD)
    big = tmp_path / "big.jsonl"
    write_jsonl(big, [{"id": str(i), "text": GOOD} for i in range(300)])
    piped = subprocess.run(
        f"{sys.executable} -m cleaner clean {big} --jobs 1 | head -n 1", shell=True, cwd=root, capture_output=True
    )
    assert piped.stdout.count(b"\n") == 1 and b"Error" not in piped.stderr, piped.stderr


def test_one_batch_over_every_bad_input_writes_every_good_document(tmp_path):
    """Issue 18's whole case: the bad records and inputs of tests/hostile/test_readers.py, a file
    name that is not UTF-8, a 250-byte name and a link out of the tree, all in one folder with good
    files, in one run: every good document comes out, every bad one is in errors.jsonl, exit 1."""
    from test_readers import CASES, LIMIT

    source = tmp_path / "in"
    source.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("Private line of another file\n", encoding="utf-8")
    (source / "link.txt").symlink_to(secret)
    for i in range(3):
        (source / f"good-{i}.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(source), b"good-caf\xe9.txt"), "wb") as handle:
        handle.write(GOOD.encode())
    (source / ("g" * 240 + ".txt")).write_text(GOOD, encoding="utf-8")
    for case, (name, data, _, _) in CASES.items():
        (source / f"{case}-{name}").write_bytes(data)
    out = tmp_path / "out"
    result = invoke(source, "--out", out, "--max-bytes", LIMIT, "--timeout", 60, "--jobs", 2, "-q")
    assert result.exit_code == 1, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed_inputs = {os.path.basename(error["source"]).split("-", 1)[0] for error in errors}
    expected_failures = {case.split("-", 1)[0] for case, (_, _, message, _) in CASES.items() if message}
    assert expected_failures <= failed_inputs
    for case, (_, _, message, _) in CASES.items():
        if message:
            assert any(message in error["message"] for error in errors), case
    texts = [p for p in out.rglob("*.txt")]
    assert len(texts) == 5 and all(p.read_bytes().startswith(b"Council approves the budget") for p in texts)
    assert not (out / "link.txt").exists()
    assert "Private line" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*"))
