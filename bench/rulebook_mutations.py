"""Seeded mutations of the bundled blueprints, aimed at the fields the rules are about, for the
property that `orgctl validate` accepts a blueprint exactly when `orgctl plan` (policy pack
included) does.

Each mutant is the prod or staging blueprint with one to three edits, each drawn from values on
both sides of a rule's boundary (a 9 h session and an 8 h one, GOVERNANCE and COMPLIANCE, a
custom SCP statement the pack refuses and one it accepts). Mutant `n` of seed `s` is always the
same blueprint: a disagreement found once can be replayed by its number.
"""

from __future__ import annotations

import copy
import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCES = {
    "prod": REPO / "blueprints" / "prod.yaml",
    "staging": REPO / "blueprints" / "staging.yaml",
}

DURATIONS = ("PT1H", "1h", "PT2H", "4h", "PT8H", "8h", "PT9H", "10h", "PT12H", "13h", "30m")
SIZE_LIMITS = (1024, 2500, 5120, 8000, 10240, 10241, 20000)
REGIONS = ("eu-west-1", "us-west-2", "us-gov-west-1", "us-east-9", "cn-north-1", "us-east-1")
ALARM_SETS = ("cis", "identity", "guardrails", "break_glass")
LIBRARY_SIDS = (
    "DenyRootUser",
    "DenyLeaveOrganization",
    "ProtectCloudTrail",
    "ProtectAccessRoles",
    "ProtectLogArchive",
    "ProtectSecurityServices",
    "DenyOutsideAllowedRegions",
    "DenyIamUsersAndKeys",
    "ProtectBoundaryPolicies",
    "RequireMfaForDestructiveActions",
    "DenyAll",
    "DenyCdeNetworkPaths",
    "DenyLeaveOrganisation",
)
EXEMPT_CI = {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/ci-runner"]}}
CUSTOM_SCP_STATEMENTS = (
    [{"Sid": "DenyBucketDelete", "Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"}],
    [
        {
            "Sid": "KeysOnlyByCi",
            "Effect": "Deny",
            "Action": ["kms:ScheduleKeyDeletion"],
            "Resource": "*",
            "Condition": EXEMPT_CI,
        }
    ],
    [
        {
            "Sid": "KeysOnlyByCi",
            "Effect": "Deny",
            "Action": ["kms:ScheduleKeyDeletion"],
            "Resource": "*",
            "Condition": EXEMPT_CI,
        },
        {
            "Sid": "ProtectCiRole",
            "Effect": "Deny",
            "Action": ["iam:CreateRole", "iam:UpdateAssumeRolePolicy"],
            "Resource": ["arn:aws:iam::*:role/ci-runner"],
        },
    ],
    [
        {
            "Sid": "DenyRootByType",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalType": "Root"}},
        }
    ],
    [
        {
            "Sid": "MfaForTermination",
            "Effect": "Deny",
            "Action": ["ec2:TerminateInstances"],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        }
    ],
    [
        {
            "Sid": "RegionLock",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}},
        }
    ],
    [{"Sid": "Malformed", "Effect": "Deny", "Action": ["s3 DeleteBucket"], "Resource": "*"}],
    [
        {
            "Sid": "Misspelt",
            "Effect": "Deny",
            "Action": ["s3:DeleteBucket"],
            "Resource": "*",
            "Condition": {"StringEqual": {"aws:RequestedRegion": "us-east-1"}},
        }
    ],
    [{"Sid": "StopTrailsAnyCase", "Effect": "Deny", "Action": ["CLOUDTRAIL:*"], "Resource": "*"}],
)
INLINE_STATEMENTS = (
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["IAM:*"], "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": ["ec2:ModifySnapshotAttribute"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["kms:PutKeyPolicy"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*"},
)
BOUNDARY_STATEMENTS = (
    {"Sid": "NoBuckets", "Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"},
    {"Sid": "PassAnything", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"},
)
MANAGED_POLICIES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "ReadOnlyAccess")


@dataclass
class Mutant:
    number: int
    stack: str  # the stack whose settings plan it: the blueprint it was made from
    edits: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def text(self) -> str:
        header = "".join(f"# mutant {self.number} ({self.stack}): {e}\n" for e in self.edits)
        return header + yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True)


def _ous(data: dict) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []

    def walk(units: dict, prefix: str) -> None:
        for name, unit in units.items():
            found.append((prefix + name, unit))
            walk(unit.get("children") or {}, prefix + name + "/")

    walk(data["organizational_units"], "")
    return found


def _members(data: dict) -> list[str]:
    management = data["organization"]["management_account"]
    return sorted(k for k in data["accounts"] if k != management)


def _pci_accounts(data: dict) -> list[str]:
    accounts: list[str] = []

    def walk(units: dict, pci: bool) -> None:
        for unit in units.values():
            inside = pci or bool(unit.get("pci_scope"))
            if inside:
                accounts.extend(unit.get("accounts") or [])
            walk(unit.get("children") or {}, inside)

    walk(data["organizational_units"], False)
    return sorted(accounts)


def _admin_sets(data: dict) -> list[str]:
    return sorted(
        name
        for name, ps in data["permission_sets"].items()
        if "AdministratorAccess" in (ps.get("managed_policies") or [])
    )


# Each edit changes `data` in place and says what it did.
def session_duration(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["permission_sets"]))
    value = rng.choice(DURATIONS)
    data["permission_sets"][name]["session_duration"] = value
    return f"permission_sets.{name}.session_duration = {value}"


def admin_session(rng: random.Random, data: dict) -> str:
    name = rng.choice(_admin_sets(data))
    value = rng.choice(("PT1H", "1h", "PT2H", "4h", "30m"))
    data["permission_sets"][name]["session_duration"] = value
    return f"permission_sets.{name}.session_duration = {value} (administrator)"


def object_lock(rng: random.Random, data: dict) -> str:
    value = rng.choice(("GOVERNANCE", "COMPLIANCE"))
    data.setdefault("monitoring", {})["object_lock_mode"] = value
    return f"monitoring.object_lock_mode = {value}"


def rehearsal(rng: random.Random, data: dict) -> str:
    value = rng.choice((True, False))
    data["organization"]["rehearsal"] = value
    return f"organization.rehearsal = {value}"


def detection_switch(rng: random.Random, data: dict) -> str:
    switch = rng.choice(("access_analyzer", "guardduty", "security_hub", "config"))
    value = rng.choice((True, False))
    data.setdefault("monitoring", {})[switch] = value
    return f"monitoring.{switch} = {value}"


def alarm_sets(rng: random.Random, data: dict) -> str:
    chosen = sorted(rng.sample(ALARM_SETS, rng.randint(0, len(ALARM_SETS))))
    data.setdefault("monitoring", {})["alarm_sets"] = chosen
    return f"monitoring.alarm_sets = {chosen}"


def scp_drop_statement(rng: random.Random, data: dict) -> str:
    scps = data["service_control_policies"]
    candidates = sorted(name for name, scp in scps.items() if scp.get("statements"))
    name = rng.choice(candidates)
    statements = data["service_control_policies"][name]["statements"]
    dropped = statements.pop(rng.randrange(len(statements)))
    if not statements and not data["service_control_policies"][name].get("custom_statements"):
        statements.append("DenyLeaveOrganization")  # an SCP needs a statement
    return f"service_control_policies.{name}: without {dropped}"


def scp_add_statement(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["service_control_policies"]))
    sid = rng.choice(LIBRARY_SIDS)
    statements = data["service_control_policies"][name].setdefault("statements", [])
    if sid not in statements:
        statements.append(sid)
    return f"service_control_policies.{name}: with {sid}"


def ou_scps(rng: random.Random, data: dict) -> str:
    path, unit = rng.choice(_ous(data))
    scps = unit.setdefault("scps", [])
    choice = rng.choice(("drop", "add", "clear", "unknown"))
    if choice == "drop" and scps:
        dropped = scps.pop(rng.randrange(len(scps)))
        return f"OU {path}: without SCP {dropped}"
    if choice == "clear":
        unit["scps"] = []
        return f"OU {path}: no SCPs"
    if choice == "unknown":
        scps.append("baseline-v2")
        return f"OU {path}: with unknown SCP baseline-v2"
    name = rng.choice(sorted(data["service_control_policies"]))
    if name not in scps:
        scps.append(name)
    return f"OU {path}: with SCP {name}"


def account_scps(rng: random.Random, data: dict) -> str:
    account = rng.choice(_members(data))
    names = rng.sample(sorted(data["service_control_policies"]), rng.randint(1, 2))
    data["accounts"][account]["scps"] = names
    return f"accounts.{account}.scps = {names}"


def quotas(rng: random.Random, data: dict) -> str:
    if rng.random() < 0.5:
        value = rng.choice(SIZE_LIMITS)
        data["organization"]["scp_size_limit"] = value
        return f"organization.scp_size_limit = {value}"
    value = rng.randint(0, 9)
    data["organization"]["reserved_scp_slots"] = value
    return f"organization.reserved_scp_slots = {value}"


def custom_statement(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["service_control_policies"]))
    index = rng.randrange(len(CUSTOM_SCP_STATEMENTS))
    custom = data["service_control_policies"][name].setdefault("custom_statements", [])
    custom.extend(copy.deepcopy(CUSTOM_SCP_STATEMENTS[index]))
    return f"service_control_policies.{name}: custom statement set {index}"


def inline_policy(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["permission_sets"]))
    index = rng.randrange(len(INLINE_STATEMENTS))
    data["permission_sets"][name]["inline_policy"] = {
        "Version": "2012-10-17",
        "Statement": [copy.deepcopy(INLINE_STATEMENTS[index])],
    }
    return f"permission_sets.{name}.inline_policy: statement {index}"


def boundary_statement(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["permission_boundaries"]))
    index = rng.randrange(len(BOUNDARY_STATEMENTS))
    extra = data["permission_boundaries"][name].setdefault("extra_statements", [])
    extra.append(copy.deepcopy(BOUNDARY_STATEMENTS[index]))
    return f"permission_boundaries.{name}.extra_statements: statement {index}"


def managed_policy(rng: random.Random, data: dict) -> str:
    name = rng.choice(sorted(data["permission_sets"]))
    policy = rng.choice(MANAGED_POLICIES)
    policies = data["permission_sets"][name].setdefault("managed_policies", [])
    if policy not in policies:
        policies.append(policy)
    return f"permission_sets.{name}.managed_policies: with {policy}"


def pci_exception(rng: random.Random, data: dict) -> str:
    pci = _pci_accounts(data)
    admin = rng.choice(_admin_sets(data))
    group = rng.choice(sorted(data["groups"]))
    assignment = {"group": group, "permission_set": admin, "accounts": [rng.choice(pci)]}
    written = rng.random() < 0.6
    if written:
        assignment["pci_exception"] = "QSA-approved for the key ceremony, ticket SEC-1234"
    data["assignments"].append(assignment)
    return f"assignment {admin} for {group} into {assignment['accounts'][0]}" + (
        " with a pci_exception" if written else ""
    )


def drop_pci_exception(rng: random.Random, data: dict) -> str:
    written = [a for a in data["assignments"] if a.get("pci_exception")]
    if not written:
        return pci_exception(rng, data)
    assignment = rng.choice(written)
    del assignment["pci_exception"]
    return f"assignment {assignment['permission_set']} for {assignment['group']}: no pci_exception"


def account_id(rng: random.Random, data: dict) -> str:
    account = rng.choice(_members(data))
    ids = sorted(a["id"] for a in data["accounts"].values() if a.get("id"))
    choice = rng.choice(("new", "duplicate", "short", "number", "octal", "remove"))
    value = {
        "new": f"{rng.randrange(10**11, 10**12)}",
        "duplicate": rng.choice(ids),
        "short": "12345678901",
        "number": rng.randrange(10**11, 10**12),
        "octal": "012345678901",
        "remove": None,
    }[choice]
    if value is None:
        data["accounts"][account].pop("id", None)
    else:
        data["accounts"][account]["id"] = value
    return f"accounts.{account}.id = {value!r}"


def assignment_change(rng: random.Random, data: dict) -> str:
    assignment = rng.choice(data["assignments"])
    if rng.random() < 0.5:
        name = rng.choice(sorted(data["permission_sets"]))
        assignment["permission_set"] = name
        return f"assignment of {assignment['group']}: permission set {name}"
    if rng.random() < 0.5:
        path, _ = rng.choice(_ous(data))
        assignment["ous"] = [path]
        assignment.pop("accounts", None)
        return f"assignment of {assignment['group']}: into OU {path}"
    account = rng.choice(_members(data))
    assignment["accounts"] = [account]
    assignment.pop("ous", None)
    return f"assignment of {assignment['group']}: into account {account}"


def regions(rng: random.Random, data: dict) -> str:
    org = data["organization"]
    region = rng.choice(REGIONS)
    if rng.random() < 0.6:
        if region not in org["allowed_regions"]:
            org["allowed_regions"].append(region)
        return f"organization.allowed_regions: with {region}"
    org["home_region"] = region
    return f"organization.home_region = {region}"


def _rename_everywhere(node, old: str, new: str):
    if isinstance(node, dict):
        return {(new if k == old else k): _rename_everywhere(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_everywhere(v, old, new) for v in node]
    return new if node == old else node


def rename(rng: random.Random, data: dict) -> str:
    kind = rng.choice(("accounts", "permission_sets", "groups", "service_control_policies"))
    old = rng.choice(sorted(data[kind]))
    style = rng.choice(("consistent", "consistent", "long", "lookalike", "key-only"))
    new = {
        "consistent": f"{old}-x",
        "long": old + "-" + "y" * 40,
        "lookalike": old.replace("a", "\u0430", 1) if "a" in old else old + "\u200b",
        "key-only": f"{old}2",
    }[style]
    if style == "key-only":
        data[kind] = {(new if k == old else k): v for k, v in data[kind].items()}
    else:
        renamed = _rename_everywhere(data, old, new)
        data.clear()
        data.update(renamed)
    return f"{kind}: {old!r} renamed {new!r} ({style})"


def email(rng: random.Random, data: dict) -> str:
    account = rng.choice(_members(data))
    domain = rng.choice(("example.com", "example.org", "EXAMPLE.com"))
    data["accounts"][account]["email"] = f"aws-{account}@{domain}"
    return f"accounts.{account}.email on {domain}"


EDITS: tuple[Callable[[random.Random, dict], str], ...] = (
    session_duration,
    admin_session,
    object_lock,
    rehearsal,
    detection_switch,
    alarm_sets,
    scp_drop_statement,
    scp_add_statement,
    ou_scps,
    account_scps,
    quotas,
    custom_statement,
    inline_policy,
    boundary_statement,
    managed_policy,
    pci_exception,
    drop_pci_exception,
    account_id,
    assignment_change,
    regions,
    rename,
    email,
)


@functools.cache
def _parsed(stack: str) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(SOURCES[stack].read_text(), Loader=loader)


def _source(stack: str) -> dict:
    return copy.deepcopy(_parsed(stack))


def mutant(number: int, seed: int = 12) -> Mutant:
    """Mutant `number` of `seed`: the same blueprint every time."""
    rng = random.Random(f"{seed}:{number}")
    stack = "prod" if number % 3 == 0 else "staging"  # staging plans in half the time
    result = Mutant(number, stack, data=_source(stack))
    for _ in range(rng.choice((1, 1, 2, 3))):
        edit = EDITS[rng.randrange(len(EDITS))]
        result.edits.append(edit(rng, result.data))
    return result


def mutants(count: int, seed: int = 12, start: int = 0) -> Iterator[Mutant]:
    for number in range(start, start + count):
        yield mutant(number, seed)
