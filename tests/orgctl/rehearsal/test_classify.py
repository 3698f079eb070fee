"""What no known difference explains is a candidate program defect, with the provider's words
and the URN; known emulator gaps are named by their entry."""

from __future__ import annotations

from orgctl.rehearsal import gaps
from orgctl.rehearsal.classify import PROGRAM_DEFECT, classify_change, classify_error

ADDRESSES = {
    "aws_iam_role.deployer": "urn:pulumi:t::org-iam::aws:iam/role:Role::deployer",
    "aws_accessanalyzer_analyzer.org": "urn:pulumi:t::org-iam::aws:accessanalyzer/analyzer:Analyzer::org",
}


def test_an_unexplained_error_is_a_program_defect_with_message_and_urn():
    finding = classify_error(
        "apply",
        {
            "summary": "creating IAM Role (deployer): MalformedPolicyDocument: bad principal",
            "detail": "",
            "address": "aws_iam_role.deployer",
        },
        ADDRESSES,
    )
    assert finding.kind == PROGRAM_DEFECT
    assert finding.urn == ADDRESSES["aws_iam_role.deployer"]
    assert "MalformedPolicyDocument: bad principal" in finding.message


def test_a_known_emulator_gap_is_named_by_its_entry():
    message = (
        "creating IAM Organizations Features: enabling Organizations root credentials "
        "management: operation error IAM: EnableOrganizationsRootCredentialsManagement, "
        "StatusCode: 500"
    )
    diagnostic = {"summary": message, "detail": "", "address": "aws_iam_organizations_features.x"}
    finding = classify_error("apply", diagnostic, {})
    assert finding.kind == "emulator-gap"
    assert finding.known == "moto-iam-centralized-root-access"


def test_a_known_message_on_another_resource_type_stays_a_defect():
    message = "operation error IAM: EnableOrganizationsRootCredentialsManagement"
    diagnostic = {"summary": message, "detail": "", "address": "aws_iam_role.deployer"}
    assert classify_error("apply", diagnostic, ADDRESSES).kind == PROGRAM_DEFECT


def test_every_known_entry_says_which_version_it_was_seen_with():
    for entry in gaps.KNOWN:
        assert entry.version in (gaps.MOTO_VERSION, gaps.PROVIDER_VERSION)
        assert entry.explanation.endswith(".")


def test_a_replan_change_is_a_program_defect_unless_known():
    finding = classify_change(
        {
            "address": "aws_iam_role.deployer",
            "actions": ["update"],
            "attributes": ["max_session_duration"],
            "before": {"max_session_duration": 3600},
            "after": {"max_session_duration": 7200},
        },
        ADDRESSES,
    )
    assert finding.kind == PROGRAM_DEFECT and finding.stage == "replan"
    assert "max_session_duration: 3600 -> 7200" in finding.message


def test_a_diagnostic_without_address_is_named_by_the_resource_it_mentions():
    message = (
        "Instance cannot be destroyed Resource aws_iam_role.deployer has "
        "lifecycle.prevent_destroy set"
    )
    finding = classify_error("replan", {"summary": message, "detail": ""}, ADDRESSES)
    assert finding.address == "aws_iam_role.deployer"
    assert finding.urn == ADDRESSES["aws_iam_role.deployer"]


def test_services_moto_lacks_are_known_gaps_on_their_own_resource_types():
    analyzer = (
        "creating IAM Access Analyzer Analyzer (org-iam-organization): operation error "
        "AccessAnalyzer: CreateAnalyzer, exceeded maximum number of attempts, 1, https response "
        "error StatusCode: 500, RequestID: , deserialization failed"
    )
    hub = (
        "updating Security Hub Account (100000000003): operation error SecurityHub: "
        "UpdateSecurityHubConfiguration, exceeded maximum number of attempts, 1, https response "
        "error StatusCode: 500, RequestID: "
    )
    found = classify_error(
        "apply", {"summary": analyzer, "address": "aws_accessanalyzer_analyzer.org"}, ADDRESSES
    )
    assert (found.kind, found.known) == ("emulator-gap", "moto-accessanalyzer")
    found = classify_error("apply", {"summary": hub, "address": "aws_securityhub_account.x"}, {})
    assert found.known == "moto-securityhub-update-configuration"
    refused = "CreateAnalyzer: ValidationException: invalid type"
    found = classify_error(
        "apply", {"summary": refused, "address": "aws_accessanalyzer_analyzer.org"}, ADDRESSES
    )
    assert found.kind == PROGRAM_DEFECT


def test_a_stack_set_read_back_without_its_settings_is_a_known_gap():
    change = {
        "address": "aws_cloudformation_stack_set.config-recording",
        "actions": ["delete", "create"],
        "attributes": ["auto_deployment", "capabilities"],
        "before": {"auto_deployment": [], "capabilities": []},
        "after": {
            "auto_deployment": [{"enabled": True, "retain_stacks_on_account_removal": False}],
            "capabilities": ["CAPABILITY_NAMED_IAM"],
        },
    }
    found = classify_change(change, {})
    assert found.known == "moto-cloudformation-stack-set-settings"
    change["before"]["auto_deployment"] = [{"enabled": False}]
    assert classify_change(change, {}).kind == PROGRAM_DEFECT
