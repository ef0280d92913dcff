"""The README stays true: its commands are the ones CI and users run."""

import re


def test_ci_runs_the_readme_test_command(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3\.11 -m venv .+)$", readme, flags=re.M)
    test_command = next(c for c in commands if c.endswith("pytest"))
    assert test_command in ci.splitlines()


def test_readme_documents_every_cli_option(root):
    from typer.main import get_command

    from cleaner.cli import app

    readme = (root / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    for name, command in group.commands.items():
        assert f"cleaner {name}" in readme, name
        for sub in getattr(command, "commands", {}).values():
            assert f"cleaner {name} {sub.name}" in readme
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in readme, f"{name} {opt} is not in the README"
