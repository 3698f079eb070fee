"""Benchmark: effective access of blueprints/prod.yaml — every principal against the whole
default catalogue, escalation and assertions included — from the validated blueprint to the
violations. Goal: at most 2 s for the first (cold) run, which also compiles every policy
document; later runs reuse the compiled documents, and the best of them is shown too (this
machine is noisy).

    python -m bench.access_bench
"""

from __future__ import annotations

import datetime
import time

from blueprint import OrgTree, load_blueprint
from orgctl.access.command import analyse
from orgctl.stack_config import REPO

GOAL_SECONDS = 2.0
RUNS = 5


def main() -> int:
    today = datetime.date.today()
    blueprint = load_blueprint(str(REPO / "blueprints" / "prod.yaml"), today=today)
    tree = OrgTree(blueprint)
    timings, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows, _, found, _, _ = analyse(blueprint, tree, today)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    requests = sum(len(row.answers) for row in rows)
    best = min(timings)
    print(f"prod effective access: {len(rows)} rows, {requests} requests in the matrix, ", end="")
    print(f"{len(found)} violation(s)")
    print(f"cold {timings[0]:.3f} s, best of {RUNS} {best:.3f} s")
    # On a shared machine the wall clock includes waiting for a core; CPU time does not.
    print(f"CPU time: cold {cpu[0]:.3f} s, best of {RUNS} {min(cpu):.3f} s")
    verdict = "meets" if timings[0] <= GOAL_SECONDS else "MISSES"
    print(f"cold run {timings[0]:.3f} s — {verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    raise SystemExit(main())
