"""Open a report in headless Chromium (Debian's `chromium`), write a full-page screenshot (and
optionally the PDF the browser prints), and return what the page printed to its console: the
report has no script, so any message is a fault.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no port,
no network), because its `--screenshot` flag captures only the window, not the whole page."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
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
    "--remote-debugging-pipe",
)
TIMEOUT_SECONDS = 120


class BrowserMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class PageCheck:
    screenshot: Path
    console: list[str]
    width: int  # CSS pixels of the whole page, as captured
    height: int
    pdf: Path | None = None


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserMissing(
        "no Chromium found; install it (Debian: apt-get install chromium, or `make browser`)"
    )


class _DevTools:
    """Just enough of the DevTools protocol: numbered commands, events kept as they arrive."""

    def __init__(self, process: subprocess.Popen, to_browser: int, from_browser: int):
        self.process = process
        self.writer = os.fdopen(to_browser, "wb", buffering=0)
        self.reader = os.fdopen(from_browser, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def _message(self) -> dict:
        while b"\0" not in self.buffer:
            chunk = self.reader.read(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message: dict = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.writer.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"chromium: {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._message()
            if event.get("method") == method:
                return event
            self.events.append(event)


def _console_lines(events: list[dict]) -> list[str]:
    lines = []
    for event in events:
        params = event.get("params", {})
        if event.get("method") == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            lines.append(f"console.{params.get('type', 'log')}: {text}")
        elif event.get("method") == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            lines.append(f"exception: {details.get('exception', {}).get('description', details)}")
        elif event.get("method") == "Log.entryAdded":
            entry = params.get("entry", {})
            lines.append(f"{entry.get('level')}: {entry.get('text')} {entry.get('url', '')}")
    return lines


def _high_pipe() -> tuple[int, int]:
    """A pipe whose ends are above 4, so wiring them to 3 and 4 in the child cannot clash."""
    ends = os.pipe()
    high = tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10) for end in ends)
    for end in ends:
        os.close(end)
    return high  # type: ignore[return-value]


def open_page(
    page: Path, screenshot: Path, width: int = 1400, pdf: Path | None = None
) -> PageCheck:
    """Load `page` at `width` CSS pixels, capture the whole page (every pixel down to its
    end) into `screenshot`, print it to `pdf` if given, and report console messages."""
    browser = find_chromium()
    to_browser_read, to_browser_write = _high_pipe()
    from_browser_read, from_browser_write = _high_pipe()

    def wire_pipes() -> None:  # in the child: DevTools reads fd 3 and writes fd 4
        os.dup2(to_browser_read, 3)
        os.dup2(from_browser_write, 4)

    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [browser, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, to_browser_read, from_browser_write),
            preexec_fn=wire_pipes,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        tools = _DevTools(process, to_browser_write, from_browser_read)
        try:
            return _capture(tools, page, screenshot, width, pdf)
        finally:
            # Closing can fail only if the browser is already gone, which is what we want.
            with contextlib.suppress(RuntimeError, OSError, ValueError):
                tools.send("Browser.close")
            try:
                process.wait(timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            tools.writer.close()
            tools.reader.close()


def _capture(
    tools: _DevTools, page: Path, screenshot: Path, width: int, pdf: Path | None
) -> PageCheck:
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Runtime", "Log", "Page"):
        tools.send(f"{domain}.enable", session=session)
    tools.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    tools.events.clear()  # messages of about:blank are not the page's
    tools.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    tools.wait_for("Page.loadEventFired")
    size = tools.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
    full_width, full_height = int(size["width"]), int(size["height"])
    shot = tools.send(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "optimizeForSpeed": True,
            "clip": {"x": 0, "y": 0, "width": full_width, "height": full_height, "scale": 1},
        },
        session=session,
    )
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    if pdf is not None:
        printed = tools.send(
            "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, session=session
        )
        pdf.write_bytes(base64.b64decode(printed["data"]))
    console = _console_lines([e for e in tools.events if e.get("sessionId") == session])
    return PageCheck(screenshot, console, full_width, full_height, pdf)
