"""The `[internal]` (swarm watch) and `[call_nudge]` sections of the configuration file.

```toml
[internal]
channels = ["#eng-*", "C0123", "#team-payments"]  # ids, #names and simple globs
group_dms = true                 # also read the group DMs you are in
swarm_messages = 30              # a silent swarm: this many internal messages since our update,
swarm_business_minutes = 45      # or internal work spanning this much business time,
swarm_fresh_minutes = 15         # with the latest internal message younger than this

[call_nudge]
round_trips = 4                  # customer -> us -> customer without resolution
multi_day_round_trips = 3        # ... or this many, open across
multi_day_business_days = 2      # this many business days
frustration_phrases = ["still", "again", "any update"]   # replace the defaults
call_phrases = ["jump on a call", "quick call"]          # replace the defaults
```
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Final

from oncall_tui.config_sections import Table
from oncall_tui.config_toml import doc
from oncall_tui.domain.call_nudge import (
    DEFAULT_CALL_PHRASES,
    DEFAULT_FRUSTRATION_PHRASES,
    CallNudgeRule,
)
from oncall_tui.domain.swarm import (
    DEFAULT_SWARM_BUSINESS_MINUTES,
    DEFAULT_SWARM_FRESH_MINUTES,
    DEFAULT_SWARM_MESSAGES,
    SwarmRule,
)

INTERNAL_CHANNEL_HINT: Final = 'channel ids like "C0123", "#names" or globs like "#eng-*"'
# An id (public or private), or a lowercase #name in which * and ? stand for any characters.
_INTERNAL_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,}|#[^\sA-Z#,]{1,80}")
_PHRASE = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class InternalSettings:
    """Swarm watch: internal channels read for links to customer threads, and when the team
    working on a customer's problem without telling them is a "silent swarm"."""

    channels: tuple[str, ...] = field(
        default=(), metadata=doc("internal channels read for permalinks: ids, #names, #globs")
    )
    group_dms: bool = field(default=True, metadata=doc("also the group DMs you are in"))
    swarm_messages: int = field(
        default=DEFAULT_SWARM_MESSAGES,
        metadata=doc("a silent swarm: this many internal messages since our customer update"),
    )
    swarm_business_minutes: float = field(
        default=DEFAULT_SWARM_BUSINESS_MINUTES,
        metadata=doc("... or internal work spanning this many business minutes"),
    )
    swarm_fresh_minutes: float = field(
        default=DEFAULT_SWARM_FRESH_MINUTES,
        metadata=doc("... with the latest internal message younger than this"),
    )

    @property
    def swarm_rule(self) -> SwarmRule:
        return SwarmRule(self.swarm_messages, self.swarm_business_minutes, self.swarm_fresh_minutes)

    def matches(self, channel_id: str, name: str) -> bool:
        """Whether a channel (its id and its name without '#') is one of `channels`."""
        for pattern in self.channels:
            if pattern.startswith("#"):
                if fnmatch.fnmatchcase(name, pattern[1:]):
                    return True
            elif pattern == channel_id:
                return True
        return False


@dataclass(frozen=True, slots=True)
class CallNudgeSettings:
    """When a written exchange is not converging and a call is due (the board's 📞?)."""

    round_trips: int = field(
        default=4, metadata=doc("customer -> us -> customer round trips without resolution")
    )
    multi_day_round_trips: int = field(
        default=3, metadata=doc("... or this many round trips, open across")
    )
    multi_day_business_days: int = field(default=2, metadata=doc("... this many business days"))
    frustration_phrases: tuple[str, ...] = field(
        default=DEFAULT_FRUSTRATION_PHRASES,
        metadata=doc("customer words signalling frustration or urgency"),
    )
    call_phrases: tuple[str, ...] = field(
        default=DEFAULT_CALL_PHRASES, metadata=doc("customer words asking for a call")
    )

    @property
    def rule(self) -> CallNudgeRule:
        return CallNudgeRule(
            min_round_trips=self.round_trips,
            multi_day_round_trips=self.multi_day_round_trips,
            multi_day_business_days=self.multi_day_business_days,
            frustration_phrases=self.frustration_phrases,
            call_phrases=self.call_phrases,
        )


def read_internal(table: Table) -> InternalSettings:
    defaults = InternalSettings()
    channels = table.words("channels", INTERNAL_CHANNEL_HINT)
    for index, channel in enumerate(channels or (), start=1):
        if not _INTERNAL_CHANNEL.fullmatch(channel):
            raise table.fail(
                "channels", f"item {index}: expected {INTERNAL_CHANNEL_HINT}, got {channel!r}"
            )
    group_dms = table.flag("group_dms")
    messages = table.whole_number("swarm_messages", 1, 10_000, "messages")
    span = table.number_between("swarm_business_minutes", 1, 24 * 60, "minutes")
    fresh = table.number_between("swarm_fresh_minutes", 1, 24 * 60, "minutes")
    return InternalSettings(
        channels=channels if channels is not None else defaults.channels,
        group_dms=group_dms if group_dms is not None else defaults.group_dms,
        swarm_messages=messages if messages is not None else defaults.swarm_messages,
        swarm_business_minutes=span if span is not None else defaults.swarm_business_minutes,
        swarm_fresh_minutes=fresh if fresh is not None else defaults.swarm_fresh_minutes,
    )


def _phrases(table: Table, key: str, example: str) -> tuple[str, ...] | None:
    phrases = table.words(key, f'phrases like "{example}"')
    for index, phrase in enumerate(phrases or (), start=1):
        if not _PHRASE.search(phrase):
            raise table.fail(key, f"item {index}: expected words, got {phrase!r}")
    return phrases


def read_call_nudge(table: Table) -> CallNudgeSettings:
    defaults = CallNudgeSettings()
    trips = table.whole_number("round_trips", 1, 100, "round trips")
    multi_trips = table.whole_number("multi_day_round_trips", 1, 100, "round trips")
    days = table.whole_number("multi_day_business_days", 1, 30, "business days")
    frustration = _phrases(table, "frustration_phrases", "any update")
    calls = _phrases(table, "call_phrases", "jump on a call")
    return CallNudgeSettings(
        round_trips=trips if trips is not None else defaults.round_trips,
        multi_day_round_trips=(
            multi_trips if multi_trips is not None else defaults.multi_day_round_trips
        ),
        multi_day_business_days=days if days is not None else defaults.multi_day_business_days,
        frustration_phrases=(
            frustration if frustration is not None else defaults.frustration_phrases
        ),
        call_phrases=calls if calls is not None else defaults.call_phrases,
    )
