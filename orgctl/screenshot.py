"""Open a report in headless Chromium (Debian's `chromium`), write a screenshot, and return
what the page printed to its console: the report has no script, so any message is a fault."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Flags for a closed network and a root user (the workplace's Chromium notes).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)


class BrowserMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class PageCheck:
    screenshot: Path
    console: list[str]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserMissing("no Chromium found; install Debian's 'chromium' package (make browser)")


def open_page(page: Path, screenshot: Path, size: tuple[int, int] = (1400, 2400)) -> PageCheck:
    browser = find_chromium()
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                browser,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={screenshot.resolve()}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    if result.returncode != 0 or not screenshot.is_file():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-500:]}")
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return PageCheck(screenshot, console)
