"""Benchmark: the offline plan of synthetic organizations (20, 200, 1,000 accounts) and of
blueprints/prod.yaml, phase by phase, against the Pulumi SDK's own floor (the same number of
trivial resources under the same mocks).

Goals: prod plan (validation, program, policy pack, summary) at most 3 s wall; the program's
per-resource cost at most 1.2 x the floor; the policy pack at most 5 % of plan time; 1,000
accounts in at most 60 s, growing linearly.

    make bench
"""

from __future__ import annotations

import datetime
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import render
from blueprint import check_blueprint
from guardrails.compose import compose_guardrails
from orgctl.domain_checks import DOMAIN_CHECKS
from orgctl.export import to_export
from orgctl.mock_runtime import run_program
from orgctl.policy_runner import run_policies
from orgctl.summary import render as render_summary

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 28)


def plan_phases(blueprint: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    result = check_blueprint(str(blueprint), today=TODAY, extra_checks=DOMAIN_CHECKS)
    assert result.ok, result.diagnostics[:3]
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    config = {"org-iam:blueprint": str(blueprint), "org-iam:today": TODAY.isoformat()}
    recorded = run_program(REPO, "bench", config)
    times["program"] = time.perf_counter() - start
    start = time.perf_counter()
    export = to_export(recorded.registrations, "bench")
    times["export"] = time.perf_counter() - start
    start = time.perf_counter()
    findings = run_policies(export)
    times["policies"] = time.perf_counter() - start
    start = time.perf_counter()
    guardrails = compose_guardrails(result.blueprint, result.tree, TODAY)
    render_summary(result.blueprint, result.tree, guardrails, export)
    times["summary"] = time.perf_counter() - start
    times["resources"] = len(recorded.registrations)
    times["findings"] = len(findings)
    return times


def floor(count: int) -> float:
    start = time.perf_counter()
    run_program(
        REPO, "floor", {"org-iam:count": str(count)}, program=REPO / "bench" / "floor_program.py"
    )
    return time.perf_counter() - start


def main() -> int:
    print(f"{'blueprint':>12} {'resources':>9} {'validate':>8} {'program':>8} {'floor':>7} "
          f"{'x floor':>7} {'policies':>8} {'pol %':>6} {'total s':>8}")  # fmt: skip
    totals: dict[str, float] = {}
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        cases = [("prod.yaml", REPO / "blueprints" / "prod.yaml")]
        for size in (20, 200, 1000):
            path = Path(folder) / f"org-{size}.yaml"
            path.write_text(render(size, TODAY))
            cases.append((f"{size} accounts", path))
        # Warm-up, not counted: the first run imports pulumi_aws's service modules lazily.
        plan_phases(cases[1][1])
        floor(100)
        for label, path in cases:
            phases = plan_phases(path)
            total = sum(v for k, v in phases.items() if k not in ("resources", "findings"))
            sdk = floor(int(phases["resources"]))
            ratio = phases["program"] / sdk
            share = phases["policies"] / total * 100
            totals[label] = total
            print(f"{label:>12} {int(phases['resources']):>9} {phases['validate']:>8.2f} "
                  f"{phases['program']:>8.2f} {sdk:>7.2f} {ratio:>7.2f} {phases['policies']:>8.2f} "
                  f"{share:>5.1f}% {total:>8.2f}")  # fmt: skip
            verdicts.append(
                (f"{label}: program {ratio:.2f} x SDK floor (goal <= 1.2)", ratio <= 1.2)
            )
            verdicts.append(
                (f"{label}: policy pack {share:.1f} % of plan (goal <= 5 %)", share <= 5)
            )
    verdicts.append(
        (
            f"prod.yaml plan {totals['prod.yaml']:.2f} s (goal <= 3 s, in-process)",
            totals["prod.yaml"] <= 3,
        )
    )
    verdicts.append(
        (
            f"1,000 accounts {totals['1000 accounts']:.1f} s (goal <= 60 s)",
            totals["1000 accounts"] <= 60,
        )
    )
    growth = totals["1000 accounts"] / totals["200 accounts"]
    verdicts.append(
        (
            f"200 -> 1,000 accounts grows {growth:.1f}x for 5x the accounts (linear: <= 6x)",
            growth <= 6,
        )
    )
    for text, ok in verdicts:
        print(("meets  " if ok else "MISSES ") + text)
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
