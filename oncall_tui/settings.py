"""The settings as typed, frozen dataclasses: what config.py reads the TOML file into. The
file's sections and keys, the notes `init` writes and `settings_to_toml` are all derived from
these classes (config_toml.py), so a section added here needs no other list kept in step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Final

from oncall_tui.config_sections import DEFAULT_API_URL
from oncall_tui.config_swarm import CallNudgeSettings, InternalSettings
from oncall_tui.config_toml import doc, section_kinds
from oncall_tui.domain.alerts import ALERT_KINDS, NOTIFY_MODES
from oncall_tui.domain.area_defaults import DEFAULT_AREAS
from oncall_tui.domain.areas import AreaRule
from oncall_tui.domain.outbox_policy import UNDO_SECONDS_DEFAULT
from oncall_tui.domain.retention import DEFAULT_RETENTION_DAYS
from oncall_tui.domain.tags import DEFAULT_KINDS
from oncall_tui.domain.templates import DEFAULT_STATUS_TEMPLATE, Snippet

# A class docstring is the note above its section in that file.


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """How to reach Slack, and which channels to watch."""

    api_url: str = field(  # always ends with "/"
        default=DEFAULT_API_URL,
        metadata=doc("any Slack-compatible server; $SLACK_API_URL wins over it"),
    )
    handoff_channel: str | None = field(
        default=None, metadata=doc("where handoff notes (h) are posted: an id or #name")
    )
    poll_seconds: float = field(default=30.0, metadata=doc("how often to sync with Slack"))
    discover_shared_channels: bool = field(
        default=True,
        metadata=doc(
            "also watch every Slack Connect channel the token can see, not only [[customers]]"
        ),
    )
    automated_bots: tuple[str, ...] = field(
        default=(), metadata=doc('our auto-responders\' bot ids ("B0..."): not replies')
    )
    # A post whose answer did not come is looked for no sooner than 4 times this (60 s by
    # default), so a slow Slack never gets it twice.
    write_timeout_seconds: float = field(
        default=15.0, metadata=doc("how long a post may take before the app stops waiting")
    )


@dataclass(frozen=True, slots=True)
class SlaSettings:
    """Response targets in minutes; SLA clocks pause while the customer owes the reply."""

    first_reply_minutes: float = field(
        default=15.0, metadata=doc("answer a customer's first message within this")
    )
    update_minutes: float = field(
        default=120.0, metadata=doc("and post an update at least this often")
    )
    # A `BusinessHours.parse` spec; None means the clocks run round the clock.
    business_hours: str | None = field(
        default=None,
        metadata=doc("SLA clocks only run inside these hours", example='"Mon-Fri 09:00-18:00"'),
    )
    timezone: str = field(default="UTC", metadata=doc("the time zone of business_hours"))


@dataclass(frozen=True, slots=True)
class ConversationSettings:
    """What counts as one conversation, and as a mere "thanks"."""

    top_level_gap_minutes: float = field(
        default=10.0,
        metadata=doc("un-threaded customer messages this close together are one conversation"),
    )
    pleasantries: tuple[str, ...] = field(
        default=(), metadata=doc('extra words that count as "thanks" (no clock starts)')
    )


@dataclass(frozen=True, slots=True)
class EngineerSettings:
    """You: your name in messages, your hours and time zone."""

    name: str | None = field(default=None, metadata=doc("{engineer} in templates"))
    timezone: str | None = field(default=None, metadata=doc("clock times on screen, call slots"))
    working_hours: str | None = field(  # a `BusinessHours.parse` spec
        default=None,
        metadata=doc("call slots fall inside these and the customer's hours"),
    )
    meeting_link: str | None = field(
        default=None, metadata=doc("for calls", example='"https://meet.example.com/you"')
    )
    email: str | None = field(
        default=None,
        metadata=doc("organizer of call invites (.ics)", example='"you@example.com"'),
    )


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """The one-key actions: undo window, status update text, calls."""

    # Seconds a message waits in the outbox before it is sent, so `z` can take it back.
    undo_seconds: float = field(
        default=UNDO_SECONDS_DEFAULT,
        metadata=doc("how long a sent message can still be taken back (z)"),
    )
    status_template: str = field(
        default=DEFAULT_STATUS_TEMPLATE,
        metadata=doc("the status update (u); must promise {next_update}"),
    )
    call_minutes: int = field(default=30, metadata=doc("length of a proposed call (c)"))
    reminder_minutes: int = field(
        default=10, metadata=doc("Slack reminder to yourself before a booked call")
    )


@dataclass(frozen=True, slots=True)
class TagSettings:
    """The kinds of work `t` tags a conversation with, in the order offered."""

    kinds: tuple[str, ...] = DEFAULT_KINDS


@dataclass(frozen=True, slots=True)
class AlertsSettings:
    """How the app gets your attention when a customer writes or an SLA is about to break."""

    notify: str = field(
        default="auto",
        metadata=doc(
            f"how to reach you: {', '.join(NOTIFY_MODES)} (auto: guess from the terminal)"
        ),
    )
    quiet_hours: str | None = field(  # a BusinessHours spec
        default=None, metadata=doc("no alerts inside these hours", example='"Sat-Sun 00:00-23:59"')
    )
    kinds: tuple[str, ...] = field(
        default=ALERT_KINDS, metadata=doc(f"which moments alert, of {', '.join(ALERT_KINDS)}")
    )
    muted_channels: tuple[str, ...] = field(
        default=(), metadata=doc("channel ids or #names never to alert for")
    )


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """The messages kept on this machine."""

    retention_days: int = field(
        default=DEFAULT_RETENTION_DAYS,
        metadata=doc(
            "customer messages older than this are deleted here (open conversations stay)"
        ),
    )


@dataclass(frozen=True, slots=True)
class CustomerSettings:
    """One block per customer channel. first_reply_minutes, update_minutes and timezone
    override [sla] for that customer only."""

    name: str = field(metadata=doc("shown on the dashboard"))
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
    keys: Mapping[str, str] = field(
        default_factory=_empty_keys,
        hash=False,
        metadata=doc(
            'Remap any key by its binding id, like cursor_down = "j,down" (`?` lists them).'
        ),
    )
    actions: ActionSettings = ActionSettings()
    snippets: tuple[Snippet, ...] = field(  # numbered from 1 in this order
        default=(), metadata=doc("Canned replies: ctrl+t in the composer offers them.")
    )
    tags: TagSettings = TagSettings()
    alerts: AlertsSettings = AlertsSettings()
    store: StoreSettings = StoreSettings()
    areas: tuple[AreaRule, ...] = field(
        default=DEFAULT_AREAS,
        metadata=doc(
            "Product areas suggested for each conversation (a accepts, A picks): a name and the "
            "words that point to it,\noptionally only in some channels or for some customers. "
            "Without any [[areas]] the built-in set applies."
        ),
    )
    internal: InternalSettings = field(default_factory=InternalSettings)
    call_nudge: CallNudgeSettings = field(default_factory=CallNudgeSettings)
    source: Path | None = None  # the file these came from; None for defaults

    @classmethod
    def defaults(cls) -> Settings:
        return cls()


# The file's sections and their keys, derived from the settings dataclasses: a section added
# to Settings is read, checked and written without another list to keep in step.
SECTION_KINDS: Final = section_kinds(Settings)
SECTIONS: Final = tuple(SECTION_KINDS)
# Sections written as [[name]] blocks, one per item.
LIST_SECTIONS: Final = tuple(name for name, (kind, _) in SECTION_KINDS.items() if kind == "list")
# The file's keys are the settings' field names.
SECTION_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    name: tuple(f.name for f in fields(record))
    for name, (_, record) in SECTION_KINDS.items()
    if record is not None
}
