"""A live snapshot as blueprint data, with a note at each place the blueprint cannot say what
the organization does (left out) or where the organization breaks one of the blueprint's rules
(kept, adjusted), and each choice the import had to make for the adopter to review.

Pure: a snapshot in, plain data out; writing YAML and validating are the command's business.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import get_args

from blueprint.model import Environment
from org.service_principals import delegated_by_switch, org_iam_principals
from orgctl.adoption import keys
from orgctl.adoption.identity_section import IdentitySection
from orgctl.adoption.notes import BREAKS_RULE, CANNOT_EXPRESS, KINDS, REVIEW, Draft, Note
from orgctl.adoption.scp_section import ScpSection, guardrail_context
from orgctl.adoption.settings import RecordedSettings, recorded_settings
from orgctl.live.snapshot import LiveSnapshot

OWN_TAG_PREFIX = "org-iam:"  # tags org-iam writes itself; never copied into the blueprint
BREAK_GLASS_ROLE = "BreakGlassAdmin"  # the blueprint's default break_glass.role_name
ENVIRONMENTS = set(get_args(Environment))
POLICY_TYPES = {
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "CHATBOT_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "RESOURCE_CONTROL_POLICY",
    "TAG_POLICY",
}


def _user_tags(tags) -> dict[str, str]:
    return {k: v for k, v in tags if not k.startswith(OWN_TAG_PREFIX)}


def build_draft(snapshot: LiveSnapshot) -> Draft:
    return _Builder(snapshot).build()


class _Builder(ScpSection, IdentitySection):
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
        context = guardrail_context(
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
        ours = org_iam_principals()
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

    def monitoring(self, organization: dict) -> dict:
        security_id = next(
            i for i, k in self.draft.account_keys.items() if k == organization["security_account"]
        )
        held = {
            d.service_principal for d in self.live.delegated_admins if d.account_id == security_id
        }
        monitoring = {}
        for switch, principals in delegated_by_switch().items():
            if set(principals) <= held:
                continue
            # Written on: the policy pack refuses a plan without it (outside a rehearsal
            # organization), so an imported blueprint that switched it off would not validate.
            self.draft.note(
                REVIEW,
                ("monitoring",),
                f"monitoring.{switch}: on, though the security account is not yet delegated "
                f"administrator of {' and '.join(principals)}; org-iam will delegate and enable "
                "it, as the policy pack requires (only a rehearsal organization may switch it off)",
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


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


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


__all__ = ["BREAKS_RULE", "CANNOT_EXPRESS", "KINDS", "REVIEW", "Draft", "Note", "build_draft"]
