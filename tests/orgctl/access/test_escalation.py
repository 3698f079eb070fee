"""Escalation: the principals a session can become, and the shortest path to each."""

from __future__ import annotations

from orgctl.access.escalation import Escalation, _pass_to_lambda
from tests.orgctl.access.conftest import analysed, find, organization
from tests.orgctl.access.test_assertions import REOPENED


def test_developer_becomes_a_delegated_admin_role_within_the_boundary(prod_org):
    principals = prod_org.principals()
    developer = next(p for p in principals if p.label == "permission-set Developer@dev")
    reached = Escalation(prod_org, principals).reachable(developer)
    first, path = reached[0]
    assert first.arn == "arn:aws:iam::100000000011:role/delegated/escalation-probe"
    assert first.policies.boundary[0] == "EngineerPermissionBoundary"
    assert path == (
        "create and assume role/delegated/escalation-probe (AdministratorAccess, "
        "boundary EngineerPermissionBoundary)",
    )


def test_read_only_reaches_nobody(prod_org):
    principals = prod_org.principals()
    read_only = next(p for p in principals if p.label == "permission-set ReadOnly@dev")
    assert Escalation(prod_org, principals).reachable(read_only) == []


def test_developer_cannot_stop_cloudtrail_even_through_escalation(prod_rows):
    row = find(prod_rows, "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert not row.held and row.via == ()


def test_without_its_three_layers_a_developer_escalates_to_an_exempt_role(prod_variant):
    """The review's path, reopened: without ProtectAccessRoles, the boundary's delegated role
    path and the Developer set's own role scope, a developer creates a role of an exempt name
    (the access role's, first in order), which every guardrail exempts. The shortest path is
    reported step by step."""
    org = organization(prod_variant(*REOPENED))
    row = find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert row.held
    assert row.via == (
        "create and assume role/OrganizationAccountAccessRole (AdministratorAccess, boundary "
        "EngineerPermissionBoundary)",
    )
    assert row.deciding.ask.action == "cloudtrail:StopLogging"


def test_any_one_layer_alone_still_closes_the_path(prod_variant):
    for layer in REOPENED:
        org = organization(prod_variant(*(r for r in REOPENED if r is not layer)))
        row = find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail")
        assert not row.held, layer


def test_passing_an_exempt_role_to_lambda_is_stopped_twice(prod_rows, prod_variant):
    """Admin in an Infrastructure account may create Lambda functions; passing the deployer's
    role to one would let its code stop CloudTrail. The boundary's PassRole deny and the SCP
    protecting exempt names each stop it; without both the path opens and is reported."""
    assert not find(prod_rows, "permission-set", "Admin", "network", "stop-cloudtrail").held
    unbounded = prod_variant(
        (
            "    managed_policies: [AdministratorAccess]\n    boundary: EngineerPermissionBoundary\n",
            "    managed_policies: [AdministratorAccess]\n",
        ),
        ("      - ProtectAccessRoles\n", ""),  # which also denies passing an exempt role
    )
    row = find(
        analysed(organization(unbounded)), "permission-set", "Admin", "network", "stop-cloudtrail"
    )
    assert row.held
    assert len(row.via) == 1  # the shortest path: one step to an exempt role
    org = organization(unbounded)
    admin = next(p for p in org.principals() if p.label == "permission-set Admin@network")
    access_role = [
        p
        for p in org.principals()
        if p.name == "OrganizationAccountAccessRole" and p.account == admin.account
    ]
    steps = _pass_to_lambda(org, admin, access_role)
    assert [step.text for step in steps] == [
        "pass OrganizationAccountAccessRole to a new Lambda function and invoke it"
    ]
