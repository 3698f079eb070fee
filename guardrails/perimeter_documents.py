"""The organization's identity perimeter as a resource control policy (RCP).

A role engineers create may trust any principal, including one in a foreign account; that trust
would outlive the engineer's offboarding. An RCP is evaluated on the role's side of every
`sts:AssumeRole`, whatever the role's own trust policy says, so it closes that door for every
role in every member account. AWS services are left alone (they assume roles on the
organization's behalf), as are the accounts the blueprint names in
`organization.trusted_external_accounts`, each a reviewed exception. Service-linked roles and
the management account are never restricted by RCPs.

Pure: plain dicts for the program, the tests and the validators.
"""

from __future__ import annotations

PERIMETER_SID = "AssumeRoleOnlyFromTheOrganization"


def identity_perimeter_document(organization_id: str, external_accounts: list[str]) -> dict:
    outside = {"aws:PrincipalOrgID": organization_id}
    if external_accounts:
        outside["aws:PrincipalAccount"] = sorted(external_accounts)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": PERIMETER_SID,
                "Effect": "Deny",
                "Principal": "*",
                "Action": "sts:AssumeRole",
                "Resource": "*",
                "Condition": {
                    "StringNotEqualsIfExists": outside,
                    "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
                },
            }
        ],
    }
