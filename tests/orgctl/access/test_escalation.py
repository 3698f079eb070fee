"""Escalation: the principals a session can become, and the shortest path to each."""

from __future__ import annotations

from orgctl.access.escalation import Escalation
from tests.orgctl.access.conftest import analysed, find, organization


def test_developer_becomes_a_delegated_admin_role_within_the_boundary(prod_org):
    principals = prod_org.principals()
    developer = next(p for p in principals if p.label == "permission-set Developer@dev")
    reached = Escalation(prod_org, principals).reachable(developer)
    first, path = reached[0]
    assert first.arn == "arn:aws:iam::100000000011:role/delegated/org-iam-escalation-probe"
    assert first.policies.boundary[0] == "EngineerPermissionBoundary"
    assert path == (
        "create and assume role/delegated/org-iam-escalation-probe (AdministratorAccess, "
        "boundary EngineerPermissionBoundary)",
    )


def test_read_only_reaches_nobody(prod_org):
    principals = prod_org.principals()
    read_only = next(p for p in principals if p.label == "permission-set ReadOnly@dev")
    assert Escalation(prod_org, principals).reachable(read_only) == []


def test_developer_cannot_stop_cloudtrail_even_through_escalation(prod_rows):
    row = find(prod_rows, "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert not row.held and row.via == ()


def test_without_protected_role_names_a_developer_escalates_to_an_exempt_role(prod_variant):
    """The review's path: a delegated admin role, then a role of an exempt name (here the access
    role's, the first in order), which the guardrails exempt. ProtectAccessRoles is what stops the second step (no policy can be
    attached to an exempt name), so without it the path opens and is reported step by step."""
    org = organization(prod_variant(("      - ProtectAccessRoles\n", "")))
    row = find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert row.held
    assert row.via == (
        "create and assume role/delegated/org-iam-escalation-probe (AdministratorAccess, "
        "boundary EngineerPermissionBoundary)",
        "create and assume role/OrganizationAccountAccessRole (AdministratorAccess, boundary "
        "EngineerPermissionBoundary)",
    )
    assert row.deciding.ask.action == "cloudtrail:StopLogging"


def test_the_boundary_stops_passing_an_exempt_role_to_lambda(prod_rows, prod_variant):
    """Admin in an Infrastructure account may create Lambda functions; passing the deployer's
    role to one would let its code stop CloudTrail. The boundary's PassRole deny stops it; an
    Admin set without the boundary opens the path, and the report names it."""
    assert not find(prod_rows, "permission-set", "Admin", "network", "stop-cloudtrail").held
    unbounded = prod_variant(
        (
            "    managed_policies: [AdministratorAccess]\n    boundary: EngineerPermissionBoundary\n",
            "    managed_policies: [AdministratorAccess]\n",
        )
    )
    row = find(
        analysed(organization(unbounded)), "permission-set", "Admin", "network", "stop-cloudtrail"
    )
    assert row.held
    assert row.via == ("pass OrganizationAccountAccessRole to a new Lambda function and invoke it",)
