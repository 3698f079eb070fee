"""The blueprint's service_control_policies from the live SCPs: library references where a
statement has a library statement's effect, custom statements otherwise, org-iam's own composed
SCPs split back into the blueprint SCPs they list, and each SCP attached where it is live."""

from __future__ import annotations

from pydantic import ValidationError

from blueprint.bucket_names import LOG_BUCKET_PURPOSES
from blueprint.model import Blueprint, PolicyStatement
from blueprint.policy_json import DOCUMENT_OVERHEAD, minify
from blueprint.quotas import SCP_SIZE_LIMIT
from guardrails.compose import POLICY_NAME_PREFIX
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY
from orgctl.adoption import keys
from orgctl.adoption.composed import decompose
from orgctl.adoption.notes import BREAKS_RULE, CANNOT_EXPRESS
from orgctl.live.snapshot import LiveSnapshot
from orgctl.live.statements import DocumentError, document_statements, statement_key


class ScpSection:
    """The SCP part of the draft builder (needs `live`, `draft` and `management_id`)."""

    def scps(self, context: GuardrailContext, units: dict, accounts: dict) -> dict:
        library = {statement_key(entry.render(context)): sid for sid, entry in LIBRARY.items()}
        ou_nodes = _nodes_by_id(self.live, units)
        taken_keys: set[str] = set()
        taken_sids: dict[str, str] = {}  # custom Sid -> statement key, across SCPs
        scps: dict[str, dict] = {}
        customer = [scp for scp in self.live.scps if not scp.aws_managed]
        ours = decompose(customer)
        if ours is not None:
            for name, statements in ours.statements.items():
                problem, entry = self._entry(
                    name, "Imported from org-iam's guardrails", statements, library, taken_sids
                )
                if not problem:
                    taken_keys.add(name)
                    scps[name] = entry
            self.draft.scp_keys.update(ours.logical_names)
        for scp in customer:
            targets = self._targets(scp, ou_nodes)
            if ours is not None and scp.id in ours.logical_names:
                attached = ours.sources.get(scp.id, ())
                self._attach(targets, [n for n in attached if n in scps], ou_nodes, accounts)
                continue
            if not targets:
                continue
            problem, entry = self._scp(scp, library, taken_sids)
            if problem:
                self.draft.note(
                    CANNOT_EXPRESS, ("service_control_policies",), f"SCP '{scp.name}' {problem}"
                )
                continue
            key = keys.policy_key(scp.name.removeprefix(POLICY_NAME_PREFIX), taken_keys)
            self.draft.scp_keys[scp.id] = key
            scps[key] = entry
            self._attach(targets, [key], ou_nodes, accounts)
        for node in [*ou_nodes.values(), *accounts.values()]:
            if "scps" in node:
                node["scps"] = sorted(set(node["scps"]))
        for node in ou_nodes.values():  # the order people read an OU in
            order = ("environment", "pci_scope", "accounts", "scps", "tags", "children")
            ordered = {k: node.pop(k) for k in order if k in node}
            node.update(ordered)
        return dict(sorted(scps.items()))

    def _targets(self, scp, ou_nodes: dict) -> list[str]:
        targets = []
        for target in scp.target_ids:
            if target == self.live.organization.root_id:
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("service_control_policies",),
                    f"SCP '{scp.name}' is attached to the root; the blueprint attaches SCPs "
                    "to OUs and accounts. Attach it to the top-level OUs instead",
                )
            elif target == self.management_id:
                continue  # SCPs never restrict the management account
            elif target in ou_nodes or target in self.draft.account_keys:
                targets.append(target)
        return targets

    def _attach(self, targets: list[str], names: list[str], ou_nodes: dict, accounts: dict):
        if not names:
            return
        for target in targets:
            node = ou_nodes.get(target)
            if node is None:
                node = accounts[self.draft.account_keys[target]]
            node.setdefault("scps", []).extend(names)

    def _scp(self, scp, library: dict, taken_sids: dict) -> tuple[str, dict]:
        try:
            statements = document_statements(scp.content)
        except DocumentError as error:
            return f"is not a policy document ({error})", {}
        description = scp.description or f"Imported SCP {scp.name}"
        problem, entry = self._entry(scp.name, description, statements, library, taken_sids)
        if problem:
            return problem, {}
        if len(scp.content) > SCP_SIZE_LIMIT:
            self.draft.note(
                BREAKS_RULE,
                ("service_control_policies",),
                f"SCP '{scp.name}' is {len(scp.content)} characters as stored, over the "
                f"blueprint's {SCP_SIZE_LIMIT}; org-iam stores it minified"
                + (" and splits it if it still does not fit" if len(statements) > 1 else ""),
            )
        return "", entry

    def _entry(
        self, name: str, description: str, statements: list[dict], library: dict, taken_sids
    ) -> tuple[str, dict]:
        """The blueprint SCP for these statements: library references where the effect is a
        library statement's, custom statements with a valid, unambiguous Sid otherwise."""
        entry: dict = {"description": description[:512]}
        sids: set[str] = set(LIBRARY)
        for index, statement in enumerate(statements, 1):
            key = statement_key(statement)
            size = len(minify(statement)) + DOCUMENT_OVERHEAD
            if size > SCP_SIZE_LIMIT:
                return (
                    f"has a statement of {size} characters minified, over the blueprint's "
                    f"{SCP_SIZE_LIMIT}-character limit (AWS's quota); split it "
                    "into statements that fit, then import again",
                    {},
                )
            if key in library:
                entry.setdefault("statements", []).append(library[key])
                continue
            wanted = statement.get("Sid")
            if wanted in taken_sids and taken_sids[wanted] != key:
                wanted = None  # the same Sid means something else in another SCP
            sid = keys.statement_sid(wanted, f"{name} {index}", sids)
            taken_sids.setdefault(sid, key)
            body = {"Sid": sid, **{k: v for k, v in statement.items() if k != "Sid"}}
            try:
                PolicyStatement.model_validate(body)
            except ValidationError as error:
                first = error.errors()[0]
                return f"statement {index} cannot be a blueprint statement ({first['msg']})", {}
            entry.setdefault("custom_statements", []).append(body)
        if not statements:
            return "has no statements", {}
        return "", entry


def guardrail_context(document: dict) -> GuardrailContext:
    """What the library statements are rendered with for this blueprint, as the program will."""
    try:
        return GuardrailContext.from_blueprint(Blueprint.model_validate(document))
    except ValidationError:
        organization = document["organization"]
        return GuardrailContext(
            partition="aws",
            allowed_regions=tuple(organization["allowed_regions"]),
            access_role=organization["access_role"],
            deployment_roles=(),
            break_glass_role="BreakGlassAdmin",
            boundary_policies=tuple(
                sorted(
                    f"{b['path'].lstrip('/')}{name}"
                    for name, b in document["permission_boundaries"].items()
                )
            ),
            log_bucket_prefixes=tuple(
                f"{organization['name'].lower()}-{purpose}-" for purpose in LOG_BUCKET_PURPOSES
            ),
        )


def _nodes_by_id(live: LiveSnapshot, units: dict) -> dict[str, dict]:
    nodes = {}
    for ou in live.ous:
        node = {"children": units}
        for name in ou.path.split("/"):
            node = node["children"][name]
        nodes[ou.id] = node
    return nodes
