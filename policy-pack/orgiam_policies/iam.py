"""IAM: no wildcard admin, no escalation or snapshot-sharing grants on every resource, no IAM
users or keys outside break-glass, trust policies without open principals, break-glass trust
that requires recent MFA, roles that carry the boundary, boundaries that block escalation, and a
complete password policy."""

from __future__ import annotations

import fnmatch

from pulumi_policy import Severity

from orgiam_policies._support import (
    Controls,
    allowed_on_everything,
    allows_everything,
    as_list,
    condition_keys,
    config_of,
    denies,
    dependencies,
    is_admin_policy_arn,
    load_document,
    number,
    of_type,
    principals,
    resource_policy,
    schema,
    stack_policy,
    statements,
    string_list,
    tags_of,
)

BREAK_GLASS_ROLES = string_list(["BreakGlassAdmin"], "Names of break-glass roles.")
DEPLOYER_ROLES = string_list(
    ["org-iam-deployer"],
    "Names of the deployment roles the guardrails exempt and protect (administrators by design).",
)
BREAK_GLASS_TAG = {
    "type": "string",
    "default": "org-iam:break-glass",
    "description": "Tag key marking break-glass principals (value 'true').",
}
BOUNDARY_TAG = {
    "type": "string",
    "default": "org-iam:boundary",
    "description": "Tag key marking permission boundary policies (value 'true').",
}
BOUNDARY_NAME = {
    "type": "string",
    "default": "EngineerPermissionBoundary",
    "description": "Name of the permissions boundary policy (a policy of this name is a boundary, tagged or not).",
}
ORG_CONDITION_KEYS = (
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourcearn",
)
ROLE = "aws:iam/role:Role"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_POLICY = "aws:iam/policy:Policy"
USER_POLICY_TYPES = (
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
)
INLINE_POLICY_TYPES = (
    IAM_POLICY,
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
)


def _is_break_glass(props, config) -> bool:
    tag = config.get("breakGlassTag", "org-iam:break-glass")
    return str(tags_of(props).get(tag, "")).lower() == "true" or props.get("name") in config.get(
        "breakGlassRoleNames", ["BreakGlassAdmin"]
    )


def _is_boundary(props, config) -> bool:
    """A boundary by its tag or by its configured name: an untagged policy of the boundary's
    name is still what every delegated role carries, so it is judged as one."""
    tagged = str(tags_of(props).get(config.get("boundaryTag", "org-iam:boundary"), ""))
    named = props.get("name") == config.get("boundaryName", "EngineerPermissionBoundary")
    return tagged.lower() == "true" or named


# iam-no-admin-wildcard -------------------------------------------------------------------


def _validate_no_admin_wildcard(args, report_violation):
    props = args.props
    if args.resource_type == IAM_POLICY and _is_boundary(props, config_of(args)):
        return  # a boundary allows '*' and caps with its denies
    field = "inlinePolicy" if "inlinePolicy" in props else "policy"
    if any(allows_everything(s) for s in statements(load_document(props.get(field)))):
        report_violation(
            f"The policy '{args.name}' must not allow every action on every resource; grant "
            "what the job needs."
        )


iam_no_admin_wildcard = resource_policy(
    "iam-no-admin-wildcard",
    "No IAM or permission-set policy allows '*' on '*'.",
    _validate_no_admin_wildcard,
    Controls(("CC6.1", "CC6.3"), ("7.2.1", "7.2.2")),
    severity=Severity.CRITICAL,
    config=schema(boundaryTag=BOUNDARY_TAG, boundaryName=BOUNDARY_NAME),
    resource_types=INLINE_POLICY_TYPES,
    waits_at_preview="the policy document, when the program builds it from the ARN of a resource created in the same run",
)


# iam-no-privilege-escalation ---------------------------------------------------------------

# Each lets its holder grant itself more: pass or re-trust a stronger role, rewrite or attach a
# policy, mint credentials for another user, or drop a boundary (the paths Prowler's and
# Rhino Security's privilege-escalation catalogues list). `iam:*` covers them all.
PRIVILEGE_ESCALATION_ACTIONS = (
    "iam:PassRole",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
)


def _inline_document(args):
    field = "inlinePolicy" if "inlinePolicy" in args.props else "policy"
    return load_document(args.props.get(field))


def _validate_no_privilege_escalation(args, report_violation):
    if args.resource_type == IAM_POLICY and _is_boundary(args.props, config_of(args)):
        return  # a boundary allows '*' and caps with its denies
    document = _inline_document(args)
    if any(allows_everything(s) for s in statements(document)):
        return  # '*' on '*' is iam-no-admin-wildcard's finding
    found = allowed_on_everything(document, PRIVILEGE_ESCALATION_ACTIONS)
    if found:
        report_violation(
            f"The policy '{args.name}' allows {', '.join(found)} on every resource ('*'); its "
            "holder could grant itself any role or policy. Name the roles and policies it may "
            "touch, or deny these actions."
        )


iam_no_privilege_escalation = resource_policy(
    "iam-no-privilege-escalation",
    "No IAM or permission-set policy allows a privilege-escalation action (iam:PassRole, policy edits, iam:*) on '*', in any letter case.",
    _validate_no_privilege_escalation,
    Controls(("CC6.1", "CC6.3"), ("7.2.1", "7.2.2")),
    severity=Severity.CRITICAL,
    config=schema(boundaryTag=BOUNDARY_TAG, boundaryName=BOUNDARY_NAME),
    resource_types=INLINE_POLICY_TYPES,
    waits_at_preview="the policy document, when the program builds it from the ARN of a resource created in the same run",
)


# iam-no-snapshot-sharing -------------------------------------------------------------------

# A shared or public snapshot is a copy of the data outside the account (PCI-DSS 3.2, 7.2).
SNAPSHOT_SHARING_ACTIONS = (
    "ec2:ModifySnapshotAttribute",
    "rds:ModifyDBSnapshotAttribute",
    "rds:ModifyDBClusterSnapshotAttribute",
    "redshift:AuthorizeSnapshotAccess",
)


def _validate_no_snapshot_sharing(args, report_violation):
    if args.resource_type == IAM_POLICY and _is_boundary(args.props, config_of(args)):
        return
    document = _inline_document(args)
    if any(allows_everything(s) for s in statements(document)):
        return
    found = allowed_on_everything(document, SNAPSHOT_SHARING_ACTIONS)
    if found:
        report_violation(
            f"The policy '{args.name}' allows {', '.join(found)} on every resource ('*'), "
            "which can share snapshots outside the account; deny them in the same policy."
        )


iam_no_snapshot_sharing = resource_policy(
    "iam-no-snapshot-sharing",
    "No IAM or permission-set policy allows sharing EBS, RDS or Redshift snapshots on '*' unless it denies that too.",
    _validate_no_snapshot_sharing,
    Controls(("CC6.1", "CC6.7"), ("3.2.1", "7.2.1")),
    severity=Severity.HIGH,
    config=schema(boundaryTag=BOUNDARY_TAG, boundaryName=BOUNDARY_NAME),
    resource_types=INLINE_POLICY_TYPES,
    waits_at_preview="the policy document, when the program builds it from the ARN of a resource created in the same run",
)


# iam-admin-policy-exempt-roles-only -----------------------------------------------------------


def _validate_admin_policy_exempt_roles_only(args, report_violation):
    config = config_of(args)
    for attachment in of_type(args.resources, ROLE_POLICY_ATTACHMENT):
        if not is_admin_policy_arn(attachment.props.get("policyArn", "")):
            continue
        roles = dependencies(attachment, "role")
        deployers = config.get("deployerRoleNames", ["org-iam-deployer"])
        if not any(
            _is_break_glass(role.props, config) or role.props.get("name") in deployers
            for role in roles
        ):
            report_violation(
                f"The attachment '{attachment.name}' gives an administrator policy to a role "
                "that is neither break-glass nor a protected deployer; administrators sign in "
                "through a boundary-capped permission set.",
                attachment.urn,
            )


# A stack policy: whether the role is break-glass is on the role (its tag), another resource.
iam_admin_policy_exempt_roles_only = stack_policy(
    "iam-admin-policy-exempt-roles-only",
    "Administrator managed policies attach only to break-glass and deployer roles.",
    _validate_admin_policy_exempt_roles_only,
    Controls(("CC6.1", "CC6.3"), ("7.2.1", "7.2.2")),
    severity=Severity.CRITICAL,
    config=schema(
        breakGlassRoleNames=BREAK_GLASS_ROLES,
        breakGlassTag=BREAK_GLASS_TAG,
        deployerRoleNames=DEPLOYER_ROLES,
    ),
    spans="whether the role is break-glass is on the role, its tag, not on the attachment",
)


# iam-no-iam-users ------------------------------------------------------------------------


def _validate_no_iam_users(args, report_violation):
    config = config_of(args)
    props = args.props
    path = props.get("path") or "/"
    if _is_break_glass(props, config) or path == config.get("breakGlassUserPath", "/break-glass/"):
        args.not_applicable("break-glass user")
        return
    report_violation(
        f"The IAM user '{args.name}' must not exist; people sign in through IAM Identity Center "
        "(break-glass users are tagged and live under /break-glass/)."
    )


iam_no_iam_users = resource_policy(
    "iam-no-iam-users",
    "IAM users exist only for break-glass; everyone else signs in through Identity Center.",
    _validate_no_iam_users,
    Controls(("CC6.1", "CC6.2"), ("8.2.1", "8.2.2"), ("1.16",)),
    config=schema(
        breakGlassTag=BREAK_GLASS_TAG,
        breakGlassRoleNames=BREAK_GLASS_ROLES,
        breakGlassUserPath={"type": "string", "default": "/break-glass/"},
    ),
    resource_types=("aws:iam/user:User",),
)


# iam-no-access-keys -----------------------------------------------------------------------


def _validate_no_access_keys(args, report_violation):
    report_violation(
        f"The access key '{args.name}' must not be created; use roles and short-lived "
        "credentials (CIS 1.4, PCI-DSS 8.6.2)."
    )


iam_no_access_keys = resource_policy(
    "iam-no-access-keys",
    "No long-lived IAM access keys are created.",
    _validate_no_access_keys,
    Controls(("CC6.1",), ("8.6.2", "8.3.9"), ("1.4", "1.14")),
    resource_types=("aws:iam/accessKey:AccessKey",),
)


# iam-no-inline-user-policies ----------------------------------------------------------------


def _validate_no_inline_user_policies(args, report_violation):
    report_violation(
        f"The policy '{args.name}' must not be attached to a user directly; grant through "
        "groups or roles (CIS 1.15)."
    )


iam_no_inline_user_policies = resource_policy(
    "iam-no-inline-user-policies",
    "Users receive permissions only through groups, never inline or directly attached policies.",
    _validate_no_inline_user_policies,
    Controls(("CC6.3",), ("7.2.1",), ("1.15",)),
    severity=Severity.MEDIUM,
    resource_types=USER_POLICY_TYPES,
)


# iam-trust-no-wildcard-principal ------------------------------------------------------------


def _validate_trust_no_wildcard(args, report_violation):
    for statement in statements(load_document(args.props.get("assumeRolePolicy"))):
        if statement.get("Effect") != "Allow" or "*" not in principals(statement):
            continue
        if not condition_keys(statement) & set(ORG_CONDITION_KEYS):
            report_violation(
                f"The role '{args.name}' trusts any principal ('*') without a condition on "
                "aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn."
            )


iam_trust_no_wildcard_principal = resource_policy(
    "iam-trust-no-wildcard-principal",
    "No role trusts '*' unless the trust is limited to the organization, an account or a principal.",
    _validate_trust_no_wildcard,
    Controls(("CC6.1", "CC6.6"), ("7.2.1", "8.2.2")),
    severity=Severity.CRITICAL,
    resource_types=(ROLE,),
    waits_at_preview="the trust policy, when it names principals created in the same run",
)


# iam-break-glass-trust ---------------------------------------------------------------------


def _mfa_conditions(statement) -> tuple[bool, float | None]:
    condition = statement.get("Condition") or {}
    present = any(
        str(v).lower() == "true"
        for op, values in condition.items()
        if op.startswith("Bool")
        for k, v in values.items()
        if k.lower() == "aws:multifactorauthpresent"
    )
    age = None
    for op, values in condition.items():
        if op.startswith("NumericLessThan"):
            for key, value in values.items():
                if key.lower() == "aws:multifactorauthage":
                    age = float(as_list(value)[0])
    return present, age


def _validate_break_glass_trust(args, report_violation):
    config = config_of(args)
    max_age = config.get("maxMfaAgeSeconds", 3600)
    document = load_document(args.props.get("assumeRolePolicy"))
    for statement in statements(document):
        principal = statement.get("Principal") or {}
        present, age = _mfa_conditions(statement)
        services = isinstance(principal, dict) and (
            "Service" in principal or "Federated" in principal
        )
        if services and (present or age is not None):
            report_violation(
                f"The role '{args.name}' trusts a service or federated principal with MFA "
                "conditions; services never carry MFA. Trust named IAM principals instead."
            )
    if not _is_break_glass(args.props, config):
        return
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal") or {}
        if (
            not isinstance(principal, dict)
            or set(principal) != {"AWS"}
            or "*" in principals(statement)
        ):
            report_violation(
                f"The break-glass role '{args.name}' must trust only named IAM principals."
            )
        present, age = _mfa_conditions(statement)
        if not present or age is None or age > max_age:
            report_violation(
                f"The break-glass role '{args.name}' must require aws:MultiFactorAuthPresent "
                f"true and aws:MultiFactorAuthAge at most {max_age} seconds."
            )


iam_break_glass_trust = resource_policy(
    "iam-break-glass-trust",
    "Break-glass roles trust only IAM principals with recent MFA; no role trusts a service with MFA conditions.",
    _validate_break_glass_trust,
    Controls(("CC6.1",), ("8.4.2", "8.6.1")),
    severity=Severity.CRITICAL,
    config=schema(
        breakGlassRoleNames=BREAK_GLASS_ROLES,
        breakGlassTag=BREAK_GLASS_TAG,
        maxMfaAgeSeconds={"type": "integer", "default": 3600, "maximum": 3600},
    ),
    resource_types=(ROLE,),
    rules=("service-trust-without-mfa-conditions", "named-principals-only", "recent-mfa"),
    waits_at_preview="the trust policy, when it names principals created in the same run",
)


# iam-role-requires-boundary ------------------------------------------------------------------


def _validate_role_boundary(args, report_violation):
    config = config_of(args)
    props = args.props
    name = props.get("name") or args.name
    path = props.get("path") or "/"
    exempt = config.get("exemptRoleNamePatterns", [])
    if (
        _is_break_glass(props, config)
        or path.startswith("/aws-service-role/")
        or any(fnmatch.fnmatchcase(name, pattern) for pattern in exempt)
    ):
        args.not_applicable("exempt role")
        return
    boundary = str(props.get("permissionsBoundary") or "")
    wanted = config.get("boundaryName", "EngineerPermissionBoundary")
    if not boundary.endswith(f"/{wanted}"):
        report_violation(
            f"The role '{name}' must carry the permissions boundary '{wanted}' (it has "
            f"{boundary or 'none'})."
        )


iam_role_requires_boundary = resource_policy(
    "iam-role-requires-boundary",
    "Every role outside the exemptions carries the configured permissions boundary.",
    _validate_role_boundary,
    Controls(("CC6.3",), ("7.2.2", "7.2.5")),
    config=schema(
        boundaryName={"type": "string", "default": "EngineerPermissionBoundary"},
        breakGlassRoleNames=BREAK_GLASS_ROLES,
        breakGlassTag=BREAK_GLASS_TAG,
        exemptRoleNamePatterns=string_list(
            ["OrganizationAccountAccessRole", "org-iam-*", "AWSReservedSSO_*"],
            "Roles that need no boundary: the access role and org-iam's own service roles.",
        ),
    ),
    resource_types=(ROLE,),
    waits_at_preview="the boundary's ARN, when the boundary is created in the same run",
)


# iam-boundary-blocks-escalation ---------------------------------------------------------------

ESCALATION_ACTIONS = (
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "organizations:LeaveOrganization",
)


def _validate_boundary_blocks_escalation(args, report_violation):
    if not _is_boundary(args.props, config_of(args)):
        return
    document = load_document(args.props.get("policy"))
    missing = [action for action in ESCALATION_ACTIONS if not denies(document, action)]
    if missing:
        report_violation(
            f"The permissions boundary '{args.name}' must deny {', '.join(missing)} (boundary "
            "tampering, roles without it, users, keys and Organizations)."
        )


iam_boundary_blocks_escalation = resource_policy(
    "iam-boundary-blocks-escalation",
    "Permission boundaries, recognised by tag or by configured name, deny editing or removing boundaries, unbounded roles, users, keys and Organizations.",
    _validate_boundary_blocks_escalation,
    Controls(("CC6.1", "CC6.3"), ("7.2.2", "7.2.5")),
    severity=Severity.CRITICAL,
    config=schema(boundaryTag=BOUNDARY_TAG, boundaryName=BOUNDARY_NAME),
    resource_types=(IAM_POLICY,),
    waits_at_preview="the boundary document, when it is built from ARNs created in the same run",
)


# iam-password-policy-strength ------------------------------------------------------------------


def _validate_password_policy(args, report_violation):
    config = config_of(args)
    wanted = max(12, int(config.get("minimumLength", 14)))  # PCI-DSS 8.3.6 floor
    props = args.props
    length = number(props.get("minimumPasswordLength") or 0)
    if length < wanted:
        report_violation(
            f"The password policy must require at least {wanted} characters (has {length})."
        )
    reuse = number(props.get("passwordReusePrevention") or 0)
    reuse_wanted = config.get("minimumReusePrevention", 4)
    if reuse < reuse_wanted:
        report_violation(
            f"The password policy must prevent reuse of the last {reuse_wanted} passwords "
            f"(has {reuse})."
        )
    if props.get("requireNumbers") is not True:
        report_violation(
            "The password policy must require numbers (requireNumbers; PCI-DSS 8.3.6)."
        )
    letters = ("requireLowercaseCharacters", "requireUppercaseCharacters")
    if not any(props.get(flag) is True for flag in letters):
        report_violation(
            "The password policy must require letters (requireLowercaseCharacters or "
            "requireUppercaseCharacters; PCI-DSS 8.3.6)."
        )


iam_password_policy_strength = resource_policy(
    "iam-password-policy-strength",
    "The account password policy requires long passwords (14 by default, never below 12) with letters and numbers, and prevents reuse.",
    _validate_password_policy,
    Controls(("CC6.1",), ("8.3.6", "8.3.7"), ("1.8", "1.9")),
    severity=Severity.MEDIUM,
    config=schema(
        minimumLength={"type": "integer", "default": 14, "minimum": 12},
        minimumReusePrevention={"type": "integer", "default": 4, "minimum": 4},
    ),
    resource_types=("aws:iam/accountPasswordPolicy:AccountPasswordPolicy",),
    rules=("length", "reuse", "numbers", "letters"),
)

POLICIES = [
    iam_no_admin_wildcard,
    iam_no_privilege_escalation,
    iam_no_snapshot_sharing,
    iam_admin_policy_exempt_roles_only,
    iam_no_iam_users,
    iam_no_access_keys,
    iam_no_inline_user_policies,
    iam_trust_no_wildcard_principal,
    iam_break_glass_trust,
    iam_role_requires_boundary,
    iam_boundary_blocks_escalation,
    iam_password_policy_strength,
]
