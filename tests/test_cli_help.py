"""Every command explains itself, and every example README shows runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimtrack.cli import cli

from .conftest import REPO

COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    command = cli.commands[name]  # type: ignore[attr-defined]
    assert isinstance(command, click.Command) and command.help
    assert "Example" in result.stdout, name


def readme_examples() -> list[list[str]]:
    """The `$ claimtrack ...` lines of README, each split at `&&` into commands."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for line in re.findall(r"^\$ (claimtrack .+)$", text, flags=re.M):
        for part in line.split("&&"):
            found.append(shlex.split(part)[1:])
    return found


def test_readme_shows_examples() -> None:
    assert len(readme_examples()) >= 5


def test_every_readme_example_runs(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """In README's order, from the repository's root, as a new user would type them."""
    monkeypatch.chdir(REPO)
    for args in readme_examples():
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout or result.stderr, args
