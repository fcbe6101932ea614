"""The `claimtrack` command: parse options, call the library, render the result.

Exit codes: 0 success; 1 other error; 2 bad path or usage; 3 invalid claims.yaml, sidecar
or gold file; 4 database problem; 5 unknown kind, claim or document.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from ..config import LoadedConfig, load_config
from ..errors import ClaimtrackError, InputError, NotFoundError
from ..store import Store, database_error, default_db_path
from . import views

if TYPE_CHECKING:
    from ..report.build import Report

F = TypeVar("F", bound=Callable[..., Any])
# what `compare` lists by default: that many groups, and as many claims, relations and
# conflicts per group; enough for a reader, bounded for a store of millions of claims
COMPARE_LIMIT = 50


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
        except sqlite3.Error as exc:
            # damage or a lock met after opening (a corrupt page deep in the file)
            db = args[0].db_path if args and isinstance(args[0], Context) else default_db_path()
            error = database_error(db, exc)
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
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
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for extraction (0: one per core); with --engine dask, the "
                   "workers of the local cluster. The result is the same.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Extract in processes of this machine, or on a Dask cluster (needs "
                   "pip install 'claimtrack[dask]').")
@click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", show_envvar=True,
              metavar="ADDRESS",
              help="With --engine dask: the running Dask scheduler to use (tcp://HOST:8786), "
                   "instead of a local cluster of --jobs workers.")
@click.option("--spacy-model", envvar="CLAIMTRACK_SPACY_MODEL", metavar="NAME",
              help="Tokenize English with this installed spaCy pipeline (package or folder) "
                   "instead of spacy.blank('en').")
@click.pass_obj
@handle_errors
def ingest(
    obj: Context, paths: tuple[Path, ...], progress: bool | None, jobs: int,
    engine: str, scheduler: str | None, spacy_model: str | None,
) -> None:
    """Read articles (.txt, .md, .html) from files or folders and store them with their claims.

    Files already stored with the same content are skipped; a changed file replaces its old
    version. A `sources.yaml` (or `sources.csv`, `sources.jsonl`) in a folder gives metadata
    (outlet, date...) for its files; a bad entry in it is left out with a warning.

    \b
    Example:
        claimtrack ingest seeds/
        claimtrack ingest --jobs 0 corpus/
        claimtrack ingest --engine dask --scheduler tcp://scheduler-host:8786 corpus/
    """
    from ..extract.document import Extraction
    from ..ingest.run import Engine, check_engine, walk
    from ..ingest.run import ingest as run_ingest

    ctx = click.get_current_context()
    given = {name for name in ("jobs", "scheduler")
             if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}
    if engine != "dask":
        if "scheduler" in given:
            raise click.UsageError("--scheduler needs --engine dask")
        scheduler = None  # $DASK_SCHEDULER_ADDRESS is for the dask engine only
    elif scheduler and "jobs" in given:
        raise click.UsageError("--jobs sets the size of a local cluster; a cluster at "
                               "--scheduler has its own workers")
    where: Engine = "dask" if engine == "dask" else "local"
    check_engine(where)  # a missing package is an error before any work
    loaded = obj.config
    if where == "dask":
        # workers read claims.yaml themselves, from wherever they were started
        loaded = loaded.model_copy(update={"path": str(Path(loaded.path).resolve())})
    extraction = Extraction(loaded, base=spacy_model)
    if spacy_model:
        extraction.nlp("en")  # a pipeline that cannot load is an error before any work
    show = sys.stderr.isatty() if progress is None else progress
    # files are walked as they are ingested; counted first only for the progress bar
    total = sum(1 for _ in walk(list(paths))) if show else 0
    found = walk(list(paths))
    with obj.store() as store, views.progress_bar(total, enabled=show) as advance:
        report = run_ingest(found, store, extract=extraction, extractor_id=extraction.id,
                            progress=lambda f: advance(f.display), jobs=jobs,
                            engine=where, scheduler=scheduler)
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
    from ..report.evaluate import evaluate, load_gold

    gold_file = load_gold(gold)
    with obj.store(create=False) as store:
        predicted = store.claims()
    report = evaluate(gold_file, predicted, str(gold))
    views.print_eval(report, fmt, show_errors=show_errors)


def _emit(text: str | Iterable[str], output: Path | None) -> None:
    """Data (text, or its pieces) to stdout, or written whole to --output (never half a
    file)."""
    if output is None:
        for piece in [text] if isinstance(text, str) else text:
            click.echo(piece, nl=False)
        return
    from ..report.build import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"Wrote {output}", err=True)


def _rendered(obj: Context, report: Report, fmt: str) -> Iterable[str]:
    """A report as yaml, json or html text, piece by piece."""
    if fmt == "html":
        from ..report.html import render_html

        return render_html(report, obj.config.config)
    return views.dump_model(report, fmt)


@cli.command()
@click.argument("topic")
@click.option("--format", "fmt", type=click.Choice(["table", "yaml", "json", "html"]),
              default="table", show_default=True,
              help="html: one self-contained page with a timeline per group.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the yaml, json or html to this file instead of stdout.")
@click.option("--limit", type=click.IntRange(min=0), default=COMPARE_LIMIT, show_default=True,
              help="List at most this many groups (those with the most claims) and this many "
                   "claims, relations and conflicts per group, with a count of the rest "
                   "(0: list everything).")
@click.pass_obj
@handle_errors
def compare(obj: Context, topic: str, fmt: str, output: Path | None, limit: int) -> None:
    """Group the claims of TOPIC across sources: each group's estimate, its claims, and the
    conflicts with their reasons. TOPIC is troops, casualties, equipment, dates or a full kind.

    \b
    Example:
        claimtrack compare troops
        claimtrack compare casualties.killed --format yaml --output killed.yaml
        claimtrack compare troops --format html --output troops.html
    """
    from ..report.build import build_report

    kinds = _kinds_for(obj, topic)
    with obj.store(create=False) as store:
        report, claims = build_report(store, obj.config.config, kinds, topic,
                                      limit=limit or None)
    if fmt == "table":
        if output is not None:
            raise click.UsageError("--output needs --format yaml, json or html")
        views.print_comparison(report, claims)
        return
    _emit(_rendered(obj, report, fmt), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["yaml", "json", "html"]), default="yaml",
              show_default=True,
              help="html: one self-contained page with a timeline per group, offline.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of stdout.")
@click.option("--schema", is_flag=True, help="Print the report's JSON Schema instead.")
@click.pass_obj
@handle_errors
def export(obj: Context, fmt: str, output: Path | None, schema: bool) -> None:
    """Export the full report: documents, claims, groups and conflicts (see README for the
    format; `--schema` prints its JSON Schema).

    \b
    Example:
        claimtrack export --output report.yaml
        claimtrack export --format html --output report.html
    """
    from ..report.build import build_report, schema_text

    if schema:
        _emit(schema_text(), output)
        return
    with obj.store(create=False) as store:
        report, _ = build_report(store, obj.config.config)
    _emit(_rendered(obj, report, fmt), output)


@cli.command()
@click.argument("claim_id")
@click.pass_obj
@handle_errors
def show(obj: Context, claim_id: str) -> None:
    """Show one claim: its passage with the figure highlighted, its fields, its group and how
    it relates to the other claims of the group.

    \b
    Example:
        claimtrack show d5465641-1820
    """
    from ..report.build import build_report

    with obj.store(create=False) as store:
        claim = store.claim(claim_id)
        if claim is None:
            raise NotFoundError(f"no claim {claim_id!r}; `claimtrack claims` lists the ids")
        passage = store.passage_text(claim.document, claim.passage)
        # the claim's whole topic, as `compare` reconciles (and stores) it: relations to the
        # topic's other kinds are part of the claim's story
        topic = claim.kind.split(".")[0]
        kinds = sorted({*obj.config.config.kinds_for(topic), claim.kind})
        report, _ = build_report(store, obj.config.config, kinds, topic, about=claim.id)
    views.print_claim(claim, passage, report)
