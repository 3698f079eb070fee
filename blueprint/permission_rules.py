"""What a permission set's inline policy may not allow on every resource: everything, a
privilege-escalation action, or sharing snapshots. The policy pack refuses such policies
(iam-no-admin-wildcard, iam-no-privilege-escalation, iam-no-snapshot-sharing); validation
refuses the blueprint statement first, with the same action lists (a test proves they agree).
"""

from __future__ import annotations

# Each lets its holder grant itself more: pass or re-trust a stronger role, rewrite or attach a
# policy, mint credentials for another user, or drop a boundary. `iam:*` covers them all.
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
# A shared or public snapshot is a copy of the data outside the account (PCI-DSS 3.2, 7.2).
SNAPSHOT_SHARING_ACTIONS = (
    "ec2:ModifySnapshotAttribute",
    "rds:ModifyDBSnapshotAttribute",
    "rds:ModifyDBClusterSnapshotAttribute",
    "redshift:AuthorizeSnapshotAccess",
)
