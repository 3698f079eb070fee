"""Read a blueprint file: YAML with positions, then structure (pydantic), then semantics.

Each stage reports every problem it finds; a later stage runs only on what the earlier one
accepted, since relations cannot be checked on a structure that is not there.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import get_args

from pydantic import BaseModel, ValidationError

from blueprint.diagnostics import BlueprintError, BlueprintIOError, Diagnostic
from blueprint.model import Blueprint
from blueprint.semantics import Context, run_checks
from blueprint.semantics.context import did_you_mean
from blueprint.tree import OrgTree
from blueprint.yaml_source import SourceMap, parse_yaml


@dataclass(frozen=True)
class LoadResult:
    blueprint: Blueprint | None
    tree: OrgTree | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.blueprint is not None and not any(
            d.severity == "error" for d in self.diagnostics
        )


def _innermost_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _innermost_model(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: tuple) -> list[str]:
    """Keys the model accepts at `loc`, for a 'did you mean' on an unknown key.

    List indexes and dict keys (account keys, OU names) do not change the model, so they are
    stepped over; field names step into the field's model.
    """
    current: type[BaseModel] = Blueprint
    for part in loc:
        field = current.model_fields.get(part) if isinstance(part, str) else None
        if field is not None:
            inner = _innermost_model(field.annotation)
            if inner is None:
                return []
            current = inner
    return list(current.model_fields)


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _structure_diagnostics(source: SourceMap, errors: list[dict]) -> list[Diagnostic]:
    typos: set[tuple] = set()  # (mapping path, key the typo was meant to be)
    diagnostics: list[Diagnostic] = []
    errors = [e for e in errors if not source.already_reported(tuple(e["loc"]))]
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            key = str(loc[-1])
            hint = did_you_mean(key, _allowed_keys(loc[:-1]))
            if hint:
                typos.add((loc[:-1], hint.split("'")[1]))
            diagnostics.append(source.diagnostic(loc, f"unknown key '{key}'{hint}", at_key=True))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            continue
        if loc and loc[-1] == "[key]":
            diagnostics.append(source.diagnostic(loc[:-1], _clean(error["msg"]), at_key=True))
        elif kind == "missing":
            if (loc[:-1], loc[-1]) not in typos:  # already reported as "did you mean"
                message = f"missing required key '{loc[-1]}'"
                diagnostics.append(source.diagnostic(loc, message, at_key=True))
        else:
            message = _clean(error["msg"])
            if kind not in ("value_error", "assertion_error"):
                message += f" (got {_describe(error.get('input'))})"
            at_key = loc in source.mappings  # a rule about a whole mapping: point at its key
            diagnostics.append(source.diagnostic(loc, message, at_key=at_key))
    return diagnostics


def _clean(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _read(path: str) -> bytes:
    file = FilePath(path)
    if not file.exists():
        raise BlueprintIOError(path, "no such file")
    if file.is_dir():
        raise BlueprintIOError(path, "is a directory, not a blueprint file")
    try:
        return file.read_bytes()
    except OSError as error:
        raise BlueprintIOError(path, f"cannot read: {error.strerror or error}") from None


Check = Callable[[Context], None]


def check_blueprint(
    path: str, *, today: datetime.date | None = None, extra_checks: Sequence[Check] = ()
) -> LoadResult:
    """Every diagnostic for the file at `path`. Raises BlueprintIOError if it cannot be read.

    `extra_checks` are rules owned by the domains above this package (e.g. SCP composition),
    run on the same context so their findings are located like the blueprint's own.
    """
    raw = _read(path)
    data, source, diagnostics = parse_yaml(path, raw)
    if data is None:
        return LoadResult(None, None, diagnostics)
    if not isinstance(data, dict):
        kind = type(data).__name__
        message = f"a blueprint is a mapping of sections (version, organization, ...), not {kind}"
        return LoadResult(None, None, [*diagnostics, source.diagnostic((), message)])
    try:
        blueprint = Blueprint.model_validate(data)
    except ValidationError as error:
        structural = _structure_diagnostics(source, error.errors())
        return LoadResult(None, None, sorted(set(diagnostics + structural)))
    tree = OrgTree(blueprint)
    ctx = Context(blueprint, tree, source, today or datetime.date.today())
    run_checks(ctx)
    if not any(d.severity == "error" for d in ctx.diagnostics):
        for check in extra_checks:
            check(ctx)
    return LoadResult(blueprint, tree, sorted(set(diagnostics + ctx.diagnostics)))


def load_blueprint(
    path: str, *, today: datetime.date | None = None, extra_checks: Sequence[Check] = ()
) -> Blueprint:
    """The validated blueprint; raises BlueprintError with every error, or BlueprintIOError."""
    result = check_blueprint(path, today=today, extra_checks=extra_checks)
    if not result.ok:
        raise BlueprintError(result.diagnostics)
    assert result.blueprint is not None
    return result.blueprint
