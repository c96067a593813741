"""The fake Slack server in a process of its own (`python -m oncall_tui.demo --control`), with
its /_control routes: faults to arm, and what is really in Slack (the tests' oracle)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class FakeSlackProcess:
    def __init__(self, workdir: Path, env: Mapping[str, str]) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        state_file = workdir / "fake-slack.json"
        self._log = (workdir / "fake-slack.log").open("w", encoding="utf-8")
        self._process = subprocess.Popen(
            [
                *(sys.executable, "-m", "oncall_tui.demo", "--port", "0", "--no-simulator"),
                *("--control", "--state-file", str(state_file)),
            ],
            env=dict(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not state_file.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = (workdir / "fake-slack.log").read_text(encoding="utf-8")
                raise RuntimeError(f"the fake Slack server did not start:\n{log}")
            time.sleep(0.05)
        state = json.loads(state_file.read_text(encoding="utf-8"))
        self.base_url: str = state["base_url"]
        self.user_token: str = state["user_token"]
        self.app_token: str = state["app_token"]
        self.engineer_id: str = state["engineer_id"]
        self._control_url: str = state["control_url"]

    # -- faults ---------------------------------------------------------------------------------

    def control(self, route: str, **body: Any) -> dict[str, Any]:
        request = urllib.request.Request(
            self._control_url + route,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return dict(json.load(answer))

    def get(self, route: str, **query: str) -> dict[str, Any]:
        url = self._control_url + route
        if query:
            url += "?" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=10) as answer:
            return dict(json.load(answer))

    # -- the oracle -----------------------------------------------------------------------------

    def our_messages(self) -> list[dict[str, Any]]:
        """Every message of the demo engineer's now in Slack (deleted ones are gone)."""
        return list(self.get("messages", user=self.engineer_id)["messages"])

    def posts(self) -> list[dict[str, Any]]:
        """Every chat.postMessage Slack accepted and every chat.delete, in order."""
        return list(self.get("posts")["posts"])

    def now_iso(self) -> str:
        """The server's clock, for the app's ONCALL_TUI_START_AT (both then agree)."""
        return str(self.get("now")["iso"])

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
        self._log.close()


def wait_for_tags(
    slack: FakeSlackProcess, tags: list[str], seconds: float, *, quiet: float = 2.0
) -> list[str]:
    """Slack's texts of ours, once every trial `tag` has a copy there and nothing new came for
    `quiet` seconds (a late duplicate would show), or after `seconds` at most."""
    deadline = time.monotonic() + seconds
    settled_at: float | None = None
    seen = -1
    while True:
        texts = [str(m["text"]) for m in slack.our_messages()]
        complete = all(any(t.startswith(tag) for t in texts) for tag in tags)
        now = time.monotonic()
        if complete and len(texts) == seen:
            if settled_at is not None and now - settled_at >= quiet:
                return texts
        else:
            settled_at = now if complete else None
        seen = len(texts)
        if now > deadline:
            return texts
        time.sleep(0.25)
