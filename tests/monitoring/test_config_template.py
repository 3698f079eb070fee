"""The Config StackSet template, checked by cfn-lint (AWS's own CloudFormation linter)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

from monitoring.config_template import RECORDER_ROLE, config_template


def _lint(template: dict, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template))
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    return subprocess.run([str(cfn_lint), str(path)], capture_output=True, text=True, timeout=300)


def test_cfn_lint_accepts_the_template(tmp_path):
    result = _lint(config_template(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_would_catch_a_broken_template(tmp_path):
    broken = copy.deepcopy(config_template())
    broken["Resources"]["DeliveryChannel"]["Properties"]["S3Bucket"] = "typo"
    result = _lint(broken, tmp_path)
    assert result.returncode != 0
    assert "S3Bucket" in result.stdout


def test_the_role_and_global_resources_belong_to_the_home_region_only():
    resources = config_template()["Resources"]
    assert resources["RecorderRole"]["Condition"] == "IsHomeRegion"
    assert resources["RecorderRole"]["Properties"]["RoleName"] == RECORDER_ROLE
    group = resources["Recorder"]["Properties"]["RecordingGroup"]
    assert group["AllSupported"] is True
    assert group["IncludeGlobalResourceTypes"] == {"Fn::If": ["IsHomeRegion", True, False]}
