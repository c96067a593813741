"""The standalone fake Slack server's /_control routes, which the terminal fault suite relies on:
a slow answer carried out at once or late, a revoked token and its return, the oracle."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oncall_tui.domain.clock import START_AT_VARIABLE
from tests.e2e.fake_slack import FakeSlackProcess
from tests.e2e.terminal import environment
from tests.fixtures import TERMINAL_START_AT

CHANNEL = "C0EXTACME1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FakeSlackProcess]:
    process = FakeSlackProcess(
        tmp_path, environment(tmp_path, {START_AT_VARIABLE: TERMINAL_START_AT})
    )
    try:
        yield process
    finally:
        process.stop()


def _post(server: FakeSlackProcess, text: str, timeout: float = 10) -> dict[str, Any]:
    body = urllib.parse.urlencode({"channel": CHANNEL, "text": text}).encode()
    request = urllib.request.Request(
        server.base_url + "chat.postMessage",
        data=body,
        headers={"Authorization": f"Bearer {server.user_token}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return dict(json.load(answer))


def _texts(server: FakeSlackProcess) -> list[str]:
    return [str(m["text"]) for m in server.our_messages()]


def test_the_server_starts_at_the_given_moment(server: FakeSlackProcess) -> None:
    assert server.now_iso().startswith("2024-03-12T09:00:")


def test_a_slow_answer_is_carried_out_at_once_or_only_when_it_answers(
    server: FakeSlackProcess,
) -> None:
    server.control("slow", method="chat.postMessage", seconds=1.5, apply="at_once")
    server.control("slow", method="chat.postMessage", seconds=1.5, apply="late")
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        _post(server, "answered late, there at once", timeout=0.5)
    assert "answered late, there at once" in _texts(server)
    with pytest.raises(TimeoutError):
        _post(server, "lands late", timeout=0.5)
    assert "lands late" not in _texts(server)  # the client gave up; Slack has not acted yet
    while "lands late" not in _texts(server):
        assert time.monotonic() - started < 10, "the late post never landed"
        time.sleep(0.1)
    assert _post(server, "no fault left")["ok"] is True
    accepted = [post["text"] for post in server.posts() if post["method"] == "chat.postMessage"]
    assert accepted == ["answered late, there at once", "lands late", "no fault left"]


def test_a_revoked_token_is_refused_until_restored(server: FakeSlackProcess) -> None:
    server.control("revoke", error="invalid_auth")
    assert _post(server, "refused") == {"ok": False, "error": "invalid_auth"}
    server.control("restore_token")
    assert _post(server, "accepted")["ok"] is True
    assert "refused" not in _texts(server)
    assert "accepted" in _texts(server)


def test_control_routes_answer_only_what_they_know(server: FakeSlackProcess) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        server.control("slow", method="chat.postMessage", seconds=-1)
    assert refused.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as unknown:
        server.control("explode")
    assert unknown.value.code in (404, 405)
