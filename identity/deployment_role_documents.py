"""Documents of the deployment roles created in every member account.

The guardrails exempt each of `organization.deployment_roles` by name. An exemption by name is
only safe where a role of that name exists and nobody else can create, re-trust or change it,
so org-iam creates the role in every member account itself, and `ProtectAccessRoles` keeps it.

Each trusts only the management account's role of the same name (the CI's role, set up there
once by hand with the CI's own identity provider). The trust names the account root with an
`aws:PrincipalArn` condition because IAM refuses a trust policy naming a role that does not
exist yet, and the management account's role may be created after this one.
"""

from __future__ import annotations


def management_role_arn(partition: str, management_id: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{management_id}:role/{role_name}"


def deployment_role_trust(partition: str, management_id: str, role_name: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ManagementAccountDeployerOnly",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{management_id}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "ArnEquals": {
                        "aws:PrincipalArn": management_role_arn(partition, management_id, role_name)
                    }
                },
            }
        ],
    }
