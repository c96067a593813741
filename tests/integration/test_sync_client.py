"""The Slack client as the app builds it: checking the token, retrying, and where it points."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.slack.client import (
    DEFAULT_API_URL,
    SlackAuthError,
    SlackUnreachable,
    api_url_from,
    make_client,
    verify,
)


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_verify_says_who_the_token_is(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    client = make_client(credentials.user_token, server.base_url)

    identity = await verify(client)

    assert identity.team_id == credentials.team_id
    assert identity.team == "Northwind Cloud"
    assert identity.user_id == DEMO_ENGINEER_ID
    assert identity.user == "alex"
    assert identity.url == "https://northwind-cloud.slack.com/"


async def test_bot_token_identity_carries_its_bot_id(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    identity = await verify(make_client(credentials.bot_token, server.base_url))
    assert identity.bot_id is not None


@pytest.mark.parametrize(
    ("make_bad", "code"),
    [
        ("unknown", "invalid_auth"),
        ("revoked", "token_revoked"),
        ("deactivated", "account_inactive"),
        ("app_token", "not_allowed_token_type"),
    ],
)
async def test_refused_tokens_give_a_one_line_fix(
    server: FakeSlackServer,
    workspace: Workspace,
    credentials: DemoCredentials,
    make_bad: str,
    code: str,
) -> None:
    token = credentials.user_token
    if make_bad == "unknown":
        token = "xoxp-0000-unknown"
    elif make_bad == "revoked":
        server.revoke_token(token)
    elif make_bad == "deactivated":
        workspace.users[DEMO_ENGINEER_ID].deleted = True
    else:
        token = credentials.app_token

    with pytest.raises(SlackAuthError) as caught:
        await verify(make_client(token, server.base_url))

    assert caught.value.code == code
    message = str(caught.value)
    assert code in message and "\n" not in message
    assert token not in message


async def test_server_errors_are_retried_a_few_times(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    sleeps = SleepRecorder()
    server.fail_next("auth.test", http_status=500, times=2)

    identity = await verify(make_client(credentials.user_token, server.base_url, sleep=sleeps))

    assert identity.user_id == DEMO_ENGINEER_ID
    assert server.call_counts()["auth.test"] == 3
    assert len(sleeps.waits) == 2


async def test_server_errors_that_persist_mean_slack_is_unreachable(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    server.fail_next("auth.test", http_status=503, times=10)
    client = make_client(credentials.user_token, server.base_url, sleep=SleepRecorder())

    with pytest.raises(SlackUnreachable, match="HTTP 503"):
        await verify(client)
    assert server.call_counts()["auth.test"] == 3  # the first try and two retries


async def test_rate_limit_waits_retry_after_then_gives_up_after_a_few(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    sleeps = SleepRecorder()
    client = make_client(credentials.user_token, server.base_url, sleep=sleeps)
    server.fail_next("conversations.list", http_status=429, retry_after=30, times=10)

    with pytest.raises(SlackApiError):
        await client.conversations_list()

    assert server.call_counts()["conversations.list"] == 4
    assert len(sleeps.waits) == 3
    assert all(30 <= wait < 31 for wait in sleeps.waits)


async def test_connection_refused_is_retried_then_reported_with_the_url(
    server: FakeSlackServer, credentials: DemoCredentials
) -> None:
    url = server.base_url
    await server.stop()
    sleeps = SleepRecorder()

    with pytest.raises(SlackUnreachable) as caught:
        await verify(make_client(credentials.user_token, url, sleep=sleeps))

    assert url in str(caught.value)
    assert len(sleeps.waits) == 2


def test_api_url_env_wins_over_config_over_slack() -> None:
    configured = Settings(slack=SlackSettings(api_url="http://127.0.0.1:9000/api/"))
    env = {"SLACK_API_URL": "http://localhost:8000/api"}

    assert api_url_from(configured, env) == "http://localhost:8000/api/"
    assert api_url_from(configured, {}) == "http://127.0.0.1:9000/api/"
    assert api_url_from(Settings(), {}) == DEFAULT_API_URL
    assert api_url_from(None, {"SLACK_API_URL": "  "}) == DEFAULT_API_URL


def test_api_url_from_env_must_be_http() -> None:
    with pytest.raises(ValueError, match="SLACK_API_URL") as caught:
        api_url_from(None, {"SLACK_API_URL": "slack.com/api"})
    assert "\n" not in str(caught.value)
