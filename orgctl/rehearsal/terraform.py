"""Run Terraform stages offline and measure them: wall time and the peak resident memory of the
whole process tree (Terraform starts one provider process per provider alias)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MIRROR_CANDIDATES = ("/opt/tf-plugins", "/usr/share/terraform/plugins", "~/.terraform.d/plugins")
PROVIDER_DIR = "registry.terraform.io/hashicorp/aws"


@dataclass(frozen=True)
class Tooling:
    terraform: str
    mirror: str
    provider_version: str


def find_tooling(version: str = "5.100.0") -> tuple[Tooling | None, str]:
    """Terraform and a filesystem mirror holding hashicorp/aws `version`; else what is missing."""
    terraform = shutil.which("terraform") or (
        "/usr/local/bin/terraform" if Path("/usr/local/bin/terraform").is_file() else None
    )
    mirrors = [os.environ.get("ORGCTL_TF_PLUGINS", ""), *MIRROR_CANDIDATES]
    mirror = next(
        (
            str(Path(m).expanduser())
            for m in mirrors
            if m and (Path(m).expanduser() / PROVIDER_DIR / version).is_dir()
        ),
        None,
    )
    missing = []
    if terraform is None:
        missing.append("the terraform binary (not on PATH)")
    if mirror is None:
        missing.append(
            f"the hashicorp/aws {version} provider (no {PROVIDER_DIR}/{version} under "
            f"$ORGCTL_TF_PLUGINS or {', '.join(MIRROR_CANDIDATES)})"
        )
    if missing:
        return None, " and ".join(missing)
    return Tooling(terraform, mirror, version), ""


@dataclass
class StageRun:
    name: str
    returncode: int
    seconds: float
    peak_rss_bytes: int
    stdout: str
    stderr: str
    messages: list[dict] = field(default_factory=list)  # Terraform's -json lines


def cli_config(directory: Path, mirror: str) -> Path:
    """Provider installation from the local mirror only: Terraform never reaches a registry."""
    path = directory / "terraform.rc"
    path.write_text(
        'provider_installation {\n  filesystem_mirror {\n    path = "' + mirror + '"\n  }\n}\n'
    )
    return path


def environment(rc: Path, credentials: dict[str, str], emulator: str = "") -> dict[str, str]:
    """Terraform's environment. With `emulator` (its http://127.0.0.1:port address), every
    request that does not go to 127.0.0.1 is sent to the emulator as its HTTP proxy: S3 Control
    puts the account id in front of its endpoint's host (`123456789012.127.0.0.1`), which only a
    proxy can reach, and a service missing from the provider's endpoints fails there instead of
    reaching AWS."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    proxy = {"HTTP_PROXY": emulator, "HTTPS_PROXY": emulator} if emulator else {}
    return {
        **keep,
        **proxy,
        "TF_CLI_CONFIG_FILE": str(rc),
        "CHECKPOINT_DISABLE": "1",  # no version check against HashiCorp's servers
        "TF_IN_AUTOMATION": "1",
        "AWS_ACCESS_KEY_ID": credentials["access_key"],
        "AWS_SECRET_ACCESS_KEY": credentials["secret_key"],
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_PROXY": "127.0.0.1",
        # Terraform and every provider process it starts are Go programs that build the
        # provider's whole schema at start: collecting garbage a quarter as often (GOGC) saves
        # about a quarter of that CPU, and the soft limit keeps each process near 0.4 GB.
        "GOGC": "400",
        "GOMEMLIMIT": "400MiB",
    }


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    seen = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run_stage(
    name: str, args: list[str], cwd: Path, env: dict[str, str], extra_pids: tuple[int, ...] = ()
) -> StageRun:
    """Run one Terraform command, sampling memory of its process tree (and `extra_pids`, the
    emulator) every 0.2 s."""
    started = time.monotonic()
    log, errors = cwd / f"{name}.log", cwd / f"{name}.err"
    with log.open("w") as out, errors.open("w") as err:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = _tree_rss(process.pid) + sum(_tree_rss(pid) for pid in extra_pids)
            peak[0] = max(peak[0], total)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    done.set()
    stdout, stderr = log.read_text(), errors.read_text()
    sampler.join()
    messages = []
    with contextlib.suppress(ValueError):
        messages.append(json.loads(stdout))  # `validate -json` writes one document
    for line in stdout.splitlines() if not messages else []:
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                messages.append(json.loads(line))
    return StageRun(
        name, process.returncode, time.monotonic() - started, peak[0], stdout, stderr, messages
    )


def diagnostics(stage: StageRun) -> list[dict]:
    """Error diagnostics of a stage: {summary, detail, address}."""
    found = []
    for message in stage.messages:
        diagnostics_ = [message["diagnostic"]] if message.get("diagnostic") else []
        diagnostics_ += message.get("diagnostics", [])  # `validate -json` lists them
        for diagnostic in diagnostics_:
            if message.get("@level", diagnostic.get("severity")) != "error":
                continue
            context = (diagnostic.get("snippet") or {}).get("context") or ""
            # HCL names the block `resource "type" "name"`; a JSON configuration
            # `resource.type.name`.
            named = re.search(r'resource "([^"]+)" "([^"]+)"', context) or re.match(
                r"resource\.([a-z0-9_]+)\.([A-Za-z0-9_-]+)", context
            )
            address = diagnostic.get("address") or (
                f"{named.group(1)}.{named.group(2)}" if named else ""
            )
            found.append(
                {
                    "summary": diagnostic.get("summary", ""),
                    "detail": diagnostic.get("detail", ""),
                    "address": address,
                }
            )
    if stage.returncode not in (0, 2) and not found:
        text = (stage.stderr or stage.stdout).strip().splitlines()
        found.append({"summary": text[-1] if text else "failed", "detail": "", "address": ""})
    return found


def planned_changes(show: dict) -> list[dict]:
    """From `terraform show -json PLAN`: every resource change other than no-op/read, with the
    attributes whose value differs."""
    changes = []
    for change in show.get("resource_changes", []):
        actions = change["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        before = change["change"].get("before") or {}
        after = change["change"].get("after") or {}
        unknown = change["change"].get("after_unknown") or {}
        attributes = sorted(
            key
            for key in set(before) | set(after) | set(unknown)
            if before.get(key) != after.get(key) or unknown.get(key) is True
        )
        changes.append(
            {
                "address": change["address"],
                "actions": actions,
                "attributes": attributes,
                "before": {k: before.get(k) for k in attributes},
                "after": {k: after.get(k) for k in attributes},
            }
        )
    return changes
