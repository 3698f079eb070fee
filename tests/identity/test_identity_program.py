"""The identity domain under Pulumi mocks, on blueprints/prod.yaml."""

from __future__ import annotations

import json

from blueprint import OrgTree, load_blueprint
from blueprint.access import grants
from tests.conftest import PROD, TODAY
from tests.identity.test_documents import trusts_service_with_mfa

BLUEPRINT = load_blueprint(str(PROD), today=TODAY)
TREE = OrgTree(BLUEPRINT)
PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
IAM_POLICY = "aws:iam/policy:Policy"
ROLE = "aws:iam/role:Role"
ROLE_TABLE = {
    "ReadOnly": "PT8H",
    "Developer": "PT4H",
    "DBA": "PT2H",
    "Ops": "PT4H",
    "Admin": "PT1H",
}


def _account_of(assignment, prod_program) -> str:
    return assignment.name.rsplit("@", 1)[1]


def test_permission_sets_follow_the_role_table(prod_program):
    sets = {r.name: r for r in prod_program.by_type(PERMISSION_SET)}
    assert {name: sets[name].inputs["sessionDuration"] for name in ROLE_TABLE} == ROLE_TABLE
    managed = {}
    for record in prod_program.by_type(
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment"
    ):
        managed.setdefault(record.name.split(":", 1)[0], set()).add(
            record.inputs["managedPolicyArn"]
        )
    assert managed["Admin"] == {"arn:aws:iam::aws:policy/AdministratorAccess"}
    assert managed["ReadOnly"] == {
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
    }
    (dba_inline,) = [
        r
        for r in prod_program.by_type(
            "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
        )
        if r.name == "DBA:inline"
    ]
    statements = {s["Sid"]: s for s in json.loads(dba_inline.inputs["inlinePolicy"])["Statement"]}
    assert statements["DenyDatabaseDeletion"]["Effect"] == "Deny"
    assert statements["DenyDatabaseDeletion"]["Action"] == ["rds:Delete*"]
    assert statements["DenySnapshotSharing"]["Effect"] == "Deny"


def test_developer_is_never_assigned_into_production_or_pci(prod_program):
    developer = [a for a in prod_program.by_type(ASSIGNMENT) if a.name.startswith("Developer:")]
    assert developer
    for assignment in developer:
        node = TREE.ou_of(_account_of(assignment, prod_program))
        assert node.environment in ("nonproduction", "sandbox")
        assert not node.pci_scope


def test_assignments_are_exactly_the_expanded_grants(prod_program):
    recorded = {a.name for a in prod_program.by_type(ASSIGNMENT)}
    assert recorded == {g.slug for g in grants(BLUEPRINT, TREE)}
    for assignment in prod_program.by_type(ASSIGNMENT):
        assert assignment.inputs["principalType"] == "GROUP"
        assert assignment.inputs["targetType"] == "AWS_ACCOUNT"


def test_group_ids_come_from_the_identity_store_by_display_name(prod_program):
    (assignment,) = [
        a for a in prod_program.by_type(ASSIGNMENT) if a.name == "Billing:finance@management"
    ]
    assert assignment.inputs["targetId"] == "100000000001"
    assert assignment.inputs["principalId"].startswith("mock-group-")


def test_every_assignment_needing_a_boundary_waits_for_it_in_that_account(prod_program):
    boundary_urns = {
        r.name: r.urn
        for r in prod_program.by_type(IAM_POLICY)
        if r.name.startswith("EngineerPermissionBoundary@")
    }
    checked = 0
    for assignment in prod_program.by_type(ASSIGNMENT):
        permission_set = assignment.name.split(":", 1)[0]
        if BLUEPRINT.permission_sets[permission_set].boundary is None:
            continue
        account = _account_of(assignment, prod_program)
        assert boundary_urns[f"EngineerPermissionBoundary@{account}"] in assignment.dependencies
        checked += 1
    assert checked > 20


def test_boundaries_exist_in_every_member_account_through_its_provider(prod_program):
    providers = {r.name: r.urn for r in prod_program.by_type("pulumi:providers:aws")}
    boundaries = {
        r.name: r
        for r in prod_program.by_type(IAM_POLICY)
        if r.name.startswith("EngineerPermissionBoundary@")
    }
    members = sorted(set(BLUEPRINT.accounts) - {"management"})
    assert sorted(name.split("@")[1] for name in boundaries) == members
    for name, boundary in boundaries.items():
        account = name.split("@")[1]
        assert boundary.provider.startswith(providers[account] + "::")
        assert boundary.inputs["name"] == "EngineerPermissionBoundary"


def test_permission_sets_with_a_boundary_reference_it_by_name(prod_program):
    attachments = {
        r.name: r
        for r in prod_program.by_type(
            "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
        )
    }
    expected = {f"{n}:boundary" for n, s in BLUEPRINT.permission_sets.items() if s.boundary}
    assert set(attachments) == expected
    reference = attachments["Admin:boundary"].inputs["permissionsBoundary"][
        "customerManagedPolicyReference"
    ]
    assert reference == {"name": "EngineerPermissionBoundary", "path": "/"}


def test_break_glass_role_in_every_account_trusts_only_break_glass_users(prod_program):
    roles = [r for r in prod_program.by_type(ROLE) if r.name.startswith("BreakGlassAdmin@")]
    assert sorted(r.name.split("@")[1] for r in roles) == sorted(BLUEPRINT.accounts)
    users = {r.urn for r in prod_program.by_type("aws:iam/user:User")}
    for role in roles:
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {
            "AWS": [
                "arn:aws:iam::100000000001:user/break-glass/breakglass-1",
                "arn:aws:iam::100000000001:user/break-glass/breakglass-2",
            ]
        }
        assert statement["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}
        assert statement["Condition"]["NumericLessThanEquals"] == {"aws:MultiFactorAuthAge": "3600"}
        assert role.inputs["maxSessionDuration"] == 3600
        assert role.inputs["tags"]["org-iam:break-glass"] == "true"
        assert users <= set(role.dependencies)


def test_no_role_trusts_a_service_principal_with_mfa_conditions(prod_program):
    for role in prod_program.by_type(ROLE):
        assert not trusts_service_with_mfa(json.loads(role.inputs["assumeRolePolicy"])), role.name


def test_break_glass_users_have_no_access_keys_or_login_profiles(prod_program):
    types = {r.type for r in prod_program.registrations}
    assert "aws:iam/accessKey:AccessKey" not in types
    assert "aws:iam/userLoginProfile:UserLoginProfile" not in types
    users = prod_program.by_type("aws:iam/user:User")
    assert sorted(u.inputs["name"] for u in users) == ["breakglass-1", "breakglass-2"]
    assert all(u.inputs["path"] == "/break-glass/" for u in users)
