"""Proposing times for a call: free slots inside both the engineer's working hours and the
customer's business hours, and the message that offers them.

Slots start on a step boundary of the engineer's wall clock (:00 and :30 for 30-minute steps).
Both parties' hours are wall-clock hours in their own zones (zoneinfo), so a customer's 09:00
stays 09:00 through the weeks when US and EU clocks change on different dates.

Spreading rule (engineers like offering real choice): walk the free slots in time order and take
one when it is at least 3 hours after the last one taken and on a half-day (the engineer's
morning or afternoon) not used yet. When that finds fewer than wanted, the earliest remaining
free slots that overlap none taken fill the gaps. The result is in time order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.local_time import WEEKDAYS, clock, day_name, zone_abbreviation

MINUTE = 60
DAY = 24 * 60 * MINUTE
SPREAD_SECONDS = 3 * 60 * MINUTE
_NUMBER = re.compile(r"(?<![\d:.,])\b(\d{1,2})\b(?![:.,]\d)")


@dataclass(frozen=True)
class CallSlot:
    starts_at: float
    ends_at: float


def _first_step_at_or_after(moment: float, step_seconds: int, tz: ZoneInfo) -> float:
    local = datetime.fromtimestamp(moment, tz)
    past_midnight = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return moment + (-past_midnight) % step_seconds


def _inside(hours: BusinessHours, tz: ZoneInfo, starts_at: float, ends_at: float) -> bool:
    return hours.business_seconds_between(starts_at, ends_at, tz) >= ends_at - starts_at


def _overlaps(slot: CallSlot, starts_at: float, ends_at: float) -> bool:
    return slot.starts_at < ends_at and starts_at < slot.ends_at


def _half_day(slot: CallSlot, tz: ZoneInfo) -> tuple[date, bool]:
    local = datetime.fromtimestamp(slot.starts_at, tz)
    return (local.date(), local.hour < 12)


def free_slots(
    now: float,
    engineer_hours: BusinessHours,
    engineer_tz: ZoneInfo,
    customer_hours: BusinessHours,
    customer_tz: ZoneInfo,
    busy: Sequence[tuple[float, float]] = (),
    minutes: int = 30,
    lead_minutes: int = 60,
    step_minutes: int = 30,
    horizon_days: int = 14,
) -> list[CallSlot]:
    """Every slot that fits both parties' hours and no busy interval, in time order."""
    for name, value, least in (
        ("minutes", minutes, 1),
        ("lead_minutes", lead_minutes, 0),
        ("step_minutes", step_minutes, 1),
        ("horizon_days", horizon_days, 1),
    ):
        if value < least:
            raise ValueError(f"{name} must be at least {least}, got {value}")
    length = minutes * MINUTE
    step = step_minutes * MINUTE
    horizon = now + horizon_days * DAY
    slots: list[CallSlot] = []
    # Fixed steps keep wall-clock alignment across DST changes, which shift by whole hours.
    starts_at = _first_step_at_or_after(now + lead_minutes * MINUTE, step, engineer_tz)
    while starts_at < horizon:
        slot = CallSlot(starts_at, starts_at + length)
        if (
            _inside(engineer_hours, engineer_tz, slot.starts_at, slot.ends_at)
            and _inside(customer_hours, customer_tz, slot.starts_at, slot.ends_at)
            and not any(_overlaps(slot, start, end) for start, end in busy)
        ):
            slots.append(slot)
        starts_at += step
    return slots


def propose_slots(
    now: float,
    engineer_hours: BusinessHours,
    engineer_tz: ZoneInfo,
    customer_hours: BusinessHours,
    customer_tz: ZoneInfo,
    busy: Sequence[tuple[float, float]] = (),
    count: int = 3,
    minutes: int = 30,
    lead_minutes: int = 60,
    step_minutes: int = 30,
    horizon_days: int = 14,
) -> list[CallSlot]:
    """Up to `count` slots to offer, spread out (see the module's rule), in time order."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    free = free_slots(
        now,
        engineer_hours,
        engineer_tz,
        customer_hours,
        customer_tz,
        busy,
        minutes,
        lead_minutes,
        step_minutes,
        horizon_days,
    )
    chosen: list[CallSlot] = []
    for slot in free:
        if len(chosen) == count:
            break
        if chosen and slot.starts_at < chosen[-1].starts_at + SPREAD_SECONDS:
            continue
        if _half_day(slot, engineer_tz) in {_half_day(taken, engineer_tz) for taken in chosen}:
            continue
        chosen.append(slot)
    for slot in free:
        if len(chosen) == count:
            break
        if not any(_overlaps(taken, slot.starts_at, slot.ends_at) for taken in chosen):
            chosen.append(slot)
    return sorted(chosen, key=lambda slot: slot.starts_at)


def slot_line(slot: CallSlot, customer_tz: ZoneInfo, engineer_tz: ZoneInfo) -> str:
    """ "Tue 12 Mar, 10:00–10:30 EST (16:00 CET)": the customer's time first, then ours (with
    our weekday when it is another day for us)."""
    theirs = datetime.fromtimestamp(slot.starts_at, customer_tz)
    line = (
        f"{day_name(theirs.date())}, {clock(slot.starts_at, customer_tz)}–"
        f"{clock(slot.ends_at, customer_tz)} {zone_abbreviation(slot.starts_at, customer_tz)}"
    )
    if engineer_tz.key == customer_tz.key:
        return line
    ours = datetime.fromtimestamp(slot.starts_at, engineer_tz)
    day = f"{WEEKDAYS[ours.weekday()]} " if ours.date() != theirs.date() else ""
    ours_text = f"{day}{clock(slot.starts_at, engineer_tz)}"
    return f"{line} ({ours_text} {zone_abbreviation(slot.starts_at, engineer_tz)})"


def proposal_text(
    slots: Sequence[CallSlot],
    customer_tz: ZoneInfo,
    engineer_tz: ZoneInfo,
    meeting_link: str | None,
) -> str:
    """The message offering the slots, numbered, with how to answer and the meeting link.

    Plain text: it goes through `prepare_outgoing_text` like anything else we post.
    """
    if not slots:
        raise ValueError("no free times to propose: widen the hours or the horizon")
    lines = ["Would one of these times work for a call?"]
    lines.extend(
        f"{number}. {slot_line(slot, customer_tz, engineer_tz)}"
        for number, slot in enumerate(slots, start=1)
    )
    lines.append("Just reply with the number that suits you, or suggest another time.")
    if meeting_link:
        lines.append(f"Meeting link: {meeting_link}")
    return "\n".join(lines)


def slot_from_reply(reply: str, slots: Sequence[CallSlot]) -> CallSlot | None:
    """The slot a customer's answer picks ("2", "option 2 works"), or None when the answer names
    no option or more than one. Times such as "10:30" or "2pm" are not option numbers.

    A suggestion for the engineer, who confirms; never acted on alone.
    """
    picked = {int(found) for found in _NUMBER.findall(reply) if 1 <= int(found) <= len(slots)}
    return slots[picked.pop() - 1] if len(picked) == 1 else None
