"""moto's server as a separate process on a free loopback port: the AWS API emulator the tests
and benchmarks talk to."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def start_moto_server(deadline_seconds: float = 60) -> tuple[subprocess.Popen, str]:
    """Start the server and wait until it answers; the caller terminates the process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.2)
