"""The evaluator stays pure: tests, orgctl and the program's checks import it, so it imports
only the standard library and itself (no Pulumi, nothing from the program's domains)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "iam_evaluator"


def test_evaluator_imports_only_the_standard_library_and_itself():
    foreign = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "iam_evaluator" and top not in sys.stdlib_module_names | {"__future__"}:
                    foreign.append(f"{path.name}: {name}")
    assert foreign == []
