"""Detection services in the organization's stack: an organization IAM Access Analyzer in every
allowed Region, and GuardDuty, Security Hub and AWS Config present. Each is a stack policy: it
asks whether another resource exists at all."""

from __future__ import annotations

from pulumi_policy import Severity

from orgiam_policies._support import (
    Controls,
    config_of,
    of_type,
    schema,
    stack_policy,
    string_list,
)

ORGANIZATION = "aws:organizations/organization:Organization"
ANALYZER = "aws:accessanalyzer/analyzer:Analyzer"
DELEGATED_ADMIN = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"


def region_of(resource) -> str | None:
    """The Region a resource lives in: its own `region` input (pulumi-aws 7), else its
    provider's."""
    region = resource.props.get("region")
    if not region and resource.provider is not None:
        region = resource.provider.props.get("region")
    return str(region) if region else None


def _deployed_regions(resources) -> set[str]:
    return {region for region in (region_of(r) for r in resources) if region}


def _validate_access_analyzer(args, report_violation):
    organizations = of_type(args.resources, ORGANIZATION)
    if not organizations:
        args.not_applicable("not the organization's stack")
        return
    analyzers = [
        a for a in of_type(args.resources, ANALYZER) if a.props.get("type") == "ORGANIZATION"
    ]
    if not analyzers:
        report_violation(
            "The organization must have an IAM Access Analyzer of type ORGANIZATION (run by the "
            "delegated administrator).",
            organizations[0].urn,
        )
        return
    wanted = set(config_of(args).get("allowedRegions") or []) or _deployed_regions(args.resources)
    missing = sorted(wanted - {region_of(a) for a in analyzers})
    if missing:
        report_violation(
            "The organization must have an IAM Access Analyzer of type ORGANIZATION in every "
            f"allowed Region (analyzers are Regional); none in {', '.join(missing)}.",
            organizations[0].urn,
        )


access_analyzer_org_enabled = stack_policy(
    "access-analyzer-org-enabled",
    "The organization runs an organization-wide IAM Access Analyzer in every allowed Region.",
    _validate_access_analyzer,
    Controls(("CC6.1", "CC6.3"), ("7.2.4", "7.2.5"), ("1.20",)),
    severity=Severity.MEDIUM,
    config=schema(
        allowedRegions=string_list(
            [], "Regions that need an analyzer; empty means every Region this stack deploys to."
        )
    ),
    spans="it asks whether other resources, an organization analyzer per Region, exist at all",
    rules=("organization-analyzer", "every-region"),
)

# What makes each service present in the organization's stack: the service itself, or its
# organization-wide delegation (the delegated administrator then enables it for every account).
SECURITY_SERVICES = {
    "GuardDuty": (
        {
            "aws:guardduty/detector:Detector",
            "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
        },
        "guardduty.amazonaws.com",
    ),
    "Security Hub": (
        {
            "aws:securityhub/account:Account",
            "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
        },
        "securityhub.amazonaws.com",
    ),
    "AWS Config": (
        {
            "aws:cfg/recorder:Recorder",
            "aws:cfg/configurationAggregator:ConfigurationAggregator",
        },
        "config.amazonaws.com",
    ),
}


def _validate_security_services(args, report_violation):
    organizations = of_type(args.resources, ORGANIZATION)
    if not organizations:
        args.not_applicable("not the organization's stack")
        return
    types = {r.resource_type for r in args.resources}
    delegated = {
        str(r.props.get("servicePrincipal")) for r in of_type(args.resources, DELEGATED_ADMIN)
    }
    for service, (resource_types, principal) in SECURITY_SERVICES.items():
        if not (types & resource_types) and principal not in delegated:
            report_violation(
                f"The organization must run {service}: this stack neither enables it nor "
                "delegates its administration to a security account.",
                organizations[0].urn,
            )


security_services_enabled = stack_policy(
    "security-services-enabled",
    "The organization runs GuardDuty, Security Hub and AWS Config, directly or through a delegated administrator.",
    _validate_security_services,
    Controls(("CC7.1", "CC7.2"), ("10.4.1.1", "11.5.1")),
    severity=Severity.HIGH,
    spans="it asks whether other resources, each service or its delegation, exist at all",
    rules=("guardduty", "security-hub", "config"),
)

POLICIES = [access_analyzer_org_enabled, security_services_enabled]
