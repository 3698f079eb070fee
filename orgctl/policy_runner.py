"""Run the CrossGuard policies over a deployment export without a Pulumi engine.

Each resource's props are wrapped in pulumi-policy's unknown-checking proxy, as the engine does:
a policy that reads a value unknown at preview time yields an 'unknown' finding, never a pass.
Configuration follows `--policy-pack-config`: `{"all": "mandatory", "<policy>": "advisory" |
{"enforcementLevel": ..., "<param>": ...}}`, over each policy's schema defaults.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_PACK = Path(__file__).resolve().parent.parent / "policy-pack"
if str(_PACK) not in sys.path:
    sys.path.insert(0, str(_PACK))

from pulumi_policy import (  # noqa: E402
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
)
from pulumi_policy.policy import _NotApplicableError  # noqa: E402
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy  # noqa: E402

from orgiam_policies import ALL_POLICIES  # noqa: E402

SKIPPED_TYPES = ("pulumi:pulumi:Stack",)


@dataclass(frozen=True, order=True)
class Finding:
    policy: str
    enforcement: str
    urn: str
    message: str
    kind: str = "violation"  # or "unknown"
    severity: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _options(resource: dict) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=bool(resource.get("protect")),
        ignore_changes=list(resource.get("ignoreChanges") or []),
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=resource.get("parent") or None,
    )


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _providers(export: dict) -> dict[str, PolicyProviderResource]:
    """Provider resources by the reference other resources carry (`URN::id`), as the engine
    hands each resource its provider (a resource's Region is its provider's)."""
    return {
        f"{r['urn']}::{r.get('id') or ''}": PolicyProviderResource(
            r["type"],
            unknown_checking_proxy({**(r.get("outputs") or {}), **(r.get("inputs") or {})}),
            r["urn"],
            _name(r["urn"]),
        )
        for r in export["deployment"]["resources"]
        if r["type"].startswith("pulumi:providers:")
    }


def build_resources(export: dict) -> list[PolicyResource]:
    providers = _providers(export)
    raw = [
        r
        for r in export["deployment"]["resources"]
        if r["type"] not in SKIPPED_TYPES and not r["type"].startswith("pulumi:providers:")
    ]
    by_urn: dict[str, PolicyResource] = {}
    for resource in raw:
        props = {**(resource.get("outputs") or {}), **(resource.get("inputs") or {})}
        by_urn[resource["urn"]] = PolicyResource(
            resource_type=resource["type"],
            props=unknown_checking_proxy(props),
            urn=resource["urn"],
            name=_name(resource["urn"]),
            opts=_options(resource),
            provider=providers.get(resource.get("provider") or ""),
            parent=None,
            dependencies=[],
            property_dependencies={},
        )
    for resource in raw:
        policy_resource = by_urn[resource["urn"]]
        policy_resource.parent = by_urn.get(resource.get("parent") or "")
        policy_resource.dependencies = [
            by_urn[u] for u in resource.get("dependencies") or [] if u in by_urn
        ]
        policy_resource.property_dependencies = {
            key: [by_urn[u] for u in urns if u in by_urn]
            for key, urns in (resource.get("propertyDependencies") or {}).items()
        }
    return list(by_urn.values())


class PolicyConfigError(ValueError):
    pass


def _level(value: Any, where: str) -> EnforcementLevel:
    try:
        return EnforcementLevel(value)
    except ValueError:
        allowed = ", ".join(level.value for level in EnforcementLevel)
        raise PolicyConfigError(
            f"{where}: '{value}' is not an enforcement level ({allowed})"
        ) from None


def validate_config(config: Any) -> None:
    """Refuse a policy-pack config that names unknown policies, levels or parameters, before
    running: a misspelt key would otherwise leave its default silently in force."""
    if not isinstance(config, dict):
        raise PolicyConfigError("the policy config must be a JSON object")
    by_name = {policy.name: policy for policy in ALL_POLICIES}
    for key, entry in config.items():
        if key != "all" and key not in by_name:
            raise PolicyConfigError(f"'{key}' is not a policy of this pack")
        if isinstance(entry, str):
            _level(entry, key)
        elif isinstance(entry, dict):
            if "enforcementLevel" in entry:
                _level(entry["enforcementLevel"], key)
            if key != "all":
                _check_parameters(by_name[key], entry)
            elif set(entry) - {"enforcementLevel"}:
                extra = sorted(set(entry) - {"enforcementLevel"})[0]
                raise PolicyConfigError(f"all: '{extra}' is not allowed (only enforcementLevel)")
        else:
            raise PolicyConfigError(f"{key}: expected an enforcement level or an object")


def _check_parameters(policy, entry: dict) -> None:
    """Every key is a parameter of the policy's schema (additionalProperties false) and every
    value fits its type and bounds, as the Pulumi CLI checks values against the schema."""
    properties = policy.config_schema.properties if policy.config_schema else {}
    for parameter, value in entry.items():
        if parameter == "enforcementLevel":
            continue
        if parameter not in properties:
            known = ", ".join(sorted(properties)) or "none"
            raise PolicyConfigError(
                f"{policy.name}: '{parameter}' is not a parameter of this policy "
                f"(its parameters: {known})"
            )
        problem = _value_problem(properties[parameter], value)
        if problem:
            raise PolicyConfigError(f"{policy.name}.{parameter}: {problem}")


_JSON_TYPES = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
}


def _value_problem(spec: dict, value: Any) -> str | None:
    kind = spec.get("type")
    if kind in _JSON_TYPES and not _JSON_TYPES[kind](value):
        return f"{value!r} is not of type {kind}"
    if kind in ("integer", "number"):
        if "maximum" in spec and value > spec["maximum"]:
            return f"{value} is more than the maximum {spec['maximum']}"
        if "minimum" in spec and value < spec["minimum"]:
            return f"{value} is less than the minimum {spec['minimum']}"
    return None


def merge_config(base: dict, override: dict) -> dict:
    """`override` over `base`, per policy: an object's parameters merge, a level replaces."""
    merged = dict(base)
    for key, entry in override.items():
        if isinstance(entry, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **entry}
        else:
            merged[key] = entry
    return merged


def _enforcement(policy, config: dict) -> EnforcementLevel:
    level = policy.enforcement_level or EnforcementLevel.ADVISORY
    for key in ("all", policy.name):
        entry = config.get(key)
        if isinstance(entry, str):
            level = _level(entry, key)
        elif isinstance(entry, dict) and "enforcementLevel" in entry:
            level = _level(entry["enforcementLevel"], key)
    return level


def _policy_config(policy, config: dict) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if policy.config_schema is not None:
        for key, spec in policy.config_schema.properties.items():
            if "default" in spec:
                values[key] = spec["default"]
    entry = config.get(policy.name)
    if isinstance(entry, dict):
        values.update({k: v for k, v in entry.items() if k != "enforcementLevel"})
    return values


def run_policies(export: dict, config: dict | None = None, policies=None) -> list[Finding]:
    config = config or {}
    resources = build_resources(export)
    by_type: dict[str, list[PolicyResource]] = {}
    for resource in resources:
        by_type.setdefault(resource.resource_type, []).append(resource)
    findings: list[Finding] = []
    for policy in policies if policies is not None else ALL_POLICIES:
        level = _enforcement(policy, config)
        if level == EnforcementLevel.DISABLED:
            continue
        values = _policy_config(policy, config)
        severity = policy.severity.value if policy.severity else ""

        def record(
            message, urn=None, *, kind="violation", _policy=policy, _level=level, _sev=severity
        ):
            findings.append(Finding(_policy.name, _level.value, urn or "", message, kind, _sev))

        if isinstance(policy, ResourceValidationPolicy):
            for resource in _judged_by(policy, resources, by_type):
                args = ResourceValidationArgs(
                    resource.resource_type, resource.props, resource.urn, resource.name,
                    resource.opts, None, values,
                )  # fmt: skip
                _call(
                    policy,
                    args,
                    lambda m, u=None, r=resource: record(m, r.urn),
                    record,
                    resource.urn,
                )
        else:
            args = StackValidationArgs(resources, values)
            _call(policy, args, lambda m, u=None: record(m, u), record, "")
    return sorted(findings)


def _judged_by(policy, resources, by_type) -> list[PolicyResource]:
    """The resources a resource policy looks at: those of its declared types, if it declares
    them (orgiam_policies._support.resource_policy); otherwise all, as the engine does."""
    types = getattr(policy, "resource_types", None)
    if types is None:
        return resources
    return [resource for type_ in sorted(types) for resource in by_type.get(type_, [])]


def _call(policy, args, report, record, urn: str) -> None:
    validations = policy.validate if isinstance(policy.validate, list) else [policy.validate]
    for validate in validations:
        try:
            validate(args, report)
        except _NotApplicableError:
            return
        except UnknownValueError as error:
            record(f"Cannot decide: {error}", urn, kind="unknown")


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "violation" and f.enforcement == "mandatory"]
