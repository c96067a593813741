"""Facts an action needs about the people involved: time zones, hours, names to mention."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from oncall_tui.config import Settings
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, Party, SlackUser
from oncall_tui.domain.parties import Workspace, party_of

DEFAULT_HOURS = "Mon-Fri 09:00-18:00"


def customer_timezone(
    conversation: Conversation,
    settings: Settings,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    channel_names: Mapping[str, str],
) -> ZoneInfo:
    """The config's zone for this customer, else their latest author's Slack zone, else ours."""
    channels_by_name = {name: channel_id for channel_id, name in channel_names.items()}
    for customer in settings.customers:
        reference = customer.channel
        channel_id = channels_by_name.get(reference[1:]) if reference.startswith("#") else reference
        if channel_id == conversation.channel_id and customer.timezone:
            return ZoneInfo(customer.timezone)
    for message in reversed(conversation.messages):
        if party_of(message, users, workspace) is not Party.CUSTOMER or not message.user_id:
            continue
        user = users.get(message.user_id)
        if user is not None and user.tz:
            try:
                return ZoneInfo(user.tz)
            except (ValueError, KeyError):
                continue
    return engineer_timezone(settings)


def engineer_timezone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.engineer.timezone or settings.sla.timezone)


def engineer_hours(settings: Settings) -> BusinessHours:
    return BusinessHours.parse(settings.engineer.working_hours or DEFAULT_HOURS)


def customer_hours(settings: Settings) -> BusinessHours:
    """Customers' working hours, read in their own zone: the SLA's hours, else office hours."""
    return BusinessHours.parse(settings.sla.business_hours or DEFAULT_HOURS)


def mentionable(conversation: Conversation, users: Mapping[str, SlackUser]) -> dict[str, str]:
    """Names the engineer may write as @Name in this conversation -> user ids."""
    names: dict[str, str] = {}
    for message in conversation.messages:
        user = users.get(message.user_id or "")
        if user is not None and not user.is_bot:
            names[user.name] = user.user_id
    return names
