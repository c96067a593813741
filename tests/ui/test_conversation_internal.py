"""The conversation screen with its linked internal thread (marked INTERNAL, below the
customer's) and the call nudge (above it), on the demo through the fake server."""

from __future__ import annotations

from textual.widgets import Static

from oncall_tui.demo.internal_swarm import ENG_SUPPORT_ID
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.call_nudge import CallNudgeRule, call_worthy
from oncall_tui.domain.swarm import internal_activity
from oncall_tui.slack.api import SlackApi
from oncall_tui.slack.client import make_client
from oncall_tui.slack.mapping import message_from_json
from oncall_tui.slack.pacing import Pacer
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.widgets.internal_log import InternalThreadView
from tests.ui.harness import SCREEN, screen_text, wait_until_synced


async def test_internal_thread_is_shown_marked_and_the_call_nudge_with_its_reason(
    app: OncallApp,
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
) -> None:
    workspace, credentials = seeded
    parent = next(
        m for m in workspace.timeline(ENG_SUPPORT_ID) if m.text.startswith("Globex deploys")
    )
    api = SlackApi(make_client(credentials.user_token, server.base_url), Pacer.unlimited())
    thread = tuple(
        message_from_json(ENG_SUPPORT_ID, raw)
        for raw in await api.replies(ENG_SUPPORT_ID, parent.ts, 200)
    )
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("slash", *"eu-north", "enter", "enter")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        conversation = screen.conversation
        assert conversation.title.startswith("Deploys to eu-north")
        before = screen_text(app)
        assert "INTERNAL" not in before

        board = screen.board
        activity = internal_activity(conversation, thread, screen.now)
        nudge = call_worthy(
            conversation,
            board.snapshot.users,
            board.workspace,
            CallNudgeRule(),
            screen.now,
        )
        screen.show_internal([InternalThreadView("#eng-support", thread)], activity, nudge)
        await pilot.pause()
        text = screen_text(app)
        # The log scrolls to its end: the newest internal message, under the INTERNAL bar.
        assert "rollout 8/12, health checks green" in text
        assert "▌" in text
        whole = str(screen.query_one("#conversation-body", Static).render())
        nudge_at = whole.index("This looks like a call")
        customer_at = whole.index("Deploys to eu-north are stuck")
        internal_at = whole.index(" INTERNAL  #eng-support — the customer cannot see this")
        assert nudge_at < customer_at < internal_at  # nudge above, internal below
        assert "“still”" in whole[nudge_at:customer_at]
        assert "4👥 35💬" in whole[internal_at:]
        # Every internal line is barred, so none reads like the customer thread.
        internal_lines = whole[internal_at:].splitlines()[1:]
        assert internal_lines and all(line.startswith("▌ ") for line in internal_lines)
