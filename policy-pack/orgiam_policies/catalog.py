"""Render policy-pack/README.md from the policies' own metadata (a test keeps it current):
`python -m orgiam_policies.catalog` from policy-pack/, or `make docs`."""

from __future__ import annotations

import sys
from pathlib import Path

from orgiam_policies import ALL_POLICIES

README = Path(__file__).resolve().parent.parent / "README.md"

INTRO = """\
# org-iam policy pack

A CrossGuard policy pack that keeps every stack of the company inside the SOC 2 / PCI-DSS 4.0
foundation org-iam builds: application teams' stacks that create roles, buckets or log groups
as much as the org stack itself. It imports nothing from the org-iam program.

```sh
pulumi preview --policy-pack policy-pack                 # in any stack
pulumi preview --policy-pack policy-pack --policy-pack-config policy-config.json
```

Configuration follows Pulumi's format, `{"all": "mandatory", "<policy>": "advisory" |
{"enforcementLevel": "...", "<parameter>": ...}}`; every parameter has a safe default, so the
pack runs unconfigured. Offline, the same policies run over a deployment export:
`orgctl check PLAN.json` (an org-iam offline plan or `pulumi stack export` of any stack), and
`orgctl check --engine PLAN.json` runs them through the pack's own analyzer server as
`pulumi preview` and `pulumi up` do.

Generated from the policies by `make docs`; do not edit by hand.

| Policy | Enforcement | Severity | What must be true | Judges | Controls |
|---|---|---|---|---|---|
"""


RULES = """

## The rules inside each policy

A policy of several checks reports each on its own; each check has its own failing test.

| Policy | Rules |
|---|---|
"""

WHEN = """

## When each policy can block

The Pulumi engine runs the pack at three moments. **First preview**: `pulumi preview`, and the
preview `pulumi up` runs before it changes anything (unless `--skip-preview`); every policy runs, but a value built from
a resource not yet created is unknown, and a policy that must read such a value cannot run
(pulumi-policy reports it as an advisory "can't run policy ... during preview", which blocks
nothing). A check that something is *set* (a KMS key, an alarm action, a parent OU) decides on
an unknown value; a check of the value itself waits for it. **Before creation during `pulumi
up`**: resource policies run again on each resource, all inputs known, just before it is
created; a mandatory violation stops it from being created. **After deployment**: stack
policies run once more at the end of `pulumi up`, on the final outputs; what they find then
already exists, so a violation fails the update but does not prevent it.

| Policy | First preview | Before creation during `pulumi up` | After deployment |
|---|---|---|---|
"""


def render_readme() -> str:
    rows = []
    for policy in sorted(ALL_POLICIES, key=lambda p: p.name):
        level = policy.enforcement_level.value if policy.enforcement_level else "advisory"
        severity = policy.severity.value if policy.severity else ""
        controls = ", ".join(policy.tags or [])
        rows.append(
            f"| `{policy.name}` | {level} | {severity} | {policy.description} "
            f"| {_judges(policy)} | {controls} |"
        )
    when = [
        f"| `{policy.name}` | {_at_preview(policy)} | {_before_creation(policy)} "
        f"| {_after_deployment(policy)} |"
        for policy in sorted(ALL_POLICIES, key=lambda p: p.name)
    ]
    rules = [
        f"| `{policy.name}` | {', '.join(f'`{rule}`' for rule in policy.rules)} |"
        for policy in sorted(ALL_POLICIES, key=lambda p: p.name)
        if tuple(policy.rules) != (policy.name,)
    ]
    return INTRO + "\n".join(rows) + RULES + "\n".join(rules) + WHEN + "\n".join(when) + "\n"


def _blocks(policy) -> str:
    mandatory = policy.enforcement_level and policy.enforcement_level.value == "mandatory"
    return "blocks" if mandatory else "warns"


def _at_preview(policy) -> str:
    waits = getattr(policy, "waits_at_preview", None)
    return _blocks(policy) + (f"; cannot run until it knows {waits}" if waits else "")


def _before_creation(policy) -> str:
    return _blocks(policy) if getattr(policy, "resource_types", None) is not None else "—"


def _after_deployment(policy) -> str:
    spans = getattr(policy, "spans", None)
    if spans is None:
        return "—"
    return f"reports on resources that already exist; a stack policy because {spans}"


def _judges(policy) -> str:
    """The resource types a resource policy looks at (`aws:iam/role:Role` -> `iam/role`), or
    the whole stack for a stack policy."""
    types = getattr(policy, "resource_types", None)
    if types is None:
        return "whole stack"
    return ", ".join(sorted(f"`{token.split(':')[1]}`" for token in types))


def main() -> int:
    README.write_text(render_readme())
    print(f"wrote {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
