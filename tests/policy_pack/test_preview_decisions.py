"""On a first preview, a check that something is *set* decides on a present-but-unknown value;
a check of the value itself waits for it. Props are wrapped in pulumi-policy's unknown-checking
proxy, as the engine wraps them."""

from __future__ import annotations

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from orgctl.policy_runner import ALL_POLICIES
from tests.policy_pack.cases import (
    admin_set,
    admin_set_policy,
    alarmed,
    app_role,
    assignment,
    break_glass_role,
    cis_filters,
    log_group,
    member,
    pci_account,
    topic,
    trail,
)
from tests.policy_pack.helpers import findings

BY_NAME = {p.name: p for p in ALL_POLICIES}
PENDING_TOPIC = (UNKNOWN,)


def test_an_unknown_kms_key_still_means_the_topic_is_encrypted():
    assert findings(BY_NAME["sns-topic-encrypted"], [topic.but(kmsMasterKeyId=UNKNOWN)]) == []


def test_an_unknown_kms_key_and_log_group_still_mean_the_trail_is_hardened():
    pending = trail.but(kmsKeyId=UNKNOWN, cloudWatchLogsGroupArn=UNKNOWN)
    assert findings(BY_NAME["cloudtrail-org-trail-hardened"], [pending]) == []


def test_an_unknown_trail_still_fails_on_a_known_missing_setting():
    pending = trail.but(kmsKeyId=UNKNOWN, enableLogFileValidation=False)
    (finding,) = findings(BY_NAME["cloudtrail-org-trail-hardened"], [pending])
    assert finding.kind == "violation" and "validate log files" in finding.message


def test_an_unknown_kms_key_still_means_the_log_group_is_encrypted():
    pending = log_group.but(kmsKeyId=UNKNOWN)
    assert findings(BY_NAME["log-group-retention"], [pending]) == []


def test_an_unknown_alarm_action_is_still_an_action():
    assert findings(BY_NAME["alarm-has-actions"], alarmed("x", "{}", actions=PENDING_TOPIC)) == []


def test_an_unknown_parent_still_means_the_account_is_in_an_ou():
    assert findings(BY_NAME["org-account-in-ou"], [member.but(parentId=UNKNOWN)]) == []


def test_cis_alarms_decide_with_unknown_actions_and_an_unknown_log_group():
    pending_trail = trail.but(cloudWatchLogsGroupArn=UNKNOWN)
    alarms = [
        r.but(alarmActions=[UNKNOWN]) if r.type.endswith("MetricAlarm") else r
        for r in cis_filters()
    ]
    assert findings(BY_NAME["cis-alarms-complete"], [pending_trail, *alarms]) == []
    (missing,) = findings(BY_NAME["cis-alarms-complete"], [pending_trail, *alarms[2:]])
    assert missing.kind == "violation" and "CIS 4.1" in missing.message


def test_break_glass_alerting_decides_with_unknown_alarm_actions():
    pattern = '{ $.requestParameters.roleArn = "*:role/BreakGlassAdmin" }'
    watched = alarmed("bg", pattern, actions=PENDING_TOPIC)
    assert findings(BY_NAME["break-glass-alerting"], [break_glass_role, *watched]) == []


def test_admin_into_a_pci_account_is_found_while_the_account_id_is_unknown():
    grant = assignment("Admin:g@pci", "Admin", "pci")
    grant.inputs["targetId"] = UNKNOWN
    stack = [admin_set, admin_set_policy, pci_account, grant]
    (finding,) = findings(BY_NAME["sso-no-admin-in-pci-accounts"], stack)
    assert finding.kind == "violation" and "PCI-scoped" in finding.message


def test_a_pci_id_list_needs_the_account_id_and_waits_for_it():
    grant = assignment("Admin:g@other", "Admin", "elsewhere")
    grant.inputs["targetId"] = UNKNOWN
    config = {"sso-no-admin-in-pci-accounts": {"pciAccountIds": ["123456789012"]}}
    (finding,) = findings(
        BY_NAME["sso-no-admin-in-pci-accounts"], [admin_set, admin_set_policy, grant], config
    )
    assert finding.kind == "unknown"


def test_a_check_of_the_value_itself_still_waits_for_it():
    pending = app_role.but(permissionsBoundary=UNKNOWN)
    (finding,) = findings(BY_NAME["iam-role-requires-boundary"], [pending])
    assert finding.kind == "unknown"
