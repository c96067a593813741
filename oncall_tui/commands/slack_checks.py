"""Checks of a Slack token that the commands share: who it is, and which scopes it lacks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from oncall_tui.commands.base import UsageError
from oncall_tui.slack.client import (
    Identity,
    SlackUnreachable,
    describe_connection_error,
    make_client,
    slack_error_code,
    verify,
)

# The user scopes the app uses: the same list as oauth_config.scopes.user in
# slack-app-manifest.yaml (a test keeps the two equal).
REQUIRED_SCOPES: Final = (
    "channels:history",  # conversations.history / .replies in public channels; message.channels
    "groups:history",  # the same in private channels; message.groups
    "channels:read",  # conversations.list / .info for public channels
    "groups:read",  # conversations.list / .info for private channels
    "users:read",  # users.info: who is one of us, who is a customer
    "team:read",  # team.info: the customer organisations' names
    "chat:write",  # chat.postMessage, chat.scheduleMessage, chat.delete (a duplicate post)
    "reactions:read",  # reaction_added / reaction_removed events
    "reactions:write",  # reactions.add / .remove: claim (eyes) and resolve (check mark)
    "im:write",  # conversations.open: reminders in the engineer's own DM
    "mpim:history",  # swarm watch: history / replies of group DMs; message.mpim
    "mpim:read",  # swarm watch: conversations.list types=mpim
)
SCOPES_HEADER: Final = "x-oauth-scopes"
MANIFEST_HINT: Final = (
    "add them to the app's User Token Scopes (its OAuth & Permissions page, or recreate it from "
    "slack-app-manifest.yaml), reinstall it and use the new token"
)


@dataclass(frozen=True, slots=True)
class TokenCheck:
    identity: Identity
    # What Slack says the token may do; None when the answer did not say (no header).
    granted_scopes: frozenset[str] | None

    @property
    def missing_scopes(self) -> tuple[str, ...]:
        if self.granted_scopes is None:
            return ()
        return tuple(scope for scope in REQUIRED_SCOPES if scope not in self.granted_scopes)

    def describe_identity(self) -> str:
        identity = self.identity
        return f"{identity.user} ({identity.user_id}) in {identity.team} ({identity.team_id})"

    def describe_scopes(self) -> str:
        if self.granted_scopes is None:
            return (
                "Slack did not list the token's scopes; `oncall-tui doctor` checks channel access"
            )
        missing = self.missing_scopes
        if not missing:
            return f"the token has all {len(REQUIRED_SCOPES)} scopes oncall-tui uses"
        return f"the token lacks {', '.join(missing)}: {MANIFEST_HINT}"


class _ScopeReadingClient(AsyncWebClient):
    """Remembers the scopes from auth.test's answer headers, which `verify` does not return."""

    granted_scopes: frozenset[str] | None = None

    async def auth_test(self, **kwargs: Any) -> AsyncSlackResponse:
        response = await super().auth_test(**kwargs)
        self.granted_scopes = scopes_from_headers(response.headers)
        return response


async def check_token(token: str, api_url: str) -> TokenCheck:
    """auth.test with the app's own client settings: SlackAuthError / SlackUnreachable as the app
    would get them at start-up, or who the token is and what it may do."""
    template = make_client(token, api_url)
    client = _ScopeReadingClient(
        token=template.token,
        base_url=template.base_url,
        timeout=template.timeout,
        retry_handlers=template.retry_handlers,
    )
    identity = await verify(client)
    return TokenCheck(identity, client.granted_scopes)


def scopes_from_headers(headers: Mapping[str, Any]) -> frozenset[str] | None:
    for name, value in headers.items():
        if name.lower() == SCOPES_HEADER:
            # aiohttp gives a string; other transports a list of strings.
            text = ",".join(value) if isinstance(value, list | tuple) else str(value)
            return frozenset(_split_scopes(text.split(",")))
    return None


def _split_scopes(parts: Iterable[str]) -> Iterable[str]:
    return (part.strip() for part in parts if part.strip())


async def check_app_token(app_token: str, api_url: str) -> None:
    """apps.connections.open, as Socket Mode does first: UsageError when Slack refuses the token,
    SlackUnreachable when it cannot be asked. The WebSocket itself is not opened."""
    client = make_client(app_token, api_url)
    try:
        await client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        raise UsageError(
            f"Slack refused the app-level token ({slack_error_code(error)}): create one with the "
            "connections:write scope (Basic Information → App-Level Tokens) and store it with "
            "`oncall-tui auth login --app`"
        ) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise SlackUnreachable(api_url, describe_connection_error(error)) from None
