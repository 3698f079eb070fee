"""The policy pack's configuration for one stack, derived from its blueprint.

What the blueprint decides and the pack must know flows from here into `orgctl plan` (which
writes it to out/<stack>/policy-config.json) and into `pulumi preview --policy-pack-config`:
the SCP limits, the exempt role names, the PCI exceptions the blueprint approves, and what a
rehearsal organization may run without. Keys are the pack's policy names and config keys; the
pack refuses any it does not know.
"""

from __future__ import annotations

from blueprint.access import grants
from blueprint.model import Blueprint
from blueprint.tree import OrgTree

# Rehearsal organizations may switch these off; each switch turns its pack policy off too (the
# pack judges GuardDuty, Security Hub and Config in one policy).
REHEARSAL_SWITCHES = {
    "access_analyzer": "access-analyzer-org-enabled",
    "config": "security-services-enabled",
    "guardduty": "security-services-enabled",
    "security_hub": "security-services-enabled",
}


def pci_exception_assignments(blueprint: Blueprint, tree: OrgTree) -> list[str]:
    """The assignment names (grant slugs) a `pci_exception` approves."""
    approved = set()
    every = grants(blueprint, tree)
    for assignment in blueprint.assignments:
        if not assignment.pci_exception:
            continue
        accounts = set(assignment.accounts)
        for reference in assignment.ous:
            (path,) = tree.resolve(reference)
            accounts.update(tree.accounts_below(path))
        approved.update(
            grant.slug
            for grant in every
            if grant.account in accounts
            and grant.group == assignment.group
            and grant.permission_set == assignment.permission_set
        )
    return sorted(approved)


def pack_config(blueprint: Blueprint, tree: OrgTree) -> dict:
    org = blueprint.organization
    monitoring = blueprint.monitoring
    break_glass = [blueprint.break_glass.role_name]
    config: dict = {
        "scp-size-limit": {"sizeLimit": org.scp_size_limit},
        "scp-attachment-quota": {"reservedSlots": org.reserved_scp_slots},
        "org-account-email-domain": {"emailDomain": org.account_email_domain},
        "iam-admin-policy-exempt-roles-only": {
            "breakGlassRoleNames": break_glass,
            "deployerRoleNames": sorted(org.deployment_roles),
        },
        "iam-break-glass-trust": {"breakGlassRoleNames": break_glass},
        "iam-no-iam-users": {"breakGlassRoleNames": break_glass},
        "iam-role-requires-boundary": {
            "breakGlassRoleNames": break_glass,
            # The roles org-iam itself creates without a boundary: access, deployers, services.
            "exemptRoleNamePatterns": sorted(
                {org.access_role, *org.deployment_roles, "org-iam-*", "AWSReservedSSO_*"}
            ),
        },
    }
    if len(blueprint.permission_boundaries) == 1:
        (boundary,) = blueprint.permission_boundaries
        config["iam-role-requires-boundary"]["boundaryName"] = boundary
    exceptions = pci_exception_assignments(blueprint, tree)
    if exceptions:
        config["sso-no-admin-in-pci-accounts"] = {"exceptions": exceptions}
    if org.rehearsal:
        if monitoring.object_lock_mode == "GOVERNANCE":
            config["log-archive-object-lock"] = {"allowGovernanceMode": True}
        for switch, policy in sorted(REHEARSAL_SWITCHES.items()):
            if not getattr(monitoring, switch):
                config[policy] = "disabled"
        if "cis" not in monitoring.alarm_sets:
            config["cis-alarms-complete"] = "disabled"
    return config
