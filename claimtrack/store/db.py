"""The SQLite database file: opening, checking, migrating, transactions.

Schema changes are named migrations (`migrations.py`), applied in order and recorded;
`PRAGMA application_id` marks the file as ours so that claimtrack never writes into some
other program's database.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..errors import StoreError
from .migrations import MIGRATIONS, SCHEMA_VERSION

ENV_DB = "CLAIMTRACK_DB"
DEFAULT_DB = "claimtrack.db"
APPLICATION_ID = 0x436C546B  # "ClTk"
BUSY_TIMEOUT_MS = 30_000
# a store up to this size is checked in full whenever it is opened (a fraction of a second);
# a larger one before its first write
CHECK_ON_OPEN_BYTES = 256 * 2**20


def default_db_path() -> Path:
    """--db is given by the caller; else $CLAIMTRACK_DB, else ./claimtrack.db."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


_D = TypeVar("_D", bound="Database")


class Database:
    """A claimtrack database file: opened, checked and migrated; the stores build on it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        # whether the file has passed SQLite's quick check (or needs none: new, or not asked)
        self.checked = True

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls: type[_D], path: Path | str, *, create: bool = True, check: bool = True) -> _D:
        """Open (and create or migrate) the database at `path`; StoreError if it is not ours.

        `check` runs SQLite's quick check (it reads every page once), so that a corrupt file is
        refused before anything is written into it or half of it is shown: on opening a file of
        up to `CHECK_ON_OPEN_BYTES`, else before the first write (a read of a large store
        should not read all of it; SQLite still refuses every damaged page a read reaches)."""
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"{p}: is a folder, not a database file")
        exists = p.exists() and p.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"{p}: no database here (run `claimtrack ingest` first)")
        if exists:
            _check_header(p)
        elif not p.parent.exists():
            raise StoreError(f"{p}: folder {p.parent} does not exist")
        try:
            conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{p}: cannot open database ({exc})") from None
        store = cls(conn, p)
        try:
            store._setup_when_free(exists, check)
        except sqlite3.Error as exc:
            conn.close()
            raise database_error(p, exc) from None
        except StoreError:
            conn.close()
            raise
        return store

    def _setup_when_free(self, exists: bool, check: bool) -> None:
        """`_setup`, tried again while another process holds a lock it needs: switching to WAL
        fails at once, without the busy timeout, while another connection reads or writes
        (two ingests that create the same new database at the same moment)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._setup(exists, check)
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(0.01)

    def _setup(self, exists: bool, check: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # one statement, so one snapshot: read apart, another process's first migration could
        # commit in between, and its tables would be seen without its application id
        app_id, tables = c.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table')"
        ).fetchone()
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(
                f"{self.path}: not a claimtrack database (it belongs to another program); "
                "choose another file with --db"
            )
        if exists and check:
            # a damaged page is otherwise found only when a query reaches it: after an ingest
            # has written into the file, or never by a listing that does not read that page
            self.checked = False
            if self.path.stat().st_size <= CHECK_ON_OPEN_BYTES:
                self.verify()
        if c.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        c = self.conn
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer claimtrack (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade claimtrack"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            # another process may have migrated while we waited for the write lock
            version = c.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                c.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
            for number, name, apply in MIGRATIONS:
                if number <= version:
                    continue
                apply(c)
                c.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, _now()),
                )
                c.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self: _D) -> _D:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def verify(self) -> None:
        """SQLite's quick check, once: StoreError naming the damage if the file is corrupt."""
        if self.checked:
            return
        problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            problem = " ".join(problem.replace("*** in database main ***", "").split())
            raise StoreError(
                f"{self.path}: corrupt database ({problem}); it was left unchanged: restore "
                "it from a backup or choose another file with --db"
            )
        self.checked = True

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; a file not checked yet is
        checked first."""
        self.verify()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise database_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            # SQLite has already rolled back after some errors (disk full, I/O): a second
            # ROLLBACK would fail and hide the error that matters
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the same state of the database.
        Nested snapshots share the outer one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def database_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """A StoreError saying in one line what an SQLite error means for the user."""
    message = str(exc) or exc.__class__.__name__
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"{path}: database is busy or locked ({message}); another program is writing to it, "
            "try again when it has finished"
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"{path}: the database refused a write ({message}); nothing of it was "
                          "stored, run the command again")
    if "readonly" in lowered or "read-only" in lowered or "full" in lowered or "i/o" in lowered:
        return StoreError(f"{path}: cannot write the database ({message})")
    return StoreError(
        f"{path}: unreadable or corrupt database ({message}); restore it from a backup or "
        "choose another file with --db"
    )


def _check_header(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{p}: cannot read ({exc.strerror})") from None
    if head != b"SQLite format 3\x00":
        raise StoreError(
            f"{p}: not a claimtrack database (not an SQLite file); choose another file with --db"
        )
