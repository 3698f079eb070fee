"""Organizations: SCP size, grammar and attachment quota, conditions that can match, exemptions
that nobody else can claim, the baseline guardrails in effect on every OU and account, and
accounts that are protected, placed in an OU, on the company domain."""

from __future__ import annotations

import fnmatch
import json

from pulumi_policy import Severity

from orgiam_policies._support import (
    PENDING,
    Controls,
    action_covers,
    as_list,
    config_of,
    dependencies,
    load_document,
    of_type,
    peek,
    resource_policy,
    schema,
    stack_policy,
    statement_covers,
    statements,
    tags_of,
)

SCP_POLICY = "aws:organizations/policy:Policy"
ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
OU = "aws:organizations/organizationalUnit:OrganizationalUnit"
ACCOUNT = "aws:organizations/account:Account"
ORGANIZATION = "aws:organizations/organization:Organization"
_SCP_ELEMENTS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}

# AWS's SCP quotas since 2026-05-15, in every partition: 10,240 characters as stored and ten
# policies attached per root, OU or account (FullAWSAccess included). A stack may configure
# stricter values, never looser ones.
SCP_SIZE_LIMIT = 10_240
SCP_POLICIES_PER_TARGET = 10


def _is_scp(props) -> bool:
    return (props.get("type") or "SERVICE_CONTROL_POLICY") == "SERVICE_CONTROL_POLICY"


def _validate_scp_size(args, report_violation):
    if not _is_scp(args.props):
        return
    limit = config_of(args).get("sizeLimit", SCP_SIZE_LIMIT)
    size = len(args.props.get("content") or "")
    if size > limit:
        report_violation(
            f"The SCP '{args.name}' is {size} characters; AWS stores at most {limit} "
            f"(over by {size - limit}). Minify it or split it."
        )


scp_size_limit = resource_policy(
    "scp-size-limit",
    "Every SCP fits the 10,240-character limit as stored (whitespace counts).",
    _validate_scp_size,
    Controls(("CC8.1",), ("12.5.2",)),
    config=schema(
        sizeLimit={
            "type": "integer",
            "default": SCP_SIZE_LIMIT,
            "maximum": SCP_SIZE_LIMIT,
            "description": "Characters per SCP; AWS's limit or a stricter one.",
        }
    ),
    resource_types=(SCP_POLICY,),
    waits_at_preview="the SCP text, when it is built from ids created in the same run",
)


def _validate_scp_document(args, report_violation):
    if not _is_scp(args.props):
        return
    content = args.props.get("content")
    try:
        document = json.loads(content) if isinstance(content, str) else None
    except ValueError as error:
        report_violation(f"The SCP '{args.name}' is not valid JSON: {error}.")
        return
    if not isinstance(document, dict) or document.get("Version") != "2012-10-17":
        report_violation(
            f"The SCP '{args.name}' must be a policy document with Version 2012-10-17."
        )
        return
    body = document.get("Statement")
    if not body:
        report_violation(f"The SCP '{args.name}' must have at least one statement.")
    for index, statement in enumerate(as_list(body)):
        if not isinstance(statement, dict):
            report_violation(f"Statement {index} of the SCP '{args.name}' is not an object.")
            continue
        extra = set(statement) - _SCP_ELEMENTS
        if extra:
            report_violation(
                f"Statement {index} of the SCP '{args.name}' uses {', '.join(sorted(extra))}, "
                "which SCPs do not allow (no Principal)."
            )
        if statement.get("Effect") not in ("Allow", "Deny"):
            report_violation(
                f"Statement {index} of the SCP '{args.name}' needs Effect Allow or Deny."
            )
        if ("Action" in statement) == ("NotAction" in statement):
            report_violation(
                f"Statement {index} of the SCP '{args.name}' needs exactly one of Action or NotAction."
            )
        if ("Resource" in statement) and ("NotResource" in statement):
            report_violation(
                f"Statement {index} of the SCP '{args.name}' has both Resource and NotResource."
            )


scp_valid_document = resource_policy(
    "scp-valid-document",
    "Every SCP parses and uses only the elements SCPs allow.",
    _validate_scp_document,
    Controls(("CC8.1",), ("12.5.2",)),
    resource_types=(SCP_POLICY,),
    waits_at_preview="the SCP text, when it is built from ids created in the same run",
    rules=(
        "json",
        "version",
        "statements",
        "statement-object",
        "scp-elements",
        "effect",
        "action-or-not-action",
        "resource-and-not-resource",
    ),
)


def _scp_attachments(resources):
    for attachment in of_type(resources, ATTACHMENT):
        policies = dependencies(attachment, "policyId")
        if not policies or _is_scp(policies[0].props):
            yield attachment, policies, dependencies(attachment, "targetId")


def _validate_attachment_quota(args, report_violation):
    config = config_of(args)
    quota = config.get("policiesPerTarget", SCP_POLICIES_PER_TARGET)
    free = quota - 1 - config.get("reservedSlots", 0)  # FullAWSAccess takes one
    per_target: dict[str, list] = {}
    names: dict[str, str] = {}
    for attachment, _, targets in _scp_attachments(args.resources):
        key = targets[0].urn if targets else str(attachment.props.get("targetId"))
        names[key] = targets[0].name if targets else key
        per_target.setdefault(key, []).append(attachment)
    for key, attachments in sorted(per_target.items()):
        if len(attachments) > free:
            report_violation(
                f"The target '{names[key]}' gets {len(attachments)} SCPs besides FullAWSAccess; "
                f"at most {free} fit ({quota} per target, {config.get('reservedSlots', 0)} "
                "reserved).",
                attachments[0].urn,
            )


scp_attachment_quota = stack_policy(
    "scp-attachment-quota",
    "No OU or account gets more SCPs than the ten AWS allows, FullAWSAccess and reserved slots included.",
    _validate_attachment_quota,
    Controls(("CC8.1",), ("12.5.2",)),
    config=schema(
        policiesPerTarget={
            "type": "integer",
            "default": SCP_POLICIES_PER_TARGET,
            "minimum": 2,
            "maximum": SCP_POLICIES_PER_TARGET,
            "description": "SCPs per root, OU or account; AWS's quota or a stricter one.",
        },
        reservedSlots={"type": "integer", "default": 0, "minimum": 0, "maximum": 8},
    ),
    spans="it counts the attachments of each target, one resource each",
)

BASELINE = {
    "deny of the root user": lambda s: _deny_all_for_root(s),
    "deny of leaving the organization": lambda s: _deny_covers(
        s, "organizations:LeaveOrganization"
    ),
    "CloudTrail protection": lambda s: _deny_covers(s, "cloudtrail:StopLogging"),
}


def _deny_covers(statement, action) -> bool:
    """A Deny of `action` for everyone but exempted principals: a deny conditioned on something
    else (the root user's deny-all) does not protect the trail from anyone else."""
    condition = statement.get("Condition") or {}
    return (
        statement.get("Effect") == "Deny"
        and statement_covers(statement, action)
        and all(operator in ("ArnNotLike", "ArnNotEquals") for operator in condition)
    )


def _deny_all_for_root(statement) -> bool:
    """A Deny of '*' that reaches the root user: it names the root ARN, or it has no condition
    beyond exempting principals that are not root (a quarantine deny-all)."""
    if statement.get("Effect") != "Deny" or "*" not in as_list(statement.get("Action")):
        return False
    condition = statement.get("Condition") or {}
    text = json.dumps(condition).lower()  # condition keys are case-insensitive
    if ":root" in text and "aws:principalarn" in text:
        return ":root" not in json.dumps(condition.get("ArnNotLike", {}))
    exemptions_only = all(op in ("ArnNotLike", "ArnNotEquals") for op in condition)
    return exemptions_only and ":root" not in text


def _validate_baseline_everywhere(args, report_violation):
    resources = args.resources
    if not of_type(resources, OU, ACCOUNT):
        args.not_applicable("no OUs or accounts in this stack")
        return
    attached: dict[str, list[dict]] = {}
    for _, policies, targets in _scp_attachments(resources):
        for target in targets:
            for policy in policies:
                attached.setdefault(target.urn, []).extend(
                    statements(load_document(policy.props.get("content")))
                )

    def in_effect(resource, seen=()) -> list[dict]:
        found = list(attached.get(resource.urn, []))
        for parent in dependencies(resource, "parentId"):
            if parent.urn not in seen:
                found += in_effect(parent, (*seen, resource.urn))
        return found

    for resource in of_type(resources, OU, ACCOUNT):
        effective = in_effect(resource)
        missing = [label for label, test in BASELINE.items() if not any(test(s) for s in effective)]
        if missing:
            report_violation(
                f"The {'OU' if resource.resource_type == OU else 'account'} '{resource.name}' has no "
                f"{', no '.join(missing)} in effect; attach the baseline SCP to it or an ancestor.",
                resource.urn,
            )


scp_baseline_everywhere = stack_policy(
    "scp-baseline-everywhere",
    "Every OU and account has the root deny, the leave-organization deny and CloudTrail protection in effect.",
    _validate_baseline_everywhere,
    Controls(("CC6.1", "CC7.2"), ("10.2.1", "10.3.2", "8.2.2"), ("1.7",)),
    severity=Severity.CRITICAL,
    spans="the SCPs in effect on an account come from attachments to it and to every OU above it",
    waits_at_preview="the SCP texts, when they are built from ids created in the same run",
    rules=("root-deny", "leave-organization-deny", "cloudtrail-protection"),
)


def _closable(props, config) -> bool:
    tag = config.get("environmentTag", "org-iam:environment")
    return str(tags_of(props).get(tag, "")) in config.get("closableEnvironments", ["sandbox"])


def _validate_account_protected(args, report_violation):
    if _closable(args.props, config_of(args)):
        args.not_applicable("sandbox account may close")
        return
    if not args.opts.protect:
        report_violation(
            f"The account '{args.name}' must be protected (ResourceOptions protect=True)."
        )
    if args.props.get("closeOnDeletion"):
        report_violation(f"The account '{args.name}' must not close on deletion.")


org_account_protected = resource_policy(
    "org-account-protected",
    "Accounts are protected and never close on deletion, except sandboxes.",
    _validate_account_protected,
    Controls(("CC8.1",), ("10.5.1",)),
    severity=Severity.CRITICAL,
    config=schema(
        environmentTag={"type": "string", "default": "org-iam:environment"},
        closableEnvironments={"type": "array", "items": {"type": "string"}, "default": ["sandbox"]},
    ),
    resource_types=(ACCOUNT,),
    rules=("protect", "no-close-on-deletion"),
)


def _validate_account_in_ou(args, report_violation):
    parent = peek(args.props, "parentId")
    if parent is PENDING:
        return  # an OU still to be created; the id is judged before the account is created
    parent = str(parent or "")
    if not parent or parent.startswith("r-"):
        report_violation(f"The account '{args.name}' must be placed in an OU, not at the root.")


org_account_in_ou = resource_policy(
    "org-account-in-ou",
    "Every member account sits in an OU, never directly under the root.",
    _validate_account_in_ou,
    Controls(("CC6.1",), ("12.5.2",)),
    severity=Severity.MEDIUM,
    resource_types=(ACCOUNT,),
)


def _validate_email_domain(args, report_violation):
    domain = config_of(args).get("emailDomain")
    if not domain:
        args.not_applicable("no emailDomain configured")
        return
    email = str(args.props.get("email") or "")
    if not email.lower().endswith("@" + domain.lower()):
        report_violation(
            f"The account '{args.name}' email '{email}' must be on the company domain {domain}."
        )


org_account_email_domain = resource_policy(
    "org-account-email-domain",
    "Account root emails are on the company's domain, so the company controls every root recovery.",
    _validate_email_domain,
    Controls(("CC6.1",), ("8.2.1",)),
    severity=Severity.MEDIUM,
    config=schema(emailDomain={"type": "string", "default": ""}),
    resource_types=(ACCOUNT,),
    waits_at_preview="the root email, when it is built from a value created in the same run",
)


def _scp_statements(args):
    if not _is_scp(args.props):
        return []
    return list(statements(load_document(args.props.get("content"))))


def _condition_keys(statement) -> dict[str, str]:
    """Lower-cased condition key -> operator."""
    return {
        key.lower(): operator
        for operator, values in (statement.get("Condition") or {}).items()
        for key in values
    }


def _validate_mfa_spares_sso(args, report_violation):
    for statement in _scp_statements(args):
        keys = _condition_keys(statement)
        if statement.get("Effect") != "Deny" or "aws:multifactorauthpresent" not in keys:
            continue
        condition = json.dumps(statement.get("Condition") or {})
        only_users = keys.get("aws:principaltype") == "StringEquals" and '"User"' in condition
        sso_exempt = "aws-reserved/sso.amazonaws.com" in condition
        if not (only_users or sso_exempt):
            report_violation(
                f"The SCP '{args.name}' statement '{statement.get('Sid', '?')}' denies on "
                "aws:MultiFactorAuthPresent, which Identity Center (SAML) sessions never carry: "
                "it would deny every SSO user. Limit it to aws:PrincipalType User or exempt "
                "aws-reserved/sso.amazonaws.com roles."
            )


scp_mfa_spares_sso = resource_policy(
    "scp-mfa-spares-sso",
    "No SCP MFA condition can deny Identity Center sessions, whose MFA happens at the identity provider.",
    _validate_mfa_spares_sso,
    Controls(("CC6.1",), ("8.4.2",)),
    severity=Severity.CRITICAL,
    resource_types=(SCP_POLICY,),
    waits_at_preview="the SCP text, when it is built from ids created in the same run",
)

GLOBAL_MUST_BE_SPARED = ("iam:CreateRole", "sts:AssumeRole", "organizations:DescribeOrganization")


def _validate_region_deny(args, report_violation):
    for statement in _scp_statements(args):
        keys = _condition_keys(statement)
        if statement.get("Effect") != "Deny" or "aws:requestedregion" not in keys:
            continue
        spared = as_list(statement.get("NotAction"))
        if "NotAction" not in statement or not all(
            action_covers(spared, a) for a in GLOBAL_MUST_BE_SPARED
        ):
            report_violation(
                f"The SCP '{args.name}' statement '{statement.get('Sid', '?')}' denies by Region "
                "without exempting global services (IAM, STS, Organizations...); use NotAction "
                "with AWS's list of global services."
            )


scp_region_deny_spares_global_services = resource_policy(
    "scp-region-deny-spares-global-services",
    "A Region deny exempts global services through NotAction instead of denying '*'.",
    _validate_region_deny,
    Controls(("CC6.6",), ("12.5.2",)),
    severity=Severity.HIGH,
    resource_types=(SCP_POLICY,),
    waits_at_preview="the SCP text, when it is built from ids created in the same run",
)

# scp-exemptions-protected ------------------------------------------------------------------

_EXEMPTING_OPERATORS = ("ArnNotLike", "ArnNotEquals", "StringNotLike", "StringNotEquals")


def _exempt_role_patterns(statement) -> list[str]:
    """Role ARN patterns a Deny exempts through aws:PrincipalArn."""
    if statement.get("Effect") != "Deny":
        return []
    found = []
    for operator, values in (statement.get("Condition") or {}).items():
        if operator.removesuffix("IfExists") not in _EXEMPTING_OPERATORS:
            continue
        for key, value in (values or {}).items():
            if key.lower() == "aws:principalarn":
                found += [str(v) for v in as_list(value) if ":role/" in str(v)]
    return found


def _protects(statement, pattern: str) -> bool:
    """Whether a Deny names roles matching `pattern` and stops (others) creating them. A deny of
    every action on '*' (a quarantine) does not count: it binds only where it is attached,
    while the exemption travels with the name."""
    return (
        statement.get("Effect") == "Deny"
        and statement_covers(statement, "iam:CreateRole")
        and any(
            ":role/" in str(resource)
            and fnmatch.fnmatchcase(pattern.lower(), str(resource).lower())
            for resource in as_list(statement.get("Resource"))
        )
    )


def _validate_exemptions_protected(args, report_violation):
    scps = [p for p in of_type(args.resources, SCP_POLICY) if _is_scp(p.props)]
    if not scps:
        args.not_applicable("no SCPs in this stack")
        return
    documents = {p.urn: list(statements(load_document(p.props.get("content")))) for p in scps}
    every_statement = [s for found in documents.values() for s in found]
    for policy in scps:
        unprotected = sorted(
            {
                pattern
                for statement in documents[policy.urn]
                for pattern in _exempt_role_patterns(statement)
                if not any(_protects(other, pattern) for other in every_statement)
            }
        )
        if unprotected:
            report_violation(
                f"The SCP '{policy.name}' exempts {', '.join(unprotected)} by name, but no SCP "
                "of this stack denies iam:CreateRole on that name: anyone who creates a role of "
                "that name gets the exemption. Protect the name (as ProtectAccessRoles does).",
                policy.urn,
            )


scp_exemptions_protected = stack_policy(
    "scp-exemptions-protected",
    "Every role an SCP exempts by aws:PrincipalArn is protected by an SCP deny of iam:CreateRole on that name.",
    _validate_exemptions_protected,
    Controls(("CC6.1", "CC6.3"), ("7.2.1", "7.2.2")),
    severity=Severity.CRITICAL,
    spans="the exemption and the statement protecting its name are in different SCPs",
    waits_at_preview="the SCP texts, when they are built from ids created in the same run",
)


# scp-conditions-can-match ------------------------------------------------------------------

# The values AWS reports in aws:PrincipalType (global condition keys reference). The root user
# is "Account": a condition on "Root" never matches, so a deny written with it never applies.
PRINCIPAL_TYPES = ("Account", "User", "FederatedUser", "AssumedRole", "Anonymous")


def _can_be_reported(operator: str, value: str) -> bool:
    base = operator.split(":")[-1].removesuffix("IfExists")
    if base in ("StringLike", "StringNotLike"):
        return any(fnmatch.fnmatchcase(kind, value) for kind in PRINCIPAL_TYPES)
    if base.endswith("IgnoreCase"):
        return value.lower() in {kind.lower() for kind in PRINCIPAL_TYPES}
    return value in PRINCIPAL_TYPES


def _validate_conditions_can_match(args, report_violation):
    for statement in _scp_statements(args):
        for operator, values in (statement.get("Condition") or {}).items():
            for key, value in (values or {}).items():
                if key.lower() != "aws:principaltype":
                    continue
                for bad in [
                    str(v) for v in as_list(value) if not _can_be_reported(operator, str(v))
                ]:
                    report_violation(
                        f"The SCP '{args.name}' statement '{statement.get('Sid', '?')}' compares "
                        f"aws:PrincipalType with '{bad}', which AWS never reports (it reports "
                        f"{', '.join(PRINCIPAL_TYPES)}; the root user is 'Account'), so the "
                        "condition never matches as written."
                    )


scp_conditions_can_match = resource_policy(
    "scp-conditions-can-match",
    "No SCP condition compares aws:PrincipalType with a value AWS never reports (the root user is 'Account', not 'Root').",
    _validate_conditions_can_match,
    Controls(("CC6.1",), ("8.2.2", "12.5.2"), ("1.7",)),
    severity=Severity.CRITICAL,
    resource_types=(SCP_POLICY,),
    waits_at_preview="the SCP text, when it is built from ids created in the same run",
)

POLICIES = [
    scp_size_limit,
    scp_valid_document,
    scp_mfa_spares_sso,
    scp_region_deny_spares_global_services,
    scp_conditions_can_match,
    scp_attachment_quota,
    scp_baseline_everywhere,
    scp_exemptions_protected,
    org_account_protected,
    org_account_in_ou,
    org_account_email_domain,
]
