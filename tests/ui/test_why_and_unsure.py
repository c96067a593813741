"""Y shows why a row says what it says; v settles a "resolved?" row (confirm or reopen), on the
dashboard and in the conversation."""

from __future__ import annotations

from oncall_tui.domain.model import ConversationState
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.conversation import ConversationScreen
from oncall_tui.ui.screens.why import WhyScreen
from tests.ui.harness import SCREEN, screen_text, settle, table_rows, wait_until_synced


def state_column(app: OncallApp) -> int:
    return [str(col.label) for col in app.dashboard.table.columns.values()].index("State")


def select(app: OncallApp, starts_with: str) -> str:
    """Move the cursor to the first row whose title starts so; returns its key."""
    rows = table_rows(app)
    titles = [str(col.label) for col in app.dashboard.table.columns.values()].index("Conversation")
    index = next(i for i, row in enumerate(rows) if row[titles].startswith(starts_with))
    app.dashboard.table.move_cursor(row=index)
    key = app.dashboard.table.highlighted_key
    assert key is not None
    return key


def waiting_count(header: str) -> int:
    """ "Northwind Cloud  ·  18 waiting on us · …" -> 18"""
    return int(header.split(" waiting on us")[0].split()[-1])


def on_dashboard(app: OncallApp) -> bool:
    return app.screen is app.dashboard  # a function, so mypy does not narrow app.screen


def state_of(app: OncallApp, key: str) -> ConversationState:
    return app.board.by_key[key].state


async def test_v_confirms_a_resolved_unsure_row_and_it_leaves_the_board(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        key = select(app, "Audit log API returns events out of order")
        assert state_of(app, key) is ConversationState.RESOLVED_UNSURE
        assert table_rows(app)[app.dashboard.table.cursor_row][state_column(app)] == "resolved?"
        await pilot.press("v")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        assert "Resolved?" in screen_text(app)
        await pilot.press("1")  # confirm resolved
        await settle(pilot, app)
        assert state_of(app, key) is ConversationState.RESOLVED
        assert key not in {
            app.dashboard.table.ordered_rows[i].key.value for i in range(len(table_rows(app)))
        }


async def test_v_in_the_conversation_reopens_it_and_it_waits_on_us(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        key = select(app, "Audit log API returns events out of order")
        header_before = screen_text(app).splitlines()[0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ConversationScreen)
        await pilot.press("v")
        await settle(pilot, app)
        await pilot.press("2")  # reopen: still on us
        await settle(pilot, app)
        conversation = app.board.by_key[key]
        assert conversation.state is ConversationState.WAITING_ON_US
        # Waiting since the customer's question after our answer (7 h ago in the demo).
        assert conversation.customer_waiting_since == app.now() - 7 * 3600
        await pilot.press("escape")
        await settle(pilot, app)
        assert waiting_count(screen_text(app).splitlines()[0]) == waiting_count(header_before) + 1


async def test_v_on_an_ordinary_row_says_only_resolved_unsure_rows_need_it(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        select(app, "SSO question")
        await pilot.press("v")
        await settle(pilot, app)
        assert not isinstance(app.screen, ChoiceScreen)


async def test_y_shows_the_rule_trail_of_the_row_and_escape_returns(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        select(app, "Is the SFTP endpoint for manifests moving")
        await pilot.press("Y")
        await settle(pilot, app)
        assert isinstance(app.screen, WhyScreen)
        text = screen_text(app)
        assert "waiting on us: the customer's message is newer than our last update" in text
        assert "Olivia: a customer (workspace T0STARKLOG is not ours)" in text
        assert "the first customer message we have not answered starts the wait" in text
        assert "first reply 15m, update every 1h 00m" in text
        # The status bot's post a minute later answered nobody, and the trail says so.
        assert "an automated post of ours answers nobody" in text
        await pilot.press("escape")
        await settle(pilot, app)
        assert on_dashboard(app)


async def test_y_in_the_conversation_explains_a_promise_typed_in_slack(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        select(app, "Exports for acme-staging have been queued")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("Y")
        await settle(pilot, app)
        text = screen_text(app)
        assert "on us · update promised: our last message promised the next update" in text
        assert "our last message promises the next update ('I'll get back … in 2 hours')" in text
