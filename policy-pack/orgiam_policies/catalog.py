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
`orgctl check PLAN.json` (an org-iam offline plan or `pulumi stack export` of any stack). Values
unknown during a preview are reported as "cannot decide", never as passes.

Generated from the policies by `make docs`; do not edit by hand.

| Policy | Enforcement | Severity | What must be true | Judges | Controls |
|---|---|---|---|---|---|
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
    return INTRO + "\n".join(rows) + "\n"


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
