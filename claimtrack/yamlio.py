"""Load YAML into pydantic models, with errors that name the file, the field and the line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

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


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _expected(ctx: dict[str, Any]) -> str:
    # pydantic lists choices as "'a', 'b' or 'c'"
    return str(ctx.get("expected", "")).replace("' or '", "', '")


# pydantic's error types in the project's words: what is wrong with the value, and what to
# write instead ({v}: the value given)
_WORDS: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    "missing": lambda v, c: "missing: this field is required",
    "int_parsing": lambda v, c: f"{_shown(v)} is not a whole number",
    "int_type": lambda v, c: f"{_shown(v)} is not a whole number",
    "int_from_float": lambda v, c: f"{_shown(v)} is not a whole number",
    "float_parsing": lambda v, c: f"{_shown(v)} is not a number",
    "float_type": lambda v, c: f"{_shown(v)} is not a number",
    "bool_parsing": lambda v, c: f"{_shown(v)} is not true or false",
    "bool_type": lambda v, c: f"{_shown(v)} is not true or false",
    "string_type": lambda v, c: f"{_shown(v)} should be text",
    "list_type": lambda v, c: f"{_shown(v)} should be a list ([a, b] or one '- item' a line)",
    "tuple_type": lambda v, c: f"{_shown(v)} should be a list ([a, b])",
    "dict_type": lambda v, c: f"{_shown(v)} should be a mapping (name: value lines)",
    "model_type": lambda v, c: f"{_shown(v)} should be a mapping (name: value lines)",
    "model_attributes_type": lambda v, c: f"{_shown(v)} should be a mapping (name: value "
                                          "lines)",
    "literal_error": lambda v, c: f"{_shown(v)} is not one of {_expected(c)}",
    "enum": lambda v, c: f"{_shown(v)} is not one of {_expected(c)}",
    "greater_than": lambda v, c: f"{_shown(v)} should be more than {c.get('gt')}",
    "greater_than_equal": lambda v, c: f"{_shown(v)} should be {c.get('ge')} or more",
    "less_than": lambda v, c: f"{_shown(v)} should be less than {c.get('lt')}",
    "less_than_equal": lambda v, c: f"{_shown(v)} should be {c.get('le')} or less",
    "too_short": lambda v, c: f"should hold at least {c.get('min_length')} item(s)",
    "too_long": lambda v, c: f"should hold at most {c.get('max_length')} item(s)",
    "string_too_short": lambda v, c: "should not be empty",
    "date_parsing": lambda v, c: f"{_shown(v)} is not a date (YYYY-MM-DD)",
    "date_type": lambda v, c: f"{_shown(v)} is not a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": lambda v, c: f"{_shown(v)} is not a date (YYYY-MM-DD)",
}


def _model_at(model: Any, path: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that holds the field at `path` inside `model` (through lists, mappings and
    optional values), or None."""
    for part in path:
        model = _as_model(model, part)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _as_model(t: Any, part: int | str) -> Any:
    """What `part` of a value of type `t` is (a field's type, a list's item, a mapping's
    value)."""
    if isinstance(t, type) and issubclass(t, BaseModel):
        field = t.model_fields.get(str(part))
        return field.annotation if field is not None else None
    args = [a for a in get_args(t) if a is not type(None)]
    origin = get_origin(t)
    if origin in (list, tuple, dict) or (origin is not None and not args):
        return args[-1] if args else None
    models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
    return _as_model(models[0], part) if models else None


def _unknown_field(name: str, holder: type[BaseModel] | None) -> str:
    """'unknown field' with the nearest known name, or the names the entry takes."""
    if holder is None:
        return f"unknown field {name!r}"
    known = list(holder.model_fields)
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    if near:
        return f"unknown field {name!r} (did you mean {near[0]!r}?)"
    return f"unknown field {name!r} (known here: {', '.join(known)})"


def _first_problem(errors: list[Any], model: type[BaseModel] | None = None,
                   ) -> tuple[tuple[int | str, ...], str]:
    """The field path and message of the first error, in the project's words: a validator's
    own message without pydantic's "Value error, ", under the field it names; pydantic's own
    checks said as _WORDS says them."""
    first = errors[0]
    loc, message = tuple(first["loc"]), str(first["msg"])
    ctx = first.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, FieldProblem):
        return loc + cause.loc, str(cause)
    if first["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    elif first["type"] == "extra_forbidden" and loc:
        message = _unknown_field(str(loc[-1]), _model_at(model, loc[:-1]) if model else None)
    elif first["type"] in _WORDS:
        message = _WORDS[first["type"]](first.get("input"), ctx)
    return loc, message


def _more(n: int) -> str:
    return f" (and {n} more problem{'s' if n > 1 else ''})" if n else ""


def format_validation_error(exc: ValidationError, source: str, root: yaml.Node | None,
                            model: type[BaseModel] | None = None) -> str:
    """One line: `file:line: field.path: message` for the first error, plus a count of others."""
    errors = exc.errors()
    loc, message = _first_problem(errors, model)
    line = line_of(root, loc)
    where = f"{source}:{line}" if line else source
    field = ".".join(str(p) for p in loc) or "(top level)"
    more = _more(len(errors) - 1)
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
        raise error(format_validation_error(exc, source, root, model)) from None


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
            warnings.append(entry_warning(exc, source, root, prefix=(key,), model=model))
    return entries, warnings


def entry_warning(
    exc: ValidationError,
    source: str,
    root: yaml.Node | None = None,
    *,
    prefix: tuple[int | str, ...] = (),
    line: int | None = None,
    model: type[BaseModel] | None = None,
) -> str:
    """The warning for one entry that failed validation and is left out: `file:line: field:
    message`, the line found in `root` under `prefix` (YAML) or given (one line per entry)."""
    errors = exc.errors()
    inner, message = _first_problem(errors, model)
    loc = (*prefix, *inner)
    at = line if line is not None else line_of(root, loc)
    where = f"{source}:{at}" if at else source
    field = ".".join(str(p) for p in loc) or "(entry)"
    more = _more(len(errors) - 1)
    return f"{where}: {field}: {message}{more}; entry ignored"
