"""Synthetic blueprints of any size, shaped like a real org: business units with production,
PCI and non-production OUs, per-team groups and assignments, and a sandbox OU.

    python -m bench.synthetic 1000 > /tmp/org-1000.yaml
"""

from __future__ import annotations

import datetime
import sys

import yaml

ACCOUNTS_PER_UNIT = 10  # 4 production, 2 PCI, 4 non-production


def synthetic_blueprint(accounts: int, today: datetime.date) -> dict:
    """A valid blueprint with exactly `accounts` accounts (at least 10)."""
    if accounts < 10:
        raise ValueError("a synthetic org has at least 10 accounts")
    core = ["management", "log-archive", "security-tooling"]
    sandboxes = max(1, (accounts - len(core)) // 20)
    workload_count = accounts - len(core) - sandboxes
    units = max(1, workload_count // ACCOUNTS_PER_UNIT)
    account_defs: dict[str, dict] = {}
    for key in core:
        account_defs[key] = {"email": f"aws-{key}@example.com"}
    account_defs["management"]["id"] = "300000000000"
    ous: dict[str, dict] = {
        "Security": {
            "environment": "security",
            "scps": ["baseline"],
            "accounts": ["log-archive", "security-tooling"],
        },
    }
    workloads: dict[str, dict] = {}
    assignments: list[dict] = []
    groups: dict[str, dict] = {}
    for index in range(workload_count):
        unit = index % units
        slot = index // units
        if slot % ACCOUNTS_PER_UNIT < 4:
            kind = "prod"
        elif slot % ACCOUNTS_PER_UNIT < 6:
            kind = "pci"
        else:
            kind = "dev"
        key = f"bu{unit:03d}-{kind}-{slot:03d}"
        account_defs[key] = {"email": f"aws-{key}@example.com", "id": f"{300000000001 + index}"}
        unit_ou = workloads.setdefault(
            f"Unit{unit:03d}",
            {
                "children": {
                    "Production": {
                        "environment": "production",
                        "accounts": [],
                        "children": {"Cardholder": {"pci_scope": True, "accounts": []}},
                    },
                    "NonProduction": {"environment": "nonproduction", "accounts": []},
                }
            },
        )
        production = unit_ou["children"]["Production"]
        target = {
            "prod": production,
            "pci": production["children"]["Cardholder"],
            "dev": unit_ou["children"]["NonProduction"],
        }[kind]
        target["accounts"].append(key)
    for unit in range(units):
        team = f"team-{unit:03d}"
        groups[team] = {"display_name": f"AWS-Team-{unit:03d}"}
        ou = f"Workloads/Unit{unit:03d}"
        assignments += [
            {"group": team, "permission_set": "Developer", "ous": [f"{ou}/NonProduction"]},
            {"group": team, "permission_set": "ReadOnly", "ous": [f"{ou}/Production"]},
            {"group": "sre-oncall", "permission_set": "Ops", "ous": [f"{ou}/Production"]},
        ]
    ous["Workloads"] = {"scps": ["baseline", "region-guard"], "children": workloads}
    sandbox_keys = [f"sandbox-{n:04d}" for n in range(sandboxes)]
    for key in sandbox_keys:
        account_defs[key] = {
            "email": f"aws-{key}@example.com",
            "owner": f"{key}@example.com",
            "expires": today + datetime.timedelta(days=20),
        }
    ous["Sandbox"] = {"environment": "sandbox", "scps": ["baseline"], "accounts": sandbox_keys}
    groups["sre-oncall"] = {"display_name": "AWS-SRE-Oncall"}
    groups["engineering-all"] = {"display_name": "AWS-Engineering-All"}
    assignments.append(
        {"group": "engineering-all", "permission_set": "Developer", "ous": ["Sandbox"]}
    )
    return {
        "version": 1,
        "organization": {
            "name": f"synthetic-{accounts}",
            "management_account": "management",
            "log_archive_account": "log-archive",
            "security_account": "security-tooling",
            "home_region": "us-east-1",
            "allowed_regions": ["us-east-1", "us-west-2"],
            "account_email_domain": "example.com",
        },
        "organizational_units": ous,
        "accounts": account_defs,
        "service_control_policies": {
            "baseline": {"description": "Everywhere.", "statements": ["DenyRootUser"]},
            "region-guard": {
                "description": "Regions.",
                "statements": ["DenyOutsideAllowedRegions"],
            },
        },
        "permission_boundaries": {"EngineerPermissionBoundary": {"description": "Engineer cap."}},
        "permission_sets": {
            "ReadOnly": {
                "description": "Read.",
                "session_duration": "8h",
                "managed_policies": ["job-function/ViewOnlyAccess"],
            },
            "Developer": {
                "description": "Build.",
                "session_duration": "4h",
                "managed_policies": ["PowerUserAccess"],
                "boundary": "EngineerPermissionBoundary",
                "environments": ["nonproduction", "sandbox"],
            },
            "Ops": {
                "description": "Operate.",
                "session_duration": "4h",
                "managed_policies": ["AmazonEC2FullAccess"],
                "boundary": "EngineerPermissionBoundary",
                "environments": ["production"],
            },
        },
        "groups": groups,
        "assignments": assignments,
        "break_glass": {"users": ["breakglass-1", "breakglass-2"]},
        "alerting": {
            "topics": {
                "security-critical": {
                    "subscribers": [{"protocol": "email", "endpoint": "secops@example.com"}]
                }
            }
        },
    }


def render(accounts: int, today: datetime.date) -> str:
    header = "# yaml-language-server: $schema=../blueprint/schema.json\n"
    body = yaml.safe_dump(synthetic_blueprint(accounts, today), sort_keys=False, width=100)
    return header + body


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.stdout.write(render(count, datetime.date.today()))
