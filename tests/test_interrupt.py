"""Ctrl-C and SIGTERM during `claimtrack ingest --jobs 2`, as a terminal sends them: to the
whole process group, at many points of the run (start-up, workers starting, mid-run). Each
time the ingest stops within seconds with one line and exit 130, leaves no process behind,
prints no traceback, and the store holds whole documents only; a second Ctrl-C while it
stops ends it at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimtrack.extract.document import Extraction

from .corpora import check_store, make_corpus, reference

PROGRAM = [sys.executable, "-c", "from claimtrack.cli.entry import main; main()"]
MESSAGES = ("Interrupted: documents already stored are kept; run again to finish.",
            "Interrupted before starting: nothing was done.")
STOP_SECONDS = 8  # a generous bound for a loaded 2-core machine; seen: under 1 s

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
           extraction: Extraction):
    root = tmp_path_factory.mktemp("interrupt") / "corpus"
    c = make_corpus(root, n=96, paragraphs=8)
    return c, reference(c, extraction)


def _alive_in_group(pgid: int) -> list[str]:
    """Processes of the group that still run (zombies, waiting for a reaper, do not)."""
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            alive.append(f"{pid} {stat.split(')')[0]})")
    return alive


def _ingest_and_signal(folder: Path, db: Path, delay: float, signals: list[signal.Signals]
                       ) -> tuple[int, str, float, list[str]]:
    proc = subprocess.Popen([*PROGRAM, "--db", str(db), "ingest", "--jobs", "2", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    time.sleep(delay)
    sent = time.monotonic()
    for n, sig in enumerate(signals):
        if n:
            time.sleep(0.2)
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"ingest still running 60 s after {signals} at {delay:.1f} s")
    took = time.monotonic() - sent
    deadline = time.monotonic() + 3
    while (left := _alive_in_group(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return proc.returncode, err.decode(), took, left


# start-up (imports), the first workers starting, and the run itself: seen to take 2-6 s here
_RNG = random.Random(7)
DELAYS = [0.1, 0.4, 0.8, 1.2, 1.8, 2.5, *sorted(round(_RNG.uniform(0.3, 5), 2) for _ in range(4))]


CASES = ([(d, [signal.SIGINT]) for d in DELAYS]
         + [(d, [signal.SIGTERM]) for d in DELAYS[::2]]
         + [(d, [signal.SIGINT, signal.SIGINT]) for d in DELAYS[3:6]])


@pytest.mark.parametrize(("delay", "signals"), CASES,
                         ids=[f"{'+'.join(s.name for s in sigs)}-at-{d:.2f}s" for d, sigs in CASES])
def test_a_signal_to_the_process_group_stops_the_ingest_cleanly(
    corpus, tmp_path: Path, delay: float, signals: list[signal.Signals]  # type: ignore[no-untyped-def]
) -> None:
    c, ref = corpus
    db = tmp_path / "i.db"
    code, err, took, left = _ingest_and_signal(c.root, db, delay, signals)
    assert "Traceback" not in err, err
    assert not left, left
    if code == 0:
        return  # it finished first: nothing to stop
    assert code == 130, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0] in MESSAGES, err
    assert took < STOP_SECONDS
    check_store(db, c, ref)  # whole documents only, each as a clean ingest stores it
