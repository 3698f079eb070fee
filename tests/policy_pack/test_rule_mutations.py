"""Deleting any check of any policy fails a test. Each mutant is a policy module with one check
switched off (the condition of an `if` that reports a violation, or adds a problem to one,
made False; or one entry of a table of checks dropped); it is rebuilt from source and its
policies run over every rule's failing case (tests/policy_pack/cases.py). A mutant that every
case still catches means a check that no test needs."""

from __future__ import annotations

import ast
import importlib.util
import sys
import types
from pathlib import Path

import pytest

from orgctl.policy_runner import run_policies
from tests.policy_pack.cases import CASES, CONFIG, rule_cases
from tests.policy_pack.helpers import export

PACK = Path(__file__).resolve().parents[2] / "policy-pack" / "orgiam_policies"
MODULES = ("iam", "sso", "organizations", "audit_trail", "resource_policies", "detection")
REPORTERS = {"report_violation", "append"}  # report_violation(...), problems.append(...)


def _reports(node: ast.If) -> bool:
    """Whether the `if` directly reports: a call of report_violation or of an append in its
    own body (not in a nested function)."""
    for statement in node.body:
        for child in ast.walk(statement):
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in REPORTERS:
                    return True
    return False


# Tables whose every entry is a check of its own (a trail setting, a baseline statement, a CIS
# control, a security service): a mutant drops one entry.
CHECK_TABLES = {"required", "BASELINE", "CIS_SIGNATURES", "SECURITY_SERVICES"}


def _table_entries(tree: ast.Module) -> list[tuple[ast.Dict, int]]:
    return [
        (node.value, position)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Dict)
        and any(getattr(target, "id", None) in CHECK_TABLES for target in node.targets)
        for position in range(len(node.value.keys))
    ]


def _checks(tree: ast.Module) -> list:
    """Every check of the module: an `if` that reports, or one entry of a check table."""
    ifs = [node for node in ast.walk(tree) if isinstance(node, ast.If) and _reports(node)]
    return ifs + _table_entries(tree)


def _switch_off(check) -> int:
    """Delete the check in place; return its line."""
    if isinstance(check, ast.If):
        check.test = ast.copy_location(ast.Constant(value=False), check.test)
        return check.lineno
    table, position = check
    line = table.keys[position].lineno
    del table.keys[position], table.values[position]
    return line


def _mutants():
    for module in MODULES:
        source = (PACK / f"{module}.py").read_text()
        for index, check in enumerate(_checks(ast.parse(source))):
            line = check.lineno if isinstance(check, ast.If) else check[0].keys[check[1]].lineno
            yield pytest.param(module, index, id=f"{module}:{line}")


def _mutant_policies(module: str, index: int):
    path = PACK / f"{module}.py"
    tree = ast.parse(path.read_text())
    line = _switch_off(_checks(tree)[index])
    ast.fix_missing_locations(tree)
    name = f"orgiam_policies._mutant_{module}"
    mutant = types.ModuleType(name)
    mutant.__file__ = str(path)
    sys.modules[name] = mutant
    try:
        exec(compile(tree, str(path), "exec"), mutant.__dict__)
    finally:
        del sys.modules[name]
    return {policy.name: policy for policy in mutant.POLICIES}, line


def _caught(policy, stack, fragment) -> bool:
    """Whether the rule's test still passes against this policy (a crash fails it too)."""
    try:
        found = run_policies(export(stack), CONFIG, policies=[policy])
    except Exception:  # the mutant crashed: the rule's test fails all the same
        return False
    return any(f.kind == "violation" and fragment in f.message for f in found)


@pytest.mark.parametrize(("module", "index"), list(_mutants()))
def test_deleting_a_check_fails_a_rule_case(module, index):
    policies, line = _mutant_policies(module, index)
    now_failing = [
        (name, rule)
        for name, rule, stack, fragment in rule_cases()
        if name in policies and not _caught(policies[name], stack, fragment)
    ]
    assert now_failing, f"{module}.py:{line}: switching this check off fails no rule case"


def test_every_module_of_the_pack_is_mutated():
    spec = importlib.util.find_spec("orgiam_policies")
    names = {
        path.stem
        for path in Path(spec.origin).parent.glob("*.py")
        if not path.stem.startswith("_") and path.stem != "catalog"
    }
    assert names == set(MODULES)
    assert sum(1 for _ in _mutants()) >= 90


def test_the_mutation_harness_sees_the_unmutated_pack_catch_every_case():
    """The control: with no check switched off, every rule's case is caught."""
    for module in MODULES:
        source = (PACK / f"{module}.py").read_text()
        tree = ast.parse(source)
        original = types.ModuleType(f"orgiam_policies._control_{module}")
        exec(compile(tree, str(PACK / f"{module}.py"), "exec"), original.__dict__)
        policies = {policy.name: policy for policy in original.POLICIES}
        for name, rule, stack, fragment in rule_cases():
            if name in policies:
                assert _caught(policies[name], stack, fragment), (name, rule)
    assert set(CASES)
