"""Driving `oncall-tui <command>` as a user would: argv, answers on stdin, the environment, an
in-memory OS keyring, and the fake Slack server on loopback."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import fail, null

from oncall_tui.cli import main
from oncall_tui.demo.seed import DemoCredentials, demo_workspace, seed_demo_workspace
from oncall_tui.demo.server import FakeSlackServer, FakeSlackServerThread
from oncall_tui.domain.clock import FrozenClock
from tests.fixtures import DEMO_NOW


class MemoryKeyring(keyring.backend.KeyringBackend):
    # Below every real backend, so keyring never picks it on its own.
    priority = -10

    def __init__(self) -> None:
        # KeyringBackend.__init__ only reads KEYRING_PROPERTY_* from the environment.
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


def no_keyring() -> keyring.backend.KeyringBackend:
    """What keyring picks on a machine without a desktop session (CI, SSH, containers)."""
    return fail.Keyring()  # type: ignore[no-untyped-call]


def null_keyring() -> keyring.backend.KeyringBackend:
    """PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring: accepts passwords, keeps none."""
    return null.Keyring()  # type: ignore[no-untyped-call]


def use_keyring(monkeypatch: pytest.MonkeyPatch, backend: keyring.backend.KeyringBackend) -> None:
    """Install `backend` for one test; the process-wide one comes back afterwards."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    keyring.set_keyring(backend)


@dataclass(frozen=True)
class FakeSlack:
    server: FakeSlackServer
    url: str
    credentials: DemoCredentials


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    clock = FrozenClock(DEMO_NOW)
    workspace = demo_workspace(clock)
    credentials = seed_demo_workspace(workspace, clock.now(), token_suffix="cli")
    thread = FakeSlackServerThread(workspace)
    try:
        url = thread.start()
        yield FakeSlack(thread.server, url, credentials)
    finally:
        thread.stop()


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]

    def line_about(self, what: str) -> str:
        """The report line `✓ WHAT: …` / `✗ WHAT: …` (doctor, login)."""
        return next(line for line in self.lines() if line[2:].startswith(what + ":"))


def run_cli(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answers: str = "",
) -> Outcome:
    """`oncall-tui ARGV` with `answers` on stdin (not a terminal, as in a script)."""
    capsys.readouterr()  # only this run's output
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    code = main(argv)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)
