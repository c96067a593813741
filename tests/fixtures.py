"""The moments every test is set at, defined once (tests/conftest.py builds the shared fixtures
on them; tests that need the number itself import it from here)."""

from __future__ import annotations

from datetime import UTC, datetime

# Tuesday 2024-03-12 15:00 UTC: inside business hours on both sides of the Atlantic (16:00 for
# the demo engineer in Berlin, 11:00 in New York). Every frozen clock of the suite starts here.
DEMO_NOW = 1_710_255_600.0

# The tmux suite runs the installed app in real time from ONCALL_TUI_START_AT: it starts in the
# morning of the same day (10:00 in Berlin) so a long run stays inside one working day.
TERMINAL_START_AT = "2024-03-12T09:00:00Z"


def iso_utc(epoch: float) -> str:
    """`epoch` as ONCALL_TUI_START_AT takes it (2024-03-12T15:00:00Z)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
