"""Run the real Pulumi program under Pulumi's mock runtime and record every resource it
registers, with the options a preview would show (protect, parent, provider, import id,
ignored changes, dependencies).

Data-source calls get clearly fake, deterministic answers; resource ids are derived from type
and name (or are the import id), so two runs of the same blueprint record the same thing.
"""

from __future__ import annotations

import asyncio
import hashlib
import runpy
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import mocks
from pulumi.runtime.settings import ROOT, SETTINGS, _get_rpc_manager
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from orgctl.heap import paused_garbage_collector
from orgctl.source_positions import fast_stack_traces

PROJECT = "org-iam"


def _digits(text: str, count: int) -> str:
    number = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    return str(number)[-count:].rjust(count, "0")


def _hex(text: str, count: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:count]


def fake_id(type_: str, name: str) -> str:
    """Deterministic ids shaped like the real ones, so ARNs built from them look right."""
    seed = f"{type_}::{name}"
    if type_ == "aws:organizations/account:Account":
        return "9" + _digits(seed, 11)  # 9xxxxxxxxxxx: never a real id of ours
    if type_ == "aws:organizations/organization:Organization":
        return f"o-mock{_hex(seed, 6)}"
    if type_ == "aws:organizations/organizationalUnit:OrganizationalUnit":
        return f"ou-mock-{_hex(seed, 8)}"
    if type_ == "aws:organizations/policy:Policy":
        return f"p-mock{_hex(seed, 6)}"
    return f"mock-{_hex(seed, 12)}"


def fake_arn(type_: str, resource_id: str) -> str:
    """A well-formed ARN in the aws partition and an all-zero account, so documents that embed
    it still pass the IAM validators."""
    package, _, rest = type_.partition(":")
    service = rest.split("/", 1)[0] if package == "aws" else "mock"
    kind = type_.rsplit(":", 1)[-1].lower()
    return f"arn:aws:{service}:us-east-1:000000000000:{kind}/{resource_id}"


class OfflineMocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        resource_id = args.resource_id or fake_id(args.typ, args.name)
        state = dict(args.inputs)
        if args.typ == "aws:organizations/organization:Organization":
            root = f"r-{_hex(args.name, 4)}"
            state["roots"] = [{"id": root, "arn": f"arn:aws:organizations::mock:root/{root}"}]
            state["masterAccountId"] = "000000000000"
        state.setdefault("arn", fake_arn(args.typ, resource_id))
        return [resource_id, state]

    def call(self, args: pulumi.runtime.MockCallArgs):
        if args.token == "aws:ssoadmin/getInstances:getInstances":
            return {
                "id": "mock",
                "arns": ["arn:aws:sso:::instance/ssoins-mock0000000000"],
                "identityStoreIds": ["d-mock000000"],
            }
        if args.token == "aws:identitystore/getGroup:getGroup":
            unique = args.args["alternateIdentifier"]["uniqueAttribute"]
            group_id = f"mock-group-{_hex(unique['attributeValue'], 12)}"
            return {"id": group_id, "groupId": group_id, "displayName": unique["attributeValue"]}
        return {}


@dataclass
class Registration:
    urn: str
    type: str
    name: str
    custom: bool
    id: str
    parent: str
    provider: str
    protect: bool
    retain_on_delete: bool
    import_id: str
    ignore_changes: list[str]
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    # Former identities the program gave (ResourceOptions.aliases), as the SDK sent them: a
    # full URN, or a spec whose empty fields mean "as now".
    aliases: list[AliasRecord] = field(default_factory=list)


@dataclass(frozen=True)
class AliasRecord:
    urn: str = ""
    name: str = ""
    type: str = ""
    stack: str = ""
    project: str = ""
    parent: str = ""  # the parent's URN as the mock monitor wrote it
    no_parent: bool = False

    @classmethod
    def of(cls, alias) -> AliasRecord:
        if alias.WhichOneof("alias") == "urn":
            return cls(urn=alias.urn)
        spec = alias.spec
        return cls(
            name=spec.name,
            type=spec.type,
            stack=spec.stack,
            project=spec.project,
            parent=spec.parentUrn,
            no_parent=spec.noParent,
        )


@dataclass
class Invocation:
    """A data-source lookup (invoke) and the answer the mocks gave, so a later stage (the
    rehearsal) can replace the answer with the real lookup."""

    token: str
    args: dict[str, Any]
    result: dict[str, Any]
    provider: str


class RecordingMonitor(mocks.MockMonitor):
    def __init__(self, mock: pulumi.runtime.Mocks):
        super().__init__(mock)
        self.registrations: list[Registration] = []
        self.stack_outputs: dict[str, Any] = {}  # what `pulumi.export` gave, resolved
        self.invocations: list[Invocation] = []
        # MockMonitor deserializes each request's inputs for new_resource; keep that copy
        # instead of deserializing the request a second time (a measurable share of a plan).
        # Requests arrive on several executor threads at once, hence one slot per thread.
        self._current = threading.local()
        create = mock.new_resource

        def capture(args):
            # A renamed resource keeps the id it had: derive it from its original name.
            original = getattr(self._current, "original_name", "")
            if original:
                args.name = original
            self._current.inputs = args.inputs
            created = create(args)
            self._current.outputs = created[1]
            return created

        mock.new_resource = capture
        answer = mock.call

        def record_call(args):
            result = answer(args)
            answered = result if isinstance(result, dict) else result[0]
            self.invocations.append(Invocation(args.token, args.args, answered, args.provider))
            return result

        mock.call = record_call

    def RegisterResource(self, request):
        self._current.inputs = {}
        self._current.outputs = {}
        aliases = [AliasRecord.of(alias) for alias in request.aliases]
        aliases += [AliasRecord(urn=urn) for urn in request.aliasURNs]
        # The transformation lists former names newest first, the original last.
        renamed = [a.name for a in aliases if a.name and a.name != request.name]
        self._current.original_name = renamed[-1] if renamed else ""
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        self.registrations.append(
            Registration(
                urn=response.urn,
                type=request.type,
                name=request.name,
                custom=bool(request.custom),
                id=response.id,
                parent=request.parent,
                provider=request.provider,
                protect=bool(request.protect),
                retain_on_delete=bool(request.retainOnDelete),
                import_id=request.importId,
                ignore_changes=list(request.ignoreChanges),
                dependencies=list(request.dependencies),
                property_dependencies={
                    key: list(value.urns) for key, value in request.propertyDependencies.items()
                },
                inputs=self._current.inputs,
                outputs=self._current.outputs,
                aliases=aliases,
            )
        )
        return response

    def by_type(self, type_: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_]

    def named(self, type_: str, name: str) -> Registration:
        (found,) = [r for r in self.by_type(type_) if r.name == name]
        return found


def run_program(
    project_dir: Path,
    stack: str,
    config: dict[str, str],
    mock: pulumi.runtime.Mocks | None = None,
    program: Path | None = None,
    preview: bool = False,
) -> RecordingMonitor:
    """Run `project_dir/__main__.py` (or `program`) for `stack` with `config`; return what it
    registered.

    With `preview`, the program runs as during `pulumi preview`: outputs the mock leaves out
    are unknown to it.

    Raises whatever the program raises (pulumi.RunError for an invalid blueprint).
    """
    with paused_garbage_collector(), fast_stack_traces():
        monitor = RecordingMonitor(mock or OfflineMocks())
        # A fresh root stack per run, as in a real process: the program registers a stack
        # transformation on it (renamed keys), which must not reach the next run.
        ROOT.set(None)
        pulumi.runtime.set_mocks(
            monitor.mocks, project=PROJECT, stack=stack, preview=preview, monitor=monitor
        )
        settings = pulumi.runtime.settings.SETTINGS
        settings.rpc_manager.clear()
        settings.outputs.clear()
        pulumi.runtime.set_all_config(config)
        path = str(program or project_dir / "__main__.py")

        async def program_then_settle() -> None:
            runpy.run_path(path, run_name="__main__")
            await settle_outputs()
            monitor.stack_outputs = await resolved_stack_outputs()

        _sync_await(run_pulumi_func(program_then_settle))
    return monitor


async def resolved_stack_outputs() -> dict[str, Any]:
    """The program's `pulumi.export` values. The mock runtime registered the root stack's
    outputs before the program ran, so they are read from the stack resource itself."""
    root = pulumi.runtime.get_root_resource()
    outputs = getattr(root, "outputs", None) or {}
    return {
        name: await pulumi.Output.from_input(value).future()
        for name, value in sorted(outputs.items())
    }


async def settle_outputs() -> None:
    """Wait until every RPC and every tracked Output of the program has finished.

    The SDK's own drain loop (`wait_for_rpcs`) waits for the *first* of the pending outputs and
    then re-queues the rest, so each round costs time in proportion to everything still pending:
    quadratic in the outputs of a plan (a 200-account plan tracks ~46,000). Gathering them all
    per round is linear; the SDK's loop then finds nothing left. A failed RPC or Output raises
    here, as it would there.
    """
    rpc_manager = _get_rpc_manager()
    while True:
        while rpc_manager.rpcs:
            await rpc_manager.rpcs.pop()
        if rpc_manager.unhandled_exception is not None:
            raise rpc_manager.unhandled_exception.with_traceback(rpc_manager.exception_traceback)
        with SETTINGS.lock:
            pending = list(SETTINGS.outputs)
            SETTINGS.outputs.clear()
        if pending:
            try:
                await asyncio.gather(*pending)
            except BaseException:
                # Hand the unfinished ones back, so the SDK's loop still drains them.
                with SETTINGS.lock:
                    SETTINGS.outputs.update(task for task in pending if not task.done())
                raise
        elif not rpc_manager.rpcs:
            return
