"""What the evidence pack needs to know that no resource carries: where the stack came from
(commit, blueprint file and its sha256) and what the blueprint decided (frameworks in scope,
Regions, break-glass). The program exports it as the stack output `evidence`, so a real
`pulumi stack export` and an offline plan both carry it. Pure: no Pulumi imports."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from blueprint.model import Blueprint

OUTPUT_NAME = "evidence"


def git_commit(directory: Path) -> str:
    """HEAD of the checkout holding `directory`, marked when the working tree has uncommitted
    changes to tracked files; 'unknown' outside a git checkout or without git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if head.returncode != 0:
            return "unknown (not a git checkout)"
        status = subprocess.run(
            ["git", "-C", str(directory), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"
    commit = head.stdout.strip()
    return f"{commit} with uncommitted changes" if status.stdout.strip() else commit


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stack_facts(blueprint: Blueprint, blueprint_path: str, project_dir: Path) -> dict:
    """The `evidence` stack output: plain strings and lists only (stable across runs)."""
    path = Path(blueprint_path)
    absolute = path if path.is_absolute() else project_dir / path
    organization = blueprint.organization
    return {
        "commit": git_commit(project_dir),
        "blueprint": blueprint_path,
        "blueprint_sha256": file_sha256(absolute),
        "organization": organization.name,
        "management_account": organization.management_account,
        "management_account_id": blueprint.management_account_id,
        "frameworks": list(blueprint.compliance.frameworks),
        "home_region": organization.home_region,
        "allowed_regions": sorted(organization.allowed_regions),
        "break_glass": {
            "users": list(blueprint.break_glass.users),
            "role_name": blueprint.break_glass.role_name,
            "mfa_max_age_seconds": blueprint.break_glass.mfa_max_age_seconds,
            "alert_topic": blueprint.break_glass.alert_topic,
        },
    }
