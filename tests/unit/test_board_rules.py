"""The board's rules are taken from the settings once (runtime/policies.py); each customer's SLA
targets are found by channel id or #name among the watched channels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oncall_tui.config import CustomerSettings, Settings, SlaSettings
from oncall_tui.domain.model import CustomerChannel
from oncall_tui.domain.sla import SlaTargets
from oncall_tui.runtime.policies import Policies

WATCHED = (
    CustomerChannel("C0ACME", "ext-acme", "Acme"),
    CustomerChannel("C0ACMECORP", "ext-acme-corp", "Acme Corp"),  # a look-alike name
    CustomerChannel("C0GLOBEX", "shared-globex", "Globex", is_ext_shared=True),
    CustomerChannel("C0HOOLI", "ext-hooli", "Hooli"),
)


def settings() -> Settings:
    return Settings(
        sla=SlaSettings(
            first_reply_minutes=30,
            update_minutes=240,
            business_hours="Mon-Fri 09:00-17:00",
            timezone="America/New_York",
        ),
        customers=(
            CustomerSettings("Acme", "#ext-acme", first_reply_minutes=10),
            CustomerSettings("Globex", "C0GLOBEX", update_minutes=60),
            CustomerSettings("Gone", "#ext-left-us", first_reply_minutes=1),
        ),
    )


def test_each_customer_gets_its_own_targets_by_id_or_name_the_rest_the_default() -> None:
    policy = Policies.of(settings()).board.policy(WATCHED)
    assert policy.targets_for("C0ACME") == SlaTargets(10, 240)  # #name; update from [sla]
    assert policy.targets_for("C0GLOBEX") == SlaTargets(30, 60)  # id; first reply from [sla]
    assert policy.targets_for("C0ACMECORP") == SlaTargets(30, 240)  # "#ext-acme" is not it
    assert policy.targets_for("C0HOOLI") == SlaTargets(30, 240)
    # A configured channel no longer watched is left out, not guessed at.
    assert set(policy.per_channel) == {"C0ACME", "C0GLOBEX"}


def test_hours_and_zones_come_from_the_settings() -> None:
    policies = Policies.of(settings())
    policy = policies.board.policy(WATCHED)
    assert policy.timezone == ZoneInfo("America/New_York")
    assert policy.business_hours is not None
    assert policies.board.grouping.timezone == ZoneInfo("America/New_York")
    # No engineer zone set: times on screen in the machine's zone, our day in the SLA's.
    assert policies.board.display_tz is None
    assert policies.engineer_tz == ZoneInfo("America/New_York")
