"""Guardrail rules that need the composed SCPs: unknown library Sids, oversized statements,
targets whose packed SCPs do not fit their free slots, the baseline denies every OU needs in
effect and the protection of every role name an SCP exempts. Reported as located blueprint
errors, so what the policy pack would refuse is refused at its line first."""

from __future__ import annotations

import json

from blueprint.semantics import Context
from guardrails.baseline import NAME_PROTECTION, missing_baseline, unprotected_exemptions
from guardrails.compose import EXPIRED_QUARANTINE, GuardrailPlan, Target, compose_guardrails
from guardrails.scp_conditions import (
    PRINCIPAL_TYPES,
    mfa_deny_catches_sso,
    region_deny_stops_global_services,
    unreported_principal_types,
)


def check_guardrails(ctx: Context) -> None:
    plan = compose_guardrails(ctx.blueprint, ctx.tree, ctx.today)
    for problem in plan.problems:
        ctx.error(problem.path, problem.message)
    if plan.problems:
        return  # a statement left out would only add consequential errors below
    _check_baseline_in_effect(ctx, plan)
    _check_exemptions_protected(ctx, plan)
    _check_conditions(ctx, plan)


def _statements(plan: GuardrailPlan, target: Target) -> list[dict]:
    return [s for p in plan.policies_on(target) for s in json.loads(p.content)["Statement"]]


def _check_baseline_in_effect(ctx: Context, plan: GuardrailPlan) -> None:
    tree = ctx.tree
    in_effect = {
        node.path: [
            s
            for above in tree.ancestors(node.path)
            for s in _statements(plan, Target("ou", above.path))
        ]
        for node in tree
    }
    missing = {path: missing_baseline(statements) for path, statements in in_effect.items()}
    lacking_accounts = {
        key
        for key in ctx.blueprint.accounts
        if key != ctx.blueprint.organization.management_account
        and tree.ou_of(key) is not None
        and missing_baseline(
            in_effect[tree.ou_of(key).path] + _statements(plan, Target("account", key))
        )
    }
    for node in tree:
        gaps = missing[node.path]
        if not gaps or (node.parent_path is not None and missing[node.parent_path]):
            continue  # reported once, at the topmost OU that lacks a baseline deny
        below = [n for n in tree.descendants(node.path) if n.path != node.path and missing[n.path]]
        accounts = [a for a in tree.accounts_below(node.path) if a in lacking_accounts]
        what = ", no ".join(f"{words} ({sid})" for _, words, sid in gaps)
        ous = f"{len(below)} OU(s) and " if below else ""
        ctx.error(
            (*node.yaml_path, "scps"),
            f"OU '{node.path}' has no {what} in effect, nor do {ous}{len(accounts)} account(s) "
            "in it; every OU and account needs DenyRootUser, DenyLeaveOrganization and "
            "ProtectCloudTrail (or statements that deny the same) from an SCP attached to it or "
            "above, or the policy pack refuses the plan",
            at_key=not node.unit.scps,
        )


def _check_exemptions_protected(ctx: Context, plan: GuardrailPlan) -> None:
    every = [s for p in plan.policies.values() for s in json.loads(p.content)["Statement"]]
    reported: set[tuple] = set()
    for policy in sorted(plan.policies.values(), key=lambda p: p.name):
        for statement in json.loads(policy.content)["Statement"]:
            names = unprotected_exemptions(statement, every)
            where = _where_written(ctx, policy.name, policy.sources, statement["Sid"])
            if not names or where in reported:
                continue
            reported.add(where)
            ctx.error(
                where,
                f"statement '{statement['Sid']}' exempts {', '.join(names)} by name, but no SCP "
                "of the organization denies iam:CreateRole on that name, so anyone who creates "
                f"a role of that name gets the exemption; attach an SCP with {NAME_PROTECTION} "
                "(it protects every name the library exempts) or protect the name in a custom "
                "statement",
            )


def _where_written(ctx: Context, policy: str, sources: tuple[str, ...], sid: str) -> tuple:
    scps = ctx.blueprint.service_control_policies
    for name in sources:
        scp = scps[name]
        if sid in scp.statements:
            return ("service_control_policies", name, "statements", scp.statements.index(sid))
        for index, custom in enumerate(scp.custom_statements):
            if custom.Sid == sid:
                return ("service_control_policies", name, "custom_statements", index)
    if policy == EXPIRED_QUARANTINE:
        expiring = sorted(k for k, a in ctx.blueprint.accounts.items() if a.expires is not None)
        return ("accounts", *expiring[:1], "expires")
    return ("service_control_policies",)


def _check_conditions(ctx: Context, plan: GuardrailPlan) -> None:
    reported: set[tuple] = set()
    for policy in sorted(plan.policies.values(), key=lambda p: p.name):
        for statement in json.loads(policy.content)["Statement"]:
            where = _where_written(ctx, policy.name, policy.sources, statement["Sid"])
            if where in reported:
                continue
            reported.add(where)
            sid = statement["Sid"]
            if mfa_deny_catches_sso(statement):
                ctx.error(
                    where,
                    f"statement '{sid}' denies on aws:MultiFactorAuthPresent, which Identity "
                    "Center (SAML) sessions never carry, so it would deny every SSO user; limit "
                    "it to aws:PrincipalType User or exempt aws-reserved/sso.amazonaws.com roles",
                )
            if region_deny_stops_global_services(statement):
                ctx.error(
                    where,
                    f"statement '{sid}' denies by Region without sparing global services (IAM, "
                    "STS, Organizations...); deny with NotAction and AWS's list of global "
                    "services, as DenyOutsideAllowedRegions does",
                )
            for value in unreported_principal_types(statement):
                ctx.error(
                    where,
                    f"statement '{sid}' compares aws:PrincipalType with '{value}', which AWS "
                    f"never reports ({', '.join(PRINCIPAL_TYPES)}; the root user is 'Account'), "
                    "so the condition never matches",
                )
