"""Semantic rules not already pinned by a broken fixture, each one mutation away from minimal."""

from __future__ import annotations

import datetime

from blueprint import check_blueprint
from tests.conftest import TODAY

SANDBOX_OU = (
    "organizational_units:\n",
    "organizational_units:\n  Sandbox:\n    environment: sandbox\n    accounts: [sandbox-1]\n",
)


def _sandbox(expires: str) -> tuple[str, str]:
    return (
        "  dev: {email: aws-dev@example.com}\n",
        "  dev: {email: aws-dev@example.com}\n"
        f"  sandbox-1: {{email: aws-sb@example.com, owner: a@example.com, expires: {expires}}}\n",
    )


def _diagnostics(path, today=TODAY):
    return check_blueprint(str(path), today=today).diagnostics


def _messages(path, today=TODAY):
    return [d.message for d in _diagnostics(path, today)]


def test_pci_exception_allows_an_admin_set_in_pci_scope(write_blueprint):
    admin_into_pci = (
        "    permission_set: Admin\n    accounts: [dev]\n",
        "    permission_set: Admin\n    ous: [Payments]\n",
    )
    assert any("PCI scope" in m for m in _messages(write_blueprint(admin_into_pci)))
    justified = (
        "    permission_set: Admin\n    accounts: [dev]\n",
        "    permission_set: Admin\n    ous: [Payments]\n"
        "    pci_exception: Payments platform owners, CHG-1234, reviewed by QSA\n",
    )
    assert _messages(write_blueprint(justified)) == []


def test_admin_detection_covers_inline_wildcards(write_blueprint):
    inline_admin = (
        "    managed_policies: [job-function/ViewOnlyAccess]\n",
        "    inline_policy:\n"
        "      Version: '2012-10-17'\n"
        "      Statement: [{Effect: Allow, NotAction: ['s3:DeleteBucket'], Resource: '*'}]\n",
    )
    messages = _messages(write_blueprint(inline_admin))
    assert any("'ReadOnly' into 'pci'" in m and "administrator-level" in m for m in messages)


def test_sandbox_expiring_within_a_week_warns(write_blueprint):
    path = write_blueprint(SANDBOX_OU, _sandbox("2026-12-02"))
    (diagnostic,) = _diagnostics(path)
    assert diagnostic.severity == "warning"
    assert "within 7 days" in diagnostic.message


def test_expired_sandbox_warns_of_quarantine(write_blueprint):
    path = write_blueprint(SANDBOX_OU, _sandbox("2026-11-01"))
    (diagnostic,) = _diagnostics(path)
    assert diagnostic.severity == "warning"
    assert "attaches the quarantine SCP" in diagnostic.message


def test_sandbox_limit_follows_the_injected_clock(write_blueprint):
    path = write_blueprint(SANDBOX_OU, _sandbox("2027-01-20"))
    assert any("more than 30 days out" in m for m in _messages(path))
    assert _messages(path, today=datetime.date(2027, 1, 1)) == []


def test_sandbox_without_expiry_is_an_error(write_blueprint):
    no_expiry = (
        "  dev: {email: aws-dev@example.com}\n",
        "  dev: {email: aws-dev@example.com}\n  sandbox-1: {email: aws-sb@example.com, owner: a}\n",
    )
    assert any(
        "needs an 'expires' date" in m for m in _messages(write_blueprint(SANDBOX_OU, no_expiry))
    )


def test_slots_are_counted_after_packing_not_per_blueprint_scp(write_blueprint):
    # Eight reserved slots leave one: two small SCPs pack into one document and fit.
    reserve = (
        "  account_email_domain: example.com\n",
        "  account_email_domain: example.com\n  reserved_scp_slots: 8\n",
    )
    two_scps = (
        "    scps: [baseline]\n    accounts: [dev]\n",
        "    scps: [baseline, extra]\n    accounts: [dev]\n",
    )
    extra = (
        "service_control_policies:\n",
        "service_control_policies:\n  extra: {description: x, statements: [DenyIamUsersAndKeys]}\n",
    )
    assert _messages(write_blueprint(reserve, two_scps, extra)) == []


def test_scp_attached_twice_is_an_error(write_blueprint):
    twice = (
        "    scps: [baseline]\n    accounts: [dev]\n",
        "    scps: [baseline, baseline]\n    accounts: [dev]\n",
    )
    assert any("attached to OU 'Development' twice" in m for m in _messages(write_blueprint(twice)))


def test_scps_on_the_management_account_are_an_error(write_blueprint):
    on_management = (
        '  management: {email: aws-management@example.com, id: "111111111111"}\n',
        '  management: {email: aws-management@example.com, id: "111111111111", scps: [baseline]}\n',
    )
    assert any(
        "never restrict the management account" in m
        for m in _messages(write_blueprint(on_management))
    )


def test_log_archive_cannot_be_the_management_account(write_blueprint):
    path = write_blueprint(
        ("  log_archive_account: log-archive\n", "  log_archive_account: management\n")
    )
    assert any("must be a member account" in m for m in _messages(path))


def test_regions_of_two_partitions_are_an_error(write_blueprint):
    path = write_blueprint(("[us-east-1, us-west-2]", "[us-east-1, cn-north-1]"))
    assert any("mix partitions" in m for m in _messages(path))


def test_managed_policy_quota_follows_the_organization_setting(write_blueprint):
    eleven = ", ".join(f"Policy{i}" for i in range(11))
    path = write_blueprint(("[job-function/ViewOnlyAccess]", f"[{eleven}]"))
    assert any(
        "attaches 11 managed policies; the roles it creates allow 10" in m for m in _messages(path)
    )
    raised = (
        "  account_email_domain: example.com\n",
        "  account_email_domain: example.com\n  managed_policies_per_role: 20\n",
    )
    assert (
        _messages(write_blueprint(("[job-function/ViewOnlyAccess]", f"[{eleven}]"), raised)) == []
    )


def test_duplicate_grant_is_a_warning(write_blueprint):
    again = (
        "  - group: engineers\n    permission_set: ReadOnly\n    accounts: [prod]\nbreak_glass:\n"
    )
    path = write_blueprint(("break_glass:\n", again))
    (diagnostic,) = _diagnostics(path)
    assert diagnostic.severity == "warning"
    assert "already gets 'ReadOnly' in 'prod'" in diagnostic.message


def test_break_glass_role_must_differ_from_the_access_role(write_blueprint):
    path = write_blueprint(
        (
            "  users: [breakglass-1, breakglass-2]\n",
            "  users: [breakglass-1, breakglass-2]\n  role_name: OrganizationAccountAccessRole\n",
        )
    )
    assert any("must differ from the access and deployment roles" in m for m in _messages(path))


def test_topic_without_subscribers_warns(write_blueprint):
    path = write_blueprint(
        (
            "      subscribers:\n        - {protocol: email, endpoint: secops@example.com}\n",
            "      subscribers: []\n",
        )
    )
    (diagnostic,) = _diagnostics(path)
    assert diagnostic.severity == "warning"
    assert "alarms would reach nobody" in diagnostic.message


def test_emails_are_unique_regardless_of_case(write_blueprint):
    path = write_blueprint(
        ("  dev: {email: aws-dev@example.com}\n", "  dev: {email: AWS-PROD@example.com}\n")
    )
    assert any("is already used by account" in m for m in _messages(path))


def test_environment_restriction_is_inherited_from_the_parent_ou(write_blueprint):
    developer_into_payments = ("    ous: [Development]\n", "    ous: [Development, Payments]\n")
    messages = _messages(write_blueprint(developer_into_payments))
    assert any(
        "'Developer' into 'pci' (Production/Payments, production, PCI scope)" in m for m in messages
    )


ACCESS_ASSERTION = (
    "break_glass:\n",
    "access_assertions:\n"
    "  cde-kept:\n"
    "    description: In the CDE only the emergency roles hold sensitive capabilities.\n"
    "    capabilities: [all]\n"
    "    ous: [{ou}]\n"
    "    accounts: [{account}]\n"
    "    only: [break-glass, deployers, {holder}]\n"
    "break_glass:\n",
)


def _assertion(ou="Payments", account="pci", holder="Admin") -> tuple[str, str]:
    old, new = ACCESS_ASSERTION
    return old, new.format(ou=ou, account=account, holder=holder)


def test_access_assertion_with_known_names_is_valid(write_blueprint):
    assert _diagnostics(write_blueprint(_assertion())) == []


def test_access_assertion_names_unknown_ou_account_and_holder_with_their_place(write_blueprint):
    path = write_blueprint(_assertion(ou="Paymnts", account="pcii", holder="Admn"))
    found = [f"{d.line}: {d.path}: {d.message}" for d in _diagnostics(path)]
    assert found == [
        "77: access_assertions.cde-kept.ous[0]: unknown OU 'Paymnts' (did you mean 'Payments'?)",
        "78: access_assertions.cde-kept.accounts[0]: unknown account 'pcii' (did you mean 'pci'?)",
        "79: access_assertions.cde-kept.only[2]: unknown holder 'Admn' (did you mean 'Admin'?)",
    ]


def test_access_assertion_capabilities_are_from_the_catalogue(write_blueprint):
    old, new = _assertion()
    path = write_blueprint((old, new.replace("[all]", "[stop-cloudtrial]")))
    (diagnostic,) = _diagnostics(path)
    assert diagnostic.path == "access_assertions.cde-kept.capabilities[0]"
    assert diagnostic.message.endswith("or 'all' (got 'stop-cloudtrial')")
