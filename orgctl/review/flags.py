"""What a review flags, each with the controls it serves. The control ids are those the evidence
pack reports on (orgctl/evidence/controls.py), so an auditor can follow a flag to its control.
Where no requirement of a framework fits exactly, the kind says so instead of stretching one, and
names the reference it does follow (CIS, the organization's own runbook) outside the pack."""

from __future__ import annotations

from dataclasses import dataclass

from orgctl.evidence.controls import FRAMEWORKS

UNUSED_DAYS = 90  # PCI DSS 8.2.6: inactive user accounts removed or disabled within 90 days
KEY_AGE_DAYS = 90  # CIS AWS Foundations 1.14: access keys rotated every 90 days or less
TEST_CADENCE_DAYS = 92  # the break-glass runbook's quarterly test, a quarter's longest length

PCI, SOC2 = "pci-dss-4.0", "soc2"
# The review names PCI DSS by its current version: v4.0 was retired at the end of 2024 and
# v4.0.1 kept its requirement numbers. The key stays the evidence pack's framework key.
FRAMEWORK_NAMES = {**FRAMEWORKS, PCI: "PCI DSS v4.0.1"}
NO_EXACT_PCI = f"{FRAMEWORK_NAMES[PCI]}: no exact requirement"


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    controls: tuple[tuple[str, str], ...]  # (framework key, control id) in the evidence pack
    references: tuple[str, ...] = ()  # what it also follows, outside the evidence pack

    @property
    def control_ids(self) -> list[str]:
        return [f"{framework}:{control}" for framework, control in self.controls]

    @property
    def control_text(self) -> str:
        parts = [f"{FRAMEWORK_NAMES[f]} {control}" for f, control in self.controls]
        if all(framework != PCI for framework, _ in self.controls):
            parts.insert(0, NO_EXACT_PCI)
        return "; ".join([*parts, *self.references])


KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "inactive-user",
            f"IAM user with no credential used in more than {UNUSED_DAYS} days",
            ((PCI, "8.2.6"), (SOC2, "CC6.2")),
        ),
        Kind(
            "unused-credential",
            f"Credential unused for more than {UNUSED_DAYS} days on an otherwise active user",
            ((SOC2, "CC6.2"),),
        ),
        Kind(
            "old-access-key",
            f"Access key older than {KEY_AGE_DAYS} days",
            ((SOC2, "CC6.1"),),
            ("CIS AWS Foundations 3.0 1.14",),
        ),
        Kind(
            "password-sign-in-without-mfa",
            "AWS console password without an MFA device",
            ((PCI, "8.4.2"), (PCI, "8.4.3"), (SOC2, "CC6.1")),
        ),
        Kind(
            "direct-assignment",
            "Permission set assigned to a person directly, not through a group",
            ((PCI, "7.2.2"), (SOC2, "CC6.3")),
        ),
        Kind(
            "not-in-blueprint",
            "Access the blueprint does not grant",
            ((PCI, "7.2.3"), (SOC2, "CC6.2")),
        ),
        Kind(
            "privileged-group",
            "Member of a group with administrator-level access",
            ((PCI, "7.2.2"), (SOC2, "CC6.3")),
        ),
        Kind(
            "outside-trust",
            "Role trusts a principal outside the organization",
            ((PCI, "8.2.7"), (PCI, "7.2.2"), (SOC2, "CC6.6")),
        ),
        Kind(
            "break-glass-use",
            "Break-glass credential used outside a recorded test",
            ((PCI, "8.2.2"), (SOC2, "CC7.3")),
        ),
        Kind(
            "break-glass-mfa",
            "Break-glass user without an MFA device",
            ((PCI, "8.4.1"), (PCI, "8.4.3"), (SOC2, "CC6.1")),
        ),
        Kind(
            "break-glass-test-overdue",
            f"No recorded break-glass test in the last {TEST_CADENCE_DAYS} days",
            ((SOC2, "CC7.4"),),
            ("SOC 2 CC7.5", "Organization control: break-glass runbook, quarterly test"),
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
