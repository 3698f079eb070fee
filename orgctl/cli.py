"""Argument parsing for orgctl. Commands live in their own modules; this only dispatches."""

from __future__ import annotations

import argparse
import datetime
import sys

from orgctl import exit_codes, validate
from orgctl.heap import paused_garbage_collector


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orgctl", description="Offline checks for org-iam blueprints."
    )
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
    plan = commands.add_parser(
        "plan", help="offline plan of a stack: summary, out/<stack>/plan.json, policy results"
    )
    plan.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    plan.add_argument("--diff", metavar="OLD_PLAN.json", help="show changes against an older plan")
    plan.add_argument("--today", type=_date, default=None, help="treat this date as today")
    plan.add_argument("--out", default="out", help="output folder (default: out)")
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
    preflight = commands.add_parser(
        "preflight",
        help="read-only checks of the existing accounts before the first `pulumi up` "
        "(needs the management account's AWS credentials)",
    )
    preflight.add_argument("--stack", required=True, help="stack name (reads Pulumi.<stack>.yaml)")
    preflight.add_argument("--blueprint", metavar="FILE", help="check this blueprint instead")
    preflight.add_argument("--format", choices=("text", "json"), default="text")
    preflight.add_argument("--today", type=_date, default=None, help="treat this date as today")
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
        "--config", metavar="FILE", help="policy pack config (as --policy-pack-config)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_codes.USAGE_OR_IO if exit_.code else exit_codes.CLEAN
    # One command per process: the garbage of a plan is cheaper kept than collected.
    with paused_garbage_collector():
        return _dispatch(parser, args)


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate.run(args.files, output_format=args.format, today=args.today)
    if args.command == "plan":
        from orgctl import plan as plan_command

        return plan_command.run(
            args.stack, today=args.today, diff=args.diff, out=args.out, blueprint=args.blueprint
        )
    if args.command == "report":
        from orgctl import report as report_command

        if not (args.stack or args.from_export):
            parser.print_usage(sys.stderr)
            print("orgctl report: give --stack, --from-export or both", file=sys.stderr)
            return exit_codes.USAGE_OR_IO
        return report_command.run(
            args.stack,
            from_export=args.from_export,
            today=args.today,
            out=args.out,
            screenshot=args.screenshot,
        )
    if args.command == "preflight":
        from orgctl import preflight as preflight_command

        return preflight_command.run(
            args.stack, blueprint=args.blueprint, output_format=args.format, today=args.today
        )
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

        return check.run(args.plan, config=args.config, output_format=args.format)
    parser.print_usage(sys.stderr)
    return exit_codes.USAGE_OR_IO
