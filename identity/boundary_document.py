"""The permission boundary document: the delegated role-creation pattern.

A boundary caps what a session (or a role its holder creates) can ever do. The seed's boundary
allowed `*` minus four actions, so a holder could rewrite or detach the boundary, create a role
without it, or pass a stronger role. This one allows everything the identity policy grants,
except:

- changing the boundary policy itself, or removing a boundary from any role or user;
- creating, re-bounding or changing the policies of roles that do not carry this boundary;
- creating or changing any role outside the delegated path (where no guardrail-exempt name
  can be created: a bounded role at `/` named like a deployer would inherit its exemption);
- rewriting customer-managed policies outside the delegated path (a new version of a policy
  attached to a stronger role is an escalation);
- passing roles outside the delegated path, where roles without the boundary may live;
- IAM users, access keys, login profiles, identity providers, IAM Roles Anywhere (long-lived or
  foreign identities), and any change to existing IAM users and groups (their policies, keys,
  SSH keys, certificates, membership), which would outlive the engineer's offboarding;
- Organizations and account-level actions.

Pure: returns a plain dict for the program, the tests and the validators.
"""

from __future__ import annotations

from blueprint.iam_actions import POLICY_REWRITE_ACTIONS, POLICY_TAMPERING_ACTIONS
from blueprint.model import PermissionBoundary


def boundary_arn(partition: str, name: str, path: str) -> str:
    return f"arn:{partition}:iam::*:policy{path}{name}"


def boundary_document(name: str, boundary: PermissionBoundary, partition: str) -> dict:
    own_arn = boundary_arn(partition, name, boundary.path)
    delegated = boundary.delegated_role_path
    iam = f"arn:{partition}:iam::*"
    # The exact ARN in the caller's own account: a StringLike wildcard would also match a policy
    # whose path hides the name, such as policy/delegated/x:policy/<name> (IAM paths may hold
    # ':'), and that policy could allow everything.
    exact_arn = f"arn:{partition}:iam::${{aws:PrincipalAccount}}:policy{boundary.path}{name}"
    without_this_boundary = {"StringNotEquals": {"iam:PermissionsBoundary": exact_arn}}
    statements = [
        {
            "Sid": "AllowWhatIdentityPoliciesGrant",
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*",
        },
        {
            "Sid": "DenyBoundaryTampering",
            "Effect": "Deny",
            "Action": list(POLICY_TAMPERING_ACTIONS),
            "Resource": own_arn,
        },
        {
            "Sid": "DenyRemovingBoundaries",
            "Effect": "Deny",
            "Action": ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            "Resource": "*",
        },
        {
            "Sid": "DenyRolesWithoutThisBoundary",
            "Effect": "Deny",
            "Action": [
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:UpdateAssumeRolePolicy",
            ],
            "Resource": "*",
            "Condition": without_this_boundary,
        },
        {
            "Sid": "DenyRolesOutsideDelegatedPath",
            "Effect": "Deny",
            "Action": [
                "iam:AddRoleToInstanceProfile",
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
            ],
            "NotResource": f"{iam}:role{delegated}*",
        },
        {
            "Sid": "DenyRewritingPoliciesOutsideDelegatedPath",
            "Effect": "Deny",
            "Action": list(POLICY_REWRITE_ACTIONS),
            "NotResource": f"{iam}:policy{delegated}*",
        },
        {
            "Sid": "DenyPassingRolesOutsideDelegatedPath",
            "Effect": "Deny",
            "Action": "iam:PassRole",
            "NotResource": f"{iam}:role{delegated}*",
        },
        {
            "Sid": "DenyLongLivedAndForeignIdentities",
            "Effect": "Deny",
            "Action": [
                "iam:AddClientIDToOpenIDConnectProvider",
                "iam:CreateAccessKey",
                "iam:CreateLoginProfile",
                "iam:CreateOpenIDConnectProvider",
                "iam:CreateSAMLProvider",
                "iam:CreateServiceSpecificCredential",
                "iam:CreateUser",
                "iam:UpdateLoginProfile",
                "iam:UpdateOpenIDConnectProviderThumbprint",
                "iam:UpdateSAMLProvider",
                "rolesanywhere:CreateProfile",
                "rolesanywhere:CreateTrustAnchor",
                "rolesanywhere:EnableProfile",
                "rolesanywhere:EnableTrustAnchor",
                "rolesanywhere:UpdateProfile",
                "rolesanywhere:UpdateTrustAnchor",
                "sso:CreateInstance",
            ],
            "Resource": "*",
        },
        {
            "Sid": "DenyChangingIamUsersAndGroups",
            "Effect": "Deny",
            "Action": [
                "iam:AddUserToGroup",
                "iam:AttachGroupPolicy",
                "iam:AttachUserPolicy",
                "iam:CreateGroup",
                "iam:DeactivateMFADevice",
                "iam:PutGroupPolicy",
                "iam:PutUserPermissionsBoundary",
                "iam:PutUserPolicy",
                "iam:ResetServiceSpecificCredential",
                "iam:UpdateAccessKey",
                "iam:UpdateGroup",
                "iam:UpdateServiceSpecificCredential",
                "iam:UpdateSSHPublicKey",
                "iam:UpdateSigningCertificate",
                "iam:UpdateUser",
                "iam:UploadSSHPublicKey",
                "iam:UploadSigningCertificate",
            ],
            "Resource": "*",
        },
        {
            "Sid": "DenyOrganizationsAndAccountActions",
            "Effect": "Deny",
            "Action": ["account:*", "organizations:*"],
            "Resource": "*",
        },
    ]
    for extra in boundary.extra_statements:
        statements.append(extra.model_dump(exclude_none=True))
    return {"Version": "2012-10-17", "Statement": statements}
