"""`ingest --engine dask`: extraction on a real local Dask cluster stores what one job stores.

The tests that need Dask skip without the `dask` extra; the error paths run either way.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from multiprocessing import resource_tracker
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

import claimtrack.ingest.dask_engine
from claimtrack.config import load_config
from claimtrack.errors import ClaimtrackError, ConfigError
from claimtrack.extract.document import Extraction
from claimtrack.ingest.run import Engine, IngestReport, _check_workers, discover, ingest
from claimtrack.models import Claim, Document
from claimtrack.store import Store

from .cliutil import SEED_COUNT, one_line_error, run


@pytest.fixture(scope="module")
def distributed() -> ModuleType:
    return pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster(distributed: ModuleType) -> Iterator[Any]:
    """One cluster for the module's tests: two single-threaded worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0") as local:
        yield local


def children() -> set[int]:
    import psutil  # comes with distributed

    # multiprocessing's resource tracker, started with the first worker process, stays for
    # the life of this process: started here, it is never counted as left over
    resource_tracker.ensure_running()
    return {p.pid for p in psutil.Process().children(recursive=True)}


def assert_none_left(before: set[int]) -> None:
    """The processes started since `before` (a cluster's workers) have all ended."""
    deadline = time.monotonic() + 10
    while (left := children() - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left


def stored(db: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every stored document (with its articles and passages) and every claim."""
    with Store.open(db, create=False) as store:
        docs = [store.load_document(d.path) for d in store.documents()]
        claims = store.claims()
    return ([d.model_dump() for d in docs if d is not None], [c.model_dump() for c in claims])


def ingest_into(db: Path, paths: list[Path], *, extract: Any = None,
                engine: Engine = "local", scheduler: str | None = None) -> IngestReport:
    """One job, or a cluster: the one at `scheduler`, else a local one of one worker."""
    extract = Extraction(load_config()) if extract is None else extract
    with Store.open(db) as store:
        return ingest(discover(paths), store, extract=extract,
                      extractor_id=getattr(extract, "id", ""), engine=engine,
                      scheduler=scheduler)


def test_the_dask_engine_stores_the_same_documents_passages_and_claims_as_one_job(
    cluster: Any, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each seed again with a line more, and a copy of one: a duplicate, whichever worker
    # extracts it first
    extra = tmp_path / "extra"
    extra.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        (extra / f"v2_{seed.name}").write_text(seed.read_text() + "\n\nUpdated.\n")
    shutil.copy(next(seeds.glob("*.txt")), extra / "copy.txt")
    paths = [seeds, extra]
    # 11 files in batches of 2 and at most 8 in flight: the window fills and moves
    monkeypatch.setattr(claimtrack.ingest.dask_engine, "DASK_BATCH", 2)
    one = ingest_into(tmp_path / "one.db", paths)
    on_dask = ingest_into(tmp_path / "dask.db", paths, engine="dask",
                          scheduler=cluster.scheduler_address)
    assert (one.added, one.duplicates, one.claims > 60) == (2 * SEED_COUNT, 1, True)
    assert on_dask.model_dump() == one.model_dump()
    assert stored(tmp_path / "dask.db") == stored(tmp_path / "one.db")
    again = ingest_into(tmp_path / "dask.db", paths, engine="dask",
                        scheduler=cluster.scheduler_address)
    assert (again.unchanged, again.added, again.duplicates) == (2 * SEED_COUNT, 0, 1)


def test_cli_engine_dask_runs_a_local_cluster_of_jobs_workers_and_closes_it(
    distributed: ModuleType, runner: CliRunner, seeds: Path
) -> None:
    before = children()
    result = run(runner, "--db", "dask.db", "ingest", "--engine", "dask", "--jobs", "2",
                 str(seeds))
    assert result.exit_code == 0, result.stderr
    assert f"Read {SEED_COUNT} files: {SEED_COUNT} added" in result.stderr
    assert_none_left(before)
    assert run(runner, "--db", "one.db", "ingest", str(seeds)).exit_code == 0
    for command in (["claims", "--format", "json"], ["docs", "--format", "json"]):
        outputs = [run(runner, "--db", db, *command).stdout for db in ("one.db", "dask.db")]
        assert outputs[0] == outputs[1], command


@pytest.mark.parametrize("how", ["option", "environment"])
def test_cli_scheduler_uses_a_running_cluster(
    cluster: Any, runner: CliRunner, seeds: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    address = cluster.scheduler_address
    if how == "option":
        result = run(runner, "ingest", "--engine", "dask", "--scheduler", address, str(seeds))
    else:
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
        result = run(runner, "ingest", "--engine", "dask", str(seeds))
    assert result.exit_code == 0, result.stderr
    assert f"Read {SEED_COUNT} files: {SEED_COUNT} added" in result.stderr


FAILING = "002_3560d75755d5f8a2.txt"


def fail_on_one_file(document: Document) -> list[Claim]:
    """An extractor that breaks on one seed (run by the workers, so defined at module level)."""
    if document.name == FAILING:
        raise ValueError(f"cannot extract {document.name}")
    return []


def test_a_worker_error_stops_the_ingest_keeps_earlier_files_and_closes_the_cluster(
    distributed: ModuleType, seeds: Path, tmp_path: Path
) -> None:
    before = children()
    with pytest.raises(ValueError, match=f"cannot extract {FAILING}"):
        ingest_into(tmp_path / "t.db", [seeds], extract=fail_on_one_file, engine="dask")
    assert_none_left(before)
    docs, _ = stored(tmp_path / "t.db")
    # files are stored in order: those before the failing one are kept
    assert sorted(d["name"] for d in docs) == sorted(p.name for p in seeds.glob("*.txt"))[:2]


def test_an_unreachable_scheduler_is_a_one_line_error(
    distributed: ModuleType, runner: CliRunner, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claimtrack.ingest.dask_engine, "CONNECT_SECONDS", 1)
    result = run(runner, "ingest", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 str(seeds))
    assert result.exit_code == 1
    line = one_line_error(result)
    assert line.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert line.endswith("is `dask scheduler` running there?")


def test_a_scheduler_without_workers_is_a_one_line_error(
    distributed: ModuleType, runner: CliRunner, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claimtrack.ingest.dask_engine, "CONNECT_SECONDS", 1)
    with distributed.LocalCluster(n_workers=0, dashboard_address="127.0.0.1:0") as empty:
        result = run(runner, "ingest", "--engine", "dask", "--scheduler",
                     empty.scheduler_address, str(seeds))
    assert result.exit_code == 1
    assert one_line_error(result).startswith(
        f"Error: no Dask worker joined the scheduler at {empty.scheduler_address} within 1 s")


@pytest.mark.parametrize(("there", "has"), [
    (PackageNotFoundError("claimtrack"), "no claimtrack"),
    ("0.0.1", "claimtrack 0.0.1"),
])
def test_a_worker_without_this_claimtrack_is_named(
    there: object, has: str
) -> None:
    class Client:  # what the check asks of a distributed.Client
        def run(self, function: Any, *args: Any, on_error: str) -> dict[str, object]:
            assert function("claimtrack") == here
            return {"tcp://worker-a:4001": here, "tcp://worker-b:4001": there}

    here = version("claimtrack")
    with pytest.raises(ConfigError) as error:
        _check_workers(Client())
    assert str(error.value) == (f"Dask worker tcp://worker-b:4001 has {has}, this ingest {here}: "
                                "install the same claimtrack on every worker")


def test_without_distributed_the_dask_engine_says_what_to_install(
    runner: CliRunner, seeds: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = run(runner, "ingest", "--engine", "dask", str(seeds))
    assert result.exit_code == 3
    assert one_line_error(result) == (
        "Error: --engine dask needs Dask's distributed package: pip install 'claimtrack[dask]'")
    assert not db_path.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    (["--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"],
     "--scheduler needs --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"],
     "--jobs sets the size of a local cluster"),
    (["--engine", "spark"], "Invalid value for '--engine'"),
])
def test_engine_usage_errors(
    runner: CliRunner, seeds: Path, db_path: Path, args: list[str], message: str
) -> None:
    result = run(runner, "ingest", *args, str(seeds))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not db_path.exists()


def test_the_scheduler_variable_alone_leaves_the_local_engine_alone(
    runner: CliRunner, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an address meant for other Dask programs: no connection is tried without --engine dask
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:9")
    result = run(runner, "ingest", str(seeds))
    assert result.exit_code == 0, result.stderr
    assert f"Read {SEED_COUNT} files: {SEED_COUNT} added" in result.stderr


def die_on_one_file(document: Document) -> list[Claim]:
    """An extractor whose worker process dies on one seed (as when the OOM killer takes it)."""
    if document.name == FAILING:
        os._exit(1)
    return []


def test_a_worker_that_dies_is_a_one_line_error_keeps_earlier_files_and_closes_the_cluster(
    distributed: ModuleType, seeds: Path, tmp_path: Path
) -> None:
    import dask

    before = children()
    # the scheduler gives up on the task at once instead of retrying it on restarted workers
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), pytest.raises(
        ClaimtrackError, match=r"a worker process died \(KilledWorker"
    ):
        ingest_into(tmp_path / "t.db", [seeds], extract=die_on_one_file, engine="dask")
    assert_none_left(before)
    docs, _ = stored(tmp_path / "t.db")
    assert {d["name"] for d in docs} <= set(sorted(p.name for p in seeds.glob("*.txt"))[:2])
