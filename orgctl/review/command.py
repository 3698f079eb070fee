"""`orgctl review`: read the live organization with the management account's credentials
(read-only, member accounts through the access role), list who has access to every account,
flag what a quarterly access review must decide on, and write the pack managers sign.

Exit 0 when nothing is flagged, 1 when something is, 2 when an input or the organization cannot
be read or a file cannot be written."""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from blueprint import BlueprintIOError, check_blueprint
from orgctl import exit_codes
from orgctl.live.account_iam import ReportUnavailable, member_iam, read_account_iam
from orgctl.live.reader import LiveReadError, _parallel, read_organization
from orgctl.live.session import client
from orgctl.review import disable
from orgctl.review.break_glass_tests import RecordError, read_records
from orgctl.review.build import Review, build_review
from orgctl.review.expectations import from_blueprint, from_live
from orgctl.review.pack_csv import owner_file_name, to_csv
from orgctl.review.pack_html import to_html
from orgctl.review.pack_json import to_document, to_json
from orgctl.review.pack_text import to_text
from orgctl.review.previous import Changes, PreviousError, compare, read_signed
from orgctl.stack_config import StackConfigError, stack_blueprint
from program.domain_checks import DOMAIN_CHECKS


class ReviewError(Exception):
    """An input, the organization or an output is unusable: one sentence, exit 2."""


def _fail(message: str, output_format: str) -> int:
    if output_format == "json":
        print(json.dumps({"command": "review", "error": message}))
    print(f"orgctl review: {message}", file=sys.stderr)
    return exit_codes.USAGE_OR_IO


def _region(region: str | None) -> str:
    return (
        region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1"
    )


def run(
    stack: str | None = None,
    *,
    blueprint: str | None = None,
    as_of: str | datetime.date | None = None,
    output_format: str = "text",
    out: str | None = None,
    previous: str | None = None,
    break_glass_tests: str | None = None,
    region: str | None = None,
    access_role: str | None = None,
    disable_unused: bool = False,
    dry_run: bool = False,
) -> int:
    if isinstance(as_of, str):
        try:
            as_of = datetime.date.fromisoformat(as_of)
        except ValueError:
            return _fail(f"--as-of: '{as_of}' is not a date (YYYY-MM-DD)", output_format)
    as_of = as_of or datetime.date.today()
    if dry_run and not disable_unused:
        return _fail("--dry-run goes with --disable-unused", output_format)
    try:
        tests = read_records(break_glass_tests) if break_glass_tests else []
        signed = read_signed(previous) if previous else None
        model = _blueprint(stack, blueprint, as_of)
        session = boto3.Session()
        live = _live(session, model, region)
        if model is None:
            expected, basis = (
                from_live(live, access_role),
                "the live organization only (no --stack)",
            )
        else:
            expected = from_blueprint(model[0], model[1], live)
            basis = f"stack '{stack or '-'}', blueprint {model[2]}"
        account_iam, clients = _read_accounts(session, live, expected, model, region)
    except (RecordError, PreviousError, ReviewError) as error:
        return _fail(str(error), output_format)
    review = build_review(live, expected, account_iam, tests, as_of, basis)
    changes = None
    if signed is not None:
        review, changes = compare(review, signed, previous)
    disabled = None
    if disable_unused:
        names = {line.account.id: line.account.name for line in review.lines}
        chosen = disable.targets(account_iam, names, expected, as_of)
        try:
            disabled = _disable(chosen, clients, as_of, dry_run, Path(out or "out/review"))
        except OSError as error:
            return _fail(f"cannot write the reversal log: {error}", output_format)
    try:
        if out:
            _write_pack(Path(out), review, changes, disabled)
    except OSError as error:
        return _fail(f"cannot write the review pack in {out}: {error}", output_format)
    print(_render(review, changes, disabled, output_format))
    return exit_codes.FINDINGS if review.flags else exit_codes.CLEAN


def _blueprint(stack, blueprint, as_of):
    """(model, tree, path) with --stack or --blueprint, else None."""
    if not (stack or blueprint):
        return None
    try:
        path = stack_blueprint(stack, blueprint)
        result = check_blueprint(path, today=as_of, extra_checks=DOMAIN_CHECKS)
    except (StackConfigError, BlueprintIOError, OSError) as error:
        raise ReviewError(str(error)) from None
    if not result.ok:
        first = next(d for d in result.diagnostics if d.severity == "error")
        raise ReviewError(f"{path} is not valid ({first}); nothing reviewed")
    return result.blueprint, result.tree, path


def _live(session, model, region):
    home = model[0].organization.home_region if model else _region(region)
    try:
        live = read_organization(session, home)
    except LiveReadError as error:
        raise ReviewError(
            f"{error}. Run with the management account's credentials, allowed to read "
            "Organizations, IAM Identity Center, the identity store and IAM, and to assume the "
            "access role in member accounts"
        ) from None
    if model and live.organization.management_account_id != model[0].management_account_id:
        raise ReviewError(
            f"these credentials reach the organization managed by "
            f"{live.organization.management_account_id}; the blueprint's management account is "
            f"{model[0].management_account_id}"
        )
    return live


def _read_accounts(session, live, expected, model, region):
    partition = model[0].partition if model else "aws"
    home = model[0].organization.home_region if model else _region(region)
    management_id = live.organization.management_account_id
    active = [a for a in live.accounts if a.status == "ACTIVE"]
    sts = client(session, "sts", home)

    def read(account):
        role_arn = f"arn:{partition}:iam::{account.id}:role/{expected.access_role}"
        iam = member_iam(session, sts, account.id, management_id, role_arn, home)
        if isinstance(iam, str):
            return f"cannot assume {role_arn} ({iam})", None
        try:
            return read_account_iam(iam, account.id, (expected.break_glass_role,)), iam
        except (ClientError, BotoCoreError, ReportUnavailable) as error:
            return f"cannot read IAM: {error}", None

    results = _parallel(read, active)
    account_iam = {a.id: r[0] for a, r in zip(active, results, strict=True)}
    clients = {a.id: r[1] for a, r in zip(active, results, strict=True) if r[1] is not None}
    return account_iam, clients


def _disable(chosen, clients, as_of, dry_run, out: Path) -> dict:
    refused = [t for t in chosen if t.break_glass]
    allowed = [t for t in chosen if not t.break_glass]
    result = {
        "dry_run": dry_run,
        "would_deactivate" if dry_run else "deactivated": [t.describe(as_of) for t in allowed],
        "refused_break_glass": [t.describe(as_of) for t in refused],
        "failed": [],
        "reversal_log": None,
    }
    if dry_run or not allowed:
        return result
    entries = []
    try:
        for target in allowed:
            try:
                disable.apply(target, clients[target.account_id])
            except (ClientError, BotoCoreError) as error:
                result["failed"].append(f"{target.describe(as_of)}: {error}")
                result["deactivated"].remove(target.describe(as_of))
                continue
            entries.append(disable.log_entry(target, as_of, "deactivated"))
    finally:  # whatever was done is logged, even if a later call failed
        if entries:
            result["reversal_log"] = str(disable.write_log(out, as_of, entries))
    return result


def _write_pack(out: Path, review: Review, changes: Changes | None, disabled) -> None:
    out.mkdir(parents=True, exist_ok=True)
    marks = changes.marks if changes else None
    (out / "index.html").write_text(to_html(review, changes), encoding="utf-8")
    (out / "review.json").write_text(
        to_json(review, changes, disabled, indent=None) + "\n", encoding="utf-8"
    )
    for owner in review.owners:
        lines = [line for line in review.lines if line.account.owner == owner]
        (out / owner_file_name(owner)).write_text(to_csv(lines, marks), encoding="utf-8")


def _render(review: Review, changes, disabled, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(to_document(review, changes, disabled), indent=1)
    if output_format == "csv":
        return to_csv(list(review.lines), changes.marks if changes else None).rstrip("\n")
    if output_format == "html":
        return to_html(review, changes).rstrip("\n")
    text = to_text(review, changes)
    if disabled is not None:
        text += "\n" + _disable_text(disabled)
    return text


def _disable_text(disabled: dict) -> str:
    verb = "Would deactivate" if disabled["dry_run"] else "Deactivated"
    items = disabled.get("would_deactivate", disabled.get("deactivated", []))
    lines = [f"{verb} {len(items)} credential(s) unused for more than 90 days:"]
    lines += [f"  {item}" for item in items]
    for item in disabled["refused_break_glass"]:
        lines.append(f"  refused (break-glass user, unused between tests by design): {item}")
    for item in disabled["failed"]:
        lines.append(f"  failed: {item}")
    if disabled["reversal_log"]:
        lines.append(f"Reversal log: {disabled['reversal_log']}")
    return "\n".join(lines)
