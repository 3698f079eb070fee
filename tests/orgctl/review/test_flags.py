"""Every flag names controls the evidence pack reports on, in SOC 2 and (where one fits exactly)
PCI DSS v4.0.1; a flag with no exact PCI DSS requirement says so rather than stretching one."""

from __future__ import annotations

import datetime
from pathlib import Path

from orgctl.evidence.controls import CONTROLS
from orgctl.review.credential_report import CredentialUse
from orgctl.review.flags import KINDS, Flag, Kind
from orgctl.review.iam_users import CONSOLE, KEY, Credential, user_flags

AS_OF = datetime.date(2026, 11, 28)


def _in_pack(framework: str, control: str) -> bool:
    return any(c.framework == framework and c.matches(control) for c in CONTROLS)


def test_every_flag_kind_has_controls_the_evidence_pack_knows():
    for kind in KINDS.values():
        frameworks = {framework for framework, _ in kind.controls}
        # SOC 2 always; PCI DSS only where a requirement fits (the text says so otherwise).
        assert "soc2" in frameworks and frameworks <= {"pci-dss-4.0", "soc2"}, kind.code
        for framework, control in kind.controls:
            assert _in_pack(framework, control), (kind.code, control)


def test_a_control_outside_the_pack_would_be_caught():
    assert not _in_pack("soc2", "CC9.9")
    assert not _in_pack("pci-dss-4.0", "9.4.1")


def test_flag_text_carries_its_controls_under_the_current_pci_version():
    assert Flag("inactive-user", "x").controls == "PCI DSS v4.0.1 8.2.6; SOC 2 CC6.2"
    assert "PCI-DSS 4.0" not in " ".join(kind.control_text for kind in KINDS.values())


def test_a_flag_without_an_exact_pci_requirement_says_so():
    assert Flag("old-access-key", "x").controls == (
        "PCI DSS v4.0.1: no exact requirement; SOC 2 CC6.1; CIS AWS Foundations 3.0 1.14"
    )
    overdue = Flag("break-glass-test-overdue", "x").controls
    assert overdue.startswith("PCI DSS v4.0.1: no exact requirement; SOC 2 CC7.4; SOC 2 CC7.5")
    assert "runbook" in overdue and "12.10" not in overdue
    with_pci = Kind("k", "t", (("pci-dss-4.0", "8.2.6"), ("soc2", "CC6.2")))
    assert "no exact requirement" not in with_pci.control_text


def test_the_auditors_mappings():
    def pci(code):
        return {c for f, c in KINDS[code].controls if f == "pci-dss-4.0"}

    assert pci("password-sign-in-without-mfa") == {"8.4.2", "8.4.3"}
    assert pci("break-glass-mfa") == {"8.4.1", "8.4.3"}
    assert pci("outside-trust") == {"8.2.7", "7.2.2"}
    assert pci("not-in-blueprint") == {"7.2.3"}
    assert pci("inactive-user") == {"8.2.6"}
    assert pci("unused-credential") == pci("old-access-key") == set()
    assert "console-without-mfa" not in KINDS


def _use(user: str, password: bool = False, mfa: bool = True) -> CredentialUse:
    created = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return CredentialUse(
        user=user,
        arn=f"arn:aws:iam::111111111111:user/{user}",
        created=created,
        password_enabled=password,
        password_last_used=None,
        password_last_changed=None,
        mfa_active=mfa,
        keys=(),
    )


def _credential(kind: str, key_id: str, last_used_days_ago: int) -> Credential:
    return Credential(
        "u",
        kind,
        key_id,
        datetime.date(2026, 1, 1),
        AS_OF - datetime.timedelta(days=last_used_days_ago),
    )


def test_an_idle_key_of_an_active_user_is_hygiene_not_an_inactive_user():
    active = [_credential(CONSOLE, "", 2), _credential(KEY, "AKIAIDLE", 120)]
    codes = sorted(f.code for f in user_flags(_use("u", password=True), active, AS_OF))
    assert codes == ["old-access-key", "unused-credential"]


def test_a_user_with_every_credential_idle_is_inactive():
    idle = [_credential(CONSOLE, "", 150), _credential(KEY, "AKIAIDLE", 120)]
    flags = [
        f for f in user_flags(_use("u", password=True), idle, AS_OF) if f.code != "old-access-key"
    ]
    assert [f.code for f in flags] == ["inactive-user", "inactive-user"]
    assert all("no credential of the user was used in 90 days" in f.message for f in flags)


def test_the_user_guide_lists_every_flag_with_the_controls_the_review_prints():
    guide = (Path(__file__).parents[3] / "docs" / "review.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"| `{kind.code}` |" in guide, kind.code
        assert f"| {kind.control_text} |" in guide, kind.code
    assert "PCI-DSS 4.0" not in guide and "answers" not in guide
