"""Who counts as us, as the customer, or as nobody's turn."""

from __future__ import annotations

from dataclasses import replace

import pytest

from oncall_tui.domain.model import Party, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, is_customer_facing_update, is_our_person, party_of

WORKSPACE = Workspace(
    our_team_ids=frozenset({"T_US", "T_US_EU"}), automated_bots=frozenset({"B_AUTO", "U_AUTOBOT"})
)
USERS = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_EVA", "Eva", team_id="T_US_EU"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_GUS", "Gus", team_id="T_US", is_restricted=True),
        SlackUser("U_SOLO", "Solo", team_id="T_US", is_ultra_restricted=True),
        SlackUser("U_STRANGER", "Stranger", team_id=None, is_stranger=True),
        SlackUser("U_OURBOT", "Deploy bot", team_id="T_US", is_bot=True),
        SlackUser("U_AUTOBOT", "Auto reply", team_id="T_US", is_bot=True),
    )
}


def by(user_id: str | None, *, team: str | None = None) -> SlackMessage:
    return SlackMessage(
        channel_id="C1", ts="1700000000.000100", text="hello", user_id=user_id, author_team_id=team
    )


@pytest.mark.parametrize("user_id", ["U_ANA", "U_EVA", "U_OURBOT"])
def test_members_and_bot_users_of_any_of_our_teams_are_us(user_id: str) -> None:
    assert party_of(by(user_id), USERS, WORKSPACE) is Party.US


@pytest.mark.parametrize("user_id", ["U_CAROL", "U_GUS", "U_SOLO", "U_STRANGER"])
def test_other_teams_guests_and_strangers_are_customers(user_id: str) -> None:
    assert party_of(by(user_id), USERS, WORKSPACE) is Party.CUSTOMER


def test_the_team_slack_put_on_the_message_wins_over_the_user_record() -> None:
    # Slack Connect: the author's record can be stale; user_team on the message is authoritative.
    assert party_of(by("U_ANA", team="T_ACME"), USERS, WORKSPACE) is Party.CUSTOMER
    assert party_of(by("U_UNKNOWN", team="T_US"), USERS, WORKSPACE) is Party.US


def test_a_guest_stays_a_customer_even_when_posting_from_our_team() -> None:
    assert party_of(by("U_GUS", team="T_US"), USERS, WORKSPACE) is Party.CUSTOMER


def test_an_author_we_cannot_place_is_taken_for_a_customer() -> None:
    assert party_of(by("U_UNKNOWN"), USERS, WORKSPACE) is Party.CUSTOMER
    assert party_of(by(None), USERS, WORKSPACE) is Party.CUSTOMER


def test_bot_messages_belong_to_the_bots_team() -> None:
    ours = replace(by(None, team="T_US"), bot_id="B_RELAY", subtype="bot_message")
    theirs = replace(by(None, team="T_ACME"), bot_id="B_ALERTS", subtype="bot_message")
    assert party_of(ours, USERS, WORKSPACE) is Party.US
    assert party_of(theirs, USERS, WORKSPACE) is Party.CUSTOMER


def test_our_auto_responders_are_ignored_by_bot_id_or_user_id() -> None:
    by_bot_id = replace(by(None, team="T_US"), bot_id="B_AUTO", subtype="bot_message")
    assert party_of(by_bot_id, USERS, WORKSPACE) is Party.IGNORED
    assert party_of(by("U_AUTOBOT"), USERS, WORKSPACE) is Party.IGNORED


@pytest.mark.parametrize(
    "subtype",
    [
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "pinned_item",
        "message_deleted",
        "tombstone",
        "some_future_notice",
    ],
)
def test_system_notices_are_ignored_whoever_triggered_them(subtype: str) -> None:
    for user_id in ("U_ANA", "U_CAROL"):
        assert party_of(replace(by(user_id), subtype=subtype), USERS, WORKSPACE) is Party.IGNORED


@pytest.mark.parametrize("subtype", ["thread_broadcast", "file_share", "me_message"])
def test_conversational_subtypes_keep_their_author(subtype: str) -> None:
    assert party_of(replace(by("U_CAROL"), subtype=subtype), USERS, WORKSPACE) is Party.CUSTOMER


def test_a_message_of_ours_with_words_is_an_update() -> None:
    message = by("U_ANA")
    assert is_customer_facing_update(message, Party.US)
    assert is_customer_facing_update(
        replace(message, has_files=True, subtype="file_share"), Party.US
    )


def test_a_bare_file_of_ours_is_not_an_update() -> None:
    bare_file = replace(by("U_ANA"), text="  ", has_files=True)
    assert not is_customer_facing_update(bare_file, Party.US)


def test_only_our_conversational_messages_are_updates() -> None:
    assert not is_customer_facing_update(by("U_CAROL"), Party.CUSTOMER)
    assert not is_customer_facing_update(by("U_ANA"), Party.IGNORED)
    join = replace(by("U_ANA"), subtype="channel_join")
    assert not is_customer_facing_update(join, Party.US)


def test_our_person_must_be_a_full_member_we_know() -> None:
    assert is_our_person("U_ANA", USERS, WORKSPACE)
    assert not is_our_person("U_CAROL", USERS, WORKSPACE)
    assert not is_our_person("U_GUS", USERS, WORKSPACE)
    assert not is_our_person("U_NOBODY", USERS, WORKSPACE)


def test_an_author_is_named_by_person_then_bot_then_id() -> None:
    from oncall_tui.domain.parties import author_name

    person = SlackUser("U1", "Dana")
    bot = SlackUser("B1", "PagerDuty", is_bot=True)
    users = {"U1": person, "B1": bot}
    posted = SlackMessage("C1", "1.0", "x", user_id="U1", bot_id="B1")
    assert author_name(posted, users) == "Dana"  # a bot user's own record names it first
    assert author_name(SlackMessage("C1", "1.0", "x", bot_id="B1"), users) == "PagerDuty"
    assert author_name(SlackMessage("C1", "1.0", "x", user_id="U9", bot_id="B1"), users) == (
        "PagerDuty"
    )
    assert author_name(SlackMessage("C1", "1.0", "x", bot_id="B9"), users) == "B9"
    assert author_name(SlackMessage("C1", "1.0", "x"), users, unknown="unknown") == "unknown"
