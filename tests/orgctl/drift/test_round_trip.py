"""The adoption round trip against moto's server: seed a brownfield organization, import it,
validate and plan the blueprint, check the import file against the plan, see drift name exactly
what the blueprint could not express, clean that up as an adopter would, see no drift, then
change things by hand and see drift name each change. Also the import benchmark (< 10 s)."""

from __future__ import annotations

import json
import time

import boto3

from tests import brownfield as seed
from tests.brownfield import clean_up_as_an_adopter
from tests.brownfield import run_orgctl as run
from tests.import_file_urns import file_urns

IMPORT_BUDGET_SECONDS = 10


def drift(blueprint) -> tuple[int, list[dict]]:
    """Drift, less the delegations the blueprint asks for and the seeded organization lacks
    (the import writes every detection service on, as the policy pack requires, and moto cannot
    hold some of their delegations): test_missing_detection_delegations_are_drift shows them."""
    code, out = run("drift", "--stack", "prod", "--blueprint", str(blueprint), "--format", "json")
    findings = [f for f in json.loads(out)["findings"] if not _missing_delegation(f)]
    return (code if findings else 0), findings


def _missing_delegation(finding: dict) -> bool:
    return finding["area"] == "delegated administrators" and finding["change"] == "missing"


def test_missing_detection_delegations_are_drift(fresh_brownfield_org, tmp_path):
    blueprint = tmp_path / "adopted.yaml"
    assert run("import", "--out", str(blueprint))[0] == 0
    code, out = run("drift", "--stack", "prod", "--blueprint", str(blueprint), "--format", "json")
    missing = {f["subject"] for f in json.loads(out)["findings"] if _missing_delegation(f)}
    assert code == 1
    assert "config.amazonaws.com" in missing


def test_import_plan_and_drift_round_trip(fresh_brownfield_org, tmp_path):
    out = fresh_brownfield_org
    blueprint, import_file = tmp_path / "adopted.yaml", tmp_path / "import.json"

    started = time.perf_counter()
    code, _ = run("import", "--out", str(blueprint), "--pulumi-import", str(import_file))
    elapsed = time.perf_counter() - started
    print(f"import of the seeded organization: {elapsed:.2f} s")  # the benchmark figure
    assert code == 0
    assert elapsed < IMPORT_BUDGET_SECONDS

    assert run("validate", str(blueprint))[0] == 0
    run("plan", "--stack", "prod", "--blueprint", str(blueprint), "--out", str(tmp_path))
    plan = json.loads((tmp_path / "prod" / "plan.json").read_text())
    planned = {r["urn"] for r in plan["deployment"]["resources"]}
    assert set(file_urns(json.loads(import_file.read_text())["resources"])) <= planned

    code, findings = drift(blueprint)
    assert code == 1
    assert sorted(f["message"] for f in findings) == sorted(
        [
            f"account '{seed.AT_ROOT}' ({out.account_ids[seed.AT_ROOT]}) at the root is not in "
            "the blueprint",
            "OU 'Sandbox' carries statement 'DenySandboxServices' of SCP 'sandbox-services', "
            "which the blueprint does not attach there",
            "the user 'alice' directly gets 'AdministratorAccess' in 'prod-app-1', which the "
            "blueprint does not grant (the blueprint assigns groups only)",
            f"IAM user '{seed.EXTRA_IAM_USER}' in the management account is not a break-glass user",
        ]
    )

    clean_up_as_an_adopter(out)
    assert drift(blueprint) == (0, [])

    organizations = boto3.client("organizations")
    organizations.attach_policy(
        PolicyId=out.scp_ids["region-lock"], TargetId=out.ou_ids["Security"]
    )
    seed.assign(out, "GROUP", out.group_ids["AWS-Developers"], "PowerUser", "prod-app-1")

    code, findings = drift(blueprint)
    assert code == 1
    assert [(f["area"], f["change"], f["message"]) for f in findings] == [
        (
            "service control policies",
            "extra",
            "OU 'Security' carries statement '(no Sid)' of SCP 'region-lock', which the "
            "blueprint does not attach there",
        ),
        (
            "assignments",
            "extra",
            "group 'AWS-Developers' gets 'PowerUser' in 'prod-app-1', which the blueprint does "
            "not grant",
        ),
    ]
