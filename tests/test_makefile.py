"""The Makefile's promises: `make plan` works on a machine without Chromium (a warning, no
pictures, exit 0), and `make bench` reports a missed goal without failing while a crashed
benchmark still fails the target."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import REPO

MAKE = shutil.which("make")


def _make(*args: str, path: str, timeout: int = 300) -> subprocess.CompletedProcess:
    # `-o .venv/.installed`: the environment is already built; never rebuild it from a test.
    return subprocess.run([MAKE, "--no-print-directory", "-o", ".venv/.installed", *args], cwd=REPO,
                          env={"PATH": path, "HOME": "/nonexistent"}, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def test_make_plan_without_chromium_exits_0_with_a_warning(tmp_path):
    empty = tmp_path / "bin"  # a PATH with no browser on it (nor anything else)
    empty.mkdir()
    result = _make("plan", f"OUT={tmp_path / 'out'}", path=str(empty))
    assert result.returncode == 0, result.stderr
    assert "orgctl report: warning: no screenshot or PDF: no Chromium found" in result.stderr
    evidence = tmp_path / "out" / "prod" / "evidence"
    assert (evidence / "index.html").is_file() and not (evidence / "screenshot.png").exists()


def _fake_python(tmp_path, status: int):
    python = tmp_path / f"python-{status}"
    python.write_text(f'#!/bin/sh\necho "bench $*"\nexit {status}\n')
    python.chmod(0o755)
    return python


def test_make_bench_reports_a_missed_goal_without_failing(tmp_path):
    result = _make("bench", f"PY={_fake_python(tmp_path, 3)}", path="/usr/bin:/bin")
    assert result.returncode == 0
    assert "make bench: bench.validate_bench missed a goal (see MISSES above)" in result.stdout
    assert "make bench: bench.plan_bench missed a goal (see MISSES above)" in result.stdout


def test_make_bench_fails_when_a_benchmark_crashes(tmp_path):
    result = _make("bench", f"PY={_fake_python(tmp_path, 1)}", path="/usr/bin:/bin")
    assert result.returncode != 0
    assert "bench -m bench.plan_bench" not in result.stdout  # stopped at the first crash
