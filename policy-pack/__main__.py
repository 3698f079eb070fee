"""The org-iam policy pack. This is the only place a PolicyPack is built: constructing one
starts the analyzer server, so tests and `orgctl check` import orgiam_policies instead."""

from pulumi_policy import EnforcementLevel, PolicyPack

from orgiam_policies import ALL_POLICIES

PolicyPack(
    name="org-iam",
    description="SOC 2 / PCI-DSS 4.0 identity, guardrail and audit-trail policies for AWS.",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=ALL_POLICIES,
)
