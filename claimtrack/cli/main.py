"""The `claimtrack` command: parse options, call the library, render the result.

Exit codes: 0 success; 1 other error; 2 bad path or usage; 3 invalid claims.yaml, sidecar
or gold file; 4 database problem; 5 unknown kind, claim or document; 130 stopped by Ctrl-C or
SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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


INTERRUPTED = "Interrupted: documents already stored are kept; run again to finish."


@contextmanager
def stoppable() -> Iterator[None]:
    """Ctrl-C or SIGTERM stops what runs inside: the first raises KeyboardInterrupt (workers
    are stopped, the store is left as it was after the last document saved); a second one,
    while that happens, exits at once (130): an interrupted transaction is rolled back by
    SQLite, so nothing stored is lost or half-written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def again(signum: int, frame: object) -> None:
        if not _told:
            os.write(2, (INTERRUPTED + "\n").encode())
        os._exit(130)

    def first(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, again)
        signal.signal(signal.SIGTERM, again)
        raise KeyboardInterrupt

    saved = {s: signal.signal(s, first) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    # not reached when stopped: a second signal still exits at once, until the process ends
    for s, handler in saved.items():
        signal.signal(s, handler)


_told = False  # the interruption was reported


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
            global _told
            _told = True
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


_DB_HELP = "Database file [default: $CLAIMTRACK_DB or ./claimtrack.db]."
_CONFIG_HELP = ("claims.yaml to use [default: $CLAIMTRACK_CONFIG, ./claims.yaml, or the "
                "built-in one].")


def _set_db(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.find_object(Context).db_path = value  # type: ignore[union-attr]


def _set_config(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
    if value is not None:
        obj = ctx.find_object(Context)
        obj.config_path, obj._config = value, None  # type: ignore[union-attr]


def shared_options(fn: F) -> F:
    """--db and --config after the command as well as before it (`claimtrack ingest --db x.db
    seeds/`): the last one given wins."""
    fn = click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                      expose_value=False, callback=_set_config, help=_CONFIG_HELP)(fn)
    return click.option("--db", type=click.Path(path_type=Path, dir_okay=False),
                        expose_value=False, callback=_set_db, help=_DB_HELP)(fn)


# the Dask scheduler of ingest and reconcile (`--engine dask`)
scheduler_option = click.option(
    "--scheduler", envvar="DASK_SCHEDULER_ADDRESS", show_envvar=True, metavar="ADDRESS",
    help="With --engine dask: the running Dask scheduler to use (tcp://HOST:8786), instead "
         "of a local cluster of --jobs workers.")

FORMATS = ("table", "yaml", "json", "csv")
_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv",
               ".html": "html", ".htm": "html"}


def _format(fmt: str | None, output: Path | None, default: str,
            formats: tuple[str, ...] = ("yaml", "json", "csv")) -> str:
    """The format asked for, else the one --output's extension names (one of `formats`),
    else `default`."""
    if fmt is not None:
        return fmt
    if output is not None:
        guessed = _EXTENSIONS.get(output.suffix.lower())
        if guessed is not None and guessed not in formats:
            raise click.UsageError(
                f"{output.name!r}: this listing is not written as {guessed}; give --format "
                f"({', '.join(formats)}) or another extension")
        if guessed is None:
            raise click.UsageError(
                f"cannot tell the format of {output.name!r} from its extension: give --format "
                f"({', '.join(formats)})")
        return guessed
    return default


def _day(end: bool) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        from ..report.select import parse_day
        try:
            return parse_day(value, end=end)
        except ClaimtrackError as exc:
            raise click.BadParameter(str(exc)) from None
    return convert


def filter_options(fn: F) -> F:
    """--source, --outlet, --location, --since, --until, --status (see report/select.py)."""
    options = [
        click.option("--source", metavar="TEXT",
                     help="Only claims attributed to a party whose name contains TEXT."),
        click.option("--outlet", metavar="TEXT",
                     help="Only claims of articles from an outlet whose name contains TEXT."),
        click.option("--location", metavar="TEXT",
                     help="Only claims whose place contains TEXT."),
        click.option("--since", metavar="DATE", callback=_day(end=False),
                     help="Only claims whose time reaches DATE or later (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", callback=_day(end=True),
                     help="Only claims whose time starts by DATE (YYYY[-MM[-DD]])."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _selection(**given: Any) -> Any:
    from ..report.select import Selection

    return Selection(**{k: v for k, v in given.items() if v not in (None, ())})


@click.group()
@click.version_option(package_name="claimtrack")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), help=_DB_HELP)
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), help=_CONFIG_HELP)
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config: Path | None) -> None:
    """Track numeric claims (troops, casualties, equipment, dates) across news articles.

    \b
    Example:
        claimtrack ingest seeds/
        claimtrack compare troops
    """
    ctx.obj = Context(db, config)


@cli.command(short_help="Store articles from files or folders with their claims.")
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
@scheduler_option
@click.option("--spacy-model", envvar="CLAIMTRACK_SPACY_MODEL", metavar="NAME",
              help="Tokenize English with this installed spaCy pipeline (package or folder) "
                   "instead of spacy.blank('en').")
@click.option("--verbose", "-v", is_flag=True,
              help="Also name each file left out for having a stored document's content.")
@shared_options
@click.pass_obj
@handle_errors
def ingest(
    obj: Context, paths: tuple[Path, ...], progress: bool | None, jobs: int,
    engine: str, scheduler: str | None, spacy_model: str | None, verbose: bool,
) -> None:
    """Read articles (.txt, .md, .html) from files or folders and store them with their claims.

    Files already stored with the same content are skipped; a changed file replaces its old
    version. A `sources.yaml` (or `sources.csv`, `sources.jsonl`) in a folder gives metadata
    (outlet, date...) for its files; a bad entry in it is left out with a warning. A path that
    does not exist is reported and the others are read (exit 2 at the end).

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
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    present = [p for p in paths if p not in missing]
    if not present:
        raise InputError(f"{missing[0]}: no such file or folder")
    where: Engine = "dask" if engine == "dask" else "local"
    check_engine(where)  # a missing package is an error before any work
    loaded = obj.config
    if where == "dask":
        # workers read claims.yaml themselves, from wherever they were started
        loaded = loaded.model_copy(update={"path": str(Path(loaded.path).resolve())})
    extraction = Extraction(loaded, base=spacy_model)
    if spacy_model:
        extraction.nlp("en")  # a pipeline that cannot load is an error before any work
    for p in missing:
        click.echo(f"Error: {p}: no such file or folder (the other paths are read)", err=True)
    show = sys.stderr.isatty() if progress is None else progress
    # files are walked as they are ingested; counted first only for the progress bar
    total = sum(1 for _ in walk(present)) if show else 0
    found = walk(present)
    with stoppable(), obj.store() as store, views.progress_bar(total, enabled=show) as advance:
        report = run_ingest(found, store, extract=extraction, extractor_id=extraction.id,
                            progress=lambda f: advance(f.display), jobs=jobs,
                            engine=where, scheduler=scheduler)
    views.print_ingest_report(report, verbose=verbose)
    if missing:
        sys.exit(InputError.exit_code)


def _format_option(default: str, formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(formats), default=None,
        help=f"Output format [default: from --output's extension, else {default}].")


@cli.command(short_help="List stored documents with outlet, date and counts.")
@_format_option("table")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the listing to this file instead of stdout.")
@shared_options
@click.pass_obj
@handle_errors
def docs(obj: Context, fmt: str | None, output: Path | None) -> None:
    """List stored documents: articles with outlet, date, languages and counts.

    \b
    Example:
        claimtrack docs
        claimtrack docs --output documents.csv
    """
    fmt = _format(fmt, output, "table")
    with obj.store(create=False) as store:
        documents = store.documents()
    if output is not None:
        _no_table(fmt)
        _emit(views.documents_csv(documents) if fmt == "csv" else
              views.dump({"documents": views.as_data(documents)}, fmt), output)
        return
    views.print_documents(documents, fmt)


def _no_table(fmt: str) -> None:
    if fmt == "table":
        raise click.UsageError("--output needs --format yaml, json or csv (or a file name "
                               "ending .yaml, .json or .csv)")


def _suggest(word: str, known: Iterable[str], *, files: bool = False) -> str:
    """' (did you mean X?)' for the closest known word, or ''. `files`: compare file names
    without their extension (".txt" alone makes no two names alike)."""
    from rapidfuzz import fuzz, process, utils

    known = list(known)
    # a kind's last part counts alone: "killed" is casualties.killed
    tails = {k.rsplit(".", 1)[-1]: k for k in known if "." in k and not files}
    if word in tails:
        return f" (did you mean {tails[word]!r}?)"
    if files:
        stems = {k: Path(k).stem or k for k in known}
        # the start of one name ("004" for 004_6a9580f4db86f6a5.txt) names it
        starting = [k for k, stem in stems.items() if stem.startswith(Path(word).stem or word)]
        if len(starting) == 1:
            return f" (did you mean {starting[0]!r}?)"
        named = process.extractOne(Path(word).stem or word, stems, scorer=fuzz.ratio,
                                   processor=utils.default_process, score_cutoff=70)
        return f" (did you mean {named[2]!r}?)" if named else ""
    best = process.extractOne(word, known, scorer=fuzz.WRatio, processor=utils.default_process,
                              score_cutoff=70)
    return f" (did you mean {best[0]!r}?)" if best else ""


def _kinds_for(obj: Context, topic: str | None) -> list[str] | None:
    """The kinds a TOPIC selects; NotFoundError listing the known ones if none."""
    if topic is None:
        return None
    kinds = obj.config.config.kinds_for(topic)
    if not kinds:
        names = list(dict.fromkeys([*obj.config.config.topics, *obj.config.config.kinds]))
        raise NotFoundError(f"unknown kind or topic {topic!r}{_suggest(topic, names)}; "
                            f"known: {', '.join(names)}")
    return kinds


@cli.command(short_help="List stored claims (of a topic or kind).")
@click.argument("topic", required=False)
@click.option("--doc", "document", help="Only claims from this document (file name).")
@filter_options
@click.option("--sort", type=click.Choice(["document", "time", "figure", "source", "kind"]),
              default="document", show_default=True, help="Order of the listing.")
@_format_option("table")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the listing to this file instead of stdout.")
@shared_options
@click.pass_obj
@handle_errors
def claims(obj: Context, topic: str | None, document: str | None, fmt: str | None,
           output: Path | None, sort: str, **filters: Any) -> None:
    """List stored claims. TOPIC is a kind (casualties.killed) or its prefix (troops,
    casualties, equipment, dates).

    \b
    Example:
        claimtrack claims troops --format yaml
        claimtrack claims casualties --source ministry --since 2024-10 --output killed.csv
    """
    from ..report.select import select_claims, sort_claims

    fmt = _format(fmt, output, "table")
    kinds = _kinds_for(obj, topic)
    selection = _selection(**filters)
    with obj.store(create=False) as store:
        found = store.claims(kinds, document)
        unknown_doc = document is not None and not found
        documents = store.documents() if unknown_doc or selection.outlet is not None else None
    if unknown_doc and document is not None:
        names = [d.name for d in documents or []]
        if document not in names and not any(d.path == document for d in documents or []):
            near = _suggest(document, names, files=True)
            raise NotFoundError(f"no document {document!r}{near}; `claimtrack docs` lists them")
    if selection.filters_claims:
        outlets = {d.name: d.articles for d in documents or []}
        found = select_claims(found, selection, outlets)
    if sort != "document":
        found = sort_claims(found, sort)
    if output is not None:
        _no_table(fmt)
        from ..report.build import ClaimRecord

        _emit(views.claims_csv(found) if fmt == "csv" else
              views.dump({"claims": [ClaimRecord.of(c).listed() for c in found]}, fmt), output)
        return
    views.print_claims(found, fmt, topic)


@cli.command(name="eval", short_help="Score the stored claims against a gold file.")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.option("--errors/--no-errors", "show_errors", default=False,
              help="Also list missed and spurious claims.")
@shared_options
@click.pass_obj
@handle_errors
def evaluate_cmd(obj: Context, gold: Path, fmt: str, show_errors: bool) -> None:
    """Score the stored claims against a gold annotation file: precision, recall and F1 per
    kind, and accuracy of attribution, as_of and modality on matched claims. An annotated
    sample of your own articles (documents with `doc`, `claims`, `non_claims`, and
    `expected_conflicts`, `not_conflicts`; quotes as text or as `quote_at` offsets) is also
    scored on its non-claims and on the conflicts the reconciler reports.

    \b
    Example:
        claimtrack ingest seeds/ && claimtrack eval tests/gold/seeds.yaml
        claimtrack ingest my-sample/ && claimtrack eval my-sample/gold.yaml --errors
    """
    from ..report.evaluate import evaluate
    from ..report.sample import SampleGold, evaluate_sample, load_any_gold

    gold_file = load_any_gold(gold)
    with obj.store(create=False) as store:
        predicted = store.claims()
        if isinstance(gold_file, SampleGold):
            from ..report.build import build_report

            names = [d.name for d in store.documents()]
            reconciled, _ = build_report(store, obj.config.config)

            def text_of(name: str) -> str | None:
                doc = store.load_document(name)
                return doc.text if doc is not None else None

            report = evaluate_sample(gold_file, str(gold), names, text_of, predicted,
                                     reconciled.conflicts)
        else:
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
    """A report as yaml, json, csv or html text, piece by piece."""
    if fmt == "html":
        from ..report.html import render_html

        return render_html(report, obj.config.config)
    if fmt == "csv":
        return views.report_csv(report)
    return views.dump_model(report, fmt)


@cli.command(short_help="Compare a topic's claims across sources: groups, conflicts.")
@click.argument("topic")
@filter_options
@click.option("--status", type=click.Choice(["agree", "conflict", "single-source"]),
              multiple=True, help="Only groups of this status (repeatable).")
@click.option("--sort", type=click.Choice(["claims", "conflicts", "strength", "time", "kind"]),
              default="claims", show_default=True,
              help="Order of the groups: most claims, most conflicts, strongest conflict, "
                   "latest time, or kind.")
@_format_option("table", (*FORMATS, "html"))
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the yaml, json, csv or html to this file instead of stdout.")
@click.option("--limit", type=click.IntRange(min=0), default=COMPARE_LIMIT, show_default=True,
              help="List at most this many groups (those with the most claims) and this many "
                   "claims, relations and conflicts per group, with a count of the rest "
                   "(0: list everything).")
@click.option("--detail", is_flag=True,
              help="In the table, every relation with its reason (by default repeated "
                   "relations are folded into one line).")
@shared_options
@click.pass_obj
@handle_errors
def compare(obj: Context, topic: str, fmt: str | None, output: Path | None, limit: int,
            status: tuple[str, ...], sort: str, detail: bool, **filters: Any) -> None:
    """Group the claims of TOPIC across sources: a summary line per group, then each group's
    estimate, its claims, and the conflicts with their reasons. TOPIC is troops, casualties,
    equipment, dates or a full kind. With filters, a group is listed whole when one of its
    claims passes them.

    \b
    Example:
        claimtrack compare troops
        claimtrack compare casualties --status conflict --sort strength
        claimtrack compare casualties.killed --output killed.yaml
        claimtrack compare troops --output troops.html
    """
    from ..report.build import build_report
    from ..report.select import select_report

    fmt = _format(fmt, output, "table", ("yaml", "json", "csv", "html"))
    kinds = _kinds_for(obj, topic)
    selection = _selection(status=status, **filters)
    plain = selection.empty and sort == "claims"
    with obj.store(create=False) as store:
        report, claims = build_report(store, obj.config.config, kinds, topic,
                                      limit=(limit or None) if plain else None)
    if not plain:
        report, claims = select_report(report, claims, selection, order=sort,
                                       limit=limit or None)
    if fmt == "table":
        if output is not None:
            _no_table(fmt)
        views.print_comparison(report, claims, detail=detail)
        return
    _emit(_rendered(obj, report, fmt), output)


@cli.command(name="reconcile",
             short_help="Reconcile the stored claims into the store, block by block.")
@click.argument("topic", required=False)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Reconcile in this process, or each block as a task on a Dask cluster "
                   "(needs pip install 'claimtrack[dask]'). The result is the same.")
@scheduler_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=2, show_default=True,
              help="With --engine dask and no --scheduler: the workers of the local cluster.")
@shared_options
@click.pass_obj
@handle_errors
def reconcile_command(obj: Context, topic: str | None, engine: str, scheduler: str | None,
                      jobs: int) -> None:
    """Reconcile the stored claims (of TOPIC, or all) and store the result, as the first
    `export` (or `compare TOPIC`) after an ingest would, which then reads it: claims are read,
    reconciled and written block by block (one topic and subject), so memory follows the
    largest block, not the store. Nothing is done when the stored result is current.

    \b
    Example:
        claimtrack reconcile && claimtrack export --output report.json
        claimtrack reconcile --engine dask --scheduler tcp://HOST:8786
    """
    from ..ingest.run import check_engine
    from ..report.build import config_digest, reconcile_stale

    if engine != "dask":
        if click.get_current_context().get_parameter_source("scheduler") \
                is click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("--scheduler needs --engine dask")
        scheduler = None
    else:
        check_engine("dask")
    kinds = _kinds_for(obj, topic)
    selection = "*" if kinds is None else ",".join(sorted(set(kinds)))
    config = obj.config.config
    with obj.store(create=False) as store:
        done = reconcile_stale(store, config, kinds, selection, config_digest(config),
                               engine=engine, scheduler=scheduler, jobs=jobs)
    if done is None:
        click.echo("The stored reconciliation is current (or the store cannot be written): "
                   "nothing to do.", err=True)
        return
    click.echo(f"Reconciled {done.claims:,} claims in {done.blocks:,} blocks: "
               f"{done.groups:,} groups, {done.conflicts:,} conflicts.", err=True)


@cli.command(short_help="Export the full report (yaml, json, csv, html).")
@filter_options
@click.option("--status", type=click.Choice(["agree", "conflict", "single-source"]),
              multiple=True, help="Only groups of this status (repeatable).")
@_format_option("yaml", ("yaml", "json", "csv", "html"))
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of stdout.")
@click.option("--schema", is_flag=True, help="Print the report's JSON Schema instead.")
@shared_options
@click.pass_obj
@handle_errors
def export(obj: Context, fmt: str | None, output: Path | None, schema: bool,
           status: tuple[str, ...], **filters: Any) -> None:
    """Export the full report: documents, claims, groups and conflicts (see README for the
    format; `--schema` prints its JSON Schema). As csv: a row per claim of each group.

    \b
    Example:
        claimtrack export --output report.yaml
        claimtrack export --since 2025 --output report.csv
        claimtrack export --output report.html
    """
    from ..report.build import build_report, schema_text
    from ..report.select import select_report

    if schema:
        _emit(schema_text(), output)
        return
    fmt = _format(fmt, output, "yaml", ("yaml", "json", "csv", "html"))
    _no_table(fmt)
    selection = _selection(status=status, **filters)
    with obj.store(create=False) as store:
        report, claims = build_report(store, obj.config.config)
    if not selection.empty:
        report, claims = select_report(report, claims, selection)
    _emit(_rendered(obj, report, fmt), output)


@cli.command(short_help="Show one claim in its passage, with its relations.")
@click.argument("claim_id")
@shared_options
@click.pass_obj
@handle_errors
def show(obj: Context, claim_id: str) -> None:
    """Show one claim: its passage with the figure highlighted, its fields, its group and how
    it relates to the other claims of the group. CLAIM_ID is an id that `claimtrack claims`
    lists.

    \b
    Example:
        claimtrack ingest seeds/ && claimtrack claims troops    # lists the ids
        claimtrack show d5465641-1909
    """
    from ..report.build import build_report

    with obj.store(create=False) as store:
        claim = store.claim(claim_id)
        if claim is None:
            near = store.claim_ids_like(claim_id.split("-")[0])
            raise NotFoundError(f"no claim {claim_id!r}{_suggest(claim_id, near)}; "
                                "`claimtrack claims` lists the ids")
        passage = store.passage_text(claim.document, claim.passage)
        # the claim's whole topic, as `compare` reconciles (and stores) it: relations to the
        # topic's other kinds are part of the claim's story
        topic = claim.kind.split(".")[0]
        kinds = sorted({*obj.config.config.kinds_for(topic), claim.kind})
        report, _ = build_report(store, obj.config.config, kinds, topic, about=claim.id)
    views.print_claim(claim, passage, report)
