"""Alerts: each cause once, a burst as one alert, nothing at start-up, quiet hours and mutes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oncall_tui.domain.alerts import (
    AlertKind,
    AlertSettings,
    AlertTracker,
    summarize,
    waiting_title,
)
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, ConversationState, SlackMessage, SlaStatus
from oncall_tui.domain.sla import SlaAssessment
from tests.fixtures import DEMO_NOW

NOW = DEMO_NOW  # Tue 2024-03-12 15:00 UTC
OK = SlaAssessment(SlaStatus.OK, NOW + 600, 0.2)
SOON = SlaAssessment(SlaStatus.DUE_SOON, NOW + 60, 0.9)
LATE = SlaAssessment(SlaStatus.BREACHED, NOW - 60, 1.1)


def waiting(
    customer: str, channel: str, *message_ts: str, promise: float | None = None
) -> Conversation:
    messages = tuple(SlackMessage(channel_id=channel, ts=ts, text="help") for ts in message_ts)
    return Conversation(
        channel_id=channel,
        root_ts=message_ts[0],
        customer=customer,
        messages=messages,
        state=ConversationState.WAITING_ON_US,
        customer_waiting_since=float(message_ts[0]),
        last_update_at=None,
        promised_update_by=promise,
    )


def started(settings: AlertSettings | None = None) -> AlertTracker:
    tracker = AlertTracker(settings or AlertSettings())
    baseline = [(waiting("Old Co", "C0", "100.0"), OK)]
    assert tracker.observe(baseline, NOW, announce=False) is None
    return tracker


def test_what_was_seen_before_announcing_is_not_news_later() -> None:
    tracker = AlertTracker(AlertSettings())
    assert tracker.observe([(waiting("Acme", "C1", "100.0"), LATE)], NOW, announce=False) is None
    assert tracker.observe([(waiting("Acme", "C1", "100.0"), LATE)], NOW + 1) is None


def test_a_new_customer_message_alerts_once() -> None:
    tracker = started()
    acme = waiting("Acme", "C1", "200.0")
    alert = tracker.observe([(acme, OK)], NOW)
    assert alert is not None and alert.body == "Acme wrote"
    assert tracker.observe([(acme, OK)], NOW + 1) is None
    followed_up = waiting("Acme", "C1", "200.0", "300.0")
    assert tracker.observe([(followed_up, OK)], NOW + 2) is not None  # a new message is news


def test_a_burst_is_one_alert_with_the_worst_first() -> None:
    tracker = started()
    alert = tracker.observe(
        [
            (waiting("Acme", "C1", "200.0"), OK),
            (waiting("Globex", "C2", "210.0"), LATE),
            (waiting("Hooli", "C3", "220.0"), SOON),
        ],
        NOW,
    )
    assert alert is not None
    assert alert.title == "oncall-tui: 3 customers need you"
    assert alert.body.startswith("Globex breached; Hooli is about to breach")


def test_due_soon_then_breached_are_two_alerts() -> None:
    tracker = started()
    acme = waiting("Acme", "C1", "200.0")
    tracker.observe([(acme, OK)], NOW)
    soon = tracker.observe([(acme, SOON)], NOW + 60)
    late = tracker.observe([(acme, LATE)], NOW + 120)
    assert soon is not None and "about to breach" in soon.body
    assert late is not None and late.body == "Acme breached"


def test_a_missed_promise_says_so() -> None:
    tracker = started()
    promised = waiting("Acme", "C1", "200.0", promise=NOW - 10)
    tracker.observe([(promised, OK)], NOW - 20)
    alert = tracker.observe([(promised, LATE)], NOW)
    assert alert is not None and alert.body == "Acme is owed the update we promised"


def test_muted_customers_and_kinds_turned_off_stay_silent() -> None:
    settings = AlertSettings(
        kinds=frozenset({AlertKind.BREACHED}), muted_channels=frozenset({"C2"})
    )
    tracker = started(settings)
    assert tracker.observe([(waiting("Acme", "C1", "200.0"), OK)], NOW) is None
    assert tracker.observe([(waiting("Globex", "C2", "210.0"), LATE)], NOW) is None
    alert = tracker.observe([(waiting("Hooli", "C3", "220.0"), LATE)], NOW)
    assert alert is not None and [c.kind for c in alert.causes] == [AlertKind.BREACHED]


def test_quiet_hours_note_causes_without_interrupting() -> None:
    evenings = BusinessHours.parse("Mon-Sun 14:00-23:00")  # 15:00 UTC is inside
    tracker = started(AlertSettings(quiet_hours=evenings, timezone=ZoneInfo("UTC")))
    acme = waiting("Acme", "C1", "200.0")
    assert tracker.observe([(acme, OK)], NOW) is None
    assert tracker.observe([(acme, OK)], NOW + 9 * 3600) is None  # after quiet hours: not repeated


def test_summary_of_one_cause_names_it() -> None:
    tracker = started()
    alert = tracker.observe([(waiting("Acme", "C1", "200.0"), OK)], NOW)
    assert alert is not None and summarize(alert.causes).body == "Acme wrote"


def test_title_shows_the_count_waiting() -> None:
    assert waiting_title(7, "Northwind") == "(7) waiting · oncall-tui · Northwind"
    assert waiting_title(0) == "oncall-tui"
