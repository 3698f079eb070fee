"""IAM Identity Center: session caps, boundaries on privileged sets, group-only assignments,
and no administrator-level set in PCI-scoped accounts."""

from __future__ import annotations

import re

from pulumi_policy import Severity

from orgiam_policies._support import (
    Controls,
    allows_administration,
    config_of,
    dependencies,
    is_admin_policy_arn,
    load_document,
    of_type,
    resource_policy,
    schema,
    stack_policy,
    statements,
    string_list,
    tags_of,
)

PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment"
INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
_ISO = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def hours(duration: str) -> float | None:
    match = _ISO.match(str(duration or "PT1H"))
    if match is None:
        return None
    h, m, s = (int(g or 0) for g in match.groups())
    return h + m / 60 + s / 3600


class PermissionSets:
    """The stack's permission sets and what is attached to each, indexed once per validation
    (looking attachments up per assignment is quadratic in a large organization)."""

    def __init__(self, resources):
        self.sets = of_type(resources, PERMISSION_SET)
        self.attached: dict[str, dict[str, list]] = {}
        for resource in of_type(resources, MANAGED, INLINE, BOUNDARY):
            for permission_set in dependencies(resource, "permissionSetArn"):
                by_type = self.attached.setdefault(permission_set.urn, {})
                by_type.setdefault(resource.resource_type, []).append(resource)
        self._admin: dict[str, bool] = {}

    def attachments(self, permission_set, resource_type) -> list:
        return self.attached.get(permission_set.urn, {}).get(resource_type, [])

    def admin_like(self, permission_set) -> bool:
        """Administrator-level: an admin managed policy, an inline policy allowing every action
        or every IAM action (`iam:*`, `IAM:*`) on every resource, or the tag."""
        if permission_set.urn not in self._admin:
            self._admin[permission_set.urn] = self._decide(permission_set)
        return self._admin[permission_set.urn]

    def _decide(self, permission_set) -> bool:
        if _tagged_admin(permission_set.props):
            return True
        for attachment in self.attachments(permission_set, MANAGED):
            if is_admin_policy_arn(attachment.props.get("managedPolicyArn", "")):
                return True
        return any(
            allows_administration(statement)
            for inline in self.attachments(permission_set, INLINE)
            for statement in statements(load_document(inline.props.get("inlinePolicy")))
        )


def _tagged_admin(props) -> bool:
    return str(tags_of(props).get("org-iam:admin-like", "")).lower() == "true"


def _session_violation(name, duration, limit, admin) -> str | None:
    length = hours(duration)
    if length is not None and length <= limit:
        return None
    kind = "administrator-level " if admin else ""
    return f"The {kind}permission set '{name}' must have sessions of at most {limit} h (has {duration})."


def _validate_session_cap(args, report_violation):
    config = config_of(args)
    admin = _tagged_admin(args.props)
    limit = config.get("adminMaxSessionHours", 1) if admin else config.get("maxSessionHours", 8)
    duration = args.props.get("sessionDuration") or "PT1H"
    message = _session_violation(args.name, duration, limit, admin)
    if message:
        report_violation(message)


sso_session_duration_cap = resource_policy(
    "sso-session-duration-cap",
    "Permission-set sessions last at most 8 hours, sets tagged administrator-level at most 1 hour.",
    _validate_session_cap,
    Controls(("CC6.1",), ("8.2.8",)),
    severity=Severity.MEDIUM,
    config=schema(
        maxSessionHours={"type": "number", "default": 8, "maximum": 12},
        adminMaxSessionHours={"type": "number", "default": 1, "maximum": 12},
    ),
    resource_types=(PERMISSION_SET,),
    rules=("session-cap", "administrator-session-cap"),
)


def _validate_admin_session_cap(args, report_violation):
    limit = config_of(args).get("adminMaxSessionHours", 1)
    sets = PermissionSets(args.resources)
    for permission_set in sets.sets:
        if _tagged_admin(permission_set.props) or not sets.admin_like(permission_set):
            continue  # tagged sets are judged before creation by sso-session-duration-cap
        duration = permission_set.props.get("sessionDuration") or "PT1H"
        message = _session_violation(permission_set.name, duration, limit, True)
        if message:
            report_violation(message, permission_set.urn)


# A stack policy: what makes the set administrator-level is attached by other resources.
sso_admin_session_duration_cap = stack_policy(
    "sso-admin-session-duration-cap",
    "Permission sets made administrator-level by an attached policy last at most 1 hour.",
    _validate_admin_session_cap,
    Controls(("CC6.1",), ("8.2.8",)),
    severity=Severity.MEDIUM,
    config=schema(adminMaxSessionHours={"type": "number", "default": 1, "maximum": 12}),
    spans="what makes a set administrator-level is attached by other resources",
)


def _validate_privileged_boundary(args, report_violation):
    sets = PermissionSets(args.resources)
    for permission_set in sets.sets:
        if sets.admin_like(permission_set) and not sets.attachments(permission_set, BOUNDARY):
            report_violation(
                f"The administrator-level permission set '{permission_set.name}' must have a "
                "permissions boundary attached.",
                permission_set.urn,
            )


sso_privileged_set_requires_boundary = stack_policy(
    "sso-privileged-set-requires-boundary",
    "Administrator-level permission sets carry a permissions boundary.",
    _validate_privileged_boundary,
    Controls(("CC6.3",), ("7.2.2", "7.2.5")),
    spans="the administrator policy and the boundary are attached by other resources",
)


def _validate_groups_only(args, report_violation):
    if args.props.get("principalType") != "GROUP":
        report_violation(
            f"The account assignment '{args.name}' must grant to a group, not a "
            f"{args.props.get('principalType')}; access follows group membership in the IdP."
        )


sso_assign_groups_only = resource_policy(
    "sso-assign-groups-only",
    "Account assignments are made to IdP groups, never to individual users.",
    _validate_groups_only,
    Controls(("CC6.2", "CC6.3"), ("7.2.1", "7.2.4")),
    severity=Severity.MEDIUM,
    resource_types=(ASSIGNMENT,),
)


def _is_pci(account, config) -> bool:
    tag, value = (
        config.get("pciAccountTag", "org-iam:pci-scope"),
        config.get("pciAccountTagValue", "true"),
    )
    return str(tags_of(account.props).get(tag, "")).lower() == str(value).lower()


def _validate_no_admin_in_pci(args, report_violation):
    config = config_of(args)
    exceptions = set(config.get("exceptions", []))
    permission_sets = PermissionSets(args.resources)
    for assignment in of_type(args.resources, ASSIGNMENT):
        sets = dependencies(assignment, "permissionSetArn")
        accounts = [
            r
            for r in dependencies(assignment, "targetId")
            if r.resource_type == "aws:organizations/account:Account"
        ]
        pci_ids = set(config.get("pciAccountIds", []))
        in_pci = any(_is_pci(a, config) for a in accounts) or (
            # Read only when needed: the id of an account still to be created is unknown.
            bool(pci_ids) and assignment.props.get("targetId") in pci_ids
        )
        if (
            in_pci
            and any(permission_sets.admin_like(s) for s in sets)
            and assignment.name not in exceptions
        ):
            report_violation(
                f"The assignment '{assignment.name}' grants an administrator-level permission set "
                "in a PCI-scoped account; use a narrower set or record an exception.",
                assignment.urn,
            )


sso_no_admin_in_pci_accounts = stack_policy(
    "sso-no-admin-in-pci-accounts",
    "No administrator-level permission set is assigned into a PCI-scoped account.",
    _validate_no_admin_in_pci,
    Controls(("CC6.3",), ("7.2.1", "7.2.2")),
    severity=Severity.CRITICAL,
    config=schema(
        pciAccountTag={"type": "string", "default": "org-iam:pci-scope"},
        pciAccountTagValue={"type": "string", "default": "true"},
        pciAccountIds=string_list([], "PCI-scoped account ids not created in this stack."),
        exceptions=string_list([], "Assignment names approved by the QSA."),
    ),
    spans="the assignment, its permission set's attachments and the account's PCI tag are different resources",
    waits_at_preview="an assignment's account id, only when pciAccountIds lists accounts",
)

POLICIES = [
    sso_session_duration_cap,
    sso_admin_session_duration_cap,
    sso_privileged_set_requires_boundary,
    sso_assign_groups_only,
    sso_no_admin_in_pci_accounts,
]
