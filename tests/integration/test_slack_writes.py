"""The write client and how Slack's failures are sorted, against the fake Slack server: the SDK
never retries a write on its own, and each answer lands in the right bucket (wait, look and
retry, retry, give up, or stop for the token)."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.slack.client import SlackAuthError
from oncall_tui.slack.write_errors import FailureKind, SlackWriteError
from oncall_tui.slack.writes import SlackWrites, make_write_client

STARK = "C0EXTSTRK1"
OUTBOX_ID = "0f3c2d1e4b5a69788796a5b4c3d2e1f0"


@pytest.fixture
def writes(server: FakeSlackServer, credentials: DemoCredentials) -> SlackWrites:
    return SlackWrites(make_write_client(credentials.user_token, server.base_url))


def posts_of(server: FakeSlackServer, text: str) -> int:
    return sum(1 for m in server.workspace.timeline(STARK) if m.text == text)


async def failure_of(writes: SlackWrites) -> SlackWriteError:
    with pytest.raises(SlackWriteError) as raised:
        await writes.post(STARK, "Looking into it", None, OUTBOX_ID)
    return raised.value


# --- no retries inside the SDK -----------------------------------------------------------------


async def test_the_sdks_default_client_posts_twice_when_an_answer_is_lost(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    # Why the write client exists: the default retries a dropped connection blindly.
    default = AsyncWebClient(token=credentials.user_token, base_url=server.base_url)
    assert any(isinstance(h, AsyncConnectionErrorRetryHandler) for h in default.retry_handlers)
    server.lose_answer_next("chat.postMessage")

    await default.chat_postMessage(channel=STARK, text="Posted twice")

    assert posts_of(server, "Posted twice") == 2


async def test_the_write_client_makes_one_call_and_reports_a_lost_answer_as_worth_retrying(
    writes: SlackWrites, server: FakeSlackServer
) -> None:
    server.lose_answer_next("chat.postMessage")

    failure = await failure_of(writes)

    assert (failure.code, failure.kind) == ("connection_error", FailureKind.TRANSIENT)
    assert server.call_counts()["chat.postMessage"] == 1
    assert posts_of(server, "Looking into it") == 1


async def test_the_write_client_does_not_retry_a_server_error_either(
    writes: SlackWrites, server: FakeSlackServer
) -> None:
    server.fail_next("chat.postMessage", http_status=503)

    failure = await failure_of(writes)

    assert (failure.code, failure.kind) == ("http_503", FailureKind.TRANSIENT)
    assert server.call_counts()["chat.postMessage"] == 1


def test_a_write_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="timeout must be above 0 seconds, got 0"):
        make_write_client("xoxp-test", "http://127.0.0.1:1/api/", timeout=0)


# --- how failures are sorted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("not_in_channel", FailureKind.REFUSED),
        ("is_archived", FailureKind.REFUSED),
        ("restricted_action", FailureKind.REFUSED),
        ("a_code_slack_adds_next_year", FailureKind.REFUSED),
        ("internal_error", FailureKind.TRANSIENT),
        ("fatal_error", FailureKind.TRANSIENT),
        ("service_unavailable", FailureKind.TRANSIENT),
    ],
)
async def test_slacks_error_codes_are_sorted(
    writes: SlackWrites, server: FakeSlackServer, code: str, kind: FailureKind
) -> None:
    server.fail_next("chat.postMessage", error=code)
    failure = await failure_of(writes)
    assert (failure.code, failure.kind) == (code, kind)


async def test_a_429_carries_slacks_retry_after(
    writes: SlackWrites, server: FakeSlackServer
) -> None:
    server.fail_next("chat.postMessage", http_status=429, retry_after=42)
    failure = await failure_of(writes)
    assert (failure.code, failure.kind, failure.retry_after) == (
        "ratelimited",
        FailureKind.RATE_LIMITED,
        42.0,
    )


@pytest.mark.parametrize("code", ["invalid_auth", "token_revoked", "ekm_access_denied"])
async def test_a_refused_token_stops_everything_with_a_fix_to_show(
    writes: SlackWrites, server: FakeSlackServer, code: str
) -> None:
    server.fail_next("chat.postMessage", error=code)
    with pytest.raises(SlackAuthError) as raised:
        await writes.post(STARK, "Looking into it", None, OUTBOX_ID)
    assert raised.value.code == code
    message = str(raised.value)
    assert message.startswith(f"Slack refused the token ({code}): ") and "\n" not in message


# --- permalinks ----------------------------------------------------------------------------------


async def test_a_permalink_points_at_the_message_in_its_thread(
    writes: SlackWrites, server: FakeSlackServer
) -> None:
    parent = server.workspace.post(STARK, "U0STKWEI01", "Question")
    reply = server.workspace.post(STARK, "U0STKWEI01", "More", thread_ts=parent.ts)

    link = await writes.permalink(STARK, reply.ts)

    assert server.calls == [("chat.getPermalink", {"channel": STARK, "message_ts": reply.ts})]
    assert f"/archives/{STARK}/p{reply.ts.replace('.', '')}" in link
    assert f"thread_ts={parent.ts}" in link


async def test_a_permalink_for_a_deleted_message_says_so(writes: SlackWrites) -> None:
    with pytest.raises(SlackWriteError) as raised:
        await writes.permalink(STARK, "1700000000.000001")
    assert (raised.value.code, raised.value.kind) == ("message_not_found", FailureKind.REFUSED)


# --- the fake server's lost answers --------------------------------------------------------------


async def test_a_lost_answer_means_slack_acted_but_the_caller_never_heard(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    client = make_write_client(credentials.user_token, server.base_url)
    server.lose_answer_next("chat.postMessage", times=2)

    for attempt in ("first", "second"):
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await client.chat_postMessage(channel=STARK, text=attempt)
    answered = await client.chat_postMessage(channel=STARK, text="third")

    assert answered["ok"] is True
    assert [posts_of(server, t) for t in ("first", "second", "third")] == [1, 1, 1]


async def test_a_hung_answer_times_the_client_out(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    client = make_write_client(credentials.user_token, server.base_url, timeout=0.05)
    server.lose_answer_next("reactions.add", hang=True)
    parent = server.workspace.post(STARK, "U0STKWEI01", "Question")

    with pytest.raises(TimeoutError):
        await client.reactions_add(channel=STARK, timestamp=parent.ts, name="eyes")

    assert server.workspace.message(STARK, parent.ts).reactions == {"eyes": [credentials.user_id]}


def test_losing_answers_needs_at_least_one_call(server: FakeSlackServer) -> None:
    with pytest.raises(ValueError, match="times must be at least 1, got 0"):
        server.lose_answer_next("chat.postMessage", times=0)
