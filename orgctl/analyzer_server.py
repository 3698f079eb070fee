"""Start the policy pack's own analyzer server the way the Pulumi CLI does for
`pulumi preview/up --policy-pack`, and hand back a gRPC client for it.

The CLI runs a Python pack as `python -u -m pulumi.policy ENGINE_ADDRESS PACK_DIR` in the pack's
directory, with the stack's identity and config in the environment (PULUMI_PROJECT,
PULUMI_STACK, PULUMI_DRY_RUN, PULUMI_CONFIG). pulumi-policy's PolicyPack then serves the Analyzer
service on 127.0.0.1 and prints its port as the first line of stdout. No engine runs here; the
engine address only has to parse, since the pack calls the engine back for logging alone.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
from pulumi.runtime.proto import analyzer_pb2_grpc

PACK_DIR = Path(__file__).resolve().parent.parent / "policy-pack"
ENGINE_ADDRESS = "127.0.0.1:0"
START_TIMEOUT_SECONDS = 60
# pulumi-policy accepts messages up to 400 MiB; the engine sends whole stacks in one message.
_CHANNEL_OPTIONS = [
    ("grpc.max_send_message_length", 400 * 1024 * 1024),
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
]


class AnalyzerStartError(RuntimeError):
    pass


@contextmanager
def analyzer_server(
    *,
    project: str,
    stack: str,
    dry_run: bool,
    stack_config: dict[str, str] | None = None,
    pack_dir: Path = PACK_DIR,
) -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """The running pack's Analyzer client (its `address` is where the pack listens); the
    server process ends when the block does."""
    env = {
        **os.environ,
        "PULUMI_PROJECT": project,
        "PULUMI_STACK": stack,
        "PULUMI_ORGANIZATION": "organization",
        "PULUMI_DRY_RUN": "true" if dry_run else "false",
        "PULUMI_CONFIG": json.dumps(stack_config or {}),
    }
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.policy", ENGINE_ADDRESS, "."],
            cwd=pack_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            port = _read_port(process, stderr)
            with grpc.insecure_channel(f"127.0.0.1:{port}", options=_CHANNEL_OPTIONS) as channel:
                grpc.channel_ready_future(channel).result(timeout=START_TIMEOUT_SECONDS)
                stub = analyzer_pb2_grpc.AnalyzerStub(channel)
                stub.address = f"127.0.0.1:{port}"  # where the pack listens, for diagnostics
                yield stub
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()


def _read_port(process: subprocess.Popen, stderr) -> int:
    """The first stdout line of the pack: its port, as the engine reads it."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    line = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(timeout=remaining):
                raise AnalyzerStartError(_failure("did not print its port in time", stderr))
            chunk = os.read(process.stdout.fileno(), 1)
            if not chunk:
                raise AnalyzerStartError(_failure("exited before serving", stderr))
            line += chunk
    try:
        return int(line.strip())
    except ValueError:
        raise AnalyzerStartError(
            _failure(f"printed {line.strip()!r} instead of a port", stderr)
        ) from None


def _failure(what: str, stderr) -> str:
    stderr.seek(0)
    tail = stderr.read().decode(errors="replace").strip().splitlines()[-15:]
    return f"the policy pack's analyzer server {what}" + (":\n" + "\n".join(tail) if tail else "")
