"""The floors of the house: a module imports only from its own floor or the floors below.

    pure            blueprint/, iam_evaluator/ and the pure document builders in the domain
                    folders: plain dicts and strings, no Pulumi
    domains         org/, guardrails/, identity/, monitoring/: the Pulumi components
    program entry   __main__.py and program/
    commands        orgctl/

The policy pack stands apart: other teams' stacks run it, so it imports nothing of the program.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

DOMAINS = ("org", "guardrails", "identity", "monitoring")
# Modules in the domain folders that build documents or check the blueprint without Pulumi;
# the test below proves each of them imports no Pulumi.
PURE_DOMAIN_MODULES = {
    "guardrails.baseline",
    "guardrails.catalog",
    "guardrails.compose",
    "guardrails.context",
    "guardrails.library",
    "guardrails.perimeter_documents",
    "guardrails.scp_conditions",
    "guardrails.validation",
    "identity.boundary_document",
    "identity.break_glass_documents",
    "identity.deployment_role_documents",
    "identity.validation",
    "monitoring.alarm_catalog",
    "monitoring.config_template",
    "monitoring.documents",
    "monitoring.filter_patterns",
    "org.service_principals",
}
PURE, DOMAIN, ENTRY, COMMANDS = range(4)
FLOOR_NAMES = ("pure", "domains", "program entry", "commands")
PULUMI = ("pulumi", "pulumi_aws", "pulumi_policy")
PROGRAM_PACKAGES = ("blueprint", "iam_evaluator", *DOMAINS, "program", "orgctl", "__main__")


def floor_of(module: str) -> int | None:
    top = module.split(".")[0]
    if top in ("blueprint", "iam_evaluator") or module in PURE_DOMAIN_MODULES:
        return PURE
    if top in DOMAINS:
        return DOMAIN
    if top in ("__main__", "program"):
        return ENTRY
    if top == "orgctl":
        return COMMANDS
    return None


def module_name(path: Path) -> str:
    relative = path.relative_to(REPO)
    if relative.parts[0] == "policy-pack":
        relative = relative.relative_to("policy-pack")
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str) -> set[str]:
    """Every module named by an import anywhere in the file, relative imports resolved."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(target)
            # `from package import module` names a module too.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def python_files(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.rglob("*.py")) if "__pycache__" not in path.parts]


PROGRAM_FILES = [REPO / "__main__.py"] + [
    path for package in PROGRAM_PACKAGES[:-1] for path in python_files(REPO / package)
]
MODULES = {module_name(path): path for path in PROGRAM_FILES}


def violations(module: str, imported: set[str], modules: set[str]) -> list[str]:
    """Why `module` may not import what it does; empty when it keeps to its floor."""
    problems = []
    own = floor_of(module)
    for target in sorted(imported):
        if target.split(".")[0] in PULUMI and own == PURE:
            problems.append(f"{module} is on the pure floor but imports {target}")
        if target not in modules:
            continue  # a third-party module, or `from package import name` naming a function
        if module.startswith("orgiam_policies"):
            if target.split(".")[0] in PROGRAM_PACKAGES:
                problems.append(f"the policy pack's {module} imports the program's {target}")
            continue
        theirs = floor_of(target)
        if own is None or theirs is None:
            continue
        if theirs > own:
            problems.append(
                f"{module} ({FLOOR_NAMES[own]}) imports {target} ({FLOOR_NAMES[theirs]}), "
                "a floor above it"
            )
        ours, other = module.split(".")[0], target.split(".")[0]
        crossing = ours in DOMAINS and other in DOMAINS and ours != other
        if crossing and target != "org.directory":
            problems.append(
                f"{module} imports {target}: domains hand each other only the account "
                "directory (org.directory); move shared code to the pure floor"
            )
    return problems


def test_every_module_keeps_to_its_floor():
    modules = set(MODULES)
    problems = [
        problem
        for module, path in sorted(MODULES.items())
        for problem in violations(module, imports_of(path, module), modules)
    ]
    assert problems == []


def test_the_policy_pack_imports_nothing_of_the_program():
    problems = [
        f"{path.relative_to(REPO)} imports {target}"
        for path in python_files(REPO / "policy-pack")
        for target in sorted(imports_of(path, module_name(path)))
        if target.split(".")[0] in PROGRAM_PACKAGES
    ]
    assert problems == []


def test_no_domain_imports_the_command_line():
    problems = [
        f"{module} imports {target}"
        for module, path in sorted(MODULES.items())
        if module.split(".")[0] in (*DOMAINS, "program", "__main__")
        for target in imports_of(path, module)
        if target.split(".")[0] == "orgctl"
    ]
    assert problems == []


def test_every_declared_pure_module_exists_and_the_rest_of_a_domain_uses_pulumi():
    """The list of pure domain modules stays true: a module that no longer exists, or a domain
    module without Pulumi that is not declared pure, is a misfiled floor."""
    assert set(MODULES) >= PURE_DOMAIN_MODULES
    undeclared = [
        module
        for module, path in sorted(MODULES.items())
        if floor_of(module) == DOMAIN
        and path.name != "__init__.py"
        and not any(t.split(".")[0] in PULUMI for t in imports_of(path, module))
    ]
    assert undeclared == []


@pytest.mark.parametrize(
    ("module", "imported", "expected"),
    [
        ("blueprint.model", {"pulumi"}, "is on the pure floor but imports pulumi"),
        ("guardrails.library", {"org.directory"}, "(pure) imports org.directory (domains)"),
        ("identity.foundation", {"__main__"}, "(domains) imports __main__ (program entry)"),
        ("program.domain_checks", {"orgctl.plan"}, "(program entry) imports orgctl.plan"),
        ("identity.permission_sets", {"guardrails.compose"}, "domains hand each other only"),
        ("monitoring.alarm_catalog", {"guardrails.library"}, "domains hand each other only"),
        ("orgiam_policies.iam", {"blueprint.model"}, "the policy pack's orgiam_policies.iam"),
    ],
)
def test_an_import_from_a_floor_above_is_refused(module, imported, expected):
    modules = {"blueprint.model", "org.directory", "__main__", "orgctl.plan", *imported}
    assert any(expected in problem for problem in violations(module, imported, modules))


def test_an_import_from_the_same_or_a_lower_floor_is_allowed():
    modules = {"blueprint.model", "blueprint.policy_json", "org.directory", "identity.instance"}
    assert violations("identity.permission_sets", modules, modules) == []
    assert violations("orgctl.plan", modules, modules) == []
