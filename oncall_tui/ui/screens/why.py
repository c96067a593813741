"""`Y`: why a row says what it says — the rule trail of one conversation (domain/why.py), and
`v` on a "resolved?" row: confirm it resolved, or reopen it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from oncall_tui.domain.model import Conversation, ConversationState
from oncall_tui.domain.why import WhySection, call_nudge_section, swarm_section, why_sections
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.widgets.fitting_footer import FittingFooter

if TYPE_CHECKING:
    from oncall_tui.ui.screen_host import ScreenHost


def why_text(conversation: Conversation, sections: list[WhySection]) -> Text:
    text = Text()
    text.append(f"Why: {conversation.customer}\n", style="bold")
    for section in sections:
        text.append(f"\n{section.heading}\n", style="bold underline")
        for line in section.lines:
            text.append(f"  • {line}\n")
    return text


class WhyScreen(Screen[None]):
    KEY_SCOPE = "why"
    BINDINGS = bindings_for("why")

    def __init__(self, conversation: Conversation, sections: list[WhySection]) -> None:
        super().__init__()
        self._text = why_text(conversation, sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="why-log"):
            yield Static(self._text, id="why-body")
        yield FittingFooter()

    def action_scroll_down(self) -> None:
        self.query_one("#why-log", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#why-log", VerticalScroll).scroll_up()


def show_why(app: ScreenHost) -> None:
    """Open the why screen for the conversation in front of the engineer."""
    conversation = app.current_conversation()
    if conversation is None:
        app.notify("no conversation selected")
        return
    board = app.board
    sections = why_sections(
        conversation,
        board.policy,
        board.workspace,
        board.snapshot.users,
        app.now(),
        board.display_tz,
    )
    # Issue 16: why the call nudge fires, and the silent swarm's reason.
    nudge = board.call_nudges.get(conversation.key)
    sections.append(call_nudge_section(nudge.reasons if nudge is not None else None))
    swarm = board.silent_swarms(app.now()).get(conversation.key)
    sections.append(swarm_section(swarm, board.internal_activity.get(conversation.key), app.now()))
    app.push_screen(WhyScreen(conversation, sections))


def settle(app: ScreenHost) -> None:
    """On a "resolved?" row: confirm resolved (as of now) or reopen it (the ✅ stays on the
    parent but no longer counts; only a ✅ added later resolves it again)."""
    conversation = app.current_conversation()
    if conversation is None or app.actions is None:
        app.notify("no conversation selected")
        return
    if conversation.state is not ConversationState.RESOLVED_UNSURE:
        app.notify("only a “resolved?” conversation needs confirming (x resolves or reopens)")
        return
    actions = app.actions

    async def chosen(choice: bool | None) -> None:
        if choice is None:
            return
        await actions.settle_unsure(conversation, resolved=choice)
        app.notify(f"{conversation.customer}: " + ("resolved ✅" if choice else "reopened"))
        app.refresh_board()

    app.push_screen(
        ChoiceScreen[bool](
            "Resolved? A ✅ is on the parent, but the customer may have written after it.",
            [("confirm resolved", True), ("reopen: it is still on us", False)],
        ),
        chosen,
    )
