"""Checks on the `organization` section: regions and the accounts it names."""

from __future__ import annotations

from blueprint.regions import ALL_REGIONS, partition_of
from blueprint.semantics.context import Context, did_you_mean


def check_regions(ctx: Context) -> None:
    org = ctx.blueprint.organization
    base = ("organization",)
    for index, region in enumerate(org.allowed_regions):
        if region not in ALL_REGIONS:
            ctx.error(
                (*base, "allowed_regions", index),
                f"'{region}' is not an AWS Region{did_you_mean(region, ALL_REGIONS)}",
            )
        elif org.allowed_regions.index(region) != index:
            ctx.error((*base, "allowed_regions", index), f"region '{region}' is listed twice")
    if org.home_region not in ALL_REGIONS:
        ctx.error(
            (*base, "home_region"),
            f"'{org.home_region}' is not an AWS Region{did_you_mean(org.home_region, ALL_REGIONS)}",
        )
    elif org.home_region not in org.allowed_regions:
        ctx.error(
            (*base, "home_region"),
            f"home region '{org.home_region}' must be one of allowed_regions "
            f"({', '.join(org.allowed_regions)}); the region guardrail would deny it",
        )
    partitions = {partition_of(r) for r in org.allowed_regions if r in ALL_REGIONS}
    if len(partitions) > 1:
        ctx.error(
            (*base, "allowed_regions"),
            f"allowed_regions mix partitions ({', '.join(sorted(partitions))}); "
            "an organization lives in one partition",
        )


def check_named_accounts(ctx: Context) -> None:
    org = ctx.blueprint.organization
    accounts = ctx.blueprint.accounts
    roles = {
        "management_account": org.management_account,
        "log_archive_account": org.log_archive_account,
        "security_account": org.security_account,
    }
    for field_name, key in roles.items():
        if key not in accounts:
            ctx.unknown(("organization", field_name), "account", key, accounts)
    management = accounts.get(org.management_account)
    if management is not None and management.id is None:
        ctx.error(
            ("accounts", org.management_account),
            f"the management account '{org.management_account}' needs its 'id' (it already "
            "exists: the program runs with its credentials)",
            at_key=True,
        )
    for field_name in ("log_archive_account", "security_account"):
        if roles[field_name] == org.management_account:
            ctx.error(
                ("organization", field_name),
                f"{field_name} must be a member account, not the management account "
                "(SCPs never restrict the management account)",
            )
