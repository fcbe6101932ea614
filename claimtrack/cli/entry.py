"""The `claimtrack` program: Ctrl-C works from its first instant.

Loading the libraries takes about a second; a Ctrl-C (or SIGTERM) meanwhile ends the program
quietly with exit 130, before anything was read or written. Then each command handles it
itself (`main.handle_errors`, `main.stoppable`); once stopped, the program ends at once.
"""

from __future__ import annotations

import os
import signal
import sys


def _starting(signum: int, frame: object) -> None:
    os.write(2, b"Interrupted before starting: nothing was done.\n")
    os._exit(130)


def main() -> None:
    if sys.platform != "win32":
        saved = {s: signal.signal(s, _starting) for s in (signal.SIGINT, signal.SIGTERM)}
    from .main import cli

    if sys.platform != "win32":
        for s, handler in saved.items():
            signal.signal(s, handler)
    try:
        cli()
    except SystemExit as exc:
        if exc.code == 130:
            # stopped: end now, not after the interpreter's clean-up, which a second Ctrl-C
            # would interrupt with its default (what has to be kept is already kept)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        raise
