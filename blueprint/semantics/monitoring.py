"""Checks on `monitoring`: what the policy pack would refuse for the program's own stack is
refused here first, at its line. A rehearsal organization (`organization.rehearsal`) may run
with GOVERNANCE Object Lock, without Access Analyzer or without the CIS alarms; the pack is then
configured to match (blueprint.pack_config)."""

from __future__ import annotations

from blueprint.semantics.context import Context


def check_production_monitoring(ctx: Context) -> None:
    if ctx.blueprint.organization.rehearsal:
        return
    monitoring = ctx.blueprint.monitoring
    why = "; only a rehearsal organization (organization.rehearsal: true) may"
    if monitoring.object_lock_mode == "GOVERNANCE":
        ctx.error(
            ("monitoring", "object_lock_mode"),
            "GOVERNANCE Object Lock lets anyone with s3:BypassGovernanceRetention delete the "
            f"audit logs (PCI-DSS 10.3.2); use COMPLIANCE{why} use GOVERNANCE",
        )
    if not monitoring.access_analyzer:
        ctx.error(
            ("monitoring", "access_analyzer"),
            "IAM Access Analyzer finds access from outside the organization (CIS 1.20) and "
            f"the policy pack requires it{why} switch it off",
        )
    if "cis" not in monitoring.alarm_sets:
        ctx.error(
            ("monitoring", "alarm_sets"),
            "the 'cis' alarm set is CIS AWS Foundations section 4 and PCI-DSS 10.4.1 daily "
            f"review, and the policy pack requires it{why} leave it out",
        )
