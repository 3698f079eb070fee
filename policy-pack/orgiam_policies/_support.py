"""Helpers shared by the policies: control tags, configuration with defaults, and reading IAM
policy documents. Nothing here imports the org-iam program: any team's stack runs this pack."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY


@dataclass(frozen=True)
class Controls:
    soc2: tuple[str, ...] = ()
    pci_dss: tuple[str, ...] = ()
    cis_aws: tuple[str, ...] = ()

    def tags(self) -> list[str]:
        return (
            [f"soc2:{c}" for c in self.soc2]
            + [f"pci-dss-4.0:{c}" for c in self.pci_dss]
            + [f"cis-aws:{c}" for c in self.cis_aws]
        )


def framework(controls: Controls) -> PolicyComplianceFramework:
    if controls.pci_dss:
        return PolicyComplianceFramework(
            name="pci-dss", version="4.0.1", reference=", ".join(controls.pci_dss)
        )
    return PolicyComplianceFramework(
        name="soc2", version="2017", reference=", ".join(controls.soc2)
    )


class ClosedConfigSchema(PolicyConfigSchema):
    """A configuration schema that admits no other keys (JSON Schema `additionalProperties:
    false`): a misspelt parameter is an error, never a silently kept default. The analyzer
    protocol carries only `properties` and `required`, so orgctl's runner enforces this."""

    additional_properties = False

    def as_json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": self.properties,
            "required": list(self.required or []),
            "additionalProperties": False,
        }


def schema(**properties: dict[str, Any]) -> ClosedConfigSchema | None:
    return ClosedConfigSchema(properties=properties) if properties else None


def string_list(default: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string"},
        "default": default,
        "description": description,
    }


def _policy(
    kind, name, description, validate, controls, severity, enforcement, config, remediation, rules
):
    policy = kind(
        name=name,
        description=description,
        validate=validate,
        enforcement_level=enforcement,
        config_schema=config,
        severity=severity,
        framework=framework(controls),
        tags=controls.tags(),
        remediation_steps=remediation,
    )
    policy.rules = tuple(rules) if rules else (name,)
    return policy


def resource_policy(
    name: str,
    description: str,
    validate,
    controls: Controls,
    *,
    resource_types: tuple[str, ...],
    severity: Severity = Severity.HIGH,
    enforcement: EnforcementLevel = MANDATORY,
    config: PolicyConfigSchema | None = None,
    remediation: str | None = None,
    waits_at_preview: str | None = None,
    rules: tuple[str, ...] = (),
) -> ResourceValidationPolicy:
    """A policy judging one resource at a time, of the given types only. The engine runs it
    on every preview and, during `pulumi up`, just before it creates each resource: a mandatory
    violation stops that resource from being created. `waits_at_preview` names the value it
    reads that a first preview may not know yet (it then cannot run until the update).
    `rules` names the separate checks inside the policy (each has its own failing test); a
    policy of one check leaves it empty."""
    types = frozenset(resource_types)
    policy = _policy(
        ResourceValidationPolicy,
        name,
        description,
        only_for(types, validate),
        controls,
        severity,
        enforcement,
        config,
        remediation,
        rules,
    )
    policy.resource_types = types
    policy.waits_at_preview = waits_at_preview
    return policy


def only_for(types: frozenset[str], validate):
    """`validate`, called for resources of `types` only: the engine calls every resource policy
    for every resource. orgctl's runner reads the policy's `resource_types` and skips the other
    resources (most of a big plan's policy time went to those calls)."""

    def validate_matching(args, report_violation):
        if args.resource_type in types:
            validate(args, report_violation)

    return validate_matching


def stack_policy(
    name: str,
    description: str,
    validate,
    controls: Controls,
    *,
    severity: Severity = Severity.HIGH,
    enforcement: EnforcementLevel = MANDATORY,
    config: PolicyConfigSchema | None = None,
    remediation: str | None = None,
    spans: str,
    waits_at_preview: str | None = None,
    rules: tuple[str, ...] = (),
) -> StackValidationPolicy:
    """A policy judging relations between the resources of a stack. The engine runs it at the
    end of every preview and, during `pulumi up`, only after the whole deployment: what it
    finds then already exists. `spans` says why the check needs more than one resource."""
    policy = _policy(
        StackValidationPolicy,
        name,
        description,
        validate,
        controls,
        severity,
        enforcement,
        config,
        remediation,
        rules,
    )
    policy.spans = spans
    policy.waits_at_preview = waits_at_preview
    return policy


def config_of(args) -> Mapping[str, Any]:
    """The policy's configuration; the runner and the engine both fill in schema defaults.
    The engine sends it as a protobuf Struct, where every number is a float: whole numbers are
    made ints again, so messages say "4", not "4.0"."""
    return {key: number(value) for key, value in (args.get_config() or {}).items()}


def number(value: Any) -> Any:
    """A whole float as an int (the engine sends every resource number as a float too)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- values unknown at preview ------------------------------------------------------------

PENDING = object()
"""A value the program set but the engine cannot know yet: an output of a resource still to be
created (on a first preview). During `pulumi up` the engine analyzes each resource again with
every input known, just before creating it, so a check passed on PENDING is still made."""


def peek(props: Mapping[str, Any], key: str) -> Any:
    """props[key] (None if absent), or PENDING if it is unknown at preview."""
    try:
        return props.get(key)
    except UnknownValueError:
        return PENDING


def is_set(props: Mapping[str, Any], key: str) -> bool:
    """Whether `key` holds a value, known or not: presence decides at preview."""
    value = peek(props, key)
    return value is PENDING or bool(value)


def has_entries(props: Mapping[str, Any], key: str) -> bool:
    """Whether the list `key` has an element, counted without reading any (an element may be
    unknown at preview: it is there all the same)."""
    value = peek(props, key)
    if value is PENDING:
        return True
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return len(value) > 0
    return bool(value)


# --- IAM policy documents ---------------------------------------------------------------


def load_document(value: Any) -> dict | None:
    """A policy document from a JSON string or a mapping; None if it is not one."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None
    if isinstance(value, Mapping):
        return _plain(value)  # pulumi-policy's proxies, as plain dicts and lists
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [_plain(v) for v in value]
    return value


def as_list(value: Any) -> list:
    """A list from a scalar or a sequence; pulumi-policy wraps lists in a Sequence proxy, which
    must count as a list (an empty proxy is no actions, not one action)."""
    if value is None:
        return []
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    return [value]


def statements(document: dict | None) -> Iterator[dict]:
    if document:
        for statement in as_list(document.get("Statement")):
            if isinstance(statement, Mapping):
                yield statement


def action_covers(patterns: Iterable[str], action: str) -> bool:
    """Whether any IAM action pattern (wildcards allowed) covers `action`."""
    return any(fnmatch.fnmatchcase(action.lower(), str(p).lower()) for p in patterns)


def denies(document: dict | None, action: str) -> bool:
    """Whether some Deny statement in the document names `action` (conditions aside)."""
    return any(
        statement.get("Effect") == "Deny"
        and "Action" in statement
        and action_covers(as_list(statement["Action"]), action)
        for statement in statements(document)
    )


def on_every_resource(statement: Mapping) -> bool:
    """Whether the statement reaches every resource ('*', or everything but a NotResource)."""
    return "*" in as_list(statement.get("Resource")) or "NotResource" in statement


def statement_covers(statement: Mapping, action: str) -> bool:
    """Whether the statement's Action (or everything outside its NotAction) covers `action`.
    Action names are case-insensitive in IAM: `IAM:PassRole` is `iam:PassRole`."""
    if "NotAction" in statement:
        return not action_covers(as_list(statement["NotAction"]), action)
    return action_covers(as_list(statement.get("Action")), action)


def allows_everything(statement: Mapping) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        return on_every_resource(statement)
    return on_every_resource(statement) and "*" in as_list(statement.get("Action"))


def covers_whole_service(statement: Mapping, service: str) -> bool:
    """Whether the statement names every action of `service` (`iam:*`, `IAM:*`, `*`): only a
    pattern ending in wildcards alone matches the service prefix with an empty action name."""
    return statement_covers(statement, f"{service}:")


def allows_administration(statement: Mapping) -> bool:
    """Administrator-level: every action, or every IAM action (which grants every other one),
    allowed on every resource, whatever the case of the action names."""
    return allows_everything(statement) or (
        statement.get("Effect") == "Allow"
        and on_every_resource(statement)
        and covers_whole_service(statement, "iam")
    )


def allowed_on_everything(document: dict | None, actions: Iterable[str]) -> list[str]:
    """Those of `actions` some Allow statement grants on every resource and no unconditional
    Deny of the same document takes back."""
    found = []
    for action in actions:
        allowed = any(
            s.get("Effect") == "Allow" and on_every_resource(s) and statement_covers(s, action)
            for s in statements(document)
        )
        denied = any(
            s.get("Effect") == "Deny"
            and not s.get("Condition")
            and on_every_resource(s)
            and statement_covers(s, action)
            for s in statements(document)
        )
        if allowed and not denied:
            found.append(action)
    return found


def principals(statement: Mapping) -> list[str]:
    """Every principal a statement names ('*' for `"Principal": "*"`)."""
    principal = statement.get("Principal")
    if principal == "*":
        return ["*"]
    if isinstance(principal, Mapping):
        return [str(p) for values in principal.values() for p in as_list(values)]
    return []


def service_principals(statement: Mapping) -> list[str]:
    principal = statement.get("Principal")
    if isinstance(principal, Mapping):
        return [str(p) for p in as_list(principal.get("Service"))]
    return []


def condition_keys(statement: Mapping) -> set[str]:
    """The statement's condition keys, lower-cased: IAM compares key names case-insensitively."""
    return {
        str(key).lower()
        for values in (statement.get("Condition") or {}).values()
        if isinstance(values, Mapping)
        for key in values
    }


def tags_of(props: Mapping[str, Any]) -> Mapping[str, Any]:
    return props.get("tags") or {}


def dependencies(resource: PolicyResource, prop: str) -> list[PolicyResource]:
    return list(resource.property_dependencies.get(prop, []) or [])


def of_type(resources: Iterable[PolicyResource], *types: str) -> list[PolicyResource]:
    return [r for r in resources if r.resource_type in types]


# Administration of the account or its identities (PowerUserAccess cannot change who has access).
ADMIN_MANAGED_POLICIES = (
    "AdministratorAccess",
    "IAMFullAccess",
    "AWSOrganizationsFullAccess",
    "AWSSSOMemberAccountAdministrator",
    "AWSSSODirectoryAdministrator",
)


def is_admin_policy_arn(arn: str) -> bool:
    return any(str(arn).endswith(f":policy/{name}") for name in ADMIN_MANAGED_POLICIES)
