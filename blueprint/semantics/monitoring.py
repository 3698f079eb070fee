"""Checks on `monitoring`: what the policy pack would refuse for the program's own stack is
refused here first, at its line. A rehearsal organization (`organization.rehearsal`) may run
with GOVERNANCE Object Lock, without Access Analyzer, GuardDuty, Security Hub or AWS Config, or
without the CIS alarms; the pack is then configured to match (blueprint.pack_config). Nobody
may drop the break-glass alarms: the pack has no switch for them."""

from __future__ import annotations

from blueprint.pack_config import REHEARSAL_SWITCHES
from blueprint.semantics.context import Context

# Why each detection service is required, in the words of the control it serves.
_SERVICES = {
    "access_analyzer": "IAM Access Analyzer finds access from outside the organization (CIS 1.20)",
    "guardduty": "GuardDuty detects threats in every account (PCI-DSS 11.5.1)",
    "security_hub": "Security Hub collects the findings the security account triages "
    "(PCI-DSS 10.7.2)",
    "config": "AWS Config records every configuration change (PCI-DSS 10.2.1, CIS 3.5)",
}


def check_production_monitoring(ctx: Context) -> None:
    monitoring = ctx.blueprint.monitoring
    if "break_glass" not in monitoring.alarm_sets:
        ctx.error(
            ("monitoring", "alarm_sets"),
            "the 'break_glass' alarm set pages security on every break-glass sign-in and role "
            "use (PCI-DSS 10.2.1.2), and the policy pack requires it of every organization, "
            "rehearsals included: keep it",
        )
    if ctx.blueprint.organization.rehearsal:
        return
    why = "; only a rehearsal organization (organization.rehearsal: true) may"
    if monitoring.object_lock_mode == "GOVERNANCE":
        ctx.error(
            ("monitoring", "object_lock_mode"),
            "GOVERNANCE Object Lock lets anyone with s3:BypassGovernanceRetention delete the "
            f"audit logs (PCI-DSS 10.3.2); use COMPLIANCE{why} use GOVERNANCE",
        )
    for switch in sorted(REHEARSAL_SWITCHES):
        if not getattr(monitoring, switch):
            ctx.error(
                ("monitoring", switch),
                f"{_SERVICES[switch]} and the policy pack requires it{why} switch it off",
            )
    if "cis" not in monitoring.alarm_sets:
        ctx.error(
            ("monitoring", "alarm_sets"),
            "the 'cis' alarm set is CIS AWS Foundations section 4 and PCI-DSS 10.4.1 daily "
            f"review, and the policy pack requires it{why} leave it out",
        )
