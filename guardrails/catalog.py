"""Render docs/guardrails.md from the statement library, so the reasons and control ids a reader
sees are the ones the code carries. Regenerate: `make docs` (a test fails while it is stale)."""

from __future__ import annotations

import sys
from pathlib import Path

from guardrails.library import DESTRUCTIVE_ACTIONS, GLOBAL_SERVICE_ACTIONS, LIBRARY

CATALOG_PATH = Path(__file__).resolve().parent.parent / "docs" / "guardrails.md"

INTRO = """\
# Guardrail library (service control policies)

Generated from `guardrails/library.py` by `make docs`; do not edit by hand.

A blueprint's `service_control_policies` pick statements from this library by Sid and may add
`custom_statements`. For every OU and account, the statements of the SCPs attached to it are
packed into as few minified documents as fit `organization.scp_size_limit` (10,240 characters by
default, AWS's quota) and the free slots (10 per target, minus `FullAWSAccess`, minus
`reserved_scp_slots`, minus one kept on accounts with an `expires` date for their quarantine).
An account past its `expires` date gets the `expired-quarantine` policy (`DenyAll`) on the next
run. Every OU and account must have `DenyRootUser`, `DenyLeaveOrganization` and
`ProtectCloudTrail` (or custom statements that deny the same) in effect from an SCP attached to
it or above, and every role name a statement exempts must be protected by an SCP of the
organization (`ProtectAccessRoles` protects every name the library exempts); validation
refuses a blueprint otherwise, as the policy pack refuses its plan.

Exempt principals: *deployers* are the blueprint's `access_role` and `deployment_roles`;
*break-glass* is `break_glass.role_name`; the *StackSet execution roles* (`stacksets-exec-*`) are
exempt only from `ProtectSecurityServices` and the quarantine, so that org-iam's Config StackSet
keeps working. SCPs never restrict the management account or service-linked roles.

An exemption by role name is only as strong as the protection of that name. org-iam therefore
creates the deployment and break-glass roles in every member account (Organizations creates the
access role), and `ProtectAccessRoles` denies everyone else `iam:CreateRole`, trust and policy
changes, tagging, deletion and `iam:PassRole` on every exempt name and on the Identity Center
roles. The engineer boundary confines role creation to its delegated path, and `orgctl
preflight` reports an existing role of an exempt name that trusts anyone outside the management
account. The identity perimeter, a resource control policy at the root
(`guardrails/perimeter_documents.py`), denies `sts:AssumeRole` into any member account by
principals outside the organization, except AWS services and `trusted_external_accounts`.

## Common mistakes these statements avoid

- **MFA condition.** `aws:MultiFactorAuthPresent` is absent from requests signed
  with long-term access keys, and AWS does not assert it for sessions made by
  `AssumeRoleWithSAML` (how IAM Identity Center signs people in; their MFA happens at the
  identity provider). A `BoolIfExists … "false"` condition alone therefore denies every
  Identity Center user. `RequireMfaForDestructiveActions` adds `aws:PrincipalType = User`:
  only IAM users (the only principals that hold long-term keys) are matched, with or without
  the key present.
  People's MFA is enforced in Identity Center and the IdP, and recorded as evidence outside AWS.
- **Region deny.** A `Deny "*"` outside two Regions breaks IAM, Organizations,
  STS, Route 53, CloudFront and Support, whose endpoints live in us-east-1. The library uses the
  `NotAction` list from AWS Organizations' documented example and exempts break-glass and
  deployers. Under Control Tower, prefer its own Region deny control.
- **Root.** `aws:PrincipalType` is `Account` for the root user, never `Root`;
  the library matches `aws:PrincipalArn` `arn:aws:iam::*:root` as AWS's samples do and exempts
  `sts:AssumeRoot` sessions (`aws:AssumedRoot`).
"""


def render_catalog() -> str:
    rows = [
        "## Statements",
        "",
        "| Sid | Why | SOC 2 | PCI-DSS 4.0 | CIS AWS v3.0 |",
        "|---|---|---|---|---|",
    ]
    for sid, entry in LIBRARY.items():
        controls = entry.controls
        rows.append(
            f"| `{sid}` | {entry.reason} | {', '.join(controls.soc2)} | "
            f"{', '.join(controls.pci_dss)} | {', '.join(controls.cis_aws) or '—'} |"
        )
    lists = [
        "",
        "## Global services exempt from the Region deny",
        "",
        ", ".join(f"`{a}`" for a in GLOBAL_SERVICE_ACTIONS),
        "",
        "## Actions that need an MFA sign-in for IAM users",
        "",
        ", ".join(f"`{a}`" for a in DESTRUCTIVE_ACTIONS),
        "",
    ]
    return INTRO + "\n" + "\n".join(rows + lists)


def main() -> int:
    CATALOG_PATH.write_text(render_catalog())
    print(f"wrote {CATALOG_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
