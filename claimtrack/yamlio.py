"""Load YAML into pydantic models, with errors that name the file, the field and the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ClaimtrackError, ConfigError

M = TypeVar("M", bound=BaseModel)


# libyaml's parser when PyYAML has it (the pure-Python one takes seconds for a sources.yaml of
# thousands of entries); the resolving below is Python's either way
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader where only true/false are booleans: word lists hold "on", "no", "off"."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def safe_load(text: str) -> Any:
    """yaml.safe_load with booleans limited to true/false."""
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader


class _Loader(Loader):
    """SafeLoader that leaves dates as strings: pydantic parses them, so a bad date such as
    2025-13-01 becomes a validation error with its field and line, not a crash in PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Loader.yaml_implicit_resolvers.items()
}


def _compose(text: str, source: str, error: type[ClaimtrackError]) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{source}{where}: not valid YAML ({problem})") from None


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the value at `loc` in a composed YAML tree, or its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


class FieldProblem(ValueError):
    """A problem a validator of a whole model finds in one of its fields: raised with the
    field's path inside the model, so that the error names that field and its line."""

    def __init__(self, loc: tuple[int | str, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _first_problem(errors: list[Any]) -> tuple[tuple[int | str, ...], str]:
    """The field path and message of the first error, in the project's words: a validator's
    own message without pydantic's "Value error, ", under the field it names."""
    first = errors[0]
    loc, message = tuple(first["loc"]), str(first["msg"])
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, FieldProblem):
        return loc + cause.loc, str(cause)
    if first["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    return loc, message


def format_validation_error(exc: ValidationError, source: str, root: yaml.Node | None) -> str:
    """One line: `file:line: field.path: message` for the first error, plus a count of others."""
    errors = exc.errors()
    loc, message = _first_problem(errors)
    line = line_of(root, loc)
    where = f"{source}:{line}" if line else source
    field = ".".join(str(p) for p in loc) or "(top level)"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {field}: {message}{more}"


def _read_text(path: Path, error: type[ClaimtrackError]) -> str:
    source = str(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{source}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{source}: cannot read ({exc.__class__.__name__})") from None


def _parse(text: str, source: str, error: type[ClaimtrackError]) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its composed tree (for lines), or `error` naming the line."""
    root = _compose(text, source, error)
    try:
        # built from the composed tree: the text is parsed once
        data: Any = _Loader("").construct_document(root) if root is not None else None
    except (yaml.YAMLError, ValueError) as exc:
        # e.g. an unknown tag such as !!python/object
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{source}{where}: not valid YAML ({problem})") from None
    return data, root


def load_model(
    model: type[M],
    path: Path,
    *,
    error: type[ClaimtrackError] = ConfigError,
    text: str | None = None,
) -> M:
    """Read `path` as YAML and validate it as `model`, raising `error` with file, field and line."""
    source = str(path)
    if text is None:
        text = _read_text(path, error)
    data, root = _parse(text, source, error)
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(format_validation_error(exc, source, root)) from None


def load_entries(
    model: type[M],
    path: Path,
    *,
    error: type[ClaimtrackError] = ConfigError,
    text: str | None = None,
) -> tuple[dict[str, M], list[str]]:
    """Read `path` as a YAML mapping of names to entries, each validated as `model` on its own.

    A bad entry does not spoil the others: it is left out and a warning names its file, line and
    field (`sources.yaml:4: a.txt.published: ...`). An unreadable file, bad YAML or a top level
    that is not a mapping raise `error`."""
    source = str(path)
    if text is None:
        text = _read_text(path, error)
    data, root = _parse(text, source, error)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        at = f":{root.start_mark.line + 1}" if root is not None else ""
        raise error(f"{source}{at}: (top level): should be a mapping of names to entries")
    entries: dict[str, M] = {}
    warnings: list[str] = []
    for key, value in data.items():
        if not isinstance(key, str):
            key_line = line_of(root, (str(key),))
            where = f"{source}:{key_line}" if key_line else source
            warnings.append(f"{where}: {key!r}: the name should be text; entry ignored")
            continue
        try:
            entries[key] = model.model_validate(value)
        except ValidationError as exc:
            warnings.append(entry_warning(exc, source, root, prefix=(key,)))
    return entries, warnings


def entry_warning(
    exc: ValidationError,
    source: str,
    root: yaml.Node | None = None,
    *,
    prefix: tuple[int | str, ...] = (),
    line: int | None = None,
) -> str:
    """The warning for one entry that failed validation and is left out: `file:line: field:
    message`, the line found in `root` under `prefix` (YAML) or given (one line per entry)."""
    errors = exc.errors()
    inner, message = _first_problem(errors)
    loc = (*prefix, *inner)
    at = line if line is not None else line_of(root, loc)
    where = f"{source}:{at}" if at else source
    field = ".".join(str(p) for p in loc) or "(entry)"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {field}: {message}{more}; entry ignored"
