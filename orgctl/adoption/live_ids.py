"""Which live object each of the program's resources is, by the program's own type and logical
name, with the id `pulumi import` wants for it. The names follow org/, guardrails/ and identity/
(OU paths, account keys, composed SCP names, `<set>:<policy>`, grant slugs); the offline proof
runs the real program and finds every one of them in its plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from orgctl.adoption.draft import Draft
from orgctl.live.snapshot import LiveSnapshot

ORGANIZATION = "aws:organizations/organization:Organization"
OU = "aws:organizations/organizationalUnit:OrganizationalUnit"
ACCOUNT = "aws:organizations/account:Account"
POLICY = "aws:organizations/policy:Policy"
ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
DELEGATED = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment"
CUSTOMER = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment"
INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
IAM_USER = "aws:iam/user:User"


@dataclass(frozen=True)
class LiveObject:
    import_id: str
    outputs: dict = field(default_factory=dict)  # what the state holds besides the inputs


def live_objects(snapshot: LiveSnapshot, draft: Draft) -> dict[tuple[str, str], LiveObject]:
    """(type, logical name) -> the live object, for everything the blueprint adopts."""
    found: dict[tuple[str, str], LiveObject] = {}
    organization = snapshot.organization
    found[(ORGANIZATION, "organization")] = LiveObject(
        organization.id,
        {
            "roots": [{"id": organization.root_id}],
            "masterAccountId": organization.management_account_id,
            "arn": organization.arn,
        },
    )
    for ou in snapshot.ous:
        found[(OU, ou.path)] = LiveObject(ou.id)
    account_keys = draft.account_keys
    management = organization.management_account_id
    for account_id, key in account_keys.items():
        if account_id != management:
            found[(ACCOUNT, key)] = LiveObject(account_id)
    for scp in snapshot.scps:
        key = draft.scp_keys.get(scp.id)
        if key is None:
            continue
        found[(POLICY, key)] = LiveObject(scp.id)
        for target in scp.target_ids:
            ou = snapshot.ou(target)
            slug = f"ou:{ou.path}" if ou else f"account:{account_keys.get(target, '')}"
            found[(ATTACHMENT, f"{key}@{slug}")] = LiveObject(f"{target}:{scp.id}")
    security_key = draft.document["organization"]["security_account"]
    for admin in snapshot.delegated_admins:
        if account_keys.get(admin.account_id) != security_key:
            continue  # the program delegates to the security account only
        found[(DELEGATED, admin.service_principal)] = LiveObject(
            f"{admin.account_id}/{admin.service_principal}"
        )
    for user in snapshot.management_iam_users:
        found[(IAM_USER, user.name)] = LiveObject(user.name, {"arn": user.arn})
    center = snapshot.identity_center
    if center is None:
        return found
    instance = center.arn
    for ps in snapshot.permission_sets:
        on_set = f"{ps.arn},{instance}"
        found[(PERMISSION_SET, ps.name)] = LiveObject(on_set, {"arn": ps.arn})
        for arn in ps.managed_policies:
            reference = arn.partition(":iam::aws:policy/")[2] or arn
            found[(MANAGED, f"{ps.name}:{reference}")] = LiveObject(f"{arn},{on_set}")
            found[(MANAGED, f"{ps.name}:{arn}")] = LiveObject(f"{arn},{on_set}")
        for policy in ps.customer_managed_policies:
            found[(CUSTOMER, f"{ps.name}:{policy.path}{policy.name}")] = LiveObject(
                f"{policy.name},{policy.path},{on_set}"
            )
        if ps.inline_policy:
            found[(INLINE, f"{ps.name}:inline")] = LiveObject(on_set)
        if ps.boundary is not None:
            found[(BOUNDARY, f"{ps.name}:boundary")] = LiveObject(on_set)
    for assignment in snapshot.assignments:
        ps = snapshot.permission_set(assignment.permission_set_arn)
        group = draft.group_keys.get(assignment.principal_id)
        account = account_keys.get(assignment.account_id)
        if assignment.principal_type != "GROUP" or ps is None or not group or not account:
            continue
        found[(ASSIGNMENT, f"{ps.name}:{group}@{account}")] = LiveObject(
            f"{assignment.principal_id},GROUP,{assignment.account_id},AWS_ACCOUNT,"
            f"{assignment.permission_set_arn},{instance}"
        )
    return found
