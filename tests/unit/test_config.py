"""The configuration file: good files read back as typed settings, and every mistake is one line
naming the file, the key and what to write instead."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.config import (
    ActionSettings,
    ConfigError,
    CustomerSettings,
    EngineerSettings,
    Settings,
    SlackSettings,
    SlaSettings,
    TagSettings,
    default_config_path,
    default_data_dir,
    load_settings,
    parse_settings,
    settings_to_toml,
)
from oncall_tui.domain.tags import DEFAULT_KINDS
from oncall_tui.domain.templates import DEFAULT_STATUS_TEMPLATE, Snippet

FULL_EXAMPLE = textwrap.dedent(
    """\
    [slack]
    api_url = "http://127.0.0.1:8080/api"
    handoff_channel = "#support-handoff"
    poll_seconds = 30
    discover_shared_channels = false
    automated_bots = ["B0AUTORESP"]

    [sla]
    first_reply_minutes = 15
    update_minutes = 120
    business_hours = "Mon-Fri 09:00-18:00"
    timezone = "Europe/Berlin"

    [conversations]
    top_level_gap_minutes = 10
    pleasantries = ["merci", "danke"]

    [engineer]
    name = "Dana"
    timezone = "Europe/Berlin"
    working_hours = "Mon-Fri 09:00-18:00"
    meeting_link = "https://meet.example.com/dana"
    email = "dana@example.com"

    [actions]
    undo_seconds = 8
    status_template = "Still on it, {first_name}: next update by {next_update}."
    call_minutes = 45
    reminder_minutes = 15

    [keys]
    cursor_down = "j,down"
    filter = "slash"

    [tags]
    kinds = ["bug", "outage", "billing question"]

    [[customers]]
    name = "Acme Corp"
    channel = "C0ACME"
    first_reply_minutes = 5
    update_minutes = 60
    timezone = "America/New_York"

    [[customers]]
    name = "Globex"
    channel = "#globex-support"

    [[snippets]]
    name = "greeting"
    text = "Hi {first_name}, thanks for reaching out!"

    [[snippets]]
    name = "logs"
    text = '''
    Could you send the debug logs?
    Set {{"debug": true}} first.'''
    """
)


def parse(text: str) -> Settings:
    return parse_settings(textwrap.dedent(text), "config.toml")


def error_for(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return str(caught.value)


# --- good files ---------------------------------------------------------------------------


def test_full_example_is_read_into_typed_settings() -> None:
    read = parse(FULL_EXAMPLE)
    assert read.slack == SlackSettings(
        api_url="http://127.0.0.1:8080/api/",
        handoff_channel="#support-handoff",
        poll_seconds=30,
        discover_shared_channels=False,
        automated_bots=("B0AUTORESP",),
    )
    assert read.sla == SlaSettings(15, 120, "Mon-Fri 09:00-18:00", "Europe/Berlin")
    assert read.conversations.pleasantries == ("merci", "danke")
    assert read.engineer == EngineerSettings(
        "Dana",
        "Europe/Berlin",
        "Mon-Fri 09:00-18:00",
        "https://meet.example.com/dana",
        "dana@example.com",
    )
    assert read.actions == ActionSettings(
        undo_seconds=8,
        status_template="Still on it, {first_name}: next update by {next_update}.",
        call_minutes=45,
        reminder_minutes=15,
    )
    assert read.snippets == (
        Snippet("greeting", "Hi {first_name}, thanks for reaching out!"),
        Snippet("logs", 'Could you send the debug logs?\nSet {{"debug": true}} first.'),
    )
    assert dict(read.keys) == {"cursor_down": "j,down", "filter": "slash"}
    assert read.customers == (
        CustomerSettings("Acme Corp", "C0ACME", 5, 60, "America/New_York"),
        CustomerSettings("Globex", "#globex-support"),
    )
    assert read.tags == TagSettings(("bug", "outage", "billing question"))


def test_an_empty_file_gives_the_defaults() -> None:
    assert parse("") == Settings.defaults()
    assert Settings.defaults().slack.api_url == "https://slack.com/api/"
    assert Settings.defaults().actions == ActionSettings(5.0, DEFAULT_STATUS_TEMPLATE, 30, 10)
    assert Settings.defaults().snippets == ()
    assert Settings.defaults().tags.kinds == DEFAULT_KINDS


def test_undo_can_be_switched_off() -> None:
    assert parse("[actions]\nundo_seconds = 0").actions.undo_seconds == 0


def test_api_url_is_accepted_with_or_without_the_trailing_slash() -> None:
    for written in ("https://slack.com/api", "https://slack.com/api/"):
        assert parse(f'[slack]\napi_url = "{written}"').slack.api_url == "https://slack.com/api/"


def test_settings_are_frozen() -> None:
    read = parse(FULL_EXAMPLE)
    with pytest.raises(AttributeError):
        read.sla.first_reply_minutes = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        read.keys["filter"] = "f"  # type: ignore[index]


def test_a_written_file_reads_back_the_same() -> None:
    read = parse(FULL_EXAMPLE)
    assert parse_settings(settings_to_toml(read), "config.toml") == read
    assert parse_settings(settings_to_toml(Settings.defaults()), "x") == Settings.defaults()


def test_load_settings_reads_the_file_and_remembers_where(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FULL_EXAMPLE, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.source == path
    assert loaded.customers == parse(FULL_EXAMPLE).customers


def test_default_paths_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_config_path() == tmp_path / "conf" / "oncall-tui" / "config.toml"
    assert default_data_dir() == tmp_path / "data" / "oncall-tui"


# --- files that cannot be read ------------------------------------------------------------


def test_a_missing_file_names_the_path_and_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "config.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert str(path) in text
    assert "oncall-tui init" in text
    assert "--demo" in text


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[engineer]\nname = "J\xf6rg"\n')
    with pytest.raises(ConfigError, match="UTF-8") as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_errors_from_a_loaded_file_name_its_path(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[sla]\nupdate_minutes = -5\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: [sla] update_minutes: ")


# --- mistakes -----------------------------------------------------------------------------


def test_the_documented_messages_word_for_word() -> None:
    assert error_for('[sla]\nfirst_reply_minutes = "soon"') == (
        'config.toml: [sla] first_reply_minutes: expected a positive number of minutes, got "soon"'
    )
    assert error_for("[slack]\npol_seconds = 30") == (
        "config.toml: [slack] pol_seconds: unknown key (did you mean poll_seconds?)"
    )
    two_customers = """
        [[customers]]
        name = "Acme"
        channel = "C0ACME"
        [[customers]]
        name = "Globex"
    """
    assert error_for(two_customers) == (
        'config.toml: [[customers]] #2 channel: missing (a channel id like "C0123" or "#name")'
    )


def test_a_syntax_error_names_the_line() -> None:
    text = "[slack]\npoll_seconds = 30\n\n[sla]\nfirst_reply_minutes = 15\n\nupdate_minutes = \n"
    message = error_for(text)
    assert message.startswith("config.toml: line 7: invalid TOML: ")
    assert "Invalid value" in message


MISTAKES: list[tuple[str, str, str]] = [
    # (file, where the error must point, what it must say)
    ("[slak]\npoll_seconds = 30", "[slak]", "did you mean [slack]?"),
    ("poll_seconds = 30", "poll_seconds", "belongs under [slack]"),
    ("colour = 'red'", "colour", "unknown key"),
    ("slack = 3", "slack", "expected a [slack] table, got 3"),
    ("[sla]\nfirst_reply_minutes = -5", "[sla] first_reply_minutes", "got -5"),
    ("[sla]\nfirst_reply_minutes = 0", "[sla] first_reply_minutes", "positive"),
    ("[sla]\nupdate_minutes = true", "[sla] update_minutes", "got true"),
    ("[sla]\nupdate_minutes = nan", "[sla] update_minutes", "got nan"),
    ("[sla]\nupdate_minutes = inf", "[sla] update_minutes", "got inf"),
    ("[sla]\ntimezone = 'Europe/Berln'", "[sla] timezone", "did you mean Europe/Berlin?"),
    ("[sla]\ntimezone = 7", "[sla] timezone", "IANA time zone"),
    ("[sla]\nbusiness_hours = 'soon'", "[sla] business_hours", 'like "Mon-Fri 09:00-18:00"'),
    ("[sla]\nbusiness_hours = 'Mon-Fri 18:00-09:00'", "[sla] business_hours", "closing time"),
    ("[slack]\npoll_seconds = 2", "[slack] poll_seconds", "at least 5"),
    ("[slack]\ndiscover_shared_channels = 'yes'", "[slack] discover_shared_channels", "true or"),
    ("[slack]\nhandoff_channel = 'support handoff'", "[slack] handoff_channel", "channel id"),
    ("[slack]\napi_url = 'slack.com/api'", "[slack] api_url", "http(s) URL"),
    ("[slack]\napi_url = 'ftp://slack.com/api'", "[slack] api_url", "http(s) URL"),
    ("[slack]\nautomated_bots = 'B0AUTO'", "[slack] automated_bots", "list of bot ids"),
    ("[slack]\nautomated_bots = ['U0PERSON']", "[slack] automated_bots", "item 1"),
    ("[conversations]\npleasantries = ['merci', 1]", "[conversations] pleasantries", "item 2"),
    ("[conversations]\ntop_level_gap = 10", "[conversations] top_level_gap", "did you mean"),
    ("[engineer]\nmeeting_link = 'meet.example.com/x'", "[engineer] meeting_link", "http(s)"),
    ("[engineer]\nworking_hours = 'weekdays'", "[engineer] working_hours", '"weekdays"'),
    ("[engineer]\nname = ''", "[engineer] name", "expected a name"),
    ("[keys]\nfilter = ''", "[keys] filter", 'like "j,down"'),
    ("[keys]\nfilter = 3", "[keys] filter", "got 3"),
    ("[keys]\ncursor_down = 'j,,down'", "[keys] cursor_down", "comma-separated"),
    ("customers = 3", "[customers]", "[[customers]] blocks"),
    ("[customers]\nname = 'Acme'", "[customers]", "got a table"),
    ("customers = [1]", "[[customers]] #1", "got 1"),
    ("[[customers]]\nchannel = 'C0ACME'", "[[customers]] #1 name", "missing"),
    ("[[customers]]\nname = 'Acme'\nchannel = 'acme'", "[[customers]] #1 channel", "#name"),
    ("[[customers]]\nname='A'\nchannel='C0A'\nchanel='C0B'", "[[customers]] #1 chanel", "channel?"),
    (
        "[[customers]]\nname='A'\nchannel='C0ACME'\n[[customers]]\nname='B'\nchannel='C0ACME'",
        "[[customers]] #2 channel",
        "already used by customer #1",
    ),
    (
        "[[customers]]\nname='A'\nchannel='C0A'\nupdate_minutes='1h'",
        "[[customers]] #1 update_minutes",
        '"1h"',
    ),
    ('[engineer]\n"na\\nme" = 1', '[engineer] "na\\nme"', "unknown key"),
    ("[sla]\nupdate_minutes = 1" + "0" * 400, "[sla] update_minutes", "positive number"),
    ("[engineer]\nemail = 'dana'", "[engineer] email", 'like "you@example.com", got "dana"'),
    ("[actions]\nundo_seconds = 61", "[actions] undo_seconds", "from 0 to 60, got 61"),
    ("[actions]\nundo_seconds = -1", "[actions] undo_seconds", "from 0 to 60"),
    ("[actions]\nundo_seconds = '5s'", "[actions] undo_seconds", 'got "5s"'),
    ("[actions]\ncall_minutes = 30.5", "[actions] call_minutes", "whole number of minutes"),
    ("[actions]\ncall_minutes = 0", "[actions] call_minutes", "from 5 to 480"),
    ("[actions]\nreminder_minutes = true", "[actions] reminder_minutes", "got true"),
    ("[actions]\nundo_second = 5", "[actions] undo_second", "did you mean undo_seconds?"),
    ("[actions]\nstatus_template = ''", "[actions] status_template", "expected a message"),
    (
        "[actions]\nstatus_template = 'Still on it.'",
        "[actions] status_template",
        "containing {next_update}",
    ),
    (
        "[actions]\nstatus_template = 'next update by {next_updat}'",
        "[actions] status_template",
        "unknown variable {next_updat} (did you mean {next_update}?)",
    ),
    ("undo_seconds = 5", "undo_seconds", "belongs under [actions]"),
    ("[tags]\nkinds = 'bug'", "[tags] kinds", 'expected a list of kinds of work like "bug"'),
    ("[tags]\nkinds = []", "[tags] kinds", "expected at least one kind"),
    ("[tags]\nkinds = ['bug', 7]", "[tags] kinds", "item 2: expected kinds of work"),
    ("[tags]\nkinds = ['bug', ' Bug ']", "[tags] kinds", 'item 2: "Bug" repeats item 1'),
    ("[tags]\nkinds = ['untagged']", "[tags] kinds", "conversations without a kind"),
    ("[tags]\nkind = ['bug']", "[tags] kind", "did you mean kinds?"),
    ("kinds = ['bug']", "kinds", "belongs under [tags]"),
    ("tags = ['bug']", "tags", "expected a [tags] table"),
    ("snippets = 3", "[snippets]", "[[snippets]] blocks"),
    ("[snippets]\nname = 'hi'", "[snippets]", "got a table"),
    ("snippets = ['hi']", "[[snippets]] #1", 'got "hi"'),
    ("[[snippets]]\nname = 'hi'", "[[snippets]] #1 text", "missing"),
    ("[[snippets]]\ntext = 'Hello'", "[[snippets]] #1 name", "missing"),
    ("[[snippets]]\nname = 'hi'\ntext = 'Hi {custmer}'", "[[snippets]] #1 text", "{customer}?"),
    ("[[snippets]]\nname = 'hi'\ntext = 'x'\ntitle = 'y'", "[[snippets]] #1 title", "unknown"),
    (
        "[[snippets]]\nname='hi'\ntext='a'\n[[snippets]]\nname='HI'\ntext='b'",
        "[[snippets]] #2 name",
        "already used by snippet #1",
    ),
]


@pytest.mark.parametrize(("text", "where", "says"), MISTAKES)
def test_each_mistake_is_one_line_naming_file_key_and_fix(text: str, where: str, says: str) -> None:
    message = error_for(text)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"config.toml: {where}: "), message
    assert says in message


def test_a_value_with_line_breaks_still_gives_one_line() -> None:
    message = error_for('[sla]\ntimezone = "Europe/\\nBerlin\\u2028x"')
    assert len(message.splitlines()) == 1


# --- any document at all ------------------------------------------------------------------

KNOWN_NAMES = [
    "slack",
    "sla",
    "conversations",
    "engineer",
    "keys",
    "customers",
    "api_url",
    "handoff_channel",
    "poll_seconds",
    "discover_shared_channels",
    "automated_bots",
    "first_reply_minutes",
    "update_minutes",
    "business_hours",
    "timezone",
    "top_level_gap_minutes",
    "pleasantries",
    "name",
    "working_hours",
    "meeting_link",
    "channel",
    "cursor_down",
    "actions",
    "snippets",
    "email",
    "undo_seconds",
    "status_template",
    "call_minutes",
    "reminder_minutes",
    "text",
]

toml_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
names = st.sampled_from(KNOWN_NAMES) | toml_text
scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats()
    | toml_text
    | st.sampled_from(
        ["C0ACME", "#acme", "Europe/Berlin", "Mon-Fri 09:00-18:00", "https://x.test/", "B0BOT"]
    )
    | st.datetimes().map(lambda moment: moment.isoformat())
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=4),
    max_leaves=12,
)
documents = st.dictionaries(names, values, max_size=6)


def as_toml(value: Any) -> str:
    """A TOML value; dates come in as ISO strings and are written bare so TOML reads a date."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        if len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
            return value
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(as_toml(item) for item in value) + "]"
    return "{" + ", ".join(f"{as_toml(k)} = {as_toml(v)}" for k, v in value.items()) + "}"


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_toml_document_is_accepted_or_refused_in_one_line(document: dict[str, Any]) -> None:
    text = "\n".join(f"{as_toml(key)} = {as_toml(value)}" for key, value in document.items())
    try:
        parse_settings(text, "config.toml")
    except ConfigError as error:
        assert len(str(error).splitlines()) == 1
        assert str(error).startswith("config.toml: ")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_accepted_or_refused_in_one_line(text: str) -> None:
    try:
        parse_settings(text, "config.toml")
    except ConfigError as error:
        assert len(str(error).splitlines()) == 1


# Any valid settings round-trip: tests/unit/test_config_roundtrip.py.


def test_alerts_section_reads_and_rejects_mistakes_in_one_line() -> None:
    settings = parse_settings(
        '[alerts]\nnotify = "osc777"\nquiet_hours = "Mon-Sun 20:00-23:59"\n'
        'kinds = ["breached"]\nmuted_channels = ["#ext-hooli", "C0ACME"]\n',
        "config.toml",
    )
    assert settings.alerts.notify == "osc777"
    assert settings.alerts.kinds == ("breached",)
    assert settings.alerts.muted_channels == ("#ext-hooli", "C0ACME")
    for text, expected in [
        ('[alerts]\nnotify = "popup"\n', "config.toml: [alerts] notify: expected one of auto"),
        (
            '[alerts]\nkinds = ["mentions"]\n',
            "config.toml: [alerts] kinds: item 1: expected one of",
        ),
        ('[alerts]\nmuted_channels = ["hooli"]\n', "config.toml: [alerts] muted_channels: item 1"),
        ('[alerts]\nquiet = "x"\n', "config.toml: [alerts] quiet: unknown key"),
    ]:
        with pytest.raises(ConfigError) as error:
            parse_settings(text, "config.toml")
        assert str(error.value).startswith(expected), str(error.value)
        assert "\n" not in str(error.value)
