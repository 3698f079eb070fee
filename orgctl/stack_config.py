"""Read a stack's `Pulumi.<stack>.yaml` the way the Pulumi CLI would hand it to the program."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


class StackConfigError(Exception):
    pass


def stack_config(stack: str, project_dir: Path = REPO) -> dict[str, str]:
    path = project_dir / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        known = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml")
        )
        raise StackConfigError(f"{path.name}: no such stack (stacks: {', '.join(known)})")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        raise StackConfigError(f"{path.name}: not YAML: {error}") from None
    config = data.get("config") or {}
    if "org-iam:blueprint" not in config:
        raise StackConfigError(f"{path.name}: config has no 'org-iam:blueprint'")
    return {str(k): str(v) for k, v in config.items()}


def stack_blueprint(stack: str, blueprint: str | None = None) -> str:
    """The blueprint a command reads: the one given, or the stack's configured one."""
    return blueprint or str(REPO / stack_config(stack)["org-iam:blueprint"])
