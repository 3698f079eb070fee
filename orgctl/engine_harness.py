"""Run the policy pack over a deployment export as the Pulumi engine runs it: through the pack's
own analyzer server, over gRPC, in the two moments that matter.

- *first preview*: `pulumi preview` before anything exists. Every value built from a resource
  still to be created is unknown (orgctl.preview_unknowns); pulumi-policy turns a policy that
  reads one into an advisory "can't run policy ... during preview", which blocks nothing.
- *update*: `pulumi up`. Each resource policy sees the resource's inputs, all known, just
  before the resource is created (a mandatory violation stops it from being created); stack
  policies see the final outputs only after the whole deployment.

The calls the engine makes, here in this order: Handshake (pulumi-policy does not implement
it; the engine carries on without), ConfigureStack, GetAnalyzerInfo, Configure (each policy's
schema defaults merged with the policy-pack config, validated against the schema), Analyze per
resource with its options and provider, AnalyzeStack once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import grpc
import jsonschema
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2

from orgctl.analyzer_server import analyzer_server
from orgctl.policy_runner import PolicyConfigError, validate_config
from orgctl.preview_unknowns import first_preview

FIRST_PREVIEW = "first preview"
UPDATE = "update"
PHASES = (FIRST_PREVIEW, UPDATE)
CANNOT_RUN = "can't run policy"

DECIDED, BLOCKED, ADVISED, COULD_NOT_RUN = "decided", "blocked", "advised", "could not run"


@dataclass(frozen=True, order=True)
class Diagnostic:
    phase: str
    policy: str
    urn: str
    kind: str  # "violation" or "cannot run"
    enforcement: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PolicyOutcome:
    phase: str
    policy: str
    policy_type: str  # "resource" or "stack"
    status: str
    when: str  # when the engine runs it in this phase
    violations: int
    cannot_run: int
    reason: str = ""
    waiting: tuple[str, ...] = ()  # the resources it could not run on (resource policies)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class EngineReport:
    outcomes: list[PolicyOutcome] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def in_phase(self, phase: str) -> list[PolicyOutcome]:
        return [o for o in self.outcomes if o.phase == phase]

    def outcome(self, phase: str, policy: str) -> PolicyOutcome:
        (found,) = [o for o in self.outcomes if o.phase == phase and o.policy == policy]
        return found

    def blocking(self) -> list[Diagnostic]:
        return [
            d for d in self.diagnostics if d.kind == "violation" and d.enforcement == "mandatory"
        ]

    def as_dict(self) -> dict:
        return {
            phase: {
                "policies": [o.as_dict() for o in self.in_phase(phase)],
                "diagnostics": [d.as_dict() for d in self.diagnostics if d.phase == phase],
            }
            for phase in PHASES
        }


def run_engine(
    export: dict,
    policy_config: dict | None = None,
    *,
    stack_config: dict[str, str] | None = None,
    phases: Iterable[str] = PHASES,
) -> EngineReport:
    """Both phases (or the named ones) over `export`, each with its own analyzer server, as
    each `pulumi` command starts its own."""
    project, stack = _project_and_stack(export)
    if stack_config is None:
        stack_config = _stack_config(stack)
    report = EngineReport()
    for phase in phases:
        view = first_preview(export) if phase == FIRST_PREVIEW else export
        with engine_session(phase, policy_config, project, stack, stack_config) as session:
            session.run(view, report)
    report.diagnostics.sort()
    report.outcomes.sort(key=lambda o: (PHASES.index(o.phase), o.policy))
    return report


@contextmanager
def engine_session(
    phase: str,
    policy_config: dict | None = None,
    project: str = "project",
    stack: str = "stack",
    stack_config: dict[str, str] | None = None,
) -> Iterator[EngineSession]:
    """A started, configured analyzer server for one phase; `run` it over one or more exports
    (the Analyze calls keep no state between stacks)."""
    policy_config = policy_config or {}
    validate_config(policy_config)
    with analyzer_server(
        project=project, stack=stack, dry_run=phase == FIRST_PREVIEW, stack_config=stack_config
    ) as analyzer:
        yield EngineSession(analyzer, phase, policy_config, project, stack, stack_config)


class EngineSession:
    def __init__(
        self,
        analyzer,
        phase: str,
        policy_config: dict,
        project: str,
        stack: str,
        stack_config: dict[str, str] | None = None,
    ):
        self.analyzer, self.phase = analyzer, phase
        try:
            analyzer.Handshake(analyzer_pb2.AnalyzerHandshakeRequest(engine_address="127.0.0.1:0"))
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise
        analyzer.ConfigureStack(
            analyzer_pb2.AnalyzerStackConfigureRequest(
                stack=stack,
                project=project,
                organization="organization",
                dry_run=phase == FIRST_PREVIEW,
                config=stack_config or {},
            )
        )
        self.info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
        self.levels = configure(analyzer, self.info, policy_config)

    def run(self, export: dict, report: EngineReport | None = None) -> EngineReport:
        """Analyze every resource, then the stack, as the engine does in this phase."""
        report = report if report is not None else EngineReport()
        resources = export["deployment"]["resources"]
        providers = {
            _reference(r): r for r in resources if r["type"].startswith("pulumi:providers:")
        }
        found: list[Diagnostic] = []
        # Pipelined; each Analyze call is independent of the others, so order does not matter.
        pending = [
            (resource["urn"], self.analyzer.Analyze.future(_analyze_request(resource, providers)))
            for resource in resources
        ]
        for urn, response in pending:
            found += _diagnostics(self.phase, response.result(), urn)
        response = self.analyzer.AnalyzeStack(
            analyzer_pb2.AnalyzeStackRequest(
                resources=[_stack_resource(resource, providers) for resource in resources]
            )
        )
        found += _diagnostics(self.phase, response, "")
        report.diagnostics += sorted(found)
        for policy in self.info.policies:
            if self.levels[policy.name] != analyzer_pb2.DISABLED:
                report.outcomes.append(_outcome(self.phase, policy, found))
        return report


def configure(analyzer, info, policy_config: dict) -> dict[str, int]:
    """Configure as the CLI does: every policy gets its enforcement level and its schema's
    defaults overlaid with the policy-pack config, validated against the schema."""
    levels: dict[str, int] = {}
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for policy in info.policies:
        level, properties = policy.enforcementLevel, {}
        schema = _plain(policy.configSchema.properties) if policy.HasField("configSchema") else {}
        for key, spec in schema.items():
            if "default" in spec:
                properties[key] = spec["default"]
        for key in ("all", policy.name):
            entry = policy_config.get(key)
            if isinstance(entry, str):
                level = _LEVELS[entry]
            elif isinstance(entry, dict):
                if "enforcementLevel" in entry:
                    level = _LEVELS[entry["enforcementLevel"]]
                if key == policy.name:
                    properties.update({k: v for k, v in entry.items() if k != "enforcementLevel"})
        required = list(policy.configSchema.required) if policy.HasField("configSchema") else []
        try:
            jsonschema.validate(
                properties, {"type": "object", "properties": schema, "required": required}
            )
        except jsonschema.ValidationError as error:
            where = ".".join(str(p) for p in error.absolute_path)
            raise PolicyConfigError(f"{policy.name}.{where}: {error.message}") from None
        config = request.policyConfig[policy.name]
        config.enforcementLevel = level
        config.properties.update(properties)
        levels[policy.name] = level
    analyzer.Configure(request)
    return levels


_LEVELS = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}
_LEVEL_NAMES = {value: name for name, value in _LEVELS.items()}


def _outcome(phase: str, policy, found: list[Diagnostic]) -> PolicyOutcome:
    mine = [d for d in found if d.policy == policy.name]
    violations = [d for d in mine if d.kind == "violation"]
    cannot_run = [d for d in mine if d.kind == "cannot run"]
    if any(d.enforcement == "mandatory" for d in violations):
        status = BLOCKED
    elif cannot_run:
        status = COULD_NOT_RUN
    elif violations:
        status = ADVISED
    else:
        status = DECIDED
    is_stack = policy.policy_type == analyzer_pb2.POLICY_TYPE_STACK
    if phase == FIRST_PREVIEW:
        when = "at preview"
    else:
        when = "after deployment" if is_stack else "before creation"
    return PolicyOutcome(
        phase=phase,
        policy=policy.name,
        policy_type="stack" if is_stack else "resource",
        status=status,
        when=when,
        violations=len(violations),
        cannot_run=len(cannot_run),
        reason=cannot_run[0].message.partition("during preview: ")[2] if cannot_run else "",
        waiting=tuple(sorted({_name(d.urn) for d in cannot_run if d.urn})),
    )


def _diagnostics(phase: str, response, urn: str) -> list[Diagnostic]:
    found = []
    for diagnostic in response.diagnostics:
        message = diagnostic.message
        cannot_run = message.startswith(CANNOT_RUN)
        if not cannot_run and message.startswith(diagnostic.description + "\n"):
            message = message[len(diagnostic.description) + 1 :]  # the engine prefixes it
        found.append(
            Diagnostic(
                phase=phase,
                policy=diagnostic.policyName,
                urn=diagnostic.urn or urn,
                kind="cannot run" if cannot_run else "violation",
                enforcement=_LEVEL_NAMES.get(diagnostic.enforcementLevel, "advisory"),
                message=message,
            )
        )
    return found


# --- requests ------------------------------------------------------------------------------


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def _plain(struct: struct_pb2.Struct) -> dict:
    return json_format.MessageToDict(struct)


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _reference(resource: dict) -> str:
    return f"{resource['urn']}::{resource.get('id') or ''}"


def _options(resource: dict) -> analyzer_pb2.AnalyzerResourceOptions:
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=bool(resource.get("protect")),
        ignoreChanges=list(resource.get("ignoreChanges") or []),
        parent=resource.get("parent") or "",
        aliases=[],
    )


def _provider(resource: dict, providers: dict[str, dict]):
    reference = resource.get("provider") or ""
    provider = providers.get(reference)
    if provider is None:
        return None
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider["type"],
        properties=_struct(provider.get("inputs") or {}),
        urn=provider["urn"],
        name=_name(provider["urn"]),
    )


def _analyze_request(resource: dict, providers: dict[str, dict]) -> analyzer_pb2.AnalyzeRequest:
    """Analyze sees the resource's inputs, as the engine sends them before creating it."""
    return analyzer_pb2.AnalyzeRequest(
        type=resource["type"],
        properties=_struct(resource.get("inputs") or {}),
        urn=resource["urn"],
        name=_name(resource["urn"]),
        options=_options(resource),
        provider=_provider(resource, providers),
    )


def _stack_resource(resource: dict, providers: dict[str, dict]) -> analyzer_pb2.AnalyzerResource:
    """AnalyzeStack sees outputs (an offline plan records inputs only: they stand in)."""
    properties = {**(resource.get("inputs") or {}), **(resource.get("outputs") or {})}
    return analyzer_pb2.AnalyzerResource(
        type=resource["type"],
        properties=_struct(properties),
        urn=resource["urn"],
        name=_name(resource["urn"]),
        options=_options(resource),
        provider=_provider(resource, providers),
        parent=resource.get("parent") or "",
        dependencies=list(resource.get("dependencies") or []),
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns))
            for key, urns in (resource.get("propertyDependencies") or {}).items()
        },
    )


def _stack_config(stack: str) -> dict[str, str]:
    """The stack's Pulumi.<stack>.yaml config when this repository has that stack, as the CLI
    hands it to the pack; none for an export of another project's stack."""
    from orgctl.stack_config import StackConfigError, stack_config

    try:
        return stack_config(stack)
    except StackConfigError:
        return {}


def _project_and_stack(export: dict) -> tuple[str, str]:
    """From the stack resource's URN (urn:pulumi:STACK::PROJECT::...), as the engine knows them."""
    for resource in export["deployment"]["resources"]:
        parts = resource["urn"].split("::")
        if resource["urn"].startswith("urn:pulumi:") and len(parts) >= 2:
            return parts[1], parts[0][len("urn:pulumi:") :]
    return "project", "stack"
