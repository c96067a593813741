"""Slack's JSON, in the shapes the Web API really sends, read into the shared records."""

from __future__ import annotations

import pytest

from oncall_tui.domain.model import Reaction
from oncall_tui.slack.mapping import (
    bot_from_json,
    channel_from_json,
    message_from_json,
    shared_team_ids,
    user_from_json,
)


def test_customer_reply_in_a_slack_connect_thread() -> None:
    message = message_from_json(
        "C1",
        {
            "type": "message",
            "user": "U_CUST",
            "team": "T_OURS",  # the team of the workspace that relayed it
            "user_team": "T_CUST",
            "text": "still failing",
            "ts": "1700000100.000200",
            "thread_ts": "1700000000.000100",
            "edited": {"user": "U_CUST", "ts": "1700000200.000000"},
            "reactions": [{"name": "eyes", "users": ["U1", "U2"], "count": 2}],
        },
    )
    assert message.author_team_id == "T_CUST"
    assert message.is_reply
    assert message.root_ts == "1700000000.000100"
    assert message.edited_ts == "1700000200.000000"
    assert message.reactions == (Reaction("eyes", ("U1", "U2")),)
    assert message.reacted("eyes") == ("U1", "U2")


def test_thread_parent_carries_reply_bookkeeping() -> None:
    message = message_from_json(
        "C1",
        {
            "user": "U1",
            "team": "T_OURS",
            "text": "hi",
            "ts": "1700000000.000100",
            "thread_ts": "1700000000.000100",
            "reply_count": 3,
            "latest_reply": "1700000300.000000",
        },
    )
    assert not message.is_reply
    assert message.reply_count == 3
    assert message.latest_reply == "1700000300.000000"
    assert message.author_team_id == "T_OURS"


def test_broadcast_reply_by_flag_or_subtype() -> None:
    flagged = message_from_json("C1", {"ts": "2.0", "thread_ts": "1.0", "reply_broadcast": True})
    typed = message_from_json(
        "C1", {"ts": "3.0", "thread_ts": "1.0", "subtype": "thread_broadcast"}
    )
    plain = message_from_json("C1", {"ts": "4.0", "thread_ts": "1.0"})
    assert flagged.reply_broadcast and typed.reply_broadcast
    assert not plain.reply_broadcast


def test_bot_post_without_user_or_text_uses_attachment_summary() -> None:
    message = message_from_json(
        "C1",
        {
            "subtype": "bot_message",
            "bot_id": "B1",
            "ts": "5.0",
            "text": "",
            "bot_profile": {"id": "B1", "team_id": "T_CUST"},
            "attachments": [{"fallback": "ALERT: disk full on db-2"}],
        },
    )
    assert message.user_id is None
    assert message.bot_id == "B1"
    assert message.subtype == "bot_message"
    assert message.author_team_id == "T_CUST"
    assert message.text == "ALERT: disk full on db-2"


def test_minimal_message_has_safe_defaults() -> None:
    message = message_from_json("C1", {"ts": "6.0"})
    assert message.text == ""
    assert message.user_id is None and message.author_team_id is None
    assert message.reactions == () and message.reply_count == 0
    assert not message.has_files and not message.is_reply


def test_files_mark_the_message() -> None:
    message = message_from_json("C1", {"ts": "7.0", "files": [{"id": "F1"}], "text": ""})
    assert message.has_files


def test_message_without_ts_is_rejected() -> None:
    with pytest.raises(ValueError, match="no ts"):
        message_from_json("C1", {"text": "hello"})


def test_user_display_name_wins_then_real_name_then_handle() -> None:
    base = {"id": "U1", "name": "jdoe", "team_id": "T1"}
    shown = user_from_json(
        {**base, "real_name": "Jane Doe", "profile": {"display_name": "Jane", "real_name": "J D"}}
    )
    real = user_from_json({**base, "profile": {"display_name": "", "real_name": "Jane Doe"}})
    handle = user_from_json(base)
    assert (shown.name, real.name, handle.name) == ("Jane", "Jane Doe", "jdoe")


def test_user_flags_for_guests_strangers_and_bots() -> None:
    user = user_from_json(
        {
            "id": "U9",
            "name": "guest",
            "team_id": "T_CUST",
            "is_restricted": True,
            "is_ultra_restricted": True,
            "is_stranger": True,
            "is_bot": False,
            "deleted": True,
            "tz": "Europe/Berlin",
        }
    )
    assert user.team_id == "T_CUST"
    assert user.is_restricted and user.is_ultra_restricted and user.is_stranger
    assert user.deleted and not user.is_bot
    assert user.tz == "Europe/Berlin"


def test_channel_and_its_shared_teams() -> None:
    raw = {
        "id": "C1",
        "name": "acme-support",
        "is_ext_shared": True,
        "shared_team_ids": ["T_OURS", "T_ACME"],
    }
    channel = channel_from_json(raw, "Acme")
    assert channel.channel_id == "C1" and channel.name == "acme-support"
    assert channel.customer == "Acme" and channel.is_ext_shared
    assert shared_team_ids(raw) == ("T_OURS", "T_ACME")
    assert shared_team_ids({"id": "C2"}) == ()


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        # An app's post: Slack names it in bot_profile (name wins over a webhook's username).
        (
            {
                "bot_id": "B01APP",
                "subtype": "bot_message",
                "username": "custom hook name",
                "bot_profile": {"id": "B01APP", "name": "PagerDuty", "team_id": "T_CUST"},
            },
            ("PagerDuty", "T_CUST"),
        ),
        # An incoming webhook or legacy bot: only the username it posts under.
        (
            {"bot_id": "B02HOOK", "subtype": "bot_message", "username": "Deploy bot"},
            ("Deploy bot", None),
        ),
        # A bot user posting with its own user id and a profile.
        (
            {"bot_id": "B03USR", "user": "U03BOT", "bot_profile": {"name": "Jira Cloud"}},
            ("Jira Cloud", None),
        ),
        ({"bot_id": "B04NONAME", "subtype": "bot_message"}, None),  # nothing to name it by
        ({"bot_id": "B05", "bot_profile": {"name": ""}, "username": ""}, None),
        ({"user": "U1", "username": "not a bot"}, None),  # a person: users.info names them
        ({"bot_id": "", "username": "x"}, None),
    ],
)
def test_a_bot_is_named_as_its_messages_show_it(
    raw: dict[str, object], named: tuple[str, str | None] | None
) -> None:
    bot = bot_from_json({"type": "message", "ts": "1700000000.000100", "text": "hi", **raw})
    if named is None:
        assert bot is None
    else:
        assert bot is not None and bot.is_bot and bot.user_id == raw["bot_id"]
        assert (bot.name, bot.team_id) == named
