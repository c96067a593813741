"""Reading single values and tables of the configuration file, strictly: each reader names the
table and key of a bad value and says what to write instead, in one line.

config.py assembles the settings from these readers; they live apart to keep both modules small.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
import zoneinfo
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.tags import TagError, check_kinds
from oncall_tui.domain.templates import KNOWN_VARIABLES, placeholders

DEFAULT_API_URL: Final = "https://slack.com/api/"
MIN_POLL_SECONDS: Final = 5.0

_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
# Slack channel names are lowercase without spaces; anything else would never resolve.
_CHANNEL_NAME = re.compile(r"#[^\sA-Z#,]{1,80}")
_BOT_ID = re.compile(r"B[A-Z0-9]{2,}")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_EMAIL = re.compile(r"[^@\s:;,<>\"]+@[^@\s:;,<>\".]+(\.[^@\s:;,<>\".]+)+")

CHANNEL_HINT: Final = 'a channel id like "C0123" or "#name"'
CHANNEL_PATTERN: Final = re.compile(f"{_CHANNEL_ID.pattern}|{_CHANNEL_NAME.pattern}")
HOURS_HINT: Final = 'hours like "Mon-Fri 09:00-18:00"'


class ConfigError(Exception):
    """A problem with the configuration file, as one line a person can act on."""

    def __init__(self, message: str) -> None:
        # Values quoted from the file could carry line breaks; the message must stay one line.
        super().__init__(" ".join(message.splitlines()))


def describe(value: object) -> str:
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


def show_key(key: str) -> str:
    return key if BARE_KEY.fullmatch(key) else describe(key)


def did_you_mean(name: str, choices: tuple[str, ...], template: str = "{}") -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean {template.format(close[0])}?)" if close else ""


class Table:
    """One table of the file. Each reader returns None for an absent key and raises a
    ConfigError naming `where` ("[slack]", "[[customers]] #2") and the key for a bad value."""

    def __init__(
        self, source: str, where: str, values: Mapping[str, Any], allowed: tuple[str, ...]
    ) -> None:
        self.source, self.where, self.values = source, where, values
        for key in values:
            if key not in allowed:
                raise self.fail(key, f"unknown key{did_you_mean(key, allowed)}")

    @classmethod
    def section(
        cls, document: Mapping[str, Any], name: str, source: str, allowed: tuple[str, ...]
    ) -> Table:
        values = document.get(name, {})
        if not isinstance(values, dict):
            raise ConfigError(
                f"{source}: {name}: expected a [{name}] table, got {describe(values)}"
            )
        return cls(source, f"[{name}]", values, allowed)

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {self.where} {show_key(key)}: {problem}")

    def require(self, key: str, hint: str) -> None:
        if key not in self.values:
            raise self.fail(key, f"missing ({hint})")

    def minutes(self, key: str) -> float | None:
        if key not in self.values:
            return None
        number = finite_number(self.values[key])
        if number is None or number <= 0:
            raise self.fail(key, self.expected("a positive number of minutes", key))
        return number

    def poll_seconds(self, key: str) -> float | None:
        if key not in self.values:
            return None
        number = finite_number(self.values[key])
        if number is None or number < MIN_POLL_SECONDS:
            what = f"a number of seconds, at least {MIN_POLL_SECONDS:g} (Slack rate limits)"
            raise self.fail(key, self.expected(what, key))
        return number

    def number_between(self, key: str, least: float, most: float, unit: str) -> float | None:
        if key not in self.values:
            return None
        number = finite_number(self.values[key])
        if number is None or not least <= number <= most:
            what = f"a number of {unit} from {least:g} to {most:g}"
            raise self.fail(key, self.expected(what, key))
        return number

    def whole_number(self, key: str, least: int, most: int, unit: str) -> int | None:
        if key not in self.values:
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            what = f"a whole number of {unit} from {least} to {most}"
            raise self.fail(key, self.expected(what, key))
        return value

    def template(self, key: str, what: str, needs: str | None = None) -> str | None:
        """Text with {variables}: only known ones, and `needs` among them when given."""
        text = self.text(key, what)
        if text is None:
            return None
        used = placeholders(text)
        for name in used:
            if name not in KNOWN_VARIABLES:
                hint = did_you_mean(name, KNOWN_VARIABLES, "{{{}}}")
                known = ", ".join(f"{{{known}}}" for known in KNOWN_VARIABLES)
                raise self.fail(
                    key,
                    f"unknown variable {{{name}}}{hint}; the variables are {known} "
                    "(write {{ and }} for literal braces)",
                )
        if needs is not None and needs not in used:
            raise self.fail(key, f"expected {what} containing {{{needs}}}, got {describe(text)}")
        return text

    def flag(self, key: str) -> bool | None:
        value = self.values.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, self.expected("true or false", key))
        return value

    def text(self, key: str, what: str) -> str | None:
        value = self.values.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(key, self.expected(what, key))
        return value.strip() if value is not None else None

    def words(self, key: str, what: str) -> tuple[str, ...] | None:
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail(key, self.expected(f"a list of {what}", key))
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"item {index}: expected {what}, got {describe(item)}")
        return tuple(item.strip() for item in value)

    def kinds(self, key: str) -> tuple[str, ...] | None:
        """Kinds of work: a non-empty list of distinct one-line names."""
        kinds = self.words(key, 'kinds of work like "bug"')
        if kinds is None:
            return None
        try:
            return check_kinds(kinds)
        except TagError as problem:
            raise self.fail(key, str(problem)) from None

    def bot_ids(self, key: str) -> tuple[str, ...] | None:
        what = 'bot ids like "B0123" (a message\'s bot_id)'
        bots = self.words(key, what)
        for index, bot in enumerate(bots or (), start=1):
            if not _BOT_ID.fullmatch(bot):
                raise self.fail(key, f"item {index}: expected {what}, got {describe(bot)}")
        return bots

    def timezone(self, key: str) -> str | None:
        what = 'an IANA time zone like "Europe/Berlin"'
        name = self.text(key, what)
        if name is None:
            return None
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            hint = did_you_mean(name, tuple(sorted(zoneinfo.available_timezones())))
            raise self.fail(key, f"expected {what}, got {describe(name)}{hint}") from None
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
            raise self.fail(key, self.expected(CHANNEL_HINT, key))
        return value.strip()

    def url(self, key: str, example: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            return None
        problem = self.expected(f'an http(s) URL like "{example}"', key)
        if not isinstance(value, str):
            raise self.fail(key, problem)
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            raise self.fail(key, problem) from None
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
            raise self.fail(key, problem)
        return value.strip()

    def email(self, key: str) -> str | None:
        what = 'an email address like "you@example.com"'
        address = self.text(key, what)
        if address is not None and not _EMAIL.fullmatch(address):
            raise self.fail(key, self.expected(what, key))
        return address

    def api_url(self, key: str) -> str | None:
        url = self.url(key, DEFAULT_API_URL)
        if url is None:
            return None
        if urlsplit(url).query:
            raise self.fail(key, "expected a URL without a query (?...)")
        return url if url.endswith("/") else url + "/"

    def expected(self, what: str, key: str) -> str:
        return f"expected {what}, got {describe(self.values[key])}"


def finite_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None
