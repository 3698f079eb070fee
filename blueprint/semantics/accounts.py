"""Checks on `accounts` and their placement in the OU tree."""

from __future__ import annotations

import datetime

from blueprint.semantics.context import Context

MAX_SANDBOX_DAYS = 30
EXPIRY_WARNING_DAYS = 7


def check_unique_identities(ctx: Context) -> None:
    emails: dict[str, str] = {}
    ids: dict[str, str] = {}
    for key, account in sorted(ctx.blueprint.accounts.items()):
        email = account.email.lower()
        if email in emails:
            ctx.error(
                ("accounts", key, "email"),
                f"email '{account.email}' is already used by account '{emails[email]}'; "
                "every AWS account needs its own root email",
            )
        emails.setdefault(email, key)
        if account.id is not None:
            if account.id in ids:
                ctx.error(
                    ("accounts", key, "id"),
                    f"account id {account.id} is already used by account '{ids[account.id]}'",
                )
            ids.setdefault(account.id, key)


def check_email_domain(ctx: Context) -> None:
    domain = ctx.blueprint.organization.account_email_domain
    for key, account in sorted(ctx.blueprint.accounts.items()):
        if account.email.lower().rpartition("@")[2] != domain:
            ctx.error(
                ("accounts", key, "email"),
                f"email '{account.email}' is outside the organization's domain '{domain}' "
                "(organization.account_email_domain)",
            )


def check_placement(ctx: Context) -> None:
    management = ctx.blueprint.organization.management_account
    accounts = ctx.blueprint.accounts
    for node in ctx.tree:
        for index, key in enumerate(node.unit.accounts):
            where = (*node.yaml_path, "accounts", index)
            if key not in accounts:
                ctx.unknown(where, "account", key, accounts)
            elif key == management:
                ctx.error(
                    where,
                    f"'{key}' is the management account; it stays at the root and is never "
                    "placed in an OU",
                )
    for key, paths in sorted(ctx.tree.placements.items()):
        if len(paths) > 1 and key in accounts:
            ctx.error(
                ("accounts", key),
                f"account '{key}' is placed in {len(paths)} OUs ({', '.join(paths)}); "
                "an account belongs to exactly one OU",
                at_key=True,
            )
    for key in sorted(accounts):
        if key != management and key not in ctx.tree.placements:
            ctx.error(
                ("accounts", key),
                f"account '{key}' is not placed in any OU; list it under an OU's 'accounts' "
                "(only the management account stays at the root)",
                at_key=True,
            )


def check_sandbox_expiry(ctx: Context) -> None:
    latest = ctx.today + datetime.timedelta(days=MAX_SANDBOX_DAYS)
    for key, account in sorted(ctx.blueprint.accounts.items()):
        ou = ctx.tree.ou_of(key)
        where = ("accounts", key)
        if ou is not None and ou.is_sandbox:
            if not account.owner:
                ctx.error(where, f"sandbox account '{key}' needs an 'owner'", at_key=True)
            if account.expires is None:
                ctx.error(
                    where,
                    f"sandbox account '{key}' needs an 'expires' date at most "
                    f"{MAX_SANDBOX_DAYS} days out (by {latest.isoformat()})",
                    at_key=True,
                )
        if account.expires is None:
            continue
        if ou is not None and ou.is_sandbox and account.expires > latest:
            ctx.error(
                (*where, "expires"),
                f"sandbox account '{key}' expires {account.expires.isoformat()}, more than "
                f"{MAX_SANDBOX_DAYS} days out; renew by setting a date on or before "
                f"{latest.isoformat()}",
            )
        elif account.expires < ctx.today:
            ctx.warning(
                (*where, "expires"),
                f"account '{key}' expired on {account.expires.isoformat()}; the next run "
                "attaches the quarantine SCP (deny all)",
            )
        elif account.expires <= ctx.today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            ctx.warning(
                (*where, "expires"),
                f"account '{key}' expires on {account.expires.isoformat()}, within "
                f"{EXPIRY_WARNING_DAYS} days; renew it or let it be quarantined",
            )
