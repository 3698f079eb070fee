"""`orgctl report`: the evidence pack from an export says what its input is, shows only what
the input proves, is self-contained, and is shown whole in a real browser."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from html import escape

import pytest

from orgctl.cli import main
from orgctl.evidence.assessment import IMPLEMENTED, NOT_EVIDENCED, PLANNED, STATUSES
from orgctl.evidence.controls import CHECKLIST, controls_for
from orgctl.screenshot import open_page
from tests.conftest import REPO, TODAY
from tests.orgctl.png import read_png

ACCOUNT = "aws:organizations/account:Account"


@pytest.fixture(scope="module")
def prod(prod_plan_command):
    assert prod_plan_command.status == 0
    return prod_plan_command.out


@pytest.fixture(scope="module")
def evidence(prod):
    assert main(["report", "--stack", "prod", "--from-export", str(prod / "prod" / "plan.json"),
                 "--out", str(prod)]) == 0  # fmt: skip
    return prod / "prod" / "evidence"


def _rows(path) -> list[dict]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def _report(tmp_path, export: dict, *extra: str) -> int:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    return main(["report", "--stack", "app", "--from-export", str(path), "--out", str(tmp_path), *extra])  # fmt: skip


def _resource(type_: str, name: str, inputs: dict | None = None, **extra) -> dict:
    return {"urn": f"urn:pulumi:app::app::{type_}::{name}", "type": type_, "custom": True,
            "id": f"{name}-id", "inputs": inputs or {}, "outputs": inputs or {}, **extra}  # fmt: skip


APP_TEAM_EXPORT = {
    "version": 3,
    "deployment": {
        "manifest": {"time": "2026-11-27T10:00:00Z", "magic": "abc", "version": "v3.200.0"},
        "resources": [
            {"urn": "urn:pulumi:app::app::pulumi:pulumi:Stack::app-app", "type": "pulumi:pulumi:Stack"},
            _resource("aws:s3/bucket:Bucket", "assets"),
            _resource("aws:iam/role:Role", "service",
                      {"assumeRolePolicy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'}),
        ],
    },
}  # fmt: skip


def test_report_is_self_contained(evidence):
    html = (evidence / "index.html").read_text()
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"\bsrc\s*=", html)
    assert re.findall(r'\bhref="([^"]*)"', html) and all(
        h.startswith("#") for h in re.findall(r'\bhref="([^"]*)"', html)
    )
    assert "<svg" in html and "[PCI]" in html


def test_prod_plan_report_says_offline_plan_and_shows_no_invented_id(prod, evidence):
    export = json.loads((prod / "prod" / "plan.json").read_text())
    invented = [r["id"] for r in export["deployment"]["resources"]
                if r["type"] == ACCOUNT and not r.get("importID")]  # fmt: skip
    adopted = [r["id"] for r in export["deployment"]["resources"]
               if r["type"] == ACCOUNT and r.get("importID")]  # fmt: skip
    assert invented and adopted
    html = (evidence / "index.html").read_text()
    matrix = (evidence / "access-matrix.csv").read_text()
    assert "Offline plan: not a deployment" in html
    assert "Deployed stack" not in html
    for text in (html, matrix):
        assert not [i for i in invented if i in text]
        assert "(new)" in text
    assert all(i in html for i in adopted)
    assert "mock" not in html.lower().replace("mock runtime", "")


def test_banner_carries_provenance(prod, evidence):
    export = json.loads((prod / "prod" / "plan.json").read_text())
    html = (evidence / "index.html").read_text()
    facts = export["deployment"]["resources"][0]["outputs"]["evidence"]

    assert (
        facts["blueprint_sha256"]
        == hashlib.sha256((REPO / "blueprints/prod.yaml").read_bytes()).hexdigest()
    )
    assert re.fullmatch(r"[0-9a-f]{40}( with uncommitted changes)?", facts["commit"])
    assert facts["blueprint_sha256"] in html and facts["commit"] in html
    assert "as of 2026-11-28" in html


def test_frameworks_of_the_blueprint_select_the_controls(evidence, tmp_path):
    rows = _rows(evidence / "controls.csv")
    prod_frameworks = ["soc2", "pci-dss-4.0", "cis-aws"]  # blueprints/prod.yaml compliance
    assert [(r["framework"], r["control"]) for r in rows] == [
        (c.framework_name, c.control) for c in controls_for(prod_frameworks)
    ]
    assert {r["framework"] for r in rows} == {"SOC 2", "PCI-DSS 4.0", "CIS AWS Foundations 3.0"}
    assert {r["status"] for r in rows} <= set(STATUSES)
    assert all(r["auditor_should_also_ask_for"] for r in rows)
    root = next(r for r in rows if r["control"] == "CC6.1")
    assert "DenyRootUser" in root["scp_statements"] and "iam-no-admin-wildcard" in root["policies"]
    assert (
        "aws:" not in root["implemented_by"]
        and "service control policy ×" in root["implemented_by"]
    )


def test_frameworks_option_narrows_the_controls(prod, tmp_path):
    export = json.loads((prod / "prod" / "plan.json").read_text())
    assert _report(tmp_path, export, "--frameworks", "soc2") == 0
    rows = _rows(tmp_path / "app" / "evidence" / "controls.csv")
    assert rows and {r["framework"] for r in rows} == {"SOC 2"}
    html = (tmp_path / "app" / "evidence" / "index.html").read_text()
    assert "PCI-DSS 4.0 10.2.x" not in html


def test_the_stack_name_comes_from_the_export(prod, tmp_path, capsys):
    assert (
        main(["report", "--from-export", str(prod / "prod" / "plan.json"), "--out", str(tmp_path)])
        == 0
    )
    assert (tmp_path / "prod" / "evidence" / "index.html").is_file()
    assert "org-iam evidence — prod" in (tmp_path / "prod" / "evidence" / "index.html").read_text()


def test_unknown_framework_is_a_usage_error(prod, tmp_path, capsys):
    assert (
        main(["report", "--from-export", str(prod / "prod" / "plan.json"), "--frameworks", "hipaa"])
        == 2
    )
    assert "unknown framework(s) hipaa" in capsys.readouterr().err


def test_app_team_export_without_a_trail_shows_logging_as_not_evidenced(tmp_path, capsys):
    assert _report(tmp_path, APP_TEAM_EXPORT) == 0
    printed = capsys.readouterr().out
    rows = {
        (r["framework"], r["control"]): r
        for r in _rows(tmp_path / "app" / "evidence" / "controls.csv")
    }
    for key in [("PCI-DSS 4.0", "10.2.x"), ("PCI-DSS 4.0", "10.3.x"), ("PCI-DSS 4.0", "10.5.1"),
                ("SOC 2", "CC7.2"), ("CIS AWS Foundations 3.0", "3.1")]:  # fmt: skip
        assert rows[key]["status"] == NOT_EVIDENCED, key
        assert "CloudTrail trail" in rows[key]["why"]
    assert rows[("SOC 2", "CC7.4")]["status"] == "needs evidence from outside AWS"
    assert "implemented" not in {r["status"] for r in rows.values()}
    html = (tmp_path / "app" / "evidence" / "index.html").read_text()
    assert "Deployed stack" in html and "2026-11-27T10:00:00Z" in html
    assert "every framework is shown" in html
    summary = printed.splitlines()[0]
    assert summary.startswith("2 resources; ")
    assert escape(summary) in html


def test_a_deployed_stack_export_shows_its_ids_and_export_time(prod, tmp_path):
    export = json.loads((prod / "prod" / "plan.json").read_text())
    export["deployment"]["manifest"] = {
        "time": "2026-11-30T08:00:00Z",
        "magic": "x",
        "version": "v3",
    }
    assert _report(tmp_path, export) == 0
    html = (tmp_path / "app" / "evidence" / "index.html").read_text()
    assert '<p class="kind">Deployed stack</p>' in html and "Offline plan" not in html
    assert "Export time</th><td>2026-11-30T08:00:00Z" in html
    created = next(r for r in export["deployment"]["resources"]
                   if r["type"] == ACCOUNT and r["urn"].endswith("::pci-tokenization"))  # fmt: skip
    assert created["id"] in html and "(new)" not in html


def test_a_plan_calls_its_controls_planned_and_a_deployed_export_implemented(
    evidence, prod, tmp_path, capsys
):
    """A plan proves a design: no control of it is called implemented. The same resources in a
    deployed stack's export are."""
    planned = {r["status"] for r in _rows(evidence / "controls.csv")}
    assert PLANNED in planned and IMPLEMENTED not in planned
    html = (evidence / "index.html").read_text()
    assert "planned, not deployed" in html and " implemented, " not in html
    export = json.loads((prod / "prod" / "plan.json").read_text())
    export["deployment"]["manifest"] = {"time": "2026-11-30T08:00:00Z", "magic": "x"}
    assert _report(tmp_path, export) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    deployed = {r["status"] for r in _rows(tmp_path / "app" / "evidence" / "controls.csv")}
    assert IMPLEMENTED in deployed and PLANNED not in deployed
    assert " implemented, " in summary and "planned" not in summary


def test_command_and_page_show_the_same_counts(prod, tmp_path, capsys):
    assert main(["report", "--stack", "prod", "--from-export", str(prod / "prod" / "plan.json"),
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    summary = capsys.readouterr().out.splitlines()[0]
    export = json.loads((prod / "prod" / "plan.json").read_text())
    count = sum(1 for r in export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack")
    assert summary.startswith(f"{count} resources; ")
    html = (tmp_path / "prod" / "evidence" / "index.html").read_text()
    assert f'<p class="summary" id="summary">{escape(summary)}</p>' in html


def test_every_section_an_auditor_needs_is_there(evidence):
    html = (evidence / "index.html").read_text()
    for heading in ("Permission sets", "Break-glass access", "Access matrix", "Effective access",
                    "Service control policies in effect per account", "Appendix: policy documents",
                    "Audit checklist"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in html
    assert all(escape(item) in html for item, _, _ in CHECKLIST)
    assert "Allowed Regions</th><td>us-east-1, us-west-2" in html
    assert "Organization id</th><td>o-exampleorg01" in html
    assert "Management account</th><td>management (100000000001)" in html
    assert "EngineerPermissionBoundary" in html and "AWS managed: AdministratorAccess" in html
    assert escape('"Sid": "DenyRootUser"') in html  # the documents themselves


def test_pci_account_shows_the_scps_it_inherits(evidence):
    html = (evidence / "index.html").read_text()
    row = re.search(r"<tr><td>pci-payments</td>.*?</tr>", html).group(0)
    text = re.sub(r"<[^>]+>", "", row)
    assert "pci-guard (inherited from CardholderData)" in text
    assert re.search(r"[\w+-]*production-guard[\w+-]* \(inherited from Production\)", text)
    assert '<a href="#scp-pci-guard">pci-guard</a>' in row
    assert '<h3 id="scp-pci-guard">' in html  # the link lands on the document


def test_access_matrix_lists_every_grant_and_break_glass(evidence):
    rows = _rows(evidence / "access-matrix.csv")
    groups = [r for r in rows if r["who"].startswith("group ")]
    assert len(groups) == 70
    pci = [r for r in groups if r["pci_scope"] == "yes"]
    assert pci and all(r["permission_set"] != "Admin" for r in pci)
    glass = [r for r in rows if r["who"].startswith("break-glass users")]
    assert glass and {r["permission_set"] for r in glass} == {
        "IAM role BreakGlassAdmin (break-glass)"
    }
    assert "breakglass-1" in glass[0]["who"] and glass[0]["session"] == "PT1H"
    billing = next(r for r in groups if r["permission_set"] == "Billing")
    assert (billing["account"], billing["account_id"]) == ("management", "100000000001")


def test_a_failing_policy_turns_its_controls_to_failing(tmp_path):
    seeded = REPO / "tests" / "fixtures" / "blueprints" / "seeded-violation.yaml"
    main(["plan", "--stack", "staging", "--blueprint", str(seeded), "--today", TODAY.isoformat(),
          "--out", str(tmp_path)])  # fmt: skip
    assert main(["report", "--stack", "staging", "--from-export",
                 str(tmp_path / "staging" / "plan.json"), "--out", str(tmp_path)]) == 0  # fmt: skip
    rows = {r["control"]: r for r in _rows(tmp_path / "staging" / "evidence" / "controls.csv")}
    assert rows["CC6.3"]["status"] == "failing" and rows["7.2.x"]["status"] == "failing"
    assert "sso-privileged-set-requires-boundary" in rows["CC6.3"]["why"]
    assert "CIS AWS Foundations 3.0" not in {r["framework"] for r in rows.values()}


def test_full_page_screenshot_and_pdf_in_chromium(evidence, tmp_path):
    check = open_page(
        evidence / "index.html", tmp_path / "evidence.png", pdf=tmp_path / "evidence.pdf"
    )
    assert check.console == []
    image = read_png(check.screenshot.read_bytes())
    assert (image.width, image.height) == (check.width, check.height) == (1400, check.height)
    assert image.height > 5000  # far beyond one window: the whole page was captured
    # The page ends in a dark band (#1f3b57): it must be in the last rows of the image.
    band = [
        y for y in range(image.height - 200, image.height) if image.pixel(700, y) == (31, 59, 87)
    ]
    assert band, "the end of the page is not in the screenshot"
    # The top is there too: the banner's border colour of an offline plan (#8a6d00).
    assert any(image.pixel(x, y) == (138, 109, 0) for y in range(0, 300) for x in range(0, 200, 2))
    pdf = check.pdf.read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) > 3


def test_the_console_check_would_catch_a_script_error(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>'
    )
    check = open_page(page, tmp_path / "bad.png", width=400)
    assert any("boom" in line for line in check.console)


def test_report_from_something_that_is_not_an_export_exits_2(tmp_path, capsys):
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"not": "an export"}')
    assert main(["report", "--from-export", str(garbage), "--out", str(tmp_path)]) == 2
    assert (
        main(["report", "--from-export", str(tmp_path / "absent.json"), "--out", str(tmp_path)])
        == 2
    )
    assert main(["report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the input" in err and "Traceback" not in err
    assert not (tmp_path / "garbage" / "evidence").exists()


def test_effective_access_results_slot_into_their_section(prod, tmp_path):
    from orgctl.evidence.report import write_evidence

    export = json.loads((prod / "prod" / "plan.json").read_text())
    results = "<table><tr><td>ops@prod-app-1 can ec2:TerminateInstances</td></tr></table>"
    (page, *_), _ = write_evidence(export, [], tmp_path, "prod", effective_access=results)
    section = re.search(
        r'<section id="effective-access">.*?</section>', page.read_text(), re.S
    ).group(0)
    assert results in section and "Not evaluated in this report" not in section
    (page, *_), _ = write_evidence(export, [], tmp_path, "prod")
    assert "Not evaluated in this report" in page.read_text()


def test_the_pack_shows_effective_access_and_the_assertion_results(prod, evidence):
    html = (evidence / "index.html").read_text()
    section = re.search(r'<section id="effective-access">.*?</section>', html, re.S).group(0)
    text = re.sub(r"<[^>]+>", "", section)
    from orgctl.access.record import record_for_export

    export = json.loads((prod / "prod" / "plan.json").read_text())
    record, _ = record_for_export(prod / "prod" / "plan.json", export, TODAY)
    assert "It is not a test of deployed accounts: no request was sent to AWS." in text
    assert record["blueprint_sha256"] in text and "as of 2026-11-28" in text
    assert "Not evaluated" not in text
    assert "cloudtrail-only-emergency" in text and "production-only-operators (blueprint)" in text
    assert text.count("holds for all ") == len(record["assertions"])
    assert all(a["evaluated"]["pairs"] > 0 for a in record["assertions"])
    assert "permission-set Admin" in text
    assert "rds:DeleteDBInstance on arn:aws:rds:us-east-1:100000000004:db:app" in text
    matrix = _rows(evidence / "effective-access.csv")
    assert len(matrix) == record["rows"] > 800
    row = next(r for r in matrix if (r["principal"], r["account"], r["capability"])
               == ("ReadOnly", "prod-app-1", "stop-cloudtrail"))  # fmt: skip
    assert row["held"] == "no" and "ProtectCloudTrail@ou:Production" in row["decided_by"]


def test_an_export_without_its_access_record_says_effective_access_is_not_evaluated(tmp_path):
    assert _report(tmp_path, APP_TEAM_EXPORT) == 0
    html = (tmp_path / "app" / "evidence" / "index.html").read_text()
    section = re.search(r'<section id="effective-access">.*?</section>', html, re.S).group(0)
    assert "Not evaluated in this report: " in section
    assert "export.json does not record which blueprint it was planned from." in section
    assert "holds" not in section
    assert not (tmp_path / "app" / "evidence" / "effective-access.csv").exists()


def test_scp_chain_marks_resource_control_policies_and_where_each_comes_from():
    from orgctl.evidence.inventory import read_inventory
    from orgctl.evidence.sections import scp_chain_rows

    org, ou = "urn:o::aws:organizations/organization:Organization::org", "urn:o::ou::Work"
    export = {"deployment": {"resources": [
        {"urn": org, "type": "aws:organizations/organization:Organization", "id": "o-abcdefghij"},
        {"urn": ou, "type": "aws:organizations/organizationalUnit:OrganizationalUnit", "id": "ou-1",
         "inputs": {"name": "Work"}, "propertyDependencies": {"parentId": [org]}},
        {"urn": "urn:o::acct::app", "type": ACCOUNT, "id": "123456789012", "inputs": {},
         "propertyDependencies": {"parentId": [ou]}},
        {"urn": "urn:o::p::perimeter", "type": "aws:organizations/policy:Policy",
         "inputs": {"type": "RESOURCE_CONTROL_POLICY", "content": "{}"}},
        {"urn": "urn:o::p::guard", "type": "aws:organizations/policy:Policy", "inputs": {"content": "{}"}},
        {"urn": "urn:o::a::1", "type": "aws:organizations/policyAttachment:PolicyAttachment",
         "propertyDependencies": {"targetId": [org], "policyId": ["urn:o::p::perimeter"]}},
        {"urn": "urn:o::a::2", "type": "aws:organizations/policyAttachment:PolicyAttachment",
         "propertyDependencies": {"targetId": [ou], "policyId": ["urn:o::p::guard"]}},
    ]}}  # fmt: skip
    (row,) = scp_chain_rows(read_inventory(export))
    assert re.sub(r"<[^>]+>", "", row["scps_in_effect"]) == (
        "perimeter [RCP] (inherited from Root); guard (inherited from Work)"
    )
    assert (row["id"], row["path"]) == ("123456789012", "Root / Work")


def test_the_manifest_ties_every_file_to_its_source_commit_and_blueprint(evidence, prod):
    manifest = json.loads((evidence / "manifest.json").read_text())
    assert manifest["source"] == "offline plan: not a deployment"
    facts = next(
        r["outputs"]["evidence"]
        for r in json.loads((prod / "prod" / "plan.json").read_text())["deployment"]["resources"]
        if r["type"] == "pulumi:pulumi:Stack"
    )
    assert manifest["commit"] == facts["commit"]
    assert manifest["blueprint_sha256"] == facts["blueprint_sha256"]
    assert {"index.html", "controls.csv", "access-matrix.csv", "effective-access.csv"} <= set(
        manifest["files"]
    )
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((evidence / name).read_bytes()).hexdigest() == digest, name
