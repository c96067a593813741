"""The Slack Web API client: built once with retries and a timeout, checked with auth.test."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

# Where the API is: a module of its own, so the CLI can say it without the Slack stack.
from oncall_tui.slack.api_url import API_URL_ENV as API_URL_ENV
from oncall_tui.slack.api_url import DEFAULT_API_URL as DEFAULT_API_URL
from oncall_tui.slack.api_url import api_url_from as api_url_from
from oncall_tui.slack.tokens import redact

REQUEST_TIMEOUT_SECONDS = 15
RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2
SERVER_ERROR_RETRIES = 2

# Slack's answers that mean the token itself is the problem, with what to do about each.
_AUTH_FIXES = {
    "invalid_auth": "the token is not valid: set a new one in SLACK_TOKEN or the keyring",
    "not_authed": "no token was sent: set SLACK_TOKEN or store one in the keyring",
    "token_revoked": "the token was revoked: create a new one and store it",
    "token_expired": "the token expired: create a new one and store it",
    "account_inactive": "the token's user or app was deactivated: use a token of an active one",
    "not_allowed_token_type": "this kind of token cannot read channels: use an xoxp- or xoxb- one",
}
# missing_scope is not here: it concerns one method (team.info, say), not the whole token.

Sleep = Callable[[float], Awaitable[None]]
# Told of every 429 before it is waited out: (method, Retry-After seconds, channel id or None).
RateLimitListener = Callable[[str, float, "str | None"], None]
# The read methods whose budget the sync shares with other callers (see PacedClient).
SHARED_READ_METHODS = frozenset({"conversations.history", "conversations.replies"})


class SlackAuthError(Exception):
    """Slack refused the token; the message is one line saying what to fix."""

    def __init__(self, code: str, fix: str) -> None:
        super().__init__(f"Slack refused the token ({code}): {fix}")
        self.code = code


class SlackUnreachable(Exception):
    """Slack (or the configured API URL) could not be reached."""

    def __init__(self, api_url: str, reason: str) -> None:
        super().__init__(f"cannot reach Slack at {api_url}: {redact(reason)}")
        self.api_url = api_url


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the token speaks for, from auth.test."""

    team_id: str
    team: str
    user_id: str
    user: str
    url: str
    bot_id: str | None = None
    enterprise_id: str | None = None


def make_client(
    token: str,
    api_url: str,
    *,
    sleep: Sleep = asyncio.sleep,
    on_rate_limited: RateLimitListener | None = None,
) -> AsyncWebClient:
    """An AsyncWebClient that waits out 429s (Retry-After) and retries dropped connections and
    500/503 answers a few times. `sleep` is injectable so tests do not wait for real;
    `on_rate_limited` hears of each 429 (the pacer, so every caller backs off)."""
    handlers: list[AsyncRetryHandler] = [
        _RateLimitRetry(sleep, RATE_LIMIT_RETRIES, on_rate_limited),
        _ConnectionRetry(sleep, CONNECTION_RETRIES),
        _ServerErrorRetry(sleep, SERVER_ERROR_RETRIES),
    ]
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        timeout=REQUEST_TIMEOUT_SECONDS,
        retry_handlers=handlers,
    )


async def verify(client: AsyncWebClient) -> Identity:
    """Call auth.test: who the token is, or SlackAuthError / SlackUnreachable."""
    try:
        response = await client.auth_test()
    except SlackApiError as error:
        auth_error = as_auth_error(error)
        if auth_error is not None:
            raise auth_error from None
        if http_status(error) >= 500:
            # Still failing after the retries: Slack (or the proxy before it) is down.
            reason = f"it answered HTTP {http_status(error)}"
            raise SlackUnreachable(client.base_url, reason) from None
        raise
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise SlackUnreachable(client.base_url, describe_connection_error(error)) from None
    data: Mapping[str, Any] = response.data if isinstance(response.data, dict) else {}
    return Identity(
        team_id=str(data.get("team_id") or ""),
        team=str(data.get("team") or ""),
        user_id=str(data.get("user_id") or ""),
        user=str(data.get("user") or ""),
        url=str(data.get("url") or ""),
        bot_id=_str_or_none(data.get("bot_id")),
        enterprise_id=_str_or_none(data.get("enterprise_id")),
    )


# The answer's body was not JSON (cut off, or a proxy's error page): slack_sdk then raises
# SlackApiError with the raw aiohttp response, which has no `.data` and no `.status_code`.
UNREADABLE_ANSWER = "unreadable_answer"


def http_status(error: SlackApiError) -> int:
    """The HTTP status of the answer behind `error`, whichever response object slack_sdk kept."""
    status = getattr(error.response, "status_code", None) or getattr(error.response, "status", 0)
    return status if isinstance(status, int) else 0


def slack_error_code(error: SlackApiError) -> str:
    """Slack's error code ("not_in_channel"), or the HTTP status when the body had none."""
    response = error.response
    data = getattr(response, "data", None)
    if not isinstance(data, dict):
        status = http_status(error)
        return UNREADABLE_ANSWER if status < 400 else f"http_{status}"
    code = data.get("error")
    if isinstance(code, str) and code:
        return code
    return f"http_{http_status(error)}"


def as_auth_error(error: SlackApiError) -> SlackAuthError | None:
    """The SlackAuthError for a token problem; None for any other API error."""
    code = slack_error_code(error)
    fix = _AUTH_FIXES.get(code)
    return SlackAuthError(code, fix) if fix is not None else None


def describe_connection_error(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {REQUEST_TIMEOUT_SECONDS} s"
    return str(error) or type(error).__name__


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _retry_after_seconds(response: HttpResponse | None) -> float:
    if response is not None:
        for name, values in response.headers.items():
            if name.lower() == "retry-after" and values:
                try:
                    return max(0.0, float(values[0]))
                except ValueError:
                    break
    return 1.0


class _RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """Waits Retry-After (plus a little jitter so parallel clients do not return together)."""

    def __init__(
        self, sleep: Sleep, max_retry_count: int, listener: RateLimitListener | None = None
    ) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self._listener = listener

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        retry_after = _retry_after_seconds(response)
        if self._listener is not None:
            self._listener(method_of(request.url), retry_after, _channel_of(request))
        await self._sleep(retry_after + random.uniform(0, 0.5))
        state.increment_current_attempt()


def method_of(url: str) -> str:
    """ "conversations.history" from ".../api/conversations.history?..."."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _channel_of(request: HttpRequest) -> str | None:
    channel = (request.body_params or {}).get("channel")
    return channel if isinstance(channel, str) and channel else None


class PacedClient(AsyncWebClient):
    """An AsyncWebClient whose history and replies reads wait their turn in a shared pacer
    (slack/pacing.py) and report 429s to it: the outbox's read-backs spend from the same
    per-method budget as the sync. Other methods pass straight through."""

    pacer: Any = None  # a Pacer; set by `paced`

    async def api_call(self, api_method: str, *, http_verb: str = "POST", **kwargs: Any) -> Any:
        if self.pacer is None or api_method not in SHARED_READ_METHODS:
            return await super().api_call(api_method, http_verb=http_verb, **kwargs)
        async with self.pacer.turn(api_method):
            try:
                return await super().api_call(api_method, http_verb=http_verb, **kwargs)
            except SlackApiError as error:
                if http_status(error) == 429:
                    headers = getattr(error.response, "headers", {}) or {}
                    retry = headers.get("Retry-After") or headers.get("retry-after") or 1
                    params = kwargs.get("params") or {}
                    self.pacer.rate_limited(api_method, float(retry), params.get("channel"))
                raise


def paced(client: AsyncWebClient, pacer: Any) -> AsyncWebClient:
    """`client` (same token, URL, timeout and retries) reading through `pacer`."""
    copy = PacedClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=client.retry_handlers,
        headers=client.headers,
    )
    copy.pacer = pacer
    return copy


class _BackoffWithInjectedSleep(AsyncRetryHandler):
    """The SDK's exponential backoff, waited through `_sleep` instead of asyncio.sleep."""

    _sleep: Sleep

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        await self._sleep(self.interval_calculator.calculate_sleep_duration(state.current_attempt))
        state.increment_current_attempt()


class _ConnectionRetry(_BackoffWithInjectedSleep, AsyncConnectionErrorRetryHandler):
    def __init__(self, sleep: Sleep, max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep


class _ServerErrorRetry(_BackoffWithInjectedSleep, AsyncServerErrorRetryHandler):
    def __init__(self, sleep: Sleep, max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
