"""Fault injection and call recording: what tests of the app's retry and pacing logic rely on."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer

STARK = "C0EXTSTRK1"


async def test_a_429_is_waited_out_for_retry_after_seconds_by_the_sdk_handler(
    server: FakeSlackServer,
    credentials: DemoCredentials,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []

    async def record_wait(seconds: float) -> None:  # the handler's sleep, without the waiting
        waits.append(seconds)

    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=record_wait))
    client = AsyncWebClient(
        token=credentials.user_token,
        base_url=server.base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )
    server.fail_next("conversations.history", http_status=429, retry_after=7)

    history = await client.conversations_history(channel=STARK)

    assert history["ok"] is True
    assert server.call_counts()["conversations.history"] == 2
    assert len(waits) == 1 and 7 <= waits[0] < 8  # Retry-After plus the SDK's jitter


async def test_without_a_retry_handler_a_429_surfaces_with_its_retry_after(
    slack_client: AsyncWebClient, server: FakeSlackServer
) -> None:
    server.fail_next("conversations.replies", http_status=429, retry_after=30)
    with pytest.raises(SlackApiError) as raised:
        await slack_client.conversations_replies(channel=STARK, ts="1710255600.000000")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "30"
    assert raised.value.response["error"] == "ratelimited"


async def test_a_server_error_fails_one_call_and_the_next_succeeds(
    slack_client: AsyncWebClient, server: FakeSlackServer
) -> None:
    server.fail_next("auth.test", http_status=500)
    with pytest.raises(SlackApiError) as raised:
        await slack_client.auth_test()
    assert raised.value.response.status_code == 500
    assert (await slack_client.auth_test())["ok"] is True


async def test_an_injected_error_repeats_the_given_number_of_times(
    slack_client: AsyncWebClient, server: FakeSlackServer
) -> None:
    server.fail_next("conversations.list", error="internal_error", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            await slack_client.conversations_list()
        assert raised.value.response["error"] == "internal_error"
    assert (await slack_client.conversations_list())["ok"] is True


def test_fail_next_needs_something_to_fail_with(server: FakeSlackServer) -> None:
    with pytest.raises(ValueError, match="give error"):
        server.fail_next("auth.test")
    with pytest.raises(ValueError, match="times must be at least 1"):
        server.fail_next("auth.test", error="x", times=0)


async def test_every_call_is_recorded_with_its_arguments_but_never_the_token(
    slack_client: AsyncWebClient,
    server: FakeSlackServer,
    credentials: DemoCredentials,
) -> None:
    await slack_client.conversations_history(channel=STARK, limit=5)
    await slack_client.chat_postMessage(channel=STARK, text="On it")
    with pytest.raises(SlackApiError):  # no such message
        await slack_client.reactions_add(channel=STARK, name="eyes", timestamp="1700000000.000001")
    with pytest.raises(SlackApiError):  # no token
        await AsyncWebClient(base_url=server.base_url).auth_test()

    assert server.calls[:2] == [
        ("conversations.history", {"channel": STARK, "limit": "5"}),
        ("chat.postMessage", {"channel": STARK, "text": "On it"}),
    ]
    assert server.call_counts() == {
        "conversations.history": 1,
        "chat.postMessage": 1,
        "reactions.add": 1,  # failed calls are recorded too
        "auth.test": 1,
    }
    assert credentials.user_token not in repr(server.calls)
    server.reset_calls()
    assert server.calls == []
