"""What one sync pass reports: channels read and failed, calls made, time spent; and what to do
about a channel Slack would not let us read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The channels_failed key when conversations.list itself failed.
CHANNEL_LIST_FAILURE = "conversations.list"

# What to do about a channel that cannot be read, by Slack's error code.
_CHANNEL_FIXES = {
    "not_in_channel": "invite the app (or your user) to the channel",
    "channel_not_found": "check the channel id or #name in the config, or invite the app",
    "is_archived": "the channel is archived: remove it from the config",
    "missing_scope": "reinstall the app with channels:history and groups:history",
    "ratelimited": "Slack is rate-limiting: it will be retried on the next sync",
}


def describe_channel_error(code: str) -> str:
    """A one-line explanation of a channel sync error, for the dashboard."""
    fix = _CHANNEL_FIXES.get(code)
    return f"{code}: {fix}" if fix else code


@dataclass(frozen=True, slots=True)
class SyncReport:
    channels_ok: tuple[str, ...]  # channel ids
    # Channel id -> Slack's error code; also a configured "#name" that was not found, and
    # CHANNEL_LIST_FAILURE when the channel list could not be read.
    channels_failed: Mapping[str, str]
    messages_fetched: int  # top-level messages and replies read from Slack
    users_fetched: int
    api_calls: Mapping[str, int]  # method -> calls made in this sync
    duration_seconds: float
    paced_seconds: float = 0.0  # time spent waiting to stay under Slack's rate limits
    # Messages the store did not hold before (the rest were re-read to catch edits/reactions).
    messages_new: int = 0
    # Channels whose stored messages this sync changed (new, edited, reacted to or deleted; a
    # channel that failed part-way counts too): the only conversations a board needs to
    # re-read, unless people or marks changed as well.
    channels_changed: frozenset[str] = frozenset()
    # Channels left for a later sync by the poll plan (poll_seconds beyond Slack's limit).
    channels_not_due: int = 0

    @property
    def total_api_calls(self) -> int:
        return sum(self.api_calls.values())
