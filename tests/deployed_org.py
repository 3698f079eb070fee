"""Deploy a plan into moto's server as `pulumi up` would have: the organization, OUs, accounts
and SCPs with the names, tags and documents the plan gives them, Identity Center permission sets
and group assignments, break-glass users and delegated administrators. Used to show that
`orgctl import` of an organization org-iam deployed gives back the same plan.

What moto cannot hold is skipped and returned, so the test can say exactly what it did not
compare: AWS managed policies under a path (`job-function/...`), and delegated administrators
of services moto does not know (Config, Security Hub)."""

from __future__ import annotations

from dataclasses import dataclass, field

import boto3

from blueprint.model import Blueprint
from orgctl.adoption import live_ids
from tests.brownfield import REGION

TYPES = {
    "OrganizationalUnit": live_ids.OU,
    "Account": live_ids.ACCOUNT,
    "Policy": live_ids.POLICY,
    "PolicyAttachment": live_ids.ATTACHMENT,
    "DelegatedAdministrator": live_ids.DELEGATED,
    "User": live_ids.IAM_USER,
    "PermissionSet": live_ids.PERMISSION_SET,
    "ManagedPolicyAttachment": live_ids.MANAGED,
    "CustomerManagedPolicyAttachment": live_ids.CUSTOMER,
    "PermissionSetInlinePolicy": live_ids.INLINE,
    "PermissionsBoundaryAttachment": live_ids.BOUNDARY,
    "AccountAssignment": live_ids.ASSIGNMENT,
}
MOTO_DELEGATES = {
    "access-analyzer.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "guardduty.amazonaws.com",
}


@dataclass
class Deployed:
    account_ids: dict[str, str] = field(default_factory=dict)  # account key -> id
    ou_ids: dict[str, str] = field(default_factory=dict)
    permission_sets: dict[str, str] = field(default_factory=dict)
    instance_arn: str = ""
    boundaries: dict[str, tuple[str, str]] = field(default_factory=dict)  # set -> (name, path)
    skipped: list[str] = field(default_factory=list)  # logical names moto could not hold


def _tags(tags: dict | None) -> list[dict]:
    return [{"Key": k, "Value": v} for k, v in sorted((tags or {}).items())]


def deploy(plan: dict, blueprint: Blueprint, management_id: str) -> Deployed:
    resources = plan["deployment"]["resources"]

    def of(kind: str) -> list[tuple[str, dict]]:
        type_ = TYPES[kind]
        return [
            (r["urn"].rsplit("::", 1)[1], r.get("inputs", {}))
            for r in resources
            if r["type"] == type_
        ]

    out = Deployed()
    orgs = boto3.client("organizations", region_name=REGION)
    orgs.create_organization(FeatureSet="ALL")
    root = orgs.list_roots()["Roots"][0]["Id"]
    orgs.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    for path, inputs in sorted(of("OrganizationalUnit"), key=lambda p: p[0].count("/")):
        parent = path.rpartition("/")[0]
        unit = orgs.create_organizational_unit(
            ParentId=out.ou_ids[parent] if parent else root,
            Name=inputs["name"],
            Tags=_tags(inputs.get("tags")),
        )
        out.ou_ids[path] = unit["OrganizationalUnit"]["Id"]
    out.account_ids[blueprint.organization.management_account] = management_id
    for key, inputs in of("Account"):
        created = orgs.create_account(
            AccountName=inputs["name"], Email=inputs["email"], Tags=_tags(inputs.get("tags"))
        )
        account_id = created["CreateAccountStatus"]["AccountId"]
        out.account_ids[key] = account_id
        orgs.move_account(
            AccountId=account_id,
            SourceParentId=root,
            DestinationParentId=out.ou_ids[inputs["tags"]["org-iam:ou-path"]],
        )
    policies = {}
    for name, inputs in of("Policy"):
        created = orgs.create_policy(
            Name=inputs["name"],
            Description=inputs["description"],
            Content=inputs["content"],
            Type=inputs["type"],
            Tags=_tags(inputs.get("tags")),
        )
        policies[name] = created["Policy"]["PolicySummary"]["Id"]
    for name, _ in of("PolicyAttachment"):
        policy, _, target = name.partition("@")
        kind, _, key = target.partition(":")
        if target == "root":  # the identity perimeter RCP
            target_id = root
        else:
            target_id = out.ou_ids[key] if kind == "ou" else out.account_ids[key]
        orgs.attach_policy(PolicyId=policies[policy], TargetId=target_id)
    security = out.account_ids[blueprint.organization.security_account]
    for principal, _ in of("DelegatedAdministrator"):
        if principal in MOTO_DELEGATES:
            orgs.register_delegated_administrator(AccountId=security, ServicePrincipal=principal)
        else:
            out.skipped.append(principal)
    iam = boto3.client("iam", region_name=REGION)
    for name, inputs in of("User"):
        iam.create_user(UserName=name, Path=inputs.get("path", "/"), Tags=_tags(inputs.get("tags")))
    _identity_center(of, blueprint, out)
    return out


def _identity_center(of, blueprint: Blueprint, out: Deployed) -> None:
    sso = boto3.client("sso-admin", region_name=REGION)
    store = boto3.client("identitystore", region_name=REGION)
    (instance,) = sso.list_instances()["Instances"]
    out.instance_arn = instance["InstanceArn"]
    groups = {
        key: store.create_group(
            IdentityStoreId=instance["IdentityStoreId"], DisplayName=group.display_name or key
        )["GroupId"]
        for key, group in sorted(blueprint.groups.items())
    }
    for name, inputs in of("PermissionSet"):
        out.permission_sets[name] = sso.create_permission_set(
            InstanceArn=out.instance_arn,
            Name=inputs["name"],
            Description=inputs["description"],
            SessionDuration=inputs["sessionDuration"],
            Tags=_tags(inputs.get("tags")),
        )["PermissionSet"]["PermissionSetArn"]

    def scope(name: str) -> dict:
        permission_set = name.partition(":")[0]
        return {
            "InstanceArn": out.instance_arn,
            "PermissionSetArn": out.permission_sets[permission_set],
        }

    for name, inputs in of("ManagedPolicyAttachment"):
        try:
            sso.attach_managed_policy_to_permission_set(
                **scope(name), ManagedPolicyArn=inputs["managedPolicyArn"]
            )
        except sso.exceptions.ResourceNotFoundException:
            out.skipped.append(name)  # moto knows no AWS managed policy under a path
    for name, inputs in of("CustomerManagedPolicyAttachment"):
        sso.attach_customer_managed_policy_reference_to_permission_set(
            **scope(name),
            CustomerManagedPolicyReference=inputs["customerManagedPolicyReference"],
        )
    for name, inputs in of("PermissionSetInlinePolicy"):
        sso.put_inline_policy_to_permission_set(**scope(name), InlinePolicy=inputs["inlinePolicy"])
    for name, inputs in of("PermissionsBoundaryAttachment"):
        reference = inputs["permissionsBoundary"]["customerManagedPolicyReference"]
        out.boundaries[name.partition(":")[0]] = (reference["name"], reference.get("path", "/"))
    for name, _ in of("AccountAssignment"):
        pair, _, account = name.partition("@")
        permission_set, _, group = pair.partition(":")
        sso.create_account_assignment(
            InstanceArn=out.instance_arn,
            TargetId=out.account_ids[account],
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=out.permission_sets[permission_set],
            PrincipalType="GROUP",
            PrincipalId=groups[group],
        )


def stub_boundaries(out: Deployed):
    """The Stubber answers for GetPermissionsBoundaryForPermissionSet, sets sorted by name."""
    from botocore.stub import Stubber

    api = boto3.client("sso-admin", region_name=REGION)
    stubber = Stubber(api)
    for name in sorted(out.permission_sets):
        params = {"InstanceArn": out.instance_arn, "PermissionSetArn": out.permission_sets[name]}
        if name in out.boundaries:
            boundary, path = out.boundaries[name]
            reference = {"CustomerManagedPolicyReference": {"Name": boundary, "Path": path}}
            stubber.add_response(
                "get_permissions_boundary_for_permission_set",
                {"PermissionsBoundary": reference},
                params,
            )
        else:
            stubber.add_client_error(
                "get_permissions_boundary_for_permission_set",
                "ResourceNotFoundException",
                expected_params=params,
            )
    stubber.activate()
    return api


def as_deployed(text: str, blueprint: Blueprint, out: Deployed, organization_id: str) -> str:
    """The blueprint text with the ids the deployment gave its organization and adopted
    accounts, as the adopter's blueprint would carry them."""
    if blueprint.organization.id:
        text = text.replace(f"id: {blueprint.organization.id}", f"id: {organization_id}", 1)
    for key, account in blueprint.accounts.items():
        if account.id is not None:
            text = text.replace(f'id: "{account.id}"', f'id: "{out.account_ids[key]}"', 1)
    return text
