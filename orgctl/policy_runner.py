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


def build_resources(export: dict) -> list[PolicyResource]:
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
            provider=None,
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
    """Refuse a policy-pack config that names unknown policies or levels, before running."""
    if not isinstance(config, dict):
        raise PolicyConfigError("the policy config must be a JSON object")
    names = {policy.name for policy in ALL_POLICIES}
    for key, entry in config.items():
        if key != "all" and key not in names:
            raise PolicyConfigError(f"'{key}' is not a policy of this pack")
        if isinstance(entry, str):
            _level(entry, key)
        elif isinstance(entry, dict):
            if "enforcementLevel" in entry:
                _level(entry["enforcementLevel"], key)
            _known_keys(key, entry)
        else:
            raise PolicyConfigError(f"{key}: expected an enforcement level or an object")


def _known_keys(name: str, entry: dict) -> None:
    """An unknown parameter is a typo that would silently keep the default: refuse it."""
    if name == "all":
        raise PolicyConfigError("all: expected an enforcement level, not an object")
    (policy,) = [p for p in ALL_POLICIES if p.name == name]
    known = set(policy.config_schema.properties) if policy.config_schema else set()
    for key in sorted(set(entry) - known - {"enforcementLevel"}):
        hint = f"; it takes {', '.join(sorted(known))}" if known else "; it takes none"
        raise PolicyConfigError(f"{name}: unknown parameter '{key}'{hint}")


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
