"""Break-glass documents (seed defect 1: the seed's role trusted ec2.amazonaws.com with MFA
conditions; a service never carries MFA, and EC2 is not a person).

The role trusts only the named break-glass IAM users of the management account, and only with
a recent MFA sign-in. The users can do nothing but manage their own password and MFA until MFA
is present, and then nothing but assume the break-glass roles.
"""

from __future__ import annotations

from blueprint.model import BreakGlass

USER_PATH = "/break-glass/"

# What a break-glass user may do before MFA is present: sign in, set the password, register
# the hardware MFA device.
_MFA_SELF_SERVICE = [
    "iam:ChangePassword",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
]


def break_glass_user_arns(partition: str, management_id: str, break_glass: BreakGlass) -> list[str]:
    return [
        f"arn:{partition}:iam::{management_id}:user{USER_PATH}{user}"
        for user in sorted(break_glass.users)
    ]


def trust_policy(partition: str, management_id: str, break_glass: BreakGlass) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "BreakGlassUsersWithRecentMfa",
                "Effect": "Allow",
                "Principal": {"AWS": break_glass_user_arns(partition, management_id, break_glass)},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "Bool": {"aws:MultiFactorAuthPresent": "true"},
                    "NumericLessThanEquals": {
                        "aws:MultiFactorAuthAge": str(break_glass.mfa_max_age_seconds)
                    },
                },
            }
        ],
    }


def user_policy(
    partition: str, management_id: str, break_glass: BreakGlass, organization_id
) -> dict:
    own_user = f"arn:{partition}:iam::{management_id}:user{USER_PATH}${{aws:username}}"
    own_mfa = f"arn:{partition}:iam::{management_id}:mfa/${{aws:username}}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ManageOwnPasswordAndMfa",
                "Effect": "Allow",
                "Action": [
                    "iam:ChangePassword",
                    "iam:EnableMFADevice",
                    "iam:GetUser",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                ],
                "Resource": [own_user, own_mfa],
            },
            {
                "Sid": "ReadPasswordPolicy",
                "Effect": "Allow",
                "Action": "iam:GetAccountPasswordPolicy",
                "Resource": "*",
            },
            {
                "Sid": "AssumeBreakGlassRolesWithMfa",
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Resource": f"arn:{partition}:iam::*:role/{break_glass.role_name}",
                # Only this organization's roles: a role of that name elsewhere is not ours.
                "Condition": {
                    "Bool": {"aws:MultiFactorAuthPresent": "true"},
                    "StringEquals": {"aws:ResourceOrgID": organization_id},
                },
            },
            {
                "Sid": "DenyEverythingElseWithoutMfa",
                "Effect": "Deny",
                "NotAction": _MFA_SELF_SERVICE,
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
            },
        ],
    }
