"""The TOML configuration file, read into typed, frozen settings.

Strict on purpose: a misspelt key silently ignored is an SLA silently not applied, so unknown
keys, unknown sections and bad values are errors. Every error is one line naming the file, the
key and what is expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import platformdirs

from oncall_tui.domain.business_hours import BusinessHours

APP_NAME: Final = "oncall-tui"
DEFAULT_API_URL: Final = "https://slack.com/api/"
MIN_POLL_SECONDS: Final = 5.0

_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
# Slack channel names are lowercase without spaces; anything else would never resolve.
_CHANNEL_NAME = re.compile(r"#[^\sA-Z#,]{1,80}")
_BOT_ID = re.compile(r"B[A-Z0-9]{2,}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")

CHANNEL_HINT: Final = 'a channel id like "C0123" or "#name"'
HOURS_HINT: Final = 'hours like "Mon-Fri 09:00-18:00"'

_T = TypeVar("_T")


class ConfigError(Exception):
    """A problem with the configuration file, as one line a person can act on."""

    def __init__(self, message: str) -> None:
        # Values quoted from the file could carry line breaks; the message must stay one line.
        super().__init__(" ".join(message.splitlines()))


@dataclass(frozen=True, slots=True)
class SlackSettings:
    api_url: str = DEFAULT_API_URL  # always ends with "/"
    handoff_channel: str | None = None  # a channel id or "#name"
    poll_seconds: float = 30.0
    # Also watch every Slack Connect channel the token can see, not only [[customers]].
    discover_shared_channels: bool = True
    # Bot ids of our own auto-responders: their posts are not replies.
    automated_bots: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SlaSettings:
    first_reply_minutes: float = 15.0
    update_minutes: float = 120.0
    # A `BusinessHours.parse` spec; None means the clocks run round the clock.
    business_hours: str | None = None
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class ConversationSettings:
    # Un-threaded top-level messages closer together than this form one conversation.
    top_level_gap_minutes: float = 10.0
    pleasantries: tuple[str, ...] = ()  # extra words treated like "thanks"


@dataclass(frozen=True, slots=True)
class EngineerSettings:
    name: str | None = None
    timezone: str | None = None
    working_hours: str | None = None  # a `BusinessHours.parse` spec
    meeting_link: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerSettings:
    name: str
    channel: str  # a channel id or "#name"
    first_reply_minutes: float | None = None  # None: the [sla] value applies
    update_minutes: float | None = None
    timezone: str | None = None


def _empty_keys() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Settings:
    slack: SlackSettings = SlackSettings()
    sla: SlaSettings = SlaSettings()
    conversations: ConversationSettings = ConversationSettings()
    engineer: EngineerSettings = EngineerSettings()
    customers: tuple[CustomerSettings, ...] = ()
    # Binding id -> comma-separated keys, in the form `App.set_keymap` takes.
    keys: Mapping[str, str] = field(default_factory=_empty_keys, hash=False)
    source: Path | None = None  # the file these came from; None for defaults

    @classmethod
    def defaults(cls) -> Settings:
        return cls()


_SECTIONS: Final = ("slack", "sla", "conversations", "engineer", "keys", "customers")
# The file's keys are the settings' field names.
_SECTION_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    name: tuple(f.name for f in fields(record))
    for name, record in (
        ("slack", SlackSettings),
        ("sla", SlaSettings),
        ("conversations", ConversationSettings),
        ("engineer", EngineerSettings),
        ("customers", CustomerSettings),
    )
}


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
    slack, sla, talk, engineer = (
        _Table.section(document, name, source_name)
        for name in ("slack", "sla", "conversations", "engineer")
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
        ),
        customers=_read_customers(document.get("customers", []), source_name),
        keys=_read_keys(document.get("keys", {}), source_name),
    )


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


def _describe(value: object) -> str:
    """A short, one-line rendering of a TOML value for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 30 else text[:27] + "..."
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    return type(value).__name__


def _show_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _describe(key)


def _did_you_mean(name: str, choices: tuple[str, ...], template: str = "{}") -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean {template.format(close[0])}?)" if close else ""


def _check_sections(document: Mapping[str, Any], source: str) -> None:
    for name, value in document.items():
        if name in _SECTIONS:
            continue
        if isinstance(value, dict):
            hint = _did_you_mean(name, _SECTIONS, "[{}]")
            raise ConfigError(f"{source}: [{_show_key(name)}]: unknown section{hint}")
        homes = [s for s, keys in _SECTION_KEYS.items() if s != "customers" and name in keys]
        hint = f" (it belongs under [{homes[0]}])" if homes else ""
        raise ConfigError(f"{source}: {_show_key(name)}: unknown key outside any section{hint}")


class _Table:
    """One table of the file. Each reader returns None for an absent key and raises a
    ConfigError naming `where` ("[slack]", "[[customers]] #2") and the key for a bad value."""

    def __init__(
        self, source: str, where: str, values: Mapping[str, Any], allowed: tuple[str, ...]
    ) -> None:
        self.source, self.where, self.values = source, where, values
        for key in values:
            if key not in allowed:
                raise self.fail(key, f"unknown key{_did_you_mean(key, allowed)}")

    @classmethod
    def section(cls, document: Mapping[str, Any], name: str, source: str) -> _Table:
        values = document.get(name, {})
        if not isinstance(values, dict):
            raise ConfigError(
                f"{source}: {name}: expected a [{name}] table, got {_describe(values)}"
            )
        return cls(source, f"[{name}]", values, _SECTION_KEYS[name])

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {self.where} {_show_key(key)}: {problem}")

    def require(self, key: str, hint: str) -> None:
        if key not in self.values:
            raise self.fail(key, f"missing ({hint})")

    def minutes(self, key: str) -> float | None:
        if key not in self.values:
            return None
        number = _finite_number(self.values[key])
        if number is None or number <= 0:
            raise self.fail(key, self._expected("a positive number of minutes", key))
        return number

    def poll_seconds(self, key: str) -> float | None:
        if key not in self.values:
            return None
        number = _finite_number(self.values[key])
        if number is None or number < MIN_POLL_SECONDS:
            what = f"a number of seconds, at least {MIN_POLL_SECONDS:g} (Slack rate limits)"
            raise self.fail(key, self._expected(what, key))
        return number

    def flag(self, key: str) -> bool | None:
        value = self.values.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, self._expected("true or false", key))
        return value

    def text(self, key: str, what: str) -> str | None:
        value = self.values.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(key, self._expected(what, key))
        return value.strip() if value is not None else None

    def words(self, key: str, what: str) -> tuple[str, ...] | None:
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail(key, self._expected(f"a list of {what}", key))
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"item {index}: expected {what}, got {_describe(item)}")
        return tuple(item.strip() for item in value)

    def bot_ids(self, key: str) -> tuple[str, ...] | None:
        what = 'bot ids like "B0123" (a message\'s bot_id)'
        bots = self.words(key, what)
        for index, bot in enumerate(bots or (), start=1):
            if not _BOT_ID.fullmatch(bot):
                raise self.fail(key, f"item {index}: expected {what}, got {_describe(bot)}")
        return bots

    def timezone(self, key: str) -> str | None:
        what = 'an IANA time zone like "Europe/Berlin"'
        name = self.text(key, what)
        if name is None:
            return None
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            hint = _did_you_mean(name, tuple(sorted(zoneinfo.available_timezones())))
            raise self.fail(key, f"expected {what}, got {_describe(name)}{hint}") from None
        return name

    def hours(self, key: str) -> str | None:
        spec = self.text(key, HOURS_HINT)
        if spec is None:
            return None
        try:
            BusinessHours.parse(spec)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None
        return spec

    def channel(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not (
            _CHANNEL_ID.fullmatch(value.strip()) or _CHANNEL_NAME.fullmatch(value.strip())
        ):
            raise self.fail(key, self._expected(CHANNEL_HINT, key))
        return value.strip()

    def url(self, key: str, example: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            return None
        problem = self._expected(f'an http(s) URL like "{example}"', key)
        if not isinstance(value, str):
            raise self.fail(key, problem)
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            raise self.fail(key, problem) from None
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
            raise self.fail(key, problem)
        return value.strip()

    def api_url(self, key: str) -> str | None:
        url = self.url(key, DEFAULT_API_URL)
        if url is None:
            return None
        if urlsplit(url).query:
            raise self.fail(key, "expected a URL without a query (?...)")
        return url if url.endswith("/") else url + "/"

    def _expected(self, what: str, key: str) -> str:
        return f"expected {what}, got {_describe(self.values[key])}"


def _finite_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def _read_customers(value: object, source: str) -> tuple[CustomerSettings, ...]:
    if not isinstance(value, list):
        raise ConfigError(
            f"{source}: [customers]: expected [[customers]] blocks (one per customer), "
            f"got {_describe(value)}"
        )
    customers: list[CustomerSettings] = []
    first_use: dict[str, int] = {}
    for number, values in enumerate(value, start=1):
        where = f"[[customers]] #{number}"
        if not isinstance(values, dict):
            raise ConfigError(
                f"{source}: {where}: expected a table with name and channel, "
                f"got {_describe(values)}"
            )
        table = _Table(source, where, values, _SECTION_KEYS["customers"])
        table.require("name", "the customer's name")
        table.require("channel", CHANNEL_HINT)
        channel = _or(table.channel("channel"), "")
        if channel in first_use:
            used = f"{_describe(channel)} is already used by customer #{first_use[channel]}"
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


def _read_keys(values: object, source: str) -> Mapping[str, str]:
    if not isinstance(values, dict):
        raise ConfigError(f"{source}: keys: expected a [keys] table, got {_describe(values)}")
    table = _Table(source, "[keys]", values, tuple(values))
    keys: dict[str, str] = {}
    for action, value in values.items():
        if not action.strip() or any(c.isspace() for c in action):
            raise table.fail(action, "expected a binding id like cursor_down")
        parts = [part.strip() for part in value.split(",")] if isinstance(value, str) else [""]
        if not all(parts) or any(any(c.isspace() for c in part) for part in parts):
            raise table.fail(
                action, table._expected('keys like "j,down" (comma-separated)', action)
            )
        keys[action] = ",".join(parts)
    return MappingProxyType(keys)


def settings_to_toml(settings: Settings) -> str:
    """The settings as a configuration file that `parse_settings` reads back unchanged."""
    blocks = [
        _toml_table("[slack]", asdict(settings.slack)),
        _toml_table("[sla]", asdict(settings.sla)),
        _toml_table("[conversations]", asdict(settings.conversations)),
        _toml_table("[engineer]", asdict(settings.engineer)),
        _toml_table("[keys]", settings.keys),
    ]
    blocks.extend(_toml_table("[[customers]]", asdict(c)) for c in settings.customers)
    return "\n\n".join(blocks) + "\n"


def _toml_table(header: str, values: Mapping[str, object]) -> str:
    lines = [header]
    lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in values.items() if v is not None)
    return "\n".join(lines)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML; DEL is the one control character JSON leaves raw.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
