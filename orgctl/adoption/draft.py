"""A live snapshot as blueprint data, with a note at each place the blueprint cannot say what
the organization does (left out) or where the organization breaks one of the blueprint's rules
(kept, adjusted), and each choice the import had to make for the adopter to review.

Pure: a snapshot in, plain data out; writing YAML and validating are the command's business.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import get_args

from pydantic import ValidationError

from blueprint.model import Blueprint, Environment, PermissionSet, PolicyDocument, PolicyStatement
from blueprint.privilege import is_admin_like
from guardrails.compose import POLICY_NAME_PREFIX, minify
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY
from org.delegated_services import ORGANIZATIONS_DELEGATED, SERVICE_DESIGNATED
from org.trusted_access import ALWAYS, BY_SWITCH
from orgctl.adoption import keys
from orgctl.adoption.composed import decompose
from orgctl.adoption.settings import RecordedSettings, recorded_settings
from orgctl.live.snapshot import LiveSnapshot
from orgctl.live.statements import DocumentError, document_statements, statement_key

CANNOT_EXPRESS = "cannot-express"
BREAKS_RULE = "breaks-rule"
REVIEW = "review"
KINDS = {
    CANNOT_EXPRESS: "the blueprint cannot express it: left out",
    BREAKS_RULE: "it breaks a rule of the blueprint or the policy pack: kept, see the comment",
    REVIEW: "a choice import made: review it",
}
SCP_SIZE_LIMIT = 5120  # the blueprint's largest scp_size_limit
DOCUMENT_OVERHEAD = len('{"Version":"2012-10-17","Statement":[]}')  # around each statement
MANAGED_PREFIX = ":iam::aws:policy/"
OWN_TAG_PREFIX = "org-iam:"  # tags org-iam writes itself; never copied into the blueprint
BREAK_GLASS_ROLE = "BreakGlassAdmin"  # the blueprint's default break_glass.role_name
BREAK_GLASS_HINTS = ("break-glass", "breakglass", "break_glass")
ENVIRONMENTS = set(get_args(Environment))
POLICY_TYPES = {
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "CHATBOT_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "RESOURCE_CONTROL_POLICY",
    "TAG_POLICY",
}


@dataclass(frozen=True, order=True)
class Note:
    kind: str
    where: tuple[str, ...]  # the blueprint path the comment stands above
    message: str


@dataclass
class Draft:
    document: dict
    notes: list[Note] = field(default_factory=list)
    account_keys: dict[str, str] = field(default_factory=dict)  # account id -> key
    scp_keys: dict[str, str] = field(default_factory=dict)  # live SCP id -> blueprint key
    group_keys: dict[str, str] = field(default_factory=dict)  # group id -> key

    def note(self, kind: str, where: tuple[str, ...], message: str) -> None:
        self.notes.append(Note(kind, where, message))


def _user_tags(tags) -> dict[str, str]:
    return {k: v for k, v in tags if not k.startswith(OWN_TAG_PREFIX)}


def build_draft(snapshot: LiveSnapshot) -> Draft:
    return _Builder(snapshot).build()


class _Builder:
    def __init__(self, snapshot: LiveSnapshot):
        self.live = snapshot
        self.draft = Draft(document={})
        self.management_id = snapshot.organization.management_account_id
        self.region = snapshot.identity_center.region if snapshot.identity_center else "us-east-1"

    def build(self) -> Draft:
        accounts = self.accounts()
        units = self.units()
        organization = self.organization(accounts, recorded_settings(self.live.scps))
        boundaries, permission_sets = self.permission_sets(organization)
        context = _context(
            {
                "version": 1,
                "organization": organization,
                "organizational_units": units,
                "accounts": accounts,
                "permission_boundaries": boundaries,
                "break_glass": {"users": ["breakglass-1"]},
                "alerting": {"topics": {"security-critical": {}}},
            }
        )
        scps = self.scps(context, units, accounts)
        groups, assignments = self.assignments(units)
        self.draft.document = {
            "version": 1,
            "organization": organization,
            "organizational_units": units,
            "accounts": accounts,
            "service_control_policies": scps,
            "permission_boundaries": boundaries,
            "permission_sets": permission_sets,
            "groups": groups,
            "assignments": assignments,
            "break_glass": self.break_glass(),
            "alerting": {"topics": {"security-critical": {"subscribers": []}}},
            "monitoring": self.monitoring(organization),
        }
        self.draft.note(
            REVIEW,
            ("alerting",),
            "alerting: add the subscribers of 'security-critical' (nobody is subscribed yet)",
        )
        self.draft.notes.sort()
        return self.draft

    # --- organization, OUs and accounts -------------------------------------------------

    def accounts(self) -> dict:
        taken: set[str] = set()
        accounts: dict[str, dict] = {}
        root = self.live.organization.root_id
        for account in sorted(
            self.live.accounts, key=lambda a: (a.id != self.management_id, a.name)
        ):
            if account.parent_id == root and account.id != self.management_id:
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("accounts",),
                    f"account '{account.name}' ({account.id}) is at the root; the blueprint "
                    "places every member account in an OU. Add it under an OU's accounts "
                    "(org-iam will move it there) or move it by hand first",
                )
                continue
            recorded = dict(account.tags).get("org-iam:account-key", "")
            key = keys.account_key(recorded or account.name, account.id, taken)
            self.draft.account_keys[account.id] = key
            entry: dict = {"email": account.email, "id": account.id}
            if account.name != key:
                entry["name"] = account.name
            own = dict(account.tags)
            if own.get("org-iam:owner"):
                entry["owner"] = own["org-iam:owner"]
            if _is_date(own.get("org-iam:expires", "")):
                entry["expires"] = own["org-iam:expires"]
            tags = _user_tags(account.tags)
            if tags and account.id != self.management_id:
                entry["tags"] = tags
            accounts[key] = entry
        return dict(sorted(accounts.items()))

    def units(self) -> dict:
        units: dict[str, dict] = {}
        by_path: dict[str, dict] = {}
        for ou in self.live.ous:  # sorted by path: parents first
            node: dict = {}
            own = dict(ou.tags)  # what an earlier org-iam deployment recorded
            if own.get("org-iam:environment") in ENVIRONMENTS:
                node["environment"] = own["org-iam:environment"]
            if own.get("org-iam:pci-scope") == "true":
                node["pci_scope"] = True
            tags = _user_tags(ou.tags)
            if tags:
                node["tags"] = tags
            placed = sorted(
                self.draft.account_keys[a.id]
                for a in self.live.accounts
                if a.parent_id == ou.id and a.id in self.draft.account_keys
            )
            if placed:
                node["accounts"] = placed
            by_path[ou.path] = node
            parent, _, name = ou.path.rpartition("/")
            siblings = by_path[parent].setdefault("children", {}) if parent else units
            siblings[name] = node
        return units

    def organization(self, accounts: dict, recorded: RecordedSettings) -> dict:
        live = self.live.organization
        management = self.draft.account_keys[self.management_id]
        members = [k for k in accounts if k != management]
        delegated = Counter(
            self.draft.account_keys.get(d.account_id)
            for d in self.live.delegated_admins
            if d.account_id in self.draft.account_keys
        )
        security = _pick(members, delegated, ("security", "audit"), exclude=set())
        log_archive = _pick(members, Counter(), ("log",), exclude={security})
        self.draft.note(
            REVIEW,
            ("organization", "security_account"),
            f"security_account: '{security}' chosen "
            + ("as the holder of delegated administration" if delegated else "by its name"),
        )
        self.draft.note(
            REVIEW,
            ("organization", "log_archive_account"),
            f"log_archive_account: '{log_archive}' chosen by its name",
        )
        domains = Counter(a["email"].rpartition("@")[2].lower() for a in accounts.values())
        domain = domains.most_common(1)[0][0] if domains else "example.com"
        for key, account in accounts.items():
            if account["email"].rpartition("@")[2].lower() != domain:
                self.draft.note(
                    BREAKS_RULE,
                    ("accounts", key),
                    f"account '{key}': email '{account['email']}' is outside the domain "
                    f"'{domain}' the other accounts share",
                )
        ours = set(ALWAYS) | {p for group in BY_SWITCH.values() for p in group}
        access_role = "OrganizationAccountAccessRole"
        regions = sorted({self.region, *recorded.allowed_regions})
        deployers = sorted(set(recorded.exempt_roles) - {access_role, BREAK_GLASS_ROLE})
        organization = {
            "name": recorded.organization_name or live.id,
            "id": live.id,
            "management_account": management,
            "log_archive_account": log_archive,
            "security_account": security,
            "home_region": self.region,
            "allowed_regions": regions,
            "account_email_domain": domain,
            "access_role": access_role,
        }
        if deployers:
            organization["deployment_roles"] = deployers
            self.draft.note(
                REVIEW,
                ("organization", "deployment_roles"),
                f"deployment_roles: {', '.join(deployers)}, the roles org-iam's guardrails "
                "exempt in the live organization",
            )
        extra_principals = sorted(set(live.service_access_principals) - ours)
        if extra_principals:
            organization["extra_service_access_principals"] = extra_principals
        extra_types = sorted(set(live.policy_types) & POLICY_TYPES)
        if extra_types:
            organization["extra_policy_types"] = extra_types
        self.draft.note(
            REVIEW,
            ("organization", "allowed_regions"),
            "allowed_regions: the Regions of org-iam's Region guardrail"
            if recorded.allowed_regions
            else "allowed_regions: only the home Region; add every Region the organization "
            "uses before attaching a region guardrail",
        )
        return organization

    # --- guardrails -----------------------------------------------------------------------

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
                    f"{SCP_SIZE_LIMIT}-character limit (AWS now stores up to 10,240); split it "
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

    # --- identity -------------------------------------------------------------------------

    def permission_sets(self, organization: dict) -> tuple[dict, dict]:
        boundaries: dict[str, dict] = {}
        sets: dict[str, dict] = {}
        most_managed = 0
        for ps in self.live.permission_sets:
            where = ("permission_sets", ps.name)
            entry: dict = {"description": (ps.description or ps.name)[:700]}
            if ps.session_duration is None:
                self.draft.note(
                    BREAKS_RULE,
                    where,
                    f"permission set '{ps.name}' names no session length (AWS applies one "
                    "hour); written as PT1H, the blueprint requires one",
                )
            entry["session_duration"] = ps.effective_session
            managed = [_managed_name(arn) for arn in ps.managed_policies]
            if managed:
                entry["managed_policies"] = managed
            most_managed = max(most_managed, len(managed))
            if ps.customer_managed_policies:
                entry["customer_managed_policies"] = [
                    {"name": c.name, "path": c.path} for c in ps.customer_managed_policies
                ]
            if ps.inline_policy:
                inline = _inline(ps.inline_policy)
                if inline is None:
                    self.draft.note(
                        CANNOT_EXPRESS,
                        where,
                        f"permission set '{ps.name}': its inline policy is not a blueprint policy "
                        "document (identity statements without Principal); left out",
                    )
                else:
                    entry["inline_policy"] = inline
            if ps.boundary is not None:
                boundaries.setdefault(
                    ps.boundary.name,
                    {
                        "description": f"Imported: the boundary of permission set {ps.name}",
                        "path": ps.boundary.path,
                    },
                )
                entry["boundary"] = ps.boundary.name
                self.draft.note(
                    REVIEW,
                    ("permission_boundaries",),
                    f"boundary '{ps.boundary.name}': org-iam deploys its own boundary document "
                    "under this name in every account; an existing IAM policy of that name "
                    "must be imported or deleted first",
                )
            elif ps.boundary_managed_arn:
                self.draft.note(
                    CANNOT_EXPRESS,
                    where,
                    f"permission set '{ps.name}' uses the AWS managed policy "
                    f"{ps.boundary_managed_arn} as boundary; blueprint boundaries are org-iam's "
                    "own documents. Left out",
                )
            if ps.boundary is None and _admin_like(entry):
                self.draft.note(
                    BREAKS_RULE,
                    where,
                    f"permission set '{ps.name}' is administrator-level without a permissions "
                    "boundary; the policy pack blocks it until it has one",
                )
            sets[ps.name] = entry
        if most_managed > 10:
            organization["managed_policies_per_role"] = min(most_managed, 20)
            self.draft.note(
                REVIEW,
                ("organization", "managed_policies_per_role"),
                f"managed_policies_per_role: {most_managed} managed policies on one set need "
                "the IAM quota raised in every member account",
            )
        return dict(sorted(boundaries.items())), dict(sorted(sets.items()))

    def assignments(self, units: dict) -> tuple[dict, list]:
        by_pair: dict[tuple[str, str], set[str]] = {}
        groups: dict[str, dict] = {}
        taken: set[str] = set()
        for assignment in self.live.assignments:
            ps = self.live.permission_set(assignment.permission_set_arn)
            account = self.draft.account_keys.get(assignment.account_id)
            name = self.live.principal_name(assignment)
            ps_name = ps.name if ps else assignment.permission_set_arn
            if assignment.principal_type != "GROUP":
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("assignments",),
                    f"'{ps_name}' is assigned to the user '{name}' in "
                    f"{account or assignment.account_id}; the blueprint assigns groups only. "
                    "Put the user in a group and remove the direct assignment",
                )
                continue
            if account is None or ps is None:
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("assignments",),
                    f"group '{name}' gets '{ps_name}' in account {assignment.account_id}, "
                    "which the blueprint does not hold",
                )
                continue
            group_id = assignment.principal_id
            if group_id not in self.draft.group_keys:
                key = keys.group_key(name, taken)
                self.draft.group_keys[group_id] = key
                groups[key] = {"display_name": name}
            by_pair.setdefault((self.draft.group_keys[group_id], ps.name), set()).add(account)
        below = _accounts_below(units)
        assignments = []
        for (group, ps_name), accounts in sorted(by_pair.items()):
            ous, rest = _cover(accounts, below)
            entry: dict = {"group": group, "permission_set": ps_name}
            if ous:
                entry["ous"] = ous
            if rest:
                entry["accounts"] = rest
            assignments.append(entry)
        return dict(sorted(groups.items())), assignments

    def break_glass(self) -> dict:
        users = []
        for user in self.live.management_iam_users:
            text = f"{user.path}{user.name}".lower()
            if any(hint in text for hint in BREAK_GLASS_HINTS):
                users.append(user.name)
            else:
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("break_glass",),
                    f"IAM user '{user.name}' in the management account is not break-glass; "
                    "the blueprint keeps only break-glass users there. Move its work to "
                    "Identity Center and delete it",
                )
        if not users:
            users = ["breakglass-1", "breakglass-2"]
            self.draft.note(
                REVIEW,
                ("break_glass",),
                "break_glass: no break-glass user found; org-iam will create breakglass-1 and "
                "breakglass-2",
            )
        return {"users": users[:4]}

    def monitoring(self, organization: dict) -> dict:
        security_id = next(
            i for i, k in self.draft.account_keys.items() if k == organization["security_account"]
        )
        held = {
            d.service_principal for d in self.live.delegated_admins if d.account_id == security_id
        }
        switches = {**ORGANIZATIONS_DELEGATED, **SERVICE_DESIGNATED}
        monitoring = {}
        for switch, principals in sorted(switches.items()):
            if set(principals) <= held:
                continue
            monitoring[switch] = False
            self.draft.note(
                REVIEW,
                ("monitoring", switch),
                f"monitoring.{switch}: off because the security account is not delegated "
                f"administrator of {' and '.join(principals)}; turn it on to have org-iam "
                "delegate and enable it",
            )
        for admin in self.live.delegated_admins:
            if admin.account_id != security_id:
                holder = self.draft.account_keys.get(admin.account_id, admin.account_id)
                self.draft.note(
                    CANNOT_EXPRESS,
                    ("monitoring",),
                    f"{admin.service_principal} is delegated to '{holder}'; the blueprint "
                    "delegates only to the security account",
                )
        return monitoring


def _context(document: dict) -> GuardrailContext:
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
            log_archive_bucket_prefix=f"{organization['name'].lower()}-log-archive-",
        )


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _admin_like(entry: dict) -> bool:
    try:
        return is_admin_like(PermissionSet.model_validate(entry))
    except ValidationError:
        return False  # validation of the written file names the problem


def _managed_name(arn: str) -> str:
    head, found, name = arn.partition(MANAGED_PREFIX)
    return name if found and head.startswith("arn:aws") else arn


def _inline(text: str) -> dict | None:
    try:
        document = json.loads(text)
        model = PolicyDocument.model_validate(document)
    except (ValueError, ValidationError):
        return None
    return model.model_dump(exclude_none=True)


def _pick(members: list[str], weight: Counter, hints: tuple[str, ...], exclude: set[str]) -> str:
    """The member most named as holder (delegations), else the first whose key has a hint."""
    candidates = [m for m in members if m not in exclude]
    ranked = sorted(candidates, key=lambda m: (-weight[m], m))
    if ranked and weight[ranked[0]]:
        return ranked[0]
    for hint in hints:
        for member in candidates:
            if hint in member:
                return member
    return candidates[0] if candidates else ""


def _nodes_by_id(live: LiveSnapshot, units: dict) -> dict[str, dict]:
    nodes = {}
    for ou in live.ous:
        node = {"children": units}
        for name in ou.path.split("/"):
            node = node["children"][name]
        nodes[ou.id] = node
    return nodes


def _accounts_below(units: dict, prefix: str = "") -> dict[str, set[str]]:
    """OU path -> every account below it, recursively."""
    below: dict[str, set[str]] = {}
    for name, node in units.items():
        path = f"{prefix}{name}"
        children = _accounts_below(node.get("children", {}), f"{path}/")
        below.update(children)
        below[path] = set(node.get("accounts", [])).union(
            *(children[f"{path}/{c}"] for c in node.get("children", {}))
        )
    return below


def _cover(accounts: set[str], below: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """The fewest top-most OUs wholly inside `accounts`, and the accounts they leave."""
    chosen: list[str] = []
    for path in sorted(below, key=lambda p: (p.count("/"), p)):
        inside = below[path]
        if not inside or not inside <= accounts:
            continue
        if any(path.startswith(f"{c}/") for c in chosen):
            continue
        chosen.append(path)
    covered = set().union(*(below[p] for p in chosen)) if chosen else set()
    return sorted(chosen), sorted(accounts - covered)
