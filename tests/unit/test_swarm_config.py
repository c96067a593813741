"""`[internal]` and `[call_nudge]`: read into settings, written back, bad values as one line."""

from __future__ import annotations

import pytest

from oncall_tui.config import ConfigError, Settings, parse_settings, settings_to_toml
from oncall_tui.domain.call_nudge import DEFAULT_CALL_PHRASES


def test_defaults_without_the_sections() -> None:
    settings = parse_settings("", "config.toml")
    assert settings.internal.channels == ()
    assert settings.internal.swarm_rule.min_messages == 30
    assert settings.call_nudge.rule.min_round_trips == 4
    assert settings.call_nudge.call_phrases == DEFAULT_CALL_PHRASES


def test_sections_are_read_and_round_trip() -> None:
    text = """
[internal]
channels = ["#eng-*", "C0123ABC", "#team-payments"]
group_dms = false
swarm_messages = 20
swarm_business_minutes = 30
swarm_fresh_minutes = 10

[call_nudge]
round_trips = 5
frustration_phrases = ["toujours", "noch immer"]
call_phrases = ["appel"]
"""
    settings = parse_settings(text, "config.toml")
    assert settings.internal.channels == ("#eng-*", "C0123ABC", "#team-payments")
    assert not settings.internal.group_dms
    assert settings.internal.swarm_rule.min_business_minutes == 30
    assert settings.call_nudge.rule.frustration_phrases == ("toujours", "noch immer")
    assert settings.call_nudge.rule.call_phrases == ("appel",)
    assert settings.call_nudge.rule.min_round_trips == 5
    again = parse_settings(settings_to_toml(settings), "config.toml")
    assert again.internal == settings.internal
    assert again.call_nudge == settings.call_nudge
    assert parse_settings(settings_to_toml(Settings()), "x").internal == Settings().internal


def test_internal_channel_patterns_match_ids_names_and_globs() -> None:
    text = '[internal]\nchannels = ["#eng-*", "C0123ABC", "#team-payments"]\n'
    internal = parse_settings(text, "config.toml").internal
    assert internal.matches("C9", "eng-support")
    assert internal.matches("C9", "eng-")
    assert internal.matches("C0123ABC", "anything")
    assert internal.matches("G7", "team-payments")
    assert not internal.matches("C9", "team-payments-eu")
    assert not internal.matches("C9", "support-eng")
    assert not internal.matches("C0123ABCD", "random")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[internal]\nchannels = "#eng-*"',
            'config.toml: [internal] channels: expected a list of channel ids like "C0123"',
        ),
        (
            '[internal]\nchannels = ["#Eng Support"]',
            "config.toml: [internal] channels: item 1: expected channel ids",
        ),
        (
            "[internal]\nswarm_messages = 0",
            "config.toml: [internal] swarm_messages: expected a whole number of messages",
        ),
        (
            '[internal]\nswarm_fresh_minutes = "soon"',
            "config.toml: [internal] swarm_fresh_minutes: expected a number of minutes",
        ),
        ("[internal]\nchanels = []", "config.toml: [internal] chanels: unknown key"),
        (
            "[call_nudge]\nround_trips = 2.5",
            "config.toml: [call_nudge] round_trips: expected a whole number of round trips",
        ),
        (
            '[call_nudge]\ncall_phrases = ["???"]',
            "config.toml: [call_nudge] call_phrases: item 1: expected words, got '???'",
        ),
        (
            '[call_nudge]\nfrustration_phrases = [""]',
            "config.toml: [call_nudge] frustration_phrases: item 1: expected phrases",
        ),
    ],
)
def test_bad_values_are_one_line_naming_file_and_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_settings(text, "config.toml")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
