"""`orgctl import --out FILE.yaml [--pulumi-import FILE.json]`: read the live organization with
the management account's credentials (read-only), write a blueprint that validates, with a
comment at each place it differs from the organization, and optionally Pulumi's bulk import file.

Exit 0 when the blueprint validates, 1 when the written blueprint does not (the errors name the
lines to fix), 2 when the organization cannot be read or a file cannot be written.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

import boto3

from blueprint import BlueprintIOError, check_blueprint
from orgctl import exit_codes
from orgctl.adoption.draft import KINDS, Draft, build_draft
from orgctl.adoption.yaml_writer import to_yaml
from orgctl.live.reader import LiveReadError, read_organization
from program.domain_checks import DOMAIN_CHECKS


def default_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def fail(message: str, output_format: str) -> int:
    if output_format == "json":
        print(json.dumps({"error": message}))
    print(f"orgctl import: {message}", file=sys.stderr)
    return exit_codes.USAGE_OR_IO


def run(
    out: str,
    *,
    pulumi_import: str | None = None,
    region: str | None = None,
    output_format: str = "text",
    today: datetime.date | None = None,
) -> int:
    today = today or datetime.date.today()
    try:
        snapshot = read_organization(boto3.Session(), region or default_region())
    except LiveReadError as error:
        return fail(f"{error}", output_format)
    draft = build_draft(snapshot)
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_yaml(draft.document, draft.notes))
        result = check_blueprint(str(path), today=today, extra_checks=DOMAIN_CHECKS)
    except (OSError, BlueprintIOError) as error:
        return fail(f"cannot write {out}: {error}", output_format)
    resources, left_out = None, []
    if pulumi_import and result.ok:
        from orgctl.adoption.import_file import write_import_file

        try:
            resources, left_out = write_import_file(pulumi_import, path, snapshot, draft, today)
        except OSError as error:
            return fail(f"cannot write {pulumi_import}: {error}", output_format)
    _report(draft, path, result, (pulumi_import, resources, left_out), output_format)
    return exit_codes.CLEAN if result.ok else exit_codes.FINDINGS


def _report(draft: Draft, path: Path, result, import_file, output_format) -> None:
    pulumi_import, resources, left_out = import_file
    document = draft.document
    counts = {
        "organizational_units": _count_ous(document["organizational_units"]),
        "accounts": len(document["accounts"]),
        "service_control_policies": len(document["service_control_policies"]),
        "permission_sets": len(document["permission_sets"]),
        "groups": len(document["groups"]),
        "assignments": len(document["assignments"]),
    }
    errors = [str(d) for d in result.diagnostics if d.severity == "error"]
    if output_format == "json":
        print(
            json.dumps(
                {
                    "blueprint": str(path),
                    "valid": result.ok,
                    "errors": errors,
                    "imported": counts,
                    "notes": [
                        {"kind": n.kind, "where": ".".join(map(str, n.where)), "message": n.message}
                        for n in draft.notes
                    ],
                    "pulumi_import": (
                        {"file": pulumi_import, "resources": resources, "not_adopted": left_out}
                        if resources is not None
                        else None
                    ),
                },
                indent=1,
            )
        )
        return
    print(f"Wrote {path}: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()))
    for kind, label in KINDS.items():
        notes = [n for n in draft.notes if n.kind == kind]
        print(f"\n{len(notes)} place(s) where {label}:")
        for note in notes:
            print(f"  - {note.message}")
    if errors:
        print(f"\n{path} does not validate; fix these and run `orgctl validate {path}`:")
        for error in errors:
            print(f"  {error}")
    else:
        print(f"\n{path} validates.")
    if resources is not None:
        print(f"Wrote {pulumi_import}: {resources} resource(s) for `pulumi import --file`.")
        if left_out:
            print(
                "Live SCPs and attachments org-iam replaces with its own composition (detach "
                "them after the first `pulumi up`):"
            )
            for item in left_out:
                print(f"  - {item}")


def _count_ous(units: dict) -> int:
    return sum(1 + _count_ous(node.get("children", {})) for node in units.values())
