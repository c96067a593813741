"""Customer text with bidirectional overrides reaches the screen inert: as a visible marker, never
as a raw control that reorders what the engineer reads."""

from __future__ import annotations

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.conversation import ConversationScreen
from tests.ui.harness import SCREEN, screen_text, table_rows, wait_until_synced

ACME = "C0EXTACME1"
DANA_OF_ACME = "U0ACMDANA1"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# With the override obeyed, a terminal would show "...invoice_2024exe.pdf is broken".
HOSTILE = "Please open invoice_2024\u202efdp.exe\u202c is broken \u2067שלום\u2069"


async def test_an_override_in_a_customer_message_shows_as_a_marker_everywhere(
    app: OncallApp, seeded: tuple[Workspace, DemoCredentials], clock: FrozenClock
) -> None:
    workspace = seeded[0]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        clock.advance(20 * 60)  # far enough from Acme's last message to be a new conversation
        workspace.post(ACME, DANA_OF_ACME, HOSTILE)
        clock.advance(30)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)

        rows = table_rows(app)
        index, row = next((i, r) for i, r in enumerate(rows) if any("invoice" in c for c in r))
        title = next(cell for cell in row if "invoice" in cell)
        assert title.startswith("Please open invoice_2024⟪RLO⟫fdp.exe is broken ⟪RLI⟫שלום")
        assert not BIDI_CONTROLS & set("".join(cell for r in rows for cell in r))
        assert not BIDI_CONTROLS & set(screen_text(app))

        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        assert isinstance(app.screen, ConversationScreen)
        shown = screen_text(app)
        assert "invoice_2024⟪RLO⟫fdp.exe" in shown
        assert not BIDI_CONTROLS & set(shown)
