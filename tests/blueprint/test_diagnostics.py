"""Repeated findings of one rule are summarised after the first few, other rules untouched."""

from __future__ import annotations

from blueprint.diagnostics import BlueprintError, Diagnostic, collapse_repeats


def _unplaced(i: int) -> Diagnostic:
    return Diagnostic(
        "b.yaml", 10 + i, 3, f"accounts.a-{i}", f"account 'a-{i}' is not placed in any OU"
    )


def test_only_the_repeated_rule_is_collapsed_and_order_is_kept():
    other = Diagnostic("b.yaml", 12, 1, "groups.x", "unknown group 'x' (did you mean 'xs'?)")
    findings = sorted([*(_unplaced(i) for i in range(6)), other])
    shown = collapse_repeats(findings)
    assert [str(d) for d in shown] == [
        "b.yaml:10:3: accounts.a-0: account 'a-0' is not placed in any OU",
        "b.yaml:11:3: accounts.a-1: account 'a-1' is not placed in any OU",
        "b.yaml:12:1: groups.x: unknown group 'x' (did you mean 'xs'?)",
        "b.yaml:12:3: accounts.a-2: account 'a-2' is not placed in any OU",
        "b.yaml: ... and 3 more of the same rule",
    ]
    assert shown[4].omitted == 3


def test_the_programs_error_text_is_summarised_too():
    error = BlueprintError([_unplaced(i) for i in range(100)])
    assert str(error).splitlines()[-1] == "b.yaml: ... and 97 more of the same rule"
    assert len(error.errors) == 100  # callers still get every finding
