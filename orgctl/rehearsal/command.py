"""`orgctl rehearse --stack S`: plan offline, translate, start the seeded emulator, then run
Terraform's init, plan (which validates first), apply and a second plan per batch, classify what
fails, and write the report (out/<stack>/rehearsal/report.json). Exit 0 when nothing is left
unexplained, 1 on a candidate program defect, 2 on a usage or tooling error."""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from orgctl import exit_codes
from orgctl.rehearsal import classify, gaps
from orgctl.rehearsal import terraform as tf
from orgctl.rehearsal.batches import batches
from orgctl.rehearsal.emulator import seed_from_plan
from orgctl.rehearsal.report import render_text, static_sections
from orgctl.rehearsal.schema import ProviderSchema
from orgctl.rehearsal.translate import translate

DEFAULT_MAX_PROVIDERS = 8  # ~0.5 GB each: a batch stays under 6 GB with Terraform and moto
# Resources in flight at once. The emulator answers one request at a time, but most of an
# apply is the provider's own waiting (Identity Center assignments poll their status, S3 and KMS
# wait for their settings to read back), which overlaps.
PARALLELISM = 30


class RehearsalError(Exception):
    """Tooling failed in a way that says nothing about the program (exit 2)."""


def provider_schema(tooling: tf.Tooling, cache_dir: Path) -> ProviderSchema:
    """The provider's schema, generated once per version and cached."""
    cached = cache_dir / f"provider-schema-{tooling.provider_version}.json"
    if cached.is_file():
        return ProviderSchema.from_json(cached.read_text())
    scratch = (cache_dir / "schema-work").resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "main.tf.json").write_text(
        json.dumps(
            {
                "terraform": {
                    "required_providers": {
                        "aws": {"source": "hashicorp/aws", "version": tooling.provider_version}
                    }
                }
            }
        )
    )
    env = tf.environment(
        tf.cli_config(scratch, tooling.mirror), {"access_key": "", "secret_key": ""}
    )
    for args in (
        [tooling.terraform, "init", "-input=false", "-no-color"],
        [tooling.terraform, "providers", "schema", "-json"],
    ):
        done = subprocess.run(args, cwd=scratch, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RehearsalError(f"terraform {args[1]} failed: {done.stderr.strip()[-500:]}")
    schema = ProviderSchema.from_terraform(json.loads(done.stdout), tooling.provider_version)
    cached.write_text(schema.to_json())
    shutil.rmtree(scratch, ignore_errors=True)
    return schema


class Emulator:
    """The seeded moto server in its own process, on a free loopback port."""

    def __init__(self, seed: dict, work: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        seed_file = work / "seed.json"
        seed_file.write_text(json.dumps(seed, indent=1, sort_keys=True))
        self.log = (work / "emulator.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "orgctl.rehearsal.emulator",
                "--port",
                str(self.port),
                "--seed",
                str(seed_file),
            ],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise RehearsalError(f"the emulator did not start; see {work / 'emulator.log'}")
        self.credentials = json.loads(line)
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _stage_totals(runs: list[tf.StageRun]) -> dict:
    totals: dict[str, dict] = {}
    for run in runs:
        entry = totals.setdefault(run.name, {"seconds": 0.0, "peak_rss_mib": 0})
        entry["seconds"] = round(entry["seconds"] + run.seconds, 1)
        entry["peak_rss_mib"] = max(entry["peak_rss_mib"], run.peak_rss_bytes // 2**20)
    return totals


def _state_values(work: Path, addresses: dict[str, str]) -> dict[str, dict]:
    """Applied attribute values by URN, read from the batch's state file (what `terraform show
    -json` prints, without starting a provider process for the schema)."""
    try:
        state = json.loads((work / "terraform.tfstate").read_text())
    except (OSError, ValueError):
        return {}
    found = {}
    for resource in state.get("resources", []):
        address = f"{resource['type']}.{resource['name']}"
        if resource.get("mode") == "managed" and address in addresses and resource["instances"]:
            found[addresses[address]] = resource["instances"][0]["attributes"]
    return found


def rehearse(
    plan: dict,
    stack: str,
    tooling: tf.Tooling,
    work: Path,
    *,
    max_providers: int = DEFAULT_MAX_PROVIDERS,
    destroy: bool = False,
    cache_dir: Path | None = None,
) -> dict:
    """Run the rehearsal of `plan` in `work`; return the report as a plain dict. The provider's
    schema is cached in `cache_dir` (default: `rehearsal-cache` next to the stack's folder)."""
    started = time.monotonic()
    work = work.resolve()
    schema = provider_schema(tooling, cache_dir or work.parent.parent / "rehearsal-cache")
    work.mkdir(parents=True, exist_ok=True)
    emulator = Emulator(seed_from_plan(plan), work)
    runs: list[tf.StageRun] = []
    findings: list[classify.Finding] = []
    applied: dict[str, dict] = {}
    typed: dict[str, str] = {}
    counts: dict[str, Counter] = {
        "planned": Counter(),
        "applied": Counter(),
        "failed": Counter(),
        "replan_changes": Counter(),
    }
    batch_reports = []
    dirs: list[tuple[Path, dict, dict[str, str]]] = []
    imports = 0
    try:
        env = tf.environment(
            tf.cli_config(work, tooling.mirror), emulator.credentials, emulator.endpoint
        )
        groups = batches(plan, max_providers)
        earlier: set[str] = set()
        blocked: set[str] = set()
        apply_errors: set[str] = set()
        for number, group in enumerate(groups, 1):
            folder = work / f"batch-{number}"
            folder.mkdir(exist_ok=True)
            blocked |= _blocked(plan, group, earlier, applied)
            members = {u for u in group if u not in blocked}
            earlier |= set(group)
            if not members:
                continue
            translation = translate(plan, schema, emulator.endpoint, members, applied)
            imports += translation.imports
            for problem in translation.problems:
                findings.append(
                    classify.Finding(
                        "translate", classify.PROGRAM_DEFECT, problem.urn, "", problem.message
                    )
                )
            (folder / "main.tf.json").write_text(
                json.dumps(translation.config, indent=1, sort_keys=True)
            )
            typed.update({a: a.split(".")[0] for a in translation.addresses})
            providers = len(translation.config["provider"]["aws"])
            # No separate `terraform validate`: `plan` runs the same validation walk first and
            # reports its errors with the same words, so it would only start every provider
            # process once more.
            parallel = f"-parallelism={PARALLELISM}"
            stages = [
                ("init", ["init", "-input=false", "-no-color"]),
                ("plan", ["plan", "-json", "-input=false", parallel, "-out=first.plan"]),
                (
                    "apply",
                    ["apply", "-json", "-input=false", "-auto-approve", parallel, "first.plan"],
                ),
            ]
            batch_runs = []
            for name, args in stages:
                run = tf.run_stage(
                    name, [tooling.terraform, *args], folder, env, (emulator.process.pid,)
                )
                runs.append(run)
                batch_runs.append(run)
                for diagnostic in tf.diagnostics(run):
                    findings.append(
                        classify.classify_error(name, diagnostic, translation.addresses)
                    )
                    apply_errors.add(findings[-1].address)
                for message in run.messages:
                    hook = message.get("hook", {}).get("resource", {})
                    if name == "plan" and message.get("type") == "planned_change":
                        counts["planned"][message["change"]["resource"]["resource_type"]] += 1
                    if name == "apply" and message.get("type") == "apply_complete":
                        counts["applied"][hook.get("resource_type", "")] += 1
                    if name == "apply" and message.get("type") == "apply_errored":
                        counts["failed"][hook.get("resource_type", "")] += 1
                if run.returncode != 0:
                    break
            applied.update(_state_values(folder, translation.addresses))
            dirs.append((folder, translation.config, translation.addresses))
            batch_reports.append(
                {
                    "number": number,
                    "resources": len(group),
                    "provider_processes": providers,
                    "stages": {
                        r.name: {
                            "seconds": round(r.seconds, 1),
                            "peak_rss_mib": r.peak_rss_bytes // 2**20,
                            "exit": r.returncode,
                        }
                        for r in batch_runs
                    },
                }
            )
        for folder, _config, addresses in dirs:
            if not (folder / "terraform.tfstate").is_file():
                continue
            in_state = set(_state_values(folder, addresses))
            replan = [
                tooling.terraform,
                "plan",
                "-json",
                "-input=false",
                "-detailed-exitcode",  # 0 no changes, 2 changes, 1 error
                f"-parallelism={PARALLELISM}",
                "-out=second.plan",
            ]
            applied_here = sorted(a for a, u in addresses.items() if u in in_state)
            # A resource whose apply failed has its finding already; refreshing it again would
            # only fail the whole re-plan (and cost a second one): re-plan the rest.
            targets = (
                [f"-target={a}" for a in applied_here if a not in apply_errors]
                if apply_errors & set(addresses)
                else []
            )
            run = tf.run_stage("replan", replan + targets, folder, env, (emulator.process.pid,))
            runs.append(run)
            errors = [classify.classify_error("replan", d, addresses) for d in tf.diagnostics(run)]
            findings += [f for f in errors if f.address not in apply_errors]
            failing = {f.address for f in errors}
            if run.returncode == 1 and all(failing):
                # A refresh the emulator cannot answer (a known gap, classified above) must not
                # hide the rest of the batch: re-plan everything else.
                targets = [
                    f"-target={a}"
                    for a in applied_here
                    if a not in failing and a not in apply_errors
                ]
                run = tf.run_stage("replan", replan + targets, folder, env, (emulator.process.pid,))
                runs.append(run)
            if run.returncode == 2:  # only then is there a change to read (and a schema to load)
                show = subprocess.run(
                    [tooling.terraform, "show", "-json", "second.plan"],
                    cwd=folder,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                for change in tf.planned_changes(json.loads(show.stdout or "{}")):
                    if change["address"] in apply_errors or (
                        change["actions"] == ["create"]
                        and addresses.get(change["address"]) not in in_state
                    ):
                        continue  # its apply error, or why it was not reached, is reported
                    counts["replan_changes"][change["address"].split(".")[0]] += 1
                    findings.append(classify.classify_change(change, addresses))
        if destroy:
            findings += _destroy(tooling, dirs, plan, env, runs, emulator.process.pid)
    finally:
        emulator.stop()
    by_type = {}
    for kind in sorted(set(typed.values()) | set().union(*[set(c) for c in counts.values()])):
        if not kind:
            continue
        by_type[kind] = {name: counts[name][kind] for name in counts}
    planned = sum(counts["planned"].values())
    report = {
        "stack": stack,
        "versions": {
            "terraform": _terraform_version(tooling),
            "provider": tooling.provider_version,
            "bridged_provider_major": gaps.BRIDGED_PROVIDER_MAJOR,
            "moto": _moto_version(),
        },
        "max_providers": max_providers,
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_mib": max((r.peak_rss_bytes for r in runs), default=0) // 2**20,
        "stages": _stage_totals(runs),
        "batches": batch_reports,
        "counts": {
            "resources": sum(len(addresses) for _folder, _config, addresses in dirs),
            "imports": imports,
            "planned": planned,
            "applied": sum(counts["applied"].values()),
            "failed": sum(counts["failed"].values()),
            "skipped": max(
                0, planned - sum(counts["applied"].values()) - sum(counts["failed"].values())
            ),
            "replan_changes": sum(counts["replan_changes"].values()),
            "by_type": by_type,
        },
        "findings": [f.to_dict() for f in _unique(findings)],
        **static_sections(),
    }
    report["program_defects"] = sum(
        1 for f in report["findings"] if f["kind"] == classify.PROGRAM_DEFECT
    )
    return report


def _blocked(plan: dict, group: list[str], earlier: set[str], applied: dict) -> set[str]:
    """Resources of `group` that depend (directly or through the batch) on a resource of an
    earlier batch that did not apply: Terraform would not have reached them either."""
    by_urn = {r["urn"]: r for r in plan["deployment"]["resources"]}
    children: dict[str, list[str]] = {}
    for resource in plan["deployment"]["resources"]:
        children.setdefault(resource.get("parent", ""), []).append(resource["urn"])

    def expand(urns) -> set[str]:
        found: set[str] = set()
        for urn in urns:
            if by_urn.get(urn, {}).get("custom"):
                found.add(urn)
            elif urn in by_urn:
                found |= expand(children.get(urn, []))
        return found

    failed = {u for u in earlier if u not in applied}
    blocked: set[str] = set()
    changed = True
    while changed:
        changed = False
        for urn in group:
            if urn in blocked:
                continue
            resource = by_urn[urn]
            provider = by_urn.get(resource.get("provider", "").rpartition("::")[0], {})
            needs = expand(resource.get("dependencies", []) + provider.get("dependencies", []))
            if needs & (failed | blocked):
                blocked.add(urn)
                changed = True
    return blocked


def _destroy(tooling, dirs, plan, env, runs, emulator_pid) -> list[classify.Finding]:
    """Destroy what Pulumi would delete: protected and retained resources leave the state first
    (Pulumi keeps them), the rest is destroyed, last batch first."""
    keep = {
        r["urn"]
        for r in plan["deployment"]["resources"]
        if r.get("protect") or r.get("retainOnDelete")
    }
    found: list[classify.Finding] = []
    for folder, _config, addresses in reversed(dirs):
        kept = sorted(a for a, urn in addresses.items() if urn in keep)
        values = _state_values(folder, addresses)
        kept_values = {a: values.get(addresses[a], {}) for a in kept}
        if kept:
            subprocess.run(
                [tooling.terraform, "state", "rm", *kept],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
            )
        config = json.loads((folder / "main.tf.json").read_text())
        for kind, group in config.get("resource", {}).items():
            for name in list(group):
                if f"{kind}.{name}" in kept:
                    del group[name]
        config.pop("import", None)
        config["resource"] = {k: v for k, v in config.get("resource", {}).items() if v}
        text = _literal_references(json.dumps(config, indent=1, sort_keys=True), kept_values)
        (folder / "main.tf.json").write_text(text)
        run = tf.run_stage(
            "destroy",
            [tooling.terraform, "destroy", "-json", "-input=false", "-auto-approve"],
            folder,
            env,
            (emulator_pid,),
        )
        runs.append(run)
        found += [classify.classify_error("destroy", d, addresses) for d in tf.diagnostics(run)]
    return found


def _literal_references(text: str, kept: dict[str, dict]) -> str:
    """References to resources that leave the configuration become their applied values."""
    import re

    from orgctl.rehearsal.translate import _walk_state

    def literal(match: re.Match) -> str:
        expression = match.group(1)
        for address, values in kept.items():
            for form in (f"tolist({address}.", f"{address}."):
                if expression.startswith(form):
                    path = "BASE." + expression[len(form) :]
                    value = _walk_state(values, path.replace(")", "", 1) if "(" in form else path)
                    if value is not None:
                        return json.dumps(str(value))[1:-1]
        return match.group(0)

    return re.sub(r"\$\{([^}]+)\}", literal, text)


def _unique(findings: list[classify.Finding]) -> list[classify.Finding]:
    seen, out = set(), []
    for finding in findings:
        key = (finding.stage, finding.address, finding.urn, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _terraform_version(tooling: tf.Tooling) -> str:
    done = subprocess.run(
        [tooling.terraform, "version", "-json"],
        capture_output=True,
        text=True,
        env={"CHECKPOINT_DISABLE": "1", "PATH": "/usr/bin:/bin"},
    )
    try:
        return json.loads(done.stdout)["terraform_version"]
    except (ValueError, KeyError):
        return "unknown"


def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


def run(
    stack: str,
    *,
    blueprint: str | None,
    keep: bool,
    destroy: bool,
    output_format: str,
    out: str,
    today: datetime.date | None = None,
    max_providers: int = DEFAULT_MAX_PROVIDERS,
    plan_file: str | None = None,
) -> int:
    from blueprint import BlueprintIOError
    from orgctl.plan import build_plan
    from orgctl.stack_config import StackConfigError

    tooling, missing = tf.find_tooling()
    if tooling is None:
        print(f"orgctl rehearse: cannot rehearse without {missing}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    out_dir = Path(out)
    try:
        if plan_file:
            plan = json.loads(Path(plan_file).read_text())
        else:
            built = build_plan(stack, today or datetime.date.today(), out_dir, blueprint)
            if built.export is None:
                print(built.notes, file=sys.stderr)
                print(
                    f"orgctl rehearse: {built.blueprint_path} is not valid; nothing to rehearse",
                    file=sys.stderr,
                )
                return exit_codes.FINDINGS
            plan = built.export
    except (StackConfigError, BlueprintIOError, OSError, ValueError) as error:
        print(f"orgctl rehearse: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    work = out_dir / stack / "rehearsal"
    shutil.rmtree(work, ignore_errors=True)
    try:
        report = rehearse(plan, stack, tooling, work, max_providers=max_providers, destroy=destroy)
    except RehearsalError as error:
        print(f"orgctl rehearse: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    (work / "report.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    if not keep:
        for folder in work.glob("batch-*"):
            shutil.rmtree(folder / ".terraform", ignore_errors=True)
    if output_format == "json":
        print(json.dumps(report, indent=1, sort_keys=True))
    else:
        print(render_text(report))
        print(f"\nWrote {work / 'report.json'}")
    return exit_codes.FINDINGS if report["program_defects"] else exit_codes.CLEAN
