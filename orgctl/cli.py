"""Argument parsing for orgctl. Commands live in their own modules; this only dispatches."""

from __future__ import annotations

import argparse
import datetime
import itertools
import sys

from orgctl import __version__, exit_codes, validate
from orgctl.errors import report_error
from orgctl.heap import paused_garbage_collector


class UsageError(Exception):
    """A command line argparse rejects; raised instead of exiting, so `main` can answer in the
    format the command line asked for."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's hook for bad command lines
        raise UsageError(self, message)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _frameworks(text: str) -> list[str]:
    from orgctl.evidence.controls import FRAMEWORKS

    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FRAMEWORKS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown framework(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(FRAMEWORKS)}"
        )
    return chosen


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="orgctl", description="Offline checks for org-iam blueprints.")
    parser.add_argument("--version", action="version", version=f"orgctl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate_command = commands.add_parser(
        "validate", help="check blueprint files; errors and warnings with file:line:column"
    )
    validate_command.add_argument("files", nargs="+", metavar="FILE", help="blueprint YAML files")
    validate_command.add_argument("--format", choices=("text", "json"), default="text")
    validate_command.add_argument(
        "--today",
        type=_date,
        default=None,
        help="treat this date as today (sandbox expiry); default: the system date",
    )
    validate_command.add_argument(
        "--previous",
        metavar="FILE",
        help="the plan, stack export or blueprint before this change: warn about keys "
        "renamed without renamed_from (Pulumi would replace what they name)",
    )
    plan = commands.add_parser(
        "plan", help="offline plan of a stack: summary, out/<stack>/plan.json, policy results"
    )
    plan.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    plan.add_argument(
        "--diff",
        metavar="OLD_PLAN.json",
        help="show changes against an older plan or stack export (first, before the summary)",
    )
    plan.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="markdown: the diff for a pull-request comment (needs --diff); json: for tools",
    )
    plan.add_argument("--today", type=_date, default=None, help="treat this date as today")
    plan.add_argument("--out", default="out", help="output folder (default: out)")
    plan.add_argument(
        "--policy-config",
        metavar="FILE",
        help="policy-pack config (JSON) over what the blueprint sets; as --policy-pack-config",
    )
    plan.add_argument(
        "--blueprint", metavar="FILE", help="plan this blueprint with the stack's other settings"
    )
    report = commands.add_parser(
        "report", help="evidence pack for the auditor: index.html, controls.csv, access-matrix.csv"
    )
    report.add_argument("--stack", help="stack name; without --from-export, plan it offline first")
    report.add_argument(
        "--from-export", metavar="FILE", help="a plan.json or `pulumi stack export`"
    )
    report.add_argument("--today", type=_date, default=None, help="treat this date as today")
    report.add_argument("--out", default="out", help="output folder (default: out)")
    report.add_argument(
        "--screenshot", action="store_true", help="open the report in headless Chromium too"
    )
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.add_argument(
        "--frameworks",
        type=_frameworks,
        default=None,
        help="comma-separated: soc2, pci-dss-4.0, cis-aws (default: the blueprint's "
        "compliance.frameworks as recorded in the export, else all)",
    )
    preflight = commands.add_parser(
        "preflight",
        help="read-only checks of the existing accounts before the first `pulumi up` "
        "(needs the management account's AWS credentials)",
    )
    preflight.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    preflight.add_argument("--blueprint", metavar="FILE", help="check this blueprint instead")
    preflight.add_argument("--format", choices=("text", "json"), default="text")
    preflight.add_argument("--today", type=_date, default=None, help="treat this date as today")
    access = commands.add_parser(
        "access",
        help="effective access: who can do which sensitive actions where, through SCPs, "
        "permission sets, boundaries and escalation; checks the access assertions",
    )
    access.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    access.add_argument("--blueprint", metavar="FILE", help="analyse this blueprint instead")
    access.add_argument("--format", choices=("text", "csv", "json"), default="text")
    access.add_argument("--today", type=_date, default=None, help="treat this date as today")
    _add_import_and_drift(commands)
    _add_review(commands)
    rehearse = commands.add_parser(
        "rehearse",
        help="apply the offline plan with the real Terraform AWS provider against an emulated "
        "AWS (moto), re-plan for drift, classify what the provider refuses",
    )
    rehearse.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    rehearse.add_argument("--blueprint", metavar="FILE", help="rehearse this blueprint instead")
    rehearse.add_argument("--plan", metavar="PLAN.json", help="rehearse this plan file as is")
    rehearse.add_argument(
        "--keep", action="store_true", help="keep Terraform's working folders (providers)"
    )
    rehearse.add_argument(
        "--destroy", action="store_true", help="then destroy what is neither protected nor retained"
    )
    rehearse.add_argument(
        "--max-providers",
        type=int,
        default=8,
        help="provider processes per batch (each ~0.5 GB; default 8)",
    )
    rehearse.add_argument("--format", choices=("text", "json"), default="text")
    rehearse.add_argument("--today", type=_date, default=None, help="treat this date as today")
    rehearse.add_argument("--out", default="out", help="output folder (default: out)")
    check = commands.add_parser(
        "check", help="run the policy pack over a deployment export (plan or stack export)"
    )
    check.add_argument("plan", metavar="PLAN.json")
    check.add_argument(
        "--config",
        "--policy-config",
        dest="config",
        metavar="FILE",
        help="policy pack config (as --policy-pack-config); an unknown key is an error",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--engine",
        action="store_true",
        help="run the pack through its own analyzer server, as `pulumi preview` (first "
        "preview, unknowns) and `pulumi up` (update) do, and report per policy and phase",
    )
    return parser


def _add_import_and_drift(commands) -> None:
    adopt = commands.add_parser(
        "import",
        help="write a blueprint (and a Pulumi import file) from the live organization, read-only "
        "(needs the management account's AWS credentials)",
    )
    adopt.add_argument("--out", required=True, metavar="FILE.yaml", help="blueprint to write")
    adopt.add_argument(
        "--pulumi-import", metavar="FILE.json", help="also write a `pulumi import --file` file"
    )
    adopt.add_argument("--region", help="Identity Center's Region (default: AWS_REGION)")
    adopt.add_argument("--format", choices=("text", "json"), default="text")
    adopt.add_argument("--today", type=_date, default=None, help="treat this date as today")
    drift = commands.add_parser(
        "drift",
        help="compare the live organization with what the stack's blueprint deploys, read-only "
        "(needs the management account's AWS credentials)",
    )
    drift.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    drift.add_argument("--blueprint", metavar="FILE", help="compare with this blueprint instead")
    drift.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    drift.add_argument("--today", type=_date, default=None, help="treat this date as today")


def _add_review(commands) -> None:
    review = commands.add_parser(
        "review",
        help="quarterly access review of the live organization: who has access, flags with "
        "control ids, the pack managers sign (needs the management account's AWS credentials)",
    )
    review.add_argument("--stack", help="add the stack's blueprint: owners, expected access")
    review.add_argument("--blueprint", metavar="FILE", help="use this blueprint instead")
    review.add_argument("--as-of", metavar="YYYY-MM-DD", help="review date (default: today)")
    review.add_argument("--format", choices=("text", "json", "csv", "html"), default="text")
    review.add_argument("--out", metavar="DIR", help="write index.html, review.json, CSV per owner")
    review.add_argument("--previous", metavar="FILE.csv", help="last quarter's signed CSV")
    review.add_argument(
        "--break-glass-tests",
        metavar="FILE.csv",
        help="recorded break-glass tests: date,user,ticket",
    )
    review.add_argument("--region", help="Identity Center's Region without --stack")
    review.add_argument("--access-role", help="role reaching member accounts without --stack")
    review.add_argument(
        "--disable-unused",
        action="store_true",
        help="deactivate (never delete) IAM credentials unused for 90 days; logs the reversal",
    )
    review.add_argument("--dry-run", action="store_true", help="with --disable-unused: only list")


def _dispatch_import_and_drift(args: argparse.Namespace) -> int | None:
    if args.command == "import":
        from orgctl.adoption import command as import_command

        return import_command.run(
            args.out,
            pulumi_import=args.pulumi_import,
            region=args.region,
            output_format=args.format,
            today=args.today,
        )
    if args.command == "drift":
        from orgctl.drift import command as drift_command

        return drift_command.run(
            args.stack, blueprint=args.blueprint, output_format=args.format, today=args.today
        )
    return None


def _wants_json(argv: list[str]) -> bool:
    return "--format=json" in argv or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(argv)
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        if _wants_json(argv):
            return report_error("usage", str(error), "json")
        error.parser.print_usage(sys.stderr)
        print(f"{error.parser.prog}: error: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    except SystemExit as exit_:  # --help and --version end here
        return exit_codes.USAGE_OR_IO if exit_.code else exit_codes.CLEAN
    # One command per process: the garbage of a plan is cheaper kept than collected.
    with paused_garbage_collector():
        return _dispatch(parser, args)


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate.run(
            args.files, output_format=args.format, today=args.today, previous=args.previous
        )
    if args.command == "plan":
        from orgctl import plan as plan_command

        return plan_command.run(
            args.stack,
            today=args.today,
            diff=args.diff,
            out=args.out,
            blueprint=args.blueprint,
            policy_config=args.policy_config,
            output_format=args.format,
        )
    if args.command == "report":
        from orgctl import report as report_command

        if not (args.stack or args.from_export):
            if args.format == "text":
                parser.print_usage(sys.stderr)
            return report_error("report", "give --stack, --from-export or both", args.format)
        return report_command.run(
            args.stack,
            from_export=args.from_export,
            today=args.today,
            out=args.out,
            screenshot=args.screenshot,
            frameworks=args.frameworks,
            output_format=args.format,
        )
    if args.command == "preflight":
        from orgctl import preflight as preflight_command

        return preflight_command.run(
            args.stack, blueprint=args.blueprint, output_format=args.format, today=args.today
        )
    if args.command == "access":
        from orgctl.access import command as access_command

        return access_command.run(
            args.stack, blueprint=args.blueprint, output_format=args.format, today=args.today
        )
    if args.command in ("import", "drift"):
        return _dispatch_import_and_drift(args)
    if args.command == "review":
        from orgctl.review import command as review_command

        options = {k: v for k, v in vars(args).items() if k not in ("command", "format")}
        return review_command.run(output_format=args.format, **options)
    if args.command == "rehearse":
        from orgctl.rehearsal import command as rehearse_command

        if args.max_providers < 1:
            print("orgctl rehearse: --max-providers must be at least 1", file=sys.stderr)
            return exit_codes.USAGE_OR_IO
        return rehearse_command.run(
            args.stack,
            blueprint=args.blueprint,
            keep=args.keep,
            destroy=args.destroy,
            output_format=args.format,
            out=args.out,
            today=args.today,
            max_providers=args.max_providers,
            plan_file=args.plan,
        )
    if args.command == "check":
        from orgctl import check  # imports the policy pack only when asked for

        return check.run(
            args.plan, config=args.config, output_format=args.format, engine=args.engine
        )
    parser.print_usage(sys.stderr)
    return exit_codes.USAGE_OR_IO
