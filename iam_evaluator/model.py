"""The evaluator's vocabulary: one request, the policies that judge it, and the decision with the
statements that made it. Plain frozen dataclasses, so callers build them without ceremony."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

ContextValue = str | bool | int | float | list[str] | tuple[str, ...]
LAYERS = ("scp", "identity", "boundary", "resource")
_LAYER_NAMES = {
    "scp": "SCP",
    "identity": "identity policy",
    "boundary": "permissions boundary",
    "resource": "resource policy",
}


class PolicyError(ValueError):
    """A policy document the evaluator cannot judge faithfully (unknown operator, bad shape)."""


@dataclass(frozen=True)
class Request:
    principal_arn: str  # role ARN incl. path (not the session ARN), user ARN, or account root
    action: str  # "iam:CreateRole"
    resource: str = "*"  # full ARN, or "*" for actions without resource-level permissions
    context: Mapping[str, ContextValue] = field(default_factory=dict)

    @property
    def principal_account(self) -> str | None:
        parts = self.principal_arn.split(":", 5)
        return parts[4] if len(parts) == 6 and parts[4] else None

    @property
    def is_root(self) -> bool:
        parts = self.principal_arn.split(":", 5)
        return len(parts) == 6 and parts[2] == "iam" and parts[5] == "root"

    @property
    def is_service_linked_role(self) -> bool:
        parts = self.principal_arn.split(":", 5)
        return len(parts) == 6 and parts[5].startswith("role/aws-service-role/")

    @property
    def is_user(self) -> bool:
        parts = self.principal_arn.split(":", 5)
        return len(parts) == 6 and parts[2] == "iam" and parts[5].startswith("user/")


def _document(value: dict | str, where: str) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise PolicyError(
                f"{where}: not valid JSON ({error.msg} at line {error.lineno})"
            ) from None
    if not isinstance(value, dict) or "Statement" not in value:
        raise PolicyError(f"{where}: a policy document needs a 'Statement'")
    return value


@dataclass(frozen=True, eq=False)
class PolicySet:
    """Every policy that takes part in deciding requests of one principal in one account."""

    # Root first, then each OU, then the account: (level name, {policy name: document}).
    scp_levels: Sequence[tuple[str, Mapping[str, dict | str]]] = ()
    identity: Mapping[str, dict | str] = field(default_factory=dict)
    boundary: tuple[str, dict | str] | None = None
    resource_policy: tuple[str, dict | str] | None = None  # same-account resource policy
    management_account: bool = False  # SCPs never apply to the management account

    @cached_property
    def compiled(self):
        """Statements parsed and their patterns compiled once, reused by every evaluation."""
        from iam_evaluator.statements import compile_document

        def compiled(layer: str, name: str, document, level: str | None = None):
            where = f"{_LAYER_NAMES[layer]} '{name}'" + (f" at level '{level}'" if level else "")
            return compile_document(_document(document, where), layer, name, level, where)

        return (
            tuple(
                (level, tuple(s for n, d in policies.items() for s in compiled("scp", n, d, level)))
                for level, policies in self.scp_levels
            ),
            tuple(s for n, d in self.identity.items() for s in compiled("identity", n, d)),
            compiled("boundary", *self.boundary) if self.boundary else None,
            compiled("resource", *self.resource_policy) if self.resource_policy else (),
        )


@dataclass(frozen=True)
class StatementRef:
    layer: str  # one of LAYERS
    policy: str
    sid: str | None
    index: int  # position of the statement in its document, from 0
    level: str | None = None  # SCP level ("root", "ou:Production", "account:dev")

    def __post_init__(self):
        if self.layer not in LAYERS:
            raise ValueError(f"unknown layer {self.layer!r}; expected one of {', '.join(LAYERS)}")
        if self.sid == "":
            object.__setattr__(self, "sid", None)

    def describe(self) -> str:
        statement = f"statement '{self.sid}'" if self.sid else f"statement #{self.index}"
        text = f"{_LAYER_NAMES[self.layer]} '{self.policy}' {statement}"
        return f"{text} at level '{self.level}'" if self.level else text


@dataclass(frozen=True)
class Decision:
    allowed: bool
    denied_by: StatementRef | None  # the explicit Deny that decided, if any
    allowed_by: tuple[StatementRef, ...]  # the Allows that made it allowed, every layer
    reason: str  # one sentence
    denials: tuple[StatementRef, ...] = ()  # every explicit Deny that matched, in layer order
