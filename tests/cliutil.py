"""Running the CLI in tests as a user would, and reading what it says."""

from __future__ import annotations

import yaml
from click.testing import CliRunner, Result

from claimtrack.cli.main import cli

SEED_COUNT = 5


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def one_line_error(result: Result) -> str:
    """The error a user sees: exactly one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def docs_yaml(runner: CliRunner) -> list[dict]:  # type: ignore[type-arg]
    result = run(runner, "docs", "--format", "yaml")
    assert result.exit_code == 0, result.stderr
    return yaml.safe_load(result.stdout)["documents"]  # type: ignore[no-any-return]
