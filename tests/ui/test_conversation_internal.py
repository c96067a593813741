"""The conversation screen with its linked internal thread (marked INTERNAL, below the
customer's) and the call nudge (above it), on the demo through the fake server."""

from __future__ import annotations

from textual.widgets import Static

from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.conversation import ConversationScreen
from tests.ui.harness import SCREEN, screen_text, settle, wait_until_synced


async def test_internal_thread_is_shown_marked_and_the_call_nudge_with_its_reason(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        await pilot.press("slash", *"eu-north", "enter", "enter")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.conversation.title.startswith("Deploys to eu-north")
        await pilot.pause()
        await settle(pilot, app)
        # Read from the board: swarm watch linked the #eng-support thread during the sync.
        # In view: the customer's newest message, then the INTERNAL banner below it.
        text = screen_text(app)
        assert "thanks, but it still fails on prod" in text
        assert "INTERNAL  #eng-support" in text and "▌" in text
        whole = "\n".join(
            str(screen.query_one(part, Static).content)
            for part in ("#conversation-body", "#conversation-internal")
        )
        swarm_at = whole.index(" SILENT SWARM ")
        nudge_at = whole.index("This looks like a call")
        customer_at = whole.index("Deploys to eu-north are stuck")
        internal_at = whole.index(" INTERNAL  #eng-support — the customer cannot see this")
        assert swarm_at < nudge_at < customer_at < internal_at  # flags above, internal below
        assert "“still”" in whole[nudge_at:customer_at]
        assert "c proposes slots" in whole[nudge_at:customer_at]
        assert "U: tell the customer" in whole[swarm_at:nudge_at]
        assert "4👥 35💬" in whole[internal_at:]
        # Every internal line is barred, so none reads like the customer thread.
        internal_lines = whole[internal_at:].splitlines()[1:]
        assert internal_lines and all(line.startswith("▌ ") for line in internal_lines)
        # The call key proposes slots from here; n dismisses the nudge, remembered.
        await pilot.press("n")
        await settle(pilot, app)
        assert screen.conversation.key not in app.board.call_nudges
        assert "This looks like a call" not in str(
            screen.query_one("#conversation-body", Static).content
        )
