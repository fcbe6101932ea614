"""The `claimtrack` command: parse options, call the library, render the result.

Exit codes: 0 success; 1 other error; 2 bad path or usage; 3 invalid claims.yaml, sidecar
or gold file; 4 database problem; 5 unknown kind, claim or document.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import views
from .config import LoadedConfig, load_config
from .errors import ClaimtrackError, NotFoundError
from .store import Store, default_db_path

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options shared by every command; the database and config are opened on first use."""

    def __init__(self, db: Path | None, config: Path | None) -> None:
        self.db_path = db or default_db_path()
        self.config_path = config
        self._config: LoadedConfig | None = None

    @property
    def config(self) -> LoadedConfig:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def store(self, *, create: bool = True) -> Store:
        return Store.open(self.db_path, create=create)


def handle_errors(fn: F) -> F:
    """Turn library errors into one-line messages and documented exit codes."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ClaimtrackError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: documents already stored are kept; run again to finish.",
                       err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="claimtrack")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False),
              help="Database file [default: $CLAIMTRACK_DB or ./claimtrack.db].")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="claims.yaml to use [default: $CLAIMTRACK_CONFIG, ./claims.yaml, or the "
                   "built-in one].")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config: Path | None) -> None:
    """Track numeric claims (troops, casualties, equipment, dates) across news articles.

    \b
    Example:
        claimtrack ingest seeds/
        claimtrack compare troops
    """
    ctx.obj = Context(db, config)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar [default: when writing to a terminal].")
@click.pass_obj
@handle_errors
def ingest(obj: Context, paths: tuple[Path, ...], progress: bool | None) -> None:
    """Read articles (.txt, .md, .html) from files or folders and store them with their claims.

    Files already stored with the same content are skipped; a changed file replaces its old
    version. A `sources.yaml` in a folder gives metadata (outlet, date...) for its files.

    \b
    Example:
        claimtrack ingest seeds/
    """
    from .extract import Extraction
    from .ingest import discover
    from .ingest import ingest as run_ingest

    extraction = Extraction(obj.config)
    found = discover(list(paths))
    with obj.store() as store:
        show = sys.stderr.isatty() if progress is None else progress
        with views.progress_bar(len(found), enabled=show) as advance:
            report = run_ingest(found, store, extract=extraction, extractor_id=extraction.id,
                                progress=lambda f: advance(f.display))
    views.print_ingest_report(report)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "yaml", "json"]), default="table",
              show_default=True)
@click.pass_obj
@handle_errors
def docs(obj: Context, fmt: str) -> None:
    """List stored documents: articles with outlet, date, languages and counts.

    \b
    Example:
        claimtrack docs
    """
    with obj.store(create=False) as store:
        documents = store.documents()
    views.print_documents(documents, fmt)


def _kinds_for(obj: Context, topic: str | None) -> list[str] | None:
    """The kinds a TOPIC selects; NotFoundError listing the known ones if none."""
    if topic is None:
        return None
    kinds = obj.config.config.kinds_for(topic)
    if not kinds:
        known = ", ".join([*obj.config.config.topics, *obj.config.config.kinds])
        raise NotFoundError(f"unknown kind or topic {topic!r}; known: {known}")
    return kinds


@cli.command()
@click.argument("topic", required=False)
@click.option("--doc", "document", help="Only claims from this document (file name).")
@click.option("--format", "fmt", type=click.Choice(["table", "yaml", "json"]), default="table",
              show_default=True)
@click.pass_obj
@handle_errors
def claims(obj: Context, topic: str | None, document: str | None, fmt: str) -> None:
    """List stored claims. TOPIC is a kind (casualties.killed) or its prefix (troops,
    casualties, equipment, dates).

    \b
    Example:
        claimtrack claims troops --format yaml
    """
    kinds = _kinds_for(obj, topic)
    with obj.store(create=False) as store:
        found = store.claims(kinds, document)
    views.print_claims(found, fmt)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "yaml", "json"]), default="table",
              show_default=True)
@click.option("--errors/--no-errors", "show_errors", default=False,
              help="Also list missed and spurious claims.")
@click.pass_obj
@handle_errors
def evaluate_cmd(obj: Context, gold: Path, fmt: str, show_errors: bool) -> None:
    """Score the stored claims against a gold annotation file: precision, recall and F1 per
    kind, and accuracy of attribution, as_of and modality on matched claims.

    \b
    Example:
        claimtrack ingest seeds/ && claimtrack eval tests/gold/seeds.yaml
    """
    from .evaluate import evaluate, load_gold

    gold_file = load_gold(gold)
    with obj.store(create=False) as store:
        predicted = store.claims()
    report = evaluate(gold_file, predicted, str(gold))
    views.print_eval(report, fmt, show_errors=show_errors)
