"""What the blueprint approves reaches the policy pack: `orgctl plan` derives the pack's
configuration from the blueprint (PCI exceptions, a rehearsal organization's GOVERNANCE lock,
the SCP limits, the exempt role names), writes it beside plan.json for `pulumi preview
--policy-pack-config`, and takes `--policy-config FILE` for the rest; unknown keys are errors."""

from __future__ import annotations

import json

from orgctl.cli import main

PCI_ADMIN = (
    "  - group: admins\n    permission_set: Admin\n    accounts: [dev]\n",
    "  - group: admins\n    permission_set: Admin\n    accounts: [dev]\n"
    "  - group: admins\n    permission_set: Admin\n    accounts: [pci]\n"
    "    pci_exception: QSA-approved for the key ceremony, ticket SEC-1234\n",
)
REHEARSAL = (
    "  account_email_domain: example.com\n",
    "  account_email_domain: example.com\n  rehearsal: true\n",
)
GOVERNANCE = ("break_glass:\n", "monitoring:\n  object_lock_mode: GOVERNANCE\nbreak_glass:\n")


def _blueprint(write_blueprint, *replacements):
    return write_blueprint(*replacements)


def _plan(blueprint, out, *extra) -> int:
    return main(
        ["plan", "--stack", "prod", "--blueprint", str(blueprint), "--out", str(out), *extra]
    )


def _config(out) -> dict:
    return json.loads((out / "prod" / "policy-config.json").read_text())


def test_an_approved_pci_exception_plans_clean_and_reaches_the_pack(write_blueprint, tmp_path):
    blueprint = _blueprint(write_blueprint, PCI_ADMIN)
    assert _plan(blueprint, tmp_path) == 0
    config = _config(tmp_path)
    assert config["sso-no-admin-in-pci-accounts"] == {"exceptions": ["Admin:admins@pci"]}
    plan = tmp_path / "prod" / "plan.json"
    # Without the blueprint's configuration the pack refuses the same plan.
    assert main(["check", str(plan)]) == 1
    assert (
        main(["check", "--config", str(tmp_path / "prod" / "policy-config.json"), str(plan)]) == 0
    )


def test_a_rehearsal_organization_may_lock_its_logs_in_governance_mode(write_blueprint, tmp_path):
    blueprint = _blueprint(write_blueprint, REHEARSAL, GOVERNANCE)
    assert _plan(blueprint, tmp_path) == 0
    assert _config(tmp_path)["log-archive-object-lock"] == {"allowGovernanceMode": True}
    assert main(["check", str(tmp_path / "prod" / "plan.json")]) == 1


def test_the_limits_and_exempt_roles_come_from_the_blueprint(write_blueprint, tmp_path):
    blueprint = _blueprint(
        write_blueprint,
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n"
            "  scp_size_limit: 6000\n  reserved_scp_slots: 3\n  deployment_roles: [ci-deployer]\n",
        ),
    )
    assert _plan(blueprint, tmp_path) == 0
    config = _config(tmp_path)
    assert config["scp-size-limit"] == {"sizeLimit": 6000}
    assert config["scp-attachment-quota"] == {"reservedSlots": 3}
    assert config["iam-admin-policy-exempt-roles-only"]["deployerRoleNames"] == ["ci-deployer"]


def test_a_policy_config_file_adds_to_what_the_blueprint_sets(write_blueprint, tmp_path):
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"kms-key-rotation": "advisory"}))
    assert _plan(_blueprint(write_blueprint), tmp_path, "--policy-config", str(extra)) == 0
    config = _config(tmp_path)
    assert config["kms-key-rotation"] == "advisory"
    assert "scp-size-limit" in config


def test_an_unknown_key_in_a_policy_config_is_an_error(write_blueprint, tmp_path, capsys):
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({"scp-size-limit": {"sizeLimt": 4000}}))
    assert _plan(_blueprint(write_blueprint), tmp_path, "--policy-config", str(typo)) == 2
    err = capsys.readouterr().err
    assert "scp-size-limit: 'sizeLimt' is not a parameter of this policy" in err
    assert not (tmp_path / "prod").exists()  # nothing planned or written
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"no-such-policy": "advisory"}))
    assert _plan(_blueprint(write_blueprint), tmp_path, "--policy-config", str(unknown)) == 2
    assert "'no-such-policy' is not a policy of this pack" in capsys.readouterr().err


def test_a_rehearsal_organization_may_run_without_guardduty(write_blueprint, tmp_path):
    no_guardduty = ("break_glass:\n", "monitoring:\n  guardduty: false\nbreak_glass:\n")
    blueprint = _blueprint(write_blueprint, REHEARSAL, no_guardduty)
    assert _plan(blueprint, tmp_path) == 0
    assert _config(tmp_path)["security-services-enabled"] == "disabled"
    # The same plan under the pack's defaults is refused: the switch is what lets it pass.
    assert main(["check", str(tmp_path / "prod" / "plan.json")]) == 1
