"""Load a local page in headless Chromium and see every request it makes.

Chromium runs with ``--remote-debugging-pipe``: the DevTools protocol goes
over file descriptors 3 (commands in) and 4 (replies and events out), as
NUL-terminated JSON, so no port, socket or extra package is needed. The page
is opened in a new target with the Network, Log, Runtime and Page domains
enabled; every ``Network.requestWillBeSent`` is recorded (the page's own
file: load included), and so is every log entry (a Content-Security-Policy
violation is logged there even when it stops a request before it starts),
console message and uncaught exception, until the load event. Then a
JavaScript expression can be evaluated in the page, and a screenshot taken.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def chromium_binary() -> str | None:
    """Debian's ``chromium`` (``.ci/run`` installs it), if on this machine."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageLoad:
    """What loading a page did."""

    loaded: bool = False
    requests: list[str] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    value: Any = None
    screenshot: bytes | None = None


class DevTools:
    """A Chromium process driven over the DevTools pipe."""

    def __init__(self, binary: str, profile: str) -> None:
        commands_in, self.commands = os.pipe()
        self.replies, replies_out = os.pipe()

        def wire() -> None:  # in the child: the pipe ends at the fds Chromium expects
            os.dup2(commands_in, 3)
            os.dup2(replies_out, 4)

        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        self.process = subprocess.Popen(
            [binary, *flags],
            preexec_fn=wire,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_in)
        os.close(replies_out)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.replies], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.replies, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        """Send a command; keep the events that come first; return its result."""
        wanted, deadline = self.send(method, params, session), time.monotonic() + timeout
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self.commands)
            os.close(self.replies)


def load_page(path: Path, expression: str | None = None, screenshot: bool = False, timeout: float = 60) -> PageLoad:
    """Open ``path`` in headless Chromium; record its requests, log entries,
    console messages and exceptions up to the load event (and half a second
    after it); evaluate ``expression`` in it (a JSON-able value); optionally
    take a full-page PNG screenshot."""
    binary = chromium_binary()
    assert binary, "chromium is not installed (apt-get install -y chromium)"
    result = PageLoad()
    with tempfile.TemporaryDirectory(prefix="cleaner-chromium-") as profile:
        browser = DevTools(binary, profile)
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Network", "Log", "Runtime", "Page"):
                browser.call(f"{domain}.enable", session=session)
            browser.events.clear()  # about:blank's own events
            browser.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
            deadline = time.monotonic() + timeout
            settle: float | None = None
            while settle is None or time.monotonic() < settle:
                while browser.events:
                    record(browser.events.pop(0), session, result)
                if result.loaded and settle is None:
                    settle = time.monotonic() + 0.5  # late requests after load, if any
                try:
                    record(browser.receive(min(deadline, settle or deadline)), session, result)
                except TimeoutError:
                    if settle is None:
                        raise
            if expression is not None:
                reply = browser.call(
                    "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
                )
                if "exceptionDetails" in reply:
                    raise RuntimeError(f"the expression failed: {reply['exceptionDetails']}")
                result.value = reply["result"].get("value")
            if screenshot:
                shot = browser.call(
                    "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session
                )
                result.screenshot = base64.b64decode(shot["data"])
            for message in browser.events:
                record(message, session, result)
        finally:
            browser.close()
    return result


def record(message: dict[str, Any], session: str, result: PageLoad) -> None:
    """File one DevTools event of the page's session into ``result``."""
    if message.get("sessionId") != session:
        return
    method, params = message.get("method"), message.get("params", {})
    if method == "Network.requestWillBeSent":
        result.requests.append(params["request"]["url"])
    elif method == "Log.entryAdded":
        result.log.append(params["entry"])
    elif method == "Runtime.consoleAPICalled":
        result.console.append(params)
    elif method == "Runtime.exceptionThrown":
        result.exceptions.append(params)
    elif method == "Page.loadEventFired":
        result.loaded = True
