"""Shared fixtures: every test runs in its own tmp folder with its own database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.config import load_config
from claimtrack.extract.document import Extraction

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running case (run with `-m slow`)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # slow cases run only when asked for by name: `pytest -m slow`
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow; run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path with a tmp database, so no test touches the repository's files."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "test.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(db))
    # the packaged claims.yaml, not whatever a developer's environment points at
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    return db


@pytest.fixture
def deny_reading(monkeypatch: pytest.MonkeyPatch):
    """Make files of the given name unreadable (tests run as root, where chmod does not)."""
    real_open = Path.open

    def deny(name: str) -> None:
        def fake_open(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", fake_open)

    return deny


@pytest.fixture
def db_path(_isolated: Path) -> Path:
    """The database file the CLI uses in this test ($CLAIMTRACK_DB)."""
    return _isolated


@pytest.fixture
def seeds() -> Path:
    """The repository's seed articles (read only: copy them before changing anything)."""
    assert SEEDS.is_dir(), SEEDS
    return SEEDS


@pytest.fixture
def seeds_copy(tmp_path: Path, seeds: Path) -> Path:
    """A writable copy of the seeds folder, sidecar included."""
    dest = tmp_path / "seeds"
    dest.mkdir()
    for f in sorted(seeds.iterdir()):
        if f.is_file():
            (dest / f.name).write_bytes(f.read_bytes())
    return dest


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def flat(text: str) -> str:
    """Text with runs of white space made one space: rich wraps long lines at 80 columns."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def extraction() -> Extraction:
    """The pipeline the CLI uses: the built-in claims.yaml (an editable install's is REPO's)."""
    return Extraction(load_config(REPO / "claims.yaml"))

