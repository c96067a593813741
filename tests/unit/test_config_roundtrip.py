"""Any valid settings, every section included, written out by `settings_to_toml` and read back
by `parse_settings`, come back equal.

The generator is built from the settings dataclasses themselves (config.SECTION_KINDS and each
record's fields), with one value strategy per `section.key`: a section or key added to Settings
without a strategy here fails `test_every_key_of_every_section_has_a_generator`, so no section
can be left out of the round trip again (as [alerts] was).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from oncall_tui.commands.config_writer import commented_config
from oncall_tui.config import (
    SECTION_KINDS,
    AlertsSettings,
    CustomerSettings,
    Settings,
    parse_settings,
    settings_to_toml,
)
from oncall_tui.config_toml import key_note, section_keys, section_note
from oncall_tui.domain.alerts import ALERT_KINDS, NOTIFY_MODES
from oncall_tui.domain.retention import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS
from oncall_tui.domain.templates import DEFAULT_STATUS_TEMPLATE
from oncall_tui.keymap import BINDING_IDS, BY_ID
from tests.figures import report_figures

clean_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1, max_size=20
)
minutes = st.floats(min_value=0.01, max_value=1e6)
channels = st.from_regex(r"\A[CG][A-Z0-9]{2,10}\Z") | st.from_regex(r"\A#[a-z0-9_-]{1,20}\Z")
zones = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
hours = st.sampled_from(["Mon-Fri 09:00-18:00", "always", "Mon-Thu 08:30-17:00, Fri 08:30-14:00"])


def some(strategy: SearchStrategy[Any], max_size: int = 3) -> SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


# `section.key` -> the values a valid file may hold there.
VALUES: Mapping[str, SearchStrategy[Any]] = {
    "slack.api_url": st.sampled_from(["https://slack.com/api/", "http://127.0.0.1:9/api/"]),
    "slack.handoff_channel": st.none() | channels,
    "slack.poll_seconds": st.floats(min_value=5, max_value=86400),
    "slack.discover_shared_channels": st.booleans(),
    "slack.automated_bots": some(st.from_regex(r"\AB[A-Z0-9]{2,10}\Z")),
    "slack.write_timeout_seconds": st.floats(min_value=0.5, max_value=120),
    "sla.first_reply_minutes": minutes,
    "sla.update_minutes": minutes,
    "sla.business_hours": st.none() | hours,
    "sla.timezone": zones,
    "conversations.top_level_gap_minutes": minutes,
    "conversations.pleasantries": some(clean_text),
    "engineer.name": st.none() | clean_text,
    "engineer.timezone": st.none() | zones,
    "engineer.working_hours": st.none() | hours,
    "engineer.meeting_link": st.none() | st.just("https://meet.example.com/me"),
    "engineer.email": st.none() | st.just("me@example.com"),
    "actions.undo_seconds": st.floats(min_value=0, max_value=60),
    "actions.status_template": st.sampled_from(
        [DEFAULT_STATUS_TEMPLATE, "Next update by {next_update}, {first_name}."]
    ),
    "actions.call_minutes": st.integers(min_value=5, max_value=480),
    "actions.reminder_minutes": st.integers(min_value=1, max_value=1440),
    "customers.name": clean_text,
    "customers.channel": channels,
    "customers.first_reply_minutes": st.none() | minutes,
    "customers.update_minutes": st.none() | minutes,
    "customers.timezone": st.none() | zones,
    "snippets.name": clean_text,
    "snippets.text": clean_text.filter(lambda text: "{" not in text and "}" not in text),
    "tags.kinds": st.lists(
        clean_text.filter(lambda kind: kind.casefold() != "untagged"),
        min_size=1,
        max_size=4,
        unique_by=str.casefold,
    ).map(tuple),
    "alerts.notify": st.sampled_from(NOTIFY_MODES),
    "alerts.quiet_hours": st.none() | hours,
    "alerts.kinds": st.lists(st.sampled_from(ALERT_KINDS), unique=True).map(tuple),
    "alerts.muted_channels": some(channels),
    "store.retention_days": st.integers(min_value=MIN_RETENTION_DAYS, max_value=MAX_RETENTION_DAYS),
    "areas.name": clean_text,
    # At least one keyword: a rule needs keywords, or channels or customers to cover.
    "areas.keywords": st.lists(
        st.sampled_from(["saml", "single sign-on", "charg*", "Webhook", "SCIM", "état"])
        | clean_text.filter(lambda word: bool(word.rstrip("*"))),
        min_size=1,
        max_size=4,
    ).map(tuple),
    "areas.channels": some(channels),
    "areas.customers": some(clean_text),
    "internal.channels": some(
        channels | st.from_regex(r"\A#[a-z0-9_-]{0,8}[*?][a-z0-9*_-]{0,5}\Z")
    ),
    "internal.group_dms": st.booleans(),
    "internal.swarm_messages": st.integers(min_value=1, max_value=10_000),
    "internal.swarm_business_minutes": st.floats(min_value=1, max_value=24 * 60),
    "internal.swarm_fresh_minutes": st.floats(min_value=1, max_value=24 * 60),
    "call_nudge.round_trips": st.integers(min_value=1, max_value=100),
    "call_nudge.multi_day_round_trips": st.integers(min_value=1, max_value=100),
    "call_nudge.multi_day_business_days": st.integers(min_value=1, max_value=30),
    "call_nudge.frustration_phrases": some(st.from_regex(r"\A[a-z]{1,8}( [a-z?!]{1,6})?\Z")),
    "call_nudge.call_phrases": some(st.from_regex(r"\A[a-z]{1,8}( [a-z]{1,6}){0,2}\Z")),
}

# [[blocks]] whose items the reader refuses to repeat, by what makes them the same.
UNIQUE_BY: Mapping[str, Callable[[Any], object]] = {
    "customers": lambda customer: customer.channel,
    "snippets": lambda snippet: snippet.name.casefold(),
    "areas": lambda area: area.name.casefold(),
}

# Keys no default binding uses, so remaps onto them never clash.
FREE_KEYS = tuple(f"f{number}" for number in range(13, 25))


@st.composite
def keymaps(draw: st.DrawFn) -> dict[str, str]:
    """Some bindings remapped: onto free keys (one or two) or back onto their own defaults."""
    chosen = draw(st.lists(st.sampled_from(BINDING_IDS), unique=True, max_size=5))
    keymap: dict[str, str] = {}
    for index, binding_id in enumerate(chosen):
        free = FREE_KEYS[2 * index : 2 * index + 2]
        keymap[binding_id] = draw(
            st.sampled_from([free[0], ",".join(free), BY_ID[binding_id].keys])
        )
    return keymap


def record_values(section: str, record: type[Any]) -> SearchStrategy[Any]:
    known = {
        f.name: VALUES[f"{section}.{f.name}"]
        for f in fields(record)
        if f"{section}.{f.name}" in VALUES
    }
    return st.builds(record, **known)


def section_values(section: str) -> SearchStrategy[Any]:
    kind, record = SECTION_KINDS[section]
    if kind == "map":
        return keymaps()
    assert record is not None
    if kind == "table":
        return record_values(section, record)
    return st.lists(
        record_values(section, record), max_size=3, unique_by=UNIQUE_BY.get(section, id)
    ).map(tuple)


any_settings = st.builds(Settings, **{name: section_values(name) for name in SECTION_KINDS})


def test_every_key_of_every_section_has_a_generator() -> None:
    wanted = {
        f"{section}.{f.name}"
        for section, (_, record) in SECTION_KINDS.items()
        if record is not None
        for f in fields(record)
    }
    missing = sorted(wanted - VALUES.keys())
    assert not missing, f"add value strategies to VALUES for {', '.join(missing)}"
    assert not VALUES.keys() - wanted, "VALUES names keys the settings no longer have"
    report_figures(
        "config round trip",
        f"{len(SECTION_KINDS)} sections ({', '.join(SECTION_KINDS)}), {len(wanted)} keys generated",
    )


@settings(max_examples=300, deadline=None)
@given(any_settings)
def test_any_valid_settings_written_out_read_back_equal(original: Settings) -> None:
    assert parse_settings(settings_to_toml(original), "config.toml") == original


@settings(max_examples=100, deadline=None)
@given(any_settings, st.dictionaries(channels, clean_text, max_size=3))
def test_the_file_init_writes_with_its_notes_reads_back_equal(
    original: Settings, channel_names: dict[str, str]
) -> None:
    text = commented_config(original, channel_names)
    assert parse_settings(text, "config.toml") == original


def test_alerts_written_by_init_survive_reading_back() -> None:
    original = Settings(
        alerts=AlertsSettings(
            notify="bell",
            quiet_hours="Mon-Sun 20:00-23:59",
            kinds=("breached",),
            muted_channels=("#ext-hooli",),
        )
    )
    text = settings_to_toml(original)
    assert '[alerts]\nnotify = "bell"' in text
    assert parse_settings(text, "config.toml").alerts == original.alerts


# --- the notes of the file `oncall-tui init` writes come from the same dataclasses ----------


def test_every_section_has_a_note_in_the_written_file() -> None:
    text = commented_config(Settings(customers=(CustomerSettings("Acme", "C0ACME"),)), {})
    missing = [name for name in SECTION_KINDS if not section_note(Settings, name)]
    assert not missing, f"give these sections a docstring or a doc(...): {', '.join(missing)}"
    for name in SECTION_KINDS:
        header = f"[[{name}]]" if SECTION_KINDS[name][0] == "list" else f"[{name}]"
        if header in text:
            above = text.split(f"\n{header}\n")[0].splitlines()[-1]
            assert above == f"# {str(section_note(Settings, name)).splitlines()[-1]}", name


def test_every_commented_out_example_reads_when_uncommented() -> None:
    text = commented_config(Settings.defaults(), {})
    examples = [
        (section, key)
        for section in SECTION_KINDS
        for key in section_keys(Settings, section)
        if "example" in key_note(Settings, section, key)
    ]
    assert len(examples) >= 4
    for section, key in examples:
        line = f"# {key} = {key_note(Settings, section, key)['example']}"
        assert line in text, (section, key)
    uncommented = "\n".join(
        line.removeprefix("# ")
        if any(line.startswith(f"# {key} = ") for _, key in examples)
        else line
        for line in text.splitlines()
    )
    read = parse_settings(uncommented, "config.toml")
    for section, key in examples:
        assert getattr(getattr(read, section), key) is not None, (section, key)
