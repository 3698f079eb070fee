"""Pulumi mocks that answer with the live organization: after `pulumi import`, the state holds
each adopted object's id and outputs, and the data sources return the live Identity Center
instance and groups. Running the real program against these shows the inputs the first
`pulumi preview` will compare with the imported state."""

from __future__ import annotations

import pulumi

from orgctl.adoption.live_ids import LiveObject
from orgctl.live.snapshot import LiveSnapshot
from orgctl.mock_runtime import OfflineMocks


class LiveMocks(pulumi.runtime.Mocks):
    def __init__(self, snapshot: LiveSnapshot, objects: dict[tuple[str, str], LiveObject]):
        self.snapshot = snapshot
        self.objects = objects
        self.offline = OfflineMocks()
        self.groups = {g.display_name: g.id for g in snapshot.groups}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        found = self.objects.get((args.typ, args.name))
        if found is None:
            return self.offline.new_resource(args)
        resource_id = _state_id(args.typ, found.import_id)
        return [resource_id, {**dict(args.inputs), **found.outputs}]

    def call(self, args: pulumi.runtime.MockCallArgs):
        center = self.snapshot.identity_center
        if args.token == "aws:ssoadmin/getInstances:getInstances" and center is not None:
            return {
                "id": center.region,
                "arns": [center.arn],
                "identityStoreIds": [center.identity_store_id],
            }
        if args.token == "aws:identitystore/getGroup:getGroup":
            name = args.args["alternateIdentifier"]["uniqueAttribute"]["attributeValue"]
            if name in self.groups:
                group_id = self.groups[name]
                return {"id": group_id, "groupId": group_id, "displayName": name}
        return self.offline.call(args)


def _state_id(type_: str, import_id: str) -> str:
    """The id the provider keeps in state (a few types keep another form than the import id)."""
    if type_.endswith("policyAttachment:PolicyAttachment"):
        target, _, policy = import_id.partition(":")
        return f"{target}:{policy}"
    return import_id
