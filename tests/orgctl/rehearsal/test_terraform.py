"""Finding the tools, reading Terraform's diagnostics and the second plan's changes."""

from __future__ import annotations

from orgctl.rehearsal.terraform import StageRun, diagnostics, find_tooling, planned_changes


def test_a_missing_provider_version_is_named():
    tooling, missing = find_tooling("0.0.0")
    assert tooling is None
    assert "hashicorp/aws 0.0.0" in missing and "ORGCTL_TF_PLUGINS" in missing


def test_validate_diagnostics_name_the_resource_from_the_snippet():
    document = {
        "valid": False,
        "diagnostics": [
            {
                "severity": "error",
                "summary": "expected deletion_window_in_days to be in the range (7 - 30), got 3",
                "detail": "",
                "snippet": {"context": 'resource "aws_kms_key" "security-monitoring"'},
            }
        ],
    }
    run = StageRun("validate", 1, 1.0, 0, "", "", [document])
    (found,) = diagnostics(run)
    assert found["address"] == "aws_kms_key.security-monitoring"
    assert "(7 - 30)" in found["summary"]


def test_plan_diagnostics_of_a_json_configuration_name_the_resource():
    message = {
        "@level": "error",
        "type": "diagnostic",
        "diagnostic": {
            "severity": "error",
            "summary": "expected deletion_window_in_days to be in the range (7 - 30), got 3",
            "detail": "",
            "snippet": {"context": "resource.aws_kms_key.trail-log-group"},
        },
    }
    (found,) = diagnostics(StageRun("plan", 1, 1.0, 0, "", "", [message]))
    assert found["address"] == "aws_kms_key.trail-log-group"


def test_only_real_changes_come_out_of_the_second_plan():
    show = {
        "resource_changes": [
            {"address": "aws_iam_role.a", "change": {"actions": ["no-op"]}},
            {
                "address": "aws_iam_role.b",
                "change": {
                    "actions": ["update"],
                    "before": {"name": "b", "max_session_duration": 3600},
                    "after": {"name": "b", "max_session_duration": 7200},
                    "after_unknown": {},
                },
            },
        ]
    }
    (change,) = planned_changes(show)
    assert change["address"] == "aws_iam_role.b"
    assert change["attributes"] == ["max_session_duration"]
