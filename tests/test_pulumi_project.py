"""The Pulumi project as a Pulumi user meets it: every config key the program reads is declared
in Pulumi.yaml, the stack files set nothing unused, and the user docs carry no project history."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO

READS = re.compile(r"config\.(?:require|get)\w*\(\s*\"([\w-]+)\"")


def test_every_config_key_the_program_reads_is_declared():
    read = set(READS.findall((REPO / "__main__.py").read_text()))
    declared = set((yaml.safe_load((REPO / "Pulumi.yaml").read_text())["config"]).keys())
    assert read == {"blueprint", "today"}
    assert read <= declared
    assert (
        "default" not in yaml.safe_load((REPO / "Pulumi.yaml").read_text())["config"]["blueprint"]
    )


def test_stack_files_set_only_declared_keys_and_no_default_provider():
    declared = set(yaml.safe_load((REPO / "Pulumi.yaml").read_text())["config"])
    for path in sorted(REPO.glob("Pulumi.*.yaml")):
        config = yaml.safe_load(path.read_text())["config"]
        project_keys = {k.split(":", 1)[1] for k in config if k.startswith("org-iam:")}
        assert project_keys <= declared, path.name
        assert "aws:region" not in config, f"{path.name}: no resource uses the default provider"
        assert config["pulumi:disable-default-providers"] == ["aws"], path.name
        assert (REPO / config["org-iam:blueprint"]).is_file(), path.name
        assert set(config) <= {f"org-iam:{k}" for k in declared} | {
            "pulumi:disable-default-providers"
        }


def test_user_docs_carry_no_project_history():
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    jargon = re.compile(r"seed defect|\bthe seed\b|seed's|monitoring issue|\bissue #?\d", re.I)
    found = [
        f"{page.name}: {line.strip()}"
        for page in pages
        for line in page.read_text().splitlines()
        if jargon.search(line)
    ]
    assert found == []


def test_policy_pack_virtualenv_is_ignored():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    pack = yaml.safe_load((REPO / "policy-pack" / "PulumiPolicy.yaml").read_text())
    assert f"policy-pack/{pack['runtime']['options']['virtualenv']}/" in ignored
