"""Rules that relate one part of a blueprint to another. Each check appends located
diagnostics to the context; all of them run, so one pass reports every error of a file."""

from __future__ import annotations

from blueprint.semantics import (
    access,
    accounts,
    alerting,
    identity,
    inline_policies,
    monitoring,
    organization,
    ous,
    policies,
    renames,
)
from blueprint.semantics.context import Context

CHECKS = (
    organization.check_regions,
    organization.check_named_accounts,
    accounts.check_unique_identities,
    accounts.check_email_domain,
    accounts.check_placement,
    accounts.check_sandbox_expiry,
    ous.check_depth,
    ous.check_pci_inheritance,
    ous.check_scp_attachments,
    identity.check_permission_sets,
    identity.check_session_durations,
    identity.check_assignments,
    identity.check_break_glass,
    alerting.check_topic_references,
    monitoring.check_production_monitoring,
    access.check_access_assertions,
    policies.check_policy_language,
    renames.check_renames,
    inline_policies.check_inline_policies,
)


def run_checks(ctx: Context) -> None:
    for check in CHECKS:
        check(ctx)


__all__ = ["CHECKS", "Context", "run_checks"]
