"""One rulebook, checked: for seeded mutants of the bundled blueprints, `orgctl validate` exits 0
exactly when `orgctl plan` (the program under mocks, then the policy pack with the blueprint's
own configuration) exits 0. Both commands run in process, as a user would call them.

    python -m bench.rulebook_property                 # 240 mutants, about 3 minutes
    python -m bench.rulebook_property --count 20 --start 100 --seed 12

Exit 0 when every mutant agrees, 1 with each disagreement listed (mutant number, edits, what
the plan refused), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.rulebook_mutations import Mutant, mutants

TODAY = datetime.date(2026, 11, 28)  # the tests' fixed clock: sandbox expiry is timeless
FULL_RUN = 240


@dataclass
class Verdict:
    mutant: Mutant
    validate: int
    plan: int
    seconds: float
    refusals: list[str]  # what plan reported when it disagreed

    @property
    def agrees(self) -> bool:
        return (self.validate == 0) == (self.plan == 0)


def _quiet(argv: list[str]) -> tuple[int, str]:
    from orgctl.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        status = main(argv)
    return status, printed.getvalue()


def judge(mutant: Mutant, workdir: Path) -> Verdict:
    path = workdir / f"mutant-{mutant.number}.yaml"
    path.write_text(mutant.text())
    started = time.perf_counter()
    today = ["--today", TODAY.isoformat()]
    validate, _ = _quiet(["validate", *today, str(path)])
    out = ["--format", "json", "--out", str(workdir / "out")]
    plan, printed = _quiet(
        ["plan", "--stack", mutant.stack, "--blueprint", str(path), *today, *out]
    )
    refusals: list[str] = []
    if (validate == 0) != (plan == 0):
        refusals = _refusals(printed)
    return Verdict(mutant, validate, plan, time.perf_counter() - started, refusals)


def _refusals(printed: str) -> list[str]:
    try:
        report = json.loads(printed)
    except ValueError:
        return [printed.strip()[-500:]]
    if "policy_pack" in report:
        return [
            f"{f['policy']}: {f['message']}"
            for f in report["policy_pack"]["findings"]
            if f.get("enforcement") == "mandatory"
        ]
    return [d["message"] for d in report.get("diagnostics", []) if d.get("severity") == "error"]


def run(count: int, seed: int = 12, start: int = 0) -> list[Verdict]:
    with tempfile.TemporaryDirectory(prefix="rulebook-") as workdir:
        return [judge(m, Path(workdir)) for m in mutants(count, seed, start)]


def describe(verdict: Verdict) -> str:
    m = verdict.mutant
    lines = [
        f"mutant {m.number} ({m.stack}): validate {verdict.validate}, plan {verdict.plan}",
        *(f"  edit: {edit}" for edit in m.edits),
        *(f"  plan: {line}" for line in verdict.refusals),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rulebook_property")
    parser.add_argument("--count", type=int, default=FULL_RUN)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    verdicts = run(args.count, args.seed, args.start)
    elapsed = time.perf_counter() - started
    valid = sum(v.validate == 0 for v in verdicts)
    disagreements = [v for v in verdicts if not v.agrees]
    for verdict in disagreements:
        print(describe(verdict))
    print(
        f"{len(verdicts)} mutants (seed {args.seed}, from {args.start}): {valid} valid and "
        f"planned, {len(verdicts) - valid} refused by validation; {len(disagreements)} "
        f"disagreement(s); {elapsed:.0f} s"
    )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
