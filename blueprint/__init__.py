"""The org blueprint: typed model, located loading and semantic validation.

Pure Python: nothing here imports Pulumi, so the command line, the tests and the policy tools
can load and check a blueprint in milliseconds.
"""

from blueprint.diagnostics import BlueprintError, BlueprintIOError, Diagnostic
from blueprint.loader import LoadResult, check_blueprint, load_blueprint
from blueprint.model import Blueprint
from blueprint.tree import OrgTree, OuNode

__all__ = [
    "Blueprint",
    "BlueprintError",
    "BlueprintIOError",
    "Diagnostic",
    "LoadResult",
    "OrgTree",
    "OuNode",
    "check_blueprint",
    "load_blueprint",
]
