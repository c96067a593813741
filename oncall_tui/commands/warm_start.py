"""A warm start of the app: the board is painted from the store first; the token is found and
checked with Slack (auth.test) after that first frame, where its cost (the Slack stack's imports,
a TLS set-up, a round trip, maybe a keyring prompt) no longer holds the screen.

It needs what the check told last time: who the token speaks for (the app's `Me`) and whether
Socket Mode was on, kept in the data dir beside the store (`slack-identity.json`, 0600: ids and
the workspace URL, never a token). Without it, or without a store, the CLI checks first as before.

What the check finds is said exactly as a check before the app says it: a missing, malformed or
refused token, or an unreachable API, stops the app and the CLI prints the one line, exit code 2.
A token that now speaks for someone else (or a Socket Mode token come or gone) restarts the app,
checked first, so nothing is done in the wrong name.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final

from oncall_tui.actions.service import Me
from oncall_tui.runtime.ports import AppContext
from oncall_tui.runtime.wiring import Tokens
from oncall_tui.store.private_files import write_private_text

REMEMBERED_FILE: Final = "slack-identity.json"


@dataclass(frozen=True)
class Remembered:
    """What the last check with Slack told, for the next start to paint before checking."""

    api_url: str
    user_id: str
    team_id: str
    workspace_url: str
    socket_mode: bool

    @property
    def me(self) -> Me:
        return Me(user_id=self.user_id, team_id=self.team_id)


def remembered(data_dir: Path, api_url: str) -> Remembered | None:
    """What the last check told about this API's token; None when unknown or unreadable (the
    start then checks first, as a first start does)."""
    try:
        saved = json.loads((data_dir / REMEMBERED_FILE).read_text(encoding="utf-8"))
        found = Remembered(
            api_url=str(saved["api_url"]),
            user_id=str(saved["user_id"]),
            team_id=str(saved["team_id"]),
            workspace_url=str(saved["workspace_url"]),
            socket_mode=bool(saved["socket_mode"]),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if found.api_url != api_url or not found.user_id or not found.team_id:
        return None
    return found


def remember(data_dir: Path, what: Remembered) -> None:
    """Kept for the next start; a data dir that cannot take it only costs that start its speed."""
    with contextlib.suppress(OSError):
        write_private_text(data_dir / REMEMBERED_FILE, json.dumps(asdict(what), indent=1) + "\n")


def find_tokens(data_dir: Path) -> Tokens:
    """The Web API token (or UsageError saying where to put one) and the app-level token, both
    checked for shape. Blocking: the keyring may talk to D-Bus."""
    from oncall_tui.commands.base import UsageError
    from oncall_tui.slack.tokens import check_token_shape, find_app_token, find_token

    lookup = find_token(data_dir=data_dir)
    if lookup.token is None:
        raise UsageError(
            f"no Slack token: {lookup.hint}; run `oncall-tui auth login` or export SLACK_TOKEN=…"
        )
    token = check_token_shape(lookup.token)
    # Socket Mode is optional: without an app-level token the app polls.
    app_token = find_app_token(data_dir=data_dir).token
    if app_token is not None:
        app_token = check_token_shape(app_token, "app")
    return token, app_token


@dataclass
class CheckAfterFirstFrame:
    """The check a warm start runs once a runner first needs Slack (after the first frame).
    `stop` ends the app; then `refused` holds what to print, or `changed` asks for a restart."""

    data_dir: Path
    api_url: str
    expected: Remembered
    context: AppContext | None = None  # given once built: its workspace URL follows the check
    stop: Callable[[], None] = lambda: None
    refused: Exception | None = None
    changed: bool = False
    checked: Remembered | None = field(default=None, repr=False)

    async def __call__(self) -> Tokens:
        from oncall_tui.commands.base import USER_ERRORS
        from oncall_tui.slack.client import make_client, verify

        try:
            token, app_token = await asyncio.to_thread(find_tokens, self.data_dir)
            identity = await verify(make_client(token, self.api_url))
        except USER_ERRORS as error:
            self.refused = error
            return await self._stopped()
        self.checked = checked = Remembered(
            self.api_url, identity.user_id, identity.team_id, identity.url, app_token is not None
        )
        if checked != self.expected:
            await asyncio.to_thread(remember, self.data_dir, checked)
        if (checked.me, checked.socket_mode) != (self.expected.me, self.expected.socket_mode):
            self.changed = True
            return await self._stopped()
        if self.context is not None:
            self.context.workspace_url = identity.url or None
        return token, app_token

    async def _stopped(self) -> Tokens:
        """The app ends; no runner gets a token meanwhile."""
        self.stop()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")  # pragma: no cover
