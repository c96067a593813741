"""Hostile input: config mistakes each give one line naming the file, the key and the fix, and
random config files and random Slack message payloads never crash the parser or the grouping."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncall_tui.config import ConfigError, parse_settings
from oncall_tui.domain.conversations import build_conversations
from oncall_tui.domain.model import CustomerChannel, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace
from oncall_tui.slack.mapping import message_from_json
from tests.fixtures import DEMO_NOW

SOURCE = "oncall.toml"

# Mistakes not already in tests/unit/test_config.py: (file, where it must point, what it says).
MISTAKES = [
    ("[[customers]]\nname='A'\nchannel='C0A'\ntimezone='Mars/Base'", "[[customers]] #1 timezone",
     "IANA time zone"),
    ("[[customers]]\nname='A'\nchannel='C0A'\nfirst_reply_minutes=-1",
     "[[customers]] #1 first_reply_minutes", "positive number"),
    ("[[customers]]\nname='A'\nchannel='#Acme Support'", "[[customers]] #1 channel", "#name"),
    ("[[customers]]\nname=''\nchannel='C0A'", "[[customers]] #1 name", "customer's name"),
    ("[engineer]\ntimezone='Europe/Pariss'", "[engineer] timezone", "Europe/Paris?"),
    ("[engineer]\ntimezone='local'", "[engineer] timezone", "IANA time zone"),
    ("[engineer]\nworking_hours='Mon-Fri 25:00-26:00'", "[engineer] working_hours", "Mon-Fri"),
    ("[engineer]\nworking_hours='Mon-Fry 09:00-17:00'", "[engineer] working_hours", "Mon-Fri"),
    ("[sla]\nbusiness_hours='Mon-Fri 09:00-09:00'", "[sla] business_hours", "closing time"),
    ("[sla]\nbusiness_hours='Mon-Fri 9-5'", "[sla] business_hours", "09:00-18:00"),
    ("[sla]\nbusiness_hours=['Mon-Fri 09:00-17:00']", "[sla] business_hours", "got a list"),
    ("[sla]\ntimezone=''", "[sla] timezone", "IANA time zone"),
    ("[alerts]\nquiet_hours='nightly'", "[alerts] quiet_hours", "09:00-18:00"),
    ("[alerts]\nnotify='loud'", "[alerts] notify", "one of auto"),
    ("[alerts]\nkinds=['breach']", "[alerts] kinds", "item 1"),
    ("[alerts]\nmuted_channels=['acme']", "[alerts] muted_channels", "#name"),
    ("[alerts]\nmuted_channels='#acme'", "[alerts] muted_channels", "a list"),
    ("[slack]\npoll_seconds='30'", "[slack] poll_seconds", "at least 5"),
    ("[slack]\npoll_seconds=inf", "[slack] poll_seconds", "got inf"),
    ("[slack]\nhandoff_channel=3", "[slack] handoff_channel", "channel id"),
    ("[conversations]\ntop_level_gap_minutes=-3", "[conversations] top_level_gap_minutes",
     "positive"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "where", "says"), MISTAKES)
def test_each_mistake_is_one_line_with_file_key_and_fix(text: str, where: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, SOURCE)
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"{SOURCE}: {where}: "), message
    assert says in message, message


# --- random config files, built from the real sections and keys ------------------------------

SECTIONS: dict[str, tuple[str, ...]] = {
    "slack": ("api_url", "handoff_channel", "poll_seconds", "discover_shared_channels",
              "automated_bots"),
    "sla": ("first_reply_minutes", "update_minutes", "business_hours", "timezone"),
    "conversations": ("top_level_gap_minutes", "pleasantries"),
    "engineer": ("name", "timezone", "working_hours", "meeting_link", "email"),
    "actions": ("undo_seconds", "status_template", "call_minutes", "reminder_minutes"),
    "tags": ("kinds",),
    "alerts": ("notify", "quiet_hours", "kinds", "muted_channels"),
    "keys": ("filter", "quit", "help"),
}  # fmt: skip
ARRAYS: dict[str, tuple[str, ...]] = {
    "customers": ("name", "channel", "first_reply_minutes", "update_minutes", "timezone"),
    "snippets": ("name", "text"),
}
PLAUSIBLE_TEXT = [
    "Mon-Fri 09:00-18:00", "Sat 00:00-02:00", "Europe/Berlin", "UTC", "#acme", "C0ACME",
    "https://meet.example.com/x", "you@example.com", "{next_update}", "j,down", "bell", "",
    "\u202e", "💥", "Mon-Fri 18:00-09:00",
]  # fmt: skip
scalars = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(PLAUSIBLE_TEXT)
    | st.text(max_size=30)
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return "[" + ", ".join(toml_value(item) for item in value) + "]"


@st.composite
def config_files(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for section in draw(st.lists(st.sampled_from(sorted(SECTIONS)), unique=True, max_size=4)):
        lines.append(f"[{section}]")
        for key in draw(st.lists(st.sampled_from(SECTIONS[section]), unique=True, max_size=4)):
            lines.append(f"{key} = {toml_value(draw(values))}")
    for array in draw(st.lists(st.sampled_from(sorted(ARRAYS)), max_size=3)):
        lines.append(f"[[{array}]]")
        for key in draw(st.lists(st.sampled_from(ARRAYS[array]), unique=True, max_size=5)):
            lines.append(f"{key} = {toml_value(draw(values))}")
    return "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(config_files())
def test_any_config_file_is_accepted_or_refused_in_one_line_naming_the_file(text: str) -> None:
    try:
        parse_settings(text, SOURCE)
    except ConfigError as error:
        assert len(str(error).splitlines()) == 1, str(error)
        assert str(error).startswith(f"{SOURCE}: ")


# --- random Slack message payloads -------------------------------------------------------------

CHANNEL = CustomerChannel("C0ACME", "ext-acme", "Acme")
WORKSPACE = Workspace(our_team_ids=frozenset({"T0US"}), automated_bots=frozenset({"B0AUTO"}))
USERS = {
    "U0US": SlackUser("U0US", "Ana", team_id="T0US"),
    "U0THEM": SlackUser("U0THEM", "Carol", team_id="T0ACME"),
}
NOW = DEMO_NOW
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)  # fmt: skip
timestamps = st.one_of(
    st.integers(int(NOW) - 30 * 86_400, int(NOW) + 86_400).map(lambda s: f"{s}.000100"),
    st.sampled_from(["", "0", "abc", "1e9", "-5.0", "nan", "inf", "1710255600"]),
    st.text(max_size=12),
)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "ts": timestamps,
    "thread_ts": timestamps,
    "latest_reply": timestamps,
    "user": st.sampled_from(["U0US", "U0THEM", "U0NOBODY", ""]) | anything,
    "user_team": st.sampled_from(["T0US", "T0ACME"]) | anything,
    "team": st.sampled_from(["T0US", "T0ACME"]) | anything,
    "bot_id": st.sampled_from(["B0AUTO", "B0OTHER"]) | anything,
    "subtype": st.sampled_from(["tombstone", "bot_message", "channel_join", "thread_broadcast"])
    | anything,
    "text": st.text(max_size=200) | st.just("x" * 10_000) | anything,
    "reply_count": anything,
    "reply_broadcast": anything,
    "edited": anything,
    "reactions": anything,
    "files": anything,
    "attachments": anything,
    "bot_profile": anything,
    "upload": anything,
}


@st.composite
def payloads(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True))
    return {key: draw(FIELDS[key]) for key in keys}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(payloads(), max_size=12))
def test_any_message_payloads_are_mapped_or_refused_and_grouping_never_crashes(
    raws: list[dict[str, Any]],
) -> None:
    messages: list[SlackMessage] = []
    for raw in raws:
        try:
            messages.append(message_from_json(CHANNEL.channel_id, raw))
        except ValueError as refused:  # only a message without a usable ts may be refused
            assert "\n" not in str(refused) and "ts" in str(refused)
    conversations = build_conversations(CHANNEL, messages, USERS, WORKSPACE, {})
    keys = [conversation.key for conversation in conversations]
    assert len(keys) == len(set(keys))  # one conversation per thread
