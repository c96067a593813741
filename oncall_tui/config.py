"""The TOML configuration file, read into typed, frozen settings.

Strict on purpose: a misspelt key silently ignored is an SLA silently not applied, so unknown
keys, unknown sections and bad values are errors. Every error is one line naming the file, the
key and what is expected.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar

import platformdirs

from oncall_tui.config_sections import (
    CHANNEL_HINT,
    CHANNEL_PATTERN,
    Table,
    describe,
    did_you_mean,
    show_key,
)
from oncall_tui.config_sections import ConfigError as ConfigError  # callers import it from here
from oncall_tui.config_swarm import read_call_nudge, read_internal
from oncall_tui.config_toml import settings_to_toml as settings_to_toml  # callers import it here
from oncall_tui.domain.alerts import ALERT_KINDS, NOTIFY_MODES
from oncall_tui.domain.area_defaults import DEFAULT_AREAS
from oncall_tui.domain.areas import AreaError, AreaRule, read_rules
from oncall_tui.domain.retention import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
)
from oncall_tui.domain.tags import DEFAULT_KINDS
from oncall_tui.domain.templates import Snippet
from oncall_tui.keymap import BINDING_IDS, clashes, key_name
from oncall_tui.settings import LIST_SECTIONS, SECTION_KEYS, SECTIONS
from oncall_tui.settings import (
    SECTION_KINDS as SECTION_KINDS,
)
from oncall_tui.settings import (
    ActionSettings as ActionSettings,
)
from oncall_tui.settings import (
    AlertsSettings as AlertsSettings,
)
from oncall_tui.settings import (
    ConversationSettings as ConversationSettings,
)
from oncall_tui.settings import (
    CustomerSettings as CustomerSettings,
)
from oncall_tui.settings import (
    EngineerSettings as EngineerSettings,
)
from oncall_tui.settings import (
    Settings as Settings,
)
from oncall_tui.settings import (
    SlackSettings as SlackSettings,
)
from oncall_tui.settings import (
    SlaSettings as SlaSettings,
)
from oncall_tui.settings import (
    StoreSettings as StoreSettings,
)
from oncall_tui.settings import (
    TagSettings as TagSettings,
)

APP_NAME: Final = "oncall-tui"
MAX_UNDO_SECONDS: Final = 60.0
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")

_T = TypeVar("_T")


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def load_settings(path: Path) -> Settings:
    """Read and check the configuration file at `path`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no configuration file here; create one with `oncall-tui init`, "
            "or try the app with `oncall-tui --demo`"
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory; expected a TOML configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: byte {exc.start}: not UTF-8 text; save the file as UTF-8"
        ) from None
    return replace(parse_settings(text, str(path)), source=path)


def parse_settings(text: str, source_name: str) -> Settings:
    """Check TOML `text`; errors name `source_name` (a file name or path)."""
    document = _parse_toml(text, source_name)
    _check_sections(document, source_name)
    slack, sla, talk, engineer, actions, tags, alerts, store = (
        Table.section(document, name, source_name, SECTION_KEYS[name])
        for name in (
            "slack",
            "sla",
            "conversations",
            "engineer",
            "actions",
            "tags",
            "alerts",
            "store",
        )
    )
    slack_defaults, sla_defaults, talk_defaults = (
        SlackSettings(),
        SlaSettings(),
        ConversationSettings(),
    )
    return Settings(
        slack=SlackSettings(
            api_url=_or(slack.api_url("api_url"), slack_defaults.api_url),
            handoff_channel=slack.channel("handoff_channel"),
            poll_seconds=_or(slack.poll_seconds("poll_seconds"), slack_defaults.poll_seconds),
            discover_shared_channels=_or(
                slack.flag("discover_shared_channels"), slack_defaults.discover_shared_channels
            ),
            automated_bots=_or(slack.bot_ids("automated_bots"), ()),
            write_timeout_seconds=_or(
                slack.number_between("write_timeout_seconds", 0.5, 120.0, "seconds"),
                slack_defaults.write_timeout_seconds,
            ),
        ),
        sla=SlaSettings(
            first_reply_minutes=_or(
                sla.minutes("first_reply_minutes"), sla_defaults.first_reply_minutes
            ),
            update_minutes=_or(sla.minutes("update_minutes"), sla_defaults.update_minutes),
            business_hours=sla.hours("business_hours"),
            timezone=_or(sla.timezone("timezone"), sla_defaults.timezone),
        ),
        conversations=ConversationSettings(
            top_level_gap_minutes=_or(
                talk.minutes("top_level_gap_minutes"), talk_defaults.top_level_gap_minutes
            ),
            pleasantries=_or(talk.words("pleasantries", 'words like "merci"'), ()),
        ),
        engineer=EngineerSettings(
            name=engineer.text("name", "a name"),
            timezone=engineer.timezone("timezone"),
            working_hours=engineer.hours("working_hours"),
            meeting_link=engineer.url("meeting_link", "https://meet.example.com/you"),
            email=engineer.email("email"),
        ),
        customers=_read_customers(document.get("customers", []), source_name),
        keys=_read_keys(document.get("keys", {}), source_name),
        actions=_read_actions(actions),
        snippets=_read_snippets(document.get("snippets", []), source_name),
        tags=TagSettings(kinds=_or(tags.kinds("kinds"), DEFAULT_KINDS)),
        alerts=_read_alerts(alerts),
        store=StoreSettings(
            retention_days=_or(
                store.whole_number(
                    "retention_days", MIN_RETENTION_DAYS, MAX_RETENTION_DAYS, "days"
                ),
                DEFAULT_RETENTION_DAYS,
            )
        ),
        areas=_read_areas(document.get("areas"), source_name),
        internal=read_internal(_section(document, "internal", source_name)),
        call_nudge=read_call_nudge(_section(document, "call_nudge", source_name)),
    )


def _section(document: Mapping[str, Any], name: str, source_name: str) -> Table:
    return Table.section(document, name, source_name, SECTION_KEYS[name])


def _read_areas(items: object, source: str) -> tuple[AreaRule, ...]:
    if items is None:
        return DEFAULT_AREAS
    try:
        return read_rules(items)
    except AreaError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def _or(value: _T | None, default: _T) -> _T:
    return default if value is None else value


def _parse_toml(text: str, source_name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        reason = message[: position.start()] if position else message
        if position and position.group(1):
            where = f"line {position.group(1)}"
            reason = f"{reason} (column {position.group(2)})"
        else:
            where = f"line {max(1, len(text.splitlines()))} (end of file)"
        raise ConfigError(f"{source_name}: {where}: invalid TOML: {reason}") from None
    except RecursionError:
        raise ConfigError(f"{source_name}: invalid TOML: values nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise ConfigError(f"{source_name}: invalid TOML: {exc}") from None


def _check_sections(document: Mapping[str, Any], source: str) -> None:
    for name, value in document.items():
        if name in SECTIONS:
            continue
        if isinstance(value, dict):
            hint = did_you_mean(name, SECTIONS, "[{}]")
            raise ConfigError(f"{source}: [{show_key(name)}]: unknown section{hint}")
        homes = [s for s, keys in SECTION_KEYS.items() if s not in LIST_SECTIONS and name in keys]
        hint = f" (it belongs under [{homes[0]}])" if homes else ""
        raise ConfigError(f"{source}: {show_key(name)}: unknown key outside any section{hint}")


def _read_customers(value: object, source: str) -> tuple[CustomerSettings, ...]:
    if not isinstance(value, list):
        raise ConfigError(
            f"{source}: [customers]: expected [[customers]] blocks (one per customer), "
            f"got {describe(value)}"
        )
    customers: list[CustomerSettings] = []
    first_use: dict[str, int] = {}
    for number, values in enumerate(value, start=1):
        where = f"[[customers]] #{number}"
        if not isinstance(values, dict):
            raise ConfigError(
                f"{source}: {where}: expected a table with name and channel, got {describe(values)}"
            )
        table = Table(source, where, values, SECTION_KEYS["customers"])
        table.require("name", "the customer's name")
        table.require("channel", CHANNEL_HINT)
        channel = _or(table.channel("channel"), "")
        if channel in first_use:
            used = f"{describe(channel)} is already used by customer #{first_use[channel]}"
            raise table.fail("channel", used)
        first_use[channel] = number
        customers.append(
            CustomerSettings(
                name=_or(table.text("name", "the customer's name"), ""),
                channel=channel,
                first_reply_minutes=table.minutes("first_reply_minutes"),
                update_minutes=table.minutes("update_minutes"),
                timezone=table.timezone("timezone"),
            )
        )
    return tuple(customers)


def _read_actions(table: Table) -> ActionSettings:
    defaults = ActionSettings()
    return ActionSettings(
        undo_seconds=_or(
            table.number_between("undo_seconds", 0, MAX_UNDO_SECONDS, "seconds"),
            defaults.undo_seconds,
        ),
        status_template=_or(
            table.template("status_template", "a message", needs="next_update"),
            defaults.status_template,
        ),
        call_minutes=_or(
            table.whole_number("call_minutes", 5, 480, "minutes"), defaults.call_minutes
        ),
        reminder_minutes=_or(
            table.whole_number("reminder_minutes", 1, 1440, "minutes"), defaults.reminder_minutes
        ),
    )


def _read_alerts(table: Table) -> AlertsSettings:
    defaults = AlertsSettings()
    notify = table.text("notify", f"one of {', '.join(NOTIFY_MODES)}")
    if notify is not None and notify not in NOTIFY_MODES:
        raise table.fail("notify", table.expected(f"one of {', '.join(NOTIFY_MODES)}", "notify"))
    kinds = table.words("kinds", f"alert kinds ({', '.join(ALERT_KINDS)})")
    for index, kind in enumerate(kinds or (), start=1):
        if kind not in ALERT_KINDS:
            raise table.fail(
                "kinds", f"item {index}: expected one of {', '.join(ALERT_KINDS)}, got {kind!r}"
            )
    muted = table.words("muted_channels", CHANNEL_HINT)
    for index, channel in enumerate(muted or (), start=1):
        if not CHANNEL_PATTERN.fullmatch(channel):
            raise table.fail("muted_channels", f"item {index}: expected {CHANNEL_HINT}")
    return AlertsSettings(
        notify=_or(notify, defaults.notify),
        quiet_hours=table.hours("quiet_hours"),
        kinds=_or(kinds, defaults.kinds),
        muted_channels=_or(muted, ()),
    )


def _read_snippets(value: object, source: str) -> tuple[Snippet, ...]:
    if not isinstance(value, list):
        raise ConfigError(
            f"{source}: [snippets]: expected [[snippets]] blocks (one per canned reply), "
            f"got {describe(value)}"
        )
    snippets: list[Snippet] = []
    first_use: dict[str, int] = {}
    for number, values in enumerate(value, start=1):
        where = f"[[snippets]] #{number}"
        if not isinstance(values, dict):
            raise ConfigError(
                f"{source}: {where}: expected a table with name and text, got {describe(values)}"
            )
        table = Table(source, where, values, SECTION_KEYS["snippets"])
        table.require("name", "a short name to find it by")
        table.require("text", "the reply, with {customer}, {first_name}, ... if wanted")
        name = _or(table.text("name", "a short name to find it by"), "")
        if name.casefold() in first_use:
            used = f"{describe(name)} is already used by snippet #{first_use[name.casefold()]}"
            raise table.fail("name", used)
        first_use[name.casefold()] = number
        snippets.append(Snippet(name=name, text=_or(table.template("text", "the reply"), "")))
    return tuple(snippets)


def _read_keys(values: object, source: str) -> Mapping[str, str]:
    """Binding id -> keys, for ids of the key registry (keymap.py) and keys that leave every
    screen's bindings apart (a remapped key another binding of that screen has is refused)."""
    if not isinstance(values, dict):
        raise ConfigError(f"{source}: keys: expected a [keys] table, got {describe(values)}")
    table = Table(source, "[keys]", values, tuple(values))
    keys: dict[str, str] = {}
    for action, value in values.items():
        if action not in BINDING_IDS:
            hint = did_you_mean(action, BINDING_IDS)
            raise table.fail(
                action, f"no such key binding{hint}; expected one of {', '.join(BINDING_IDS)}"
            )
        parts = [part.strip() for part in value.split(",")] if isinstance(value, str) else [""]
        if not all(parts) or any(any(c.isspace() for c in part) for part in parts):
            raise table.fail(action, table.expected('keys like "j,down" (comma-separated)', action))
        # As Textual names them: a "?" written here binds the key Textual calls question_mark.
        keys[action] = ",".join(key_name(part) for part in parts)
    for clash in clashes(keys):
        raise table.fail(clash.binding_id, str(clash))
    return MappingProxyType(keys)
