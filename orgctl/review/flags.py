"""What a review flags, each with the controls it serves. The control ids are those the evidence
pack reports on (orgctl/evidence/controls.py), so an auditor can follow a flag to its control."""

from __future__ import annotations

from dataclasses import dataclass

from orgctl.evidence.controls import FRAMEWORKS

UNUSED_DAYS = 90  # PCI-DSS 8.2.6: inactive accounts removed or disabled within 90 days
KEY_AGE_DAYS = 90  # PCI-DSS 8.3.9: single-factor secrets changed at least every 90 days
TEST_CADENCE_DAYS = 92  # the break-glass runbook's quarterly test, a quarter's longest length


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    controls: tuple[tuple[str, str], ...]  # (framework key, control id)

    @property
    def control_text(self) -> str:
        return "; ".join(f"{FRAMEWORKS[f]} {control}" for f, control in self.controls)


PCI, SOC2 = "pci-dss-4.0", "soc2"
KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "unused-credential",
            f"IAM credential unused for more than {UNUSED_DAYS} days",
            ((PCI, "8.2.6"), (SOC2, "CC6.2")),
        ),
        Kind(
            "old-access-key",
            f"Access key older than {KEY_AGE_DAYS} days",
            ((PCI, "8.3.9"), (SOC2, "CC6.1")),
        ),
        Kind(
            "console-without-mfa",
            "Console password without an MFA device",
            ((PCI, "8.4.2"), (SOC2, "CC6.1")),
        ),
        Kind(
            "direct-assignment",
            "Permission set assigned to a person directly, not through a group",
            ((PCI, "7.2.2"), (SOC2, "CC6.3")),
        ),
        Kind(
            "not-in-blueprint",
            "Access the blueprint does not grant",
            ((PCI, "7.2.1"), (SOC2, "CC6.2")),
        ),
        Kind(
            "privileged-group",
            "Member of a group with administrator-level access",
            ((PCI, "7.2.2"), (SOC2, "CC6.3")),
        ),
        Kind(
            "outside-trust",
            "Role trusts a principal outside the organization",
            ((PCI, "7.2.4"), (SOC2, "CC6.6")),
        ),
        Kind(
            "break-glass-use",
            "Break-glass credential used outside a recorded test",
            ((PCI, "8.2.2"), (SOC2, "CC7.3")),
        ),
        Kind(
            "break-glass-mfa",
            "Break-glass user without an MFA device",
            ((PCI, "8.4.2"), (SOC2, "CC6.1")),
        ),
        Kind(
            "break-glass-test-overdue",
            f"No recorded break-glass test in the last {TEST_CADENCE_DAYS} days",
            ((PCI, "12.10.2"), (SOC2, "CC7.3")),
        ),
        Kind(
            "account-not-read",
            "The account's IAM could not be read: its access is not evidenced",
            ((PCI, "7.2.4"), (SOC2, "CC6.3")),
        ),
        Kind(
            "removal-not-done",
            "Marked 'remove' in the previous review and still present",
            ((PCI, "7.2.4"), (SOC2, "CC6.3")),
        ),
    )
}


@dataclass(frozen=True, order=True)
class Flag:
    code: str  # a key of KINDS
    message: str  # one sentence naming the credential or grant

    @property
    def kind(self) -> Kind:
        return KINDS[self.code]

    @property
    def controls(self) -> str:
        return self.kind.control_text
