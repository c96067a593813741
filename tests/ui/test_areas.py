"""Issue 17 in the app: `a` accepts the suggested product area in one key and says why, `A`
picks another or a new one, and the report shows the candidates, sets their investment (`i`)
and posts the summary (`p`)."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from oncall_tui.domain.model import Conversation, OutboxState
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.area_flow import AreaFlow, NewAreaScreen
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.report import ReportScreen
from tests.ui.harness import SCREEN, screen_text, settle, wait_until_synced


async def go_to(
    pilot: Pilot[None], app: OncallApp, wanted: Callable[[Conversation], bool]
) -> Conversation:
    """Move the cursor down (j) to the first conversation `wanted` picks."""
    for _ in range(app.dashboard.table.row_count + 1):
        conversation = app.current_conversation()
        if conversation is not None and wanted(conversation):
            return conversation
        await pilot.press("j")
        await pilot.pause()
    raise AssertionError("no such conversation on the dashboard")


def suggestion_of(app: OncallApp, conversation: Conversation) -> object:
    return AreaFlow(app.flows.host).suggestion(conversation)


def about(words: str) -> Callable[[Conversation], bool]:
    return lambda c: any(words in m.text for m in c.messages)


async def test_a_accepts_the_suggested_area_and_says_which_words_matched(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        scim = await go_to(pilot, app, about("SCIM provisioning creates duplicate users"))
        await pilot.press("a")
        await settle(pilot, app)
        assert app.runtime.store is not None
        assert (await app.runtime.store.investment.areas()) == {scim.key: "SSO"}
        said = list(app.notices)
        assert any('area SSO ← "SCIM"' in message for message in said), said
        # The picker offers the suggestion first, and marks nothing else as suggested.
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert '1. SSO (now) (suggested: "SCIM")' in text
        assert text.count("suggested") == 1
        await pilot.press("escape")


async def test_a_on_a_conversation_no_rule_matches_opens_the_picker(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await go_to(pilot, app, lambda c: suggestion_of(app, c) is None)
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        assert any("no rule matched" in notice for notice in app.notices)
        assert app.runtime.store is not None and await app.runtime.store.investment.areas() == {}


async def test_a_new_area_typed_in_the_picker_is_kept_and_offered_again(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        baa = await go_to(pilot, app, about("BAA amendment"))
        await pilot.press("A")
        await settle(pilot, app)
        await pilot.press("end", "enter")  # "new area…" is last
        await settle(pilot, app)
        assert isinstance(app.screen, NewAreaScreen)
        await pilot.press(*"legal  docs", "enter")
        await settle(pilot, app)
        assert app.runtime.store is not None
        assert await app.runtime.store.investment.areas() == {baa.key: "legal docs"}
        await pilot.press("A")
        await settle(pilot, app)
        assert "legal docs (now)" in screen_text(app)


async def test_the_report_ranks_candidates_sets_an_investment_and_posts_the_summary(
    app: OncallApp,
) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        day_flows = app.day_flows
        report = day_flows.investment.report
        assert report is not None and report.candidates
        first = report.candidates[0]
        await pilot.press("i")
        await settle(pilot, app)
        await pilot.press("1")  # the first candidate
        await settle(pilot, app)
        await pilot.press("3")  # tool
        await settle(pilot, app)
        assert app.runtime.store is not None
        assert await app.runtime.store.investment.choices() == {first.label: "tool"}
        rebuilt = day_flows.investment.report
        assert rebuilt is not None
        chosen = next(c for c in rebuilt.candidates if c.label == first.label)
        assert (chosen.investment, chosen.investment_chosen) == ("tool", True)
        await pilot.press("p")
        await settle(pilot, app)
        items = [
            i for i in await app.runtime.store.outbox.items() if i.purpose == "investment_report"
        ]
        assert len(items) == 1
        assert items[0].channel_id == "C0HANDOFF1"  # the demo's #support-handoff
        assert items[0].state in (OutboxState.PENDING, OutboxState.SENT)
        assert first.label in items[0].text and "tool" in items[0].text


async def test_t_marks_the_suggested_kind_and_keeps_the_configured_order(app: OncallApp) -> None:
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        conversation = await go_to(
            pilot, app, lambda c: AreaFlow(app.flows.host).kind_suggestion(c) is not None
        )
        found = AreaFlow(app.flows.host).kind_suggestion(conversation)
        assert found is not None
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        lines = [line for line in screen_text(app).splitlines() if "suggested:" in line]
        assert len(lines) == 1 and f" {found.name} (suggested: " in lines[0]
        kinds = app.settings.tags.kinds
        first = f"1. {kinds[0]}"
        assert first in screen_text(app)
        await pilot.press(str(kinds.index(found.name) + 1))
        await settle(pilot, app)
        assert app.runtime.store is not None
        assert (await app.runtime.store.tags.all()) == {conversation.key: found.name}
