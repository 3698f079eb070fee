"""The blueprint's permission_sets, permission_boundaries, groups, assignments and break_glass
from Identity Center and the management account's IAM users; assignments condensed to the
top-most OUs whose every account has them."""

from __future__ import annotations

import json

from pydantic import ValidationError

from blueprint.model import PermissionSet, PolicyDocument
from blueprint.privilege import is_admin_like
from orgctl.adoption import keys
from orgctl.adoption.notes import BREAKS_RULE, CANNOT_EXPRESS, REVIEW

MANAGED_PREFIX = ":iam::aws:policy/"
BREAK_GLASS_HINTS = ("break-glass", "breakglass", "break_glass")


class IdentitySection:
    """The identity part of the draft builder (needs `live` and `draft`)."""

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
