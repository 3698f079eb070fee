"""Delegated administration of the security services to the security tooling account, so the
security team runs them without management-account credentials.

GuardDuty and Security Hub are designated through their own APIs (which register the delegated
administrator with Organizations themselves, so a second registration would conflict); Config
and Access Analyzer through Organizations. GuardDuty's designation is per Region.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from org.delegated_services import ORGANIZATIONS_DELEGATED


class DelegatedAdministrators(pulumi.ComponentResource):
    def __init__(
        self,
        name: str,
        blueprint: Blueprint,
        security_account_id: pulumi.Input[str],
        management: aws.Provider,
        management_regional: dict[str, aws.Provider],
        depends_on: list[pulumi.Resource],
        opts=None,
    ):
        super().__init__("org-iam:org:DelegatedAdministrators", name, None, opts)
        monitoring = blueprint.monitoring
        home = blueprint.organization.home_region

        def options(provider: aws.Provider) -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(parent=self, provider=provider, depends_on=depends_on)

        self.resources: list[pulumi.CustomResource] = []
        for switch, principals in ORGANIZATIONS_DELEGATED.items():
            if not getattr(monitoring, switch):
                continue
            for principal in principals:
                self.resources.append(
                    aws.organizations.DelegatedAdministrator(
                        principal,
                        account_id=security_account_id,
                        service_principal=principal,
                        opts=options(management),
                    )
                )
        if monitoring.guardduty:
            for region, provider in sorted(management_regional.items()):
                self.resources.append(
                    aws.guardduty.OrganizationAdminAccount(
                        f"guardduty-{region}",
                        admin_account_id=security_account_id,
                        opts=options(provider),
                    )
                )
        if monitoring.security_hub:
            self.resources.append(
                aws.securityhub.OrganizationAdminAccount(
                    f"securityhub-{home}",
                    admin_account_id=security_account_id,
                    opts=options(management_regional[home]),
                )
            )
        self.register_outputs({})
