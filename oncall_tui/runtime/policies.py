"""The policies the runtime works by, built once from the settings: how the board is built (SLA
targets per customer, business hours, grouping, automated bots, the display zone), alerts, and
the engineer's and customers' zones and hours. Nowhere else turns settings into these."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.actions.context import (
    customer_hours,
    customer_timezone,
    engineer_hours,
    engineer_timezone,
)
from oncall_tui.config import Settings
from oncall_tui.domain.alerts import AlertKind, AlertSettings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules, CustomerTargets
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import Conversation
from oncall_tui.domain.sla import SlaTargets


def board_rules(settings: Settings) -> BoardRules:
    """The rules the board is built by, taken from the settings once."""
    hours = settings.sla.business_hours
    return BoardRules(
        default_targets=SlaTargets(
            first_reply_minutes=settings.sla.first_reply_minutes,
            update_minutes=settings.sla.update_minutes,
        ),
        customer_targets=tuple(
            CustomerTargets(c.channel, c.first_reply_minutes, c.update_minutes)
            for c in settings.customers
        ),
        business_hours=BusinessHours.parse(hours) if hours else None,
        sla_timezone=ZoneInfo(settings.sla.timezone),
        grouping=grouping(settings),
        automated_bots=frozenset(settings.slack.automated_bots),
        display_tz=display_timezone(settings),
        swarm_rule=settings.internal.swarm_rule,
        call_rule=settings.call_nudge.rule,
    )


def grouping(settings: Settings) -> GroupingSettings:
    hours = settings.sla.business_hours
    return GroupingSettings(
        top_level_gap_minutes=settings.conversations.top_level_gap_minutes,
        pleasantries=tuple(settings.conversations.pleasantries),
        timezone=ZoneInfo(settings.sla.timezone),
        business_hours=BusinessHours.parse(hours) if hours else None,
    )


def display_timezone(settings: Settings) -> ZoneInfo | None:
    """The engineer's zone for clock times on screen; None means the machine's local time."""
    zone = settings.engineer.timezone
    return ZoneInfo(zone) if zone else None


def alert_settings(settings: Settings) -> AlertSettings:
    quiet = settings.alerts.quiet_hours
    return AlertSettings(
        kinds=frozenset(AlertKind(kind) for kind in settings.alerts.kinds),
        quiet_hours=BusinessHours.parse(quiet) if quiet else None,
        timezone=engineer_timezone(settings),
    )


@dataclass(frozen=True)
class Policies:
    settings: Settings
    board: BoardRules
    alerts: AlertSettings
    engineer_tz: ZoneInfo
    engineer_hours: BusinessHours
    customer_hours: BusinessHours  # read in each customer's own zone
    notify_mode: str  # see domain/alerts.NOTIFY_MODES
    muted_channels: tuple[str, ...]  # ids or #names, resolved against the board

    @classmethod
    def of(cls, settings: Settings) -> Policies:
        return cls(
            settings=settings,
            board=board_rules(settings),
            alerts=alert_settings(settings),
            engineer_tz=engineer_timezone(settings),
            engineer_hours=engineer_hours(settings),
            customer_hours=customer_hours(settings),
            notify_mode=settings.alerts.notify,
            muted_channels=tuple(settings.alerts.muted_channels),
        )

    def customer_tz(self, conversation: Conversation, board: Board) -> ZoneInfo:
        """The config's zone for this customer, else their latest author's Slack zone, else
        ours."""
        return customer_timezone(
            conversation,
            self.settings,
            board.snapshot.users,
            board.workspace,
            board.channel_names,
        )
