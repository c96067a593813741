"""How a failed Slack write is sorted: rate-limited (wait for Retry-After), transient (try
again, after looking whether it landed) or refused (the engineer must act); a token problem comes
out as SlackAuthError."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

import aiohttp
from slack_sdk.errors import SlackApiError

from oncall_tui.domain.outbox_policy import PERMANENT_ERRORS, STOPPING_ERRORS, describe_failure
from oncall_tui.slack.client import (
    UNREADABLE_ANSWER,
    SlackAuthError,
    as_auth_error,
    http_status,
    slack_error_code,
)

# Codes Slack documents as passing trouble on its side; the call may be tried again.
TRANSIENT_CODES: Final = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
TIMEOUT: Final = "timeout"
CONNECTION_ERROR: Final = "connection_error"
RATELIMITED: Final = "ratelimited"


class FailureKind(enum.Enum):
    RATE_LIMITED = "rate limited"  # not done; try again after Retry-After
    # Try again later. After a lost answer (timeout, dropped connection, 5xx, internal_error)
    # Slack may have done it anyway, so a post is looked for before it is sent again.
    TRANSIENT = "transient"
    REFUSED = "refused"  # Slack said no for good: the engineer must act


class SlackWriteError(Exception):
    """A write (or a look-up) failed; `code` is Slack's error code or one of ours
    ("timeout", "connection_error", "http_503")."""

    def __init__(
        self, method: str, code: str, kind: FailureKind, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{method} failed: {code}")
        self.method = method
        self.code = code
        self.kind = kind
        self.retry_after = retry_after


def classify_failure(method: str, error: BaseException) -> BaseException:
    """The exception to raise for `error`: SlackAuthError for a token problem, SlackWriteError
    for anything else a write can meet, or `error` itself when it is not a Slack/network one."""
    if isinstance(error, SlackApiError):
        auth_error = as_auth_error(error)
        if auth_error is not None:
            return auth_error
        status = http_status(error)
        code = slack_error_code(error)
        if code in STOPPING_ERRORS:
            return SlackAuthError(code, describe_failure(code).partition(": ")[2])
        if status == 429 or code == RATELIMITED:
            return SlackWriteError(
                method, RATELIMITED, FailureKind.RATE_LIMITED, _retry_after(error)
            )
        if status >= 500:
            return SlackWriteError(method, f"http_{status}", FailureKind.TRANSIENT)
        if code in PERMANENT_ERRORS:
            return SlackWriteError(method, code, FailureKind.REFUSED)
        if code in TRANSIENT_CODES or code == UNREADABLE_ANSWER:
            return SlackWriteError(method, code, FailureKind.TRANSIENT)
        # A code we do not know: retrying blindly could loop forever (missing_scope, say); the
        # text stays in the outbox for the engineer to edit, retry or discard.
        return SlackWriteError(method, code, FailureKind.REFUSED)
    if isinstance(error, TimeoutError):
        return SlackWriteError(method, TIMEOUT, FailureKind.TRANSIENT)
    if isinstance(error, aiohttp.ClientError | OSError):
        return SlackWriteError(method, CONNECTION_ERROR, FailureKind.TRANSIENT)
    return error


def _retry_after(error: SlackApiError) -> float | None:
    headers = error.response.headers
    if not isinstance(headers, Mapping):
        return None
    for name, value in headers.items():
        if isinstance(name, str) and name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None
