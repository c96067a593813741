"""The fault suite reuses the integration fixtures (fake Slack server, frozen clock) and the UI
ones (the real app on that server)."""

from __future__ import annotations

from tests.integration.conftest import (
    demo_clock,
    demo_credentials,
    demo_workspace_seeded,
    fake_slack_server,
    harness,
    seeded_demo,
)
from tests.ui.conftest import app, clock, new_app, seeded, server

__all__ = [
    "app",
    "clock",
    "demo_clock",
    "demo_credentials",
    "demo_workspace_seeded",
    "fake_slack_server",
    "harness",
    "new_app",
    "seeded",
    "seeded_demo",
    "server",
]
