"""Known differences that are not the program's fault, one entry each, versioned: where moto
(the emulator) differs from AWS, and where the Terraform provider this rehearsal runs (major
version 5) differs from the one pulumi-aws 7 bridges (major version 6). A rehearsal finding that
matches none of them is a candidate program defect."""

from __future__ import annotations

import re
from dataclasses import dataclass

MOTO_VERSION = "5.2.5"
PROVIDER_VERSION = "5.100.0"
BRIDGED_PROVIDER_MAJOR = 6  # pulumi-aws 7.x


@dataclass(frozen=True)
class Known:
    id: str
    kind: str  # "emulator-gap" | "provider-major-version"
    version: str  # the moto or provider version the entry was observed with
    resource_types: tuple[str, ...]  # Terraform types it concerns; empty: any
    pattern: str  # regex over the provider's message, or over "attribute: before -> after"
    applies_to: str  # "error" | "diff"
    explanation: str

    def matches(self, resource_type: str, text: str) -> bool:
        if self.resource_types and resource_type not in self.resource_types:
            return False
        return re.search(self.pattern, text, re.DOTALL) is not None


KNOWN: tuple[Known, ...] = (
    Known(
        "emulator-dropped-connection",
        "emulator-gap",
        MOTO_VERSION,
        (),
        r"use of closed network connection|connection reset by peer",
        "error",
        "The emulator's HTTP server (werkzeug, one request at a time) dropped a connection "
        "under load; the call's outcome is unknown, not refused.",
    ),
    Known(
        "moto-iam-centralized-root-access",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_iam_organizations_features",),
        r"EnableOrganizationsRoot(CredentialsManagement|Sessions)",
        "error",
        "moto does not implement IAM centralized root access for member accounts "
        "(EnableOrganizationsRootCredentialsManagement, EnableOrganizationsRootSessions).",
    ),
    Known(
        "moto-securityhub-organization-admin-accounts",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_securityhub_organization_admin_account",),
        r"SecurityHub: ListOrganizationAdminAccounts, https response error StatusCode: 404",
        "error",
        "moto does not implement Security Hub's ListOrganizationAdminAccounts, which the "
        "provider reads to confirm the delegated administrator.",
    ),
    Known(
        "moto-guardduty-organization-configuration",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_guardduty_organization_configuration",),
        r"GuardDuty: (Update|Describe)OrganizationConfiguration, https response error "
        r"StatusCode: 404",
        "error",
        "moto does not implement GuardDuty's UpdateOrganizationConfiguration and "
        "DescribeOrganizationConfiguration (auto-enable for the organization's accounts).",
    ),
    Known(
        "moto-accessanalyzer",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_accessanalyzer_analyzer",),
        r"AccessAnalyzer: CreateAnalyzer, .*StatusCode: 500",
        "error",
        "moto does not implement IAM Access Analyzer (CreateAnalyzer answers 500).",
    ),
    Known(
        "moto-securityhub-update-configuration",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_securityhub_account",),
        r"SecurityHub: UpdateSecurityHubConfiguration, .*StatusCode: 500",
        "error",
        "moto does not implement Security Hub's UpdateSecurityHubConfiguration, which the "
        "provider calls after EnableSecurityHub to set control finding generation.",
    ),
    Known(
        "moto-cloudformation-stack-set-settings",
        "emulator-gap",
        MOTO_VERSION,
        ("aws_cloudformation_stack_set",),
        r"auto_deployment: \[\] -> \[",
        "diff",
        "moto's CreateStackSet ignores AutoDeployment, ManagedExecution, AdministrationRoleARN "
        "and ExecutionRoleName (its documented limits), so DescribeStackSet reads back no "
        "automatic deployment and the provider plans the stack set's replacement.",
    ),
)


def match(applies_to: str, resource_type: str, text: str) -> Known | None:
    for entry in KNOWN:
        if entry.applies_to == applies_to and entry.matches(resource_type, text):
            return entry
    return None
