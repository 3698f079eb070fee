"""Delegated administration of the security services to the security tooling account, so the
security team runs them without management-account credentials.

GuardDuty and Security Hub are designated through their own APIs (which register the delegated
administrator with Organizations themselves, so a second registration would conflict); Config
and Access Analyzer through Organizations. GuardDuty's designation is per Region.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from org.service_principals import THROUGH_ORGANIZATIONS, delegated_through


@dataclass(frozen=True)
class DelegatedAdministratorsArgs:
    blueprint: Blueprint
    security_account_id: pulumi.Input[str]
    management: aws.Provider
    management_regional: dict[str, aws.Provider]  # by Region
    waits_for: list[pulumi.Resource]  # the organization, with its trusted access


class DelegatedAdministrators(pulumi.ComponentResource):
    def __init__(self, name: str, args: DelegatedAdministratorsArgs, opts=None):
        super().__init__("org-iam:org:DelegatedAdministrators", name, None, opts)
        monitoring = args.blueprint.monitoring
        home = args.blueprint.organization.home_region
        security_account_id = args.security_account_id
        management, management_regional = args.management, args.management_regional

        def options(provider: aws.Provider) -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(parent=self, provider=provider, depends_on=args.waits_for)

        self.resources: list[pulumi.CustomResource] = []
        for principal in delegated_through(monitoring, THROUGH_ORGANIZATIONS):
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
