"""The rehearsal's own plumbing: applied values come from the state file, and Terraform can
reach nothing but the emulator."""

from __future__ import annotations

import json

from orgctl.rehearsal.command import _state_values
from orgctl.rehearsal.terraform import environment

ROLE = "urn:pulumi:t::org-iam::aws:iam/role:Role::deployer"


def test_applied_values_are_read_from_the_state_file(tmp_path):
    state = {
        "version": 4,
        "resources": [
            {
                "mode": "managed",
                "type": "aws_iam_role",
                "name": "deployer",
                "instances": [{"attributes": {"arn": "arn:aws:iam::1:role/deployer"}}],
            },
            {
                "mode": "data",
                "type": "aws_iam_role",
                "name": "deployer",
                "instances": [{"attributes": {"arn": "a data source, not the resource"}}],
            },
            {"mode": "managed", "type": "aws_iam_role", "name": "other", "instances": []},
        ],
    }
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state))
    addresses = {"aws_iam_role.deployer": ROLE, "aws_iam_role.other": "urn:other"}

    assert _state_values(tmp_path, addresses) == {ROLE: {"arn": "arn:aws:iam::1:role/deployer"}}


def test_no_state_file_means_nothing_applied(tmp_path):
    assert _state_values(tmp_path, {"aws_iam_role.deployer": ROLE}) == {}


def test_every_request_off_the_loopback_goes_to_the_emulator(tmp_path):
    env = environment(tmp_path / "rc", {"access_key": "a", "secret_key": "s"}, "http://127.0.0.1:5")
    assert env["HTTP_PROXY"] == env["HTTPS_PROXY"] == "http://127.0.0.1:5"
    assert env["NO_PROXY"] == "127.0.0.1"
    assert env["CHECKPOINT_DISABLE"] == "1"


def test_provider_processes_collect_garbage_less_often_within_a_memory_limit(tmp_path):
    env = environment(tmp_path / "rc", {"access_key": "a", "secret_key": "s"})
    assert int(env["GOGC"]) > 100 and env["GOMEMLIMIT"].endswith("MiB")
    assert "HTTP_PROXY" not in env  # without an emulator (the schema), nothing to proxy to
