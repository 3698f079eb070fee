"""The report names every candidate defect with its URN and the provider's words, lists the
stubs and what the rehearsal cannot show, and is plain JSON."""

from __future__ import annotations

import json

from orgctl.rehearsal.report import render_text, static_sections

URN = "urn:pulumi:t::org-iam::aws:iam/role:Role::deployer"


def _report() -> dict:
    return {
        "stack": "t",
        "versions": {
            "terraform": "1.11.4",
            "provider": "5.100.0",
            "bridged_provider_major": 6,
            "moto": "5.2.5",
        },
        "max_providers": 8,
        "seconds": 12.5,
        "peak_rss_mib": 900,
        "stages": {"apply": {"seconds": 3.0, "peak_rss_mib": 900}},
        "batches": [{"number": 1}],
        "counts": {
            "resources": 1,
            "imports": 0,
            "planned": 1,
            "applied": 0,
            "failed": 1,
            "skipped": 0,
            "replan_changes": 0,
            "by_type": {
                "aws_iam_role": {"planned": 1, "applied": 0, "failed": 1, "replan_changes": 0}
            },
        },
        "findings": [
            {
                "stage": "apply",
                "kind": "program-defect",
                "urn": URN,
                "address": "aws_iam_role.deployer",
                "message": "MalformedPolicyDocument: bad principal",
                "known": "",
                "explanation": "",
            }
        ],
        "program_defects": 1,
        **static_sections(),
    }


def test_text_names_the_defect_with_urn_and_message():
    text = render_text(_report())
    assert f"[apply] {URN}\n      MalformedPolicyDocument: bad principal" in text
    assert "Candidate program defects: 1" in text
    assert "apply          3.0        900" in text


def test_stubs_and_limits_are_listed():
    sections = static_sections()
    assert {s["name"] for s in sections["stubs"]} >= {"ssoadmin-permissions-boundary"}
    assert any("policy evaluation" in item for item in sections["not_verifiable"])
    text = render_text(_report())
    assert "ssoadmin-permissions-boundary" in text and "not that AWS will behave" in text
    json.dumps(_report())


def test_rehearse_refuses_an_unknown_stack_with_exit_2(capsys):
    from orgctl.cli import main

    assert main(["rehearse", "--stack", "no-such-stack"]) == 2
    assert "orgctl rehearse:" in capsys.readouterr().err


def test_rehearse_refuses_a_batch_without_providers(capsys):
    from orgctl.cli import main

    assert main(["rehearse", "--stack", "staging", "--max-providers", "0"]) == 2
    assert "--max-providers must be at least 1" in capsys.readouterr().err


def test_rehearse_refuses_a_missing_blueprint_with_exit_2(capsys, tmp_path):
    from orgctl.cli import main

    missing = str(tmp_path / "missing.yaml")
    assert main(["rehearse", "--stack", "staging", "--blueprint", missing]) == 2
    assert "missing.yaml" in capsys.readouterr().err
