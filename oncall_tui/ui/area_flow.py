"""`a` and `A` on a conversation (issue 17): its product area, suggested from the `[[areas]]`
rules. `a` accepts the suggestion in one key (and the suggested kind of work when the
conversation has none yet), saying which words matched; `A` picks another area or a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from oncall_tui.domain.area_defaults import DEFAULT_KIND_RULES
from oncall_tui.domain.areas import MAX_AREA_CHARS, Suggestion, people_texts, suggest
from oncall_tui.domain.model import Conversation
from oncall_tui.ui.screens.choice import ChoiceScreen

if TYPE_CHECKING:
    from oncall_tui.ui.app import OncallApp

NEW_AREA = "\x00new"  # the picker's "new area…" choice; never an area name (names are one line)


class NewAreaScreen(ModalScreen[str | None]):
    """One line: the new area's name."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="close_new_area")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(self._title, id="choice-title", markup=False)
            yield Input(placeholder="e.g. audit logs", max_length=MAX_AREA_CHARS, id="new-area")
            yield Static(
                "enter saves · esc cancels · add it to [[areas]] in the config to have it "
                "suggested",
                id="choice-hint",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AreaFlow:
    def __init__(self, app: OncallApp) -> None:
        self.app = app

    def suggestion(self, conversation: Conversation) -> Suggestion | None:
        return suggest(
            self.app.settings.areas,
            people_texts(conversation.messages),
            channel_id=conversation.channel_id,
            channel_name=self.app.board.channel_names.get(conversation.channel_id, ""),
            customer=conversation.customer,
        )

    def kind_suggestion(self, conversation: Conversation) -> Suggestion | None:
        return suggest(
            DEFAULT_KIND_RULES,
            people_texts(conversation.messages),
            allowed=self.app.settings.tags.kinds,
        )

    def kind_options(self, conversation: Conversation) -> list[tuple[str, str]]:
        """The `t` picker's kinds in their configured order, the suggested one saying why."""
        found = self.kind_suggestion(conversation)
        return [
            (
                f"{kind} (suggested: {found.why.split(' ← ', 1)[1]})"
                if found is not None and kind == found.name
                else kind,
                kind,
            )
            for kind in self.app.settings.tags.kinds
        ]

    async def accept(self, conversation: Conversation) -> None:
        """`a`: take the suggested area (and kind); without a suggestion, open the picker."""
        store = self.app.store
        assert store is not None and self.app.actions is not None
        found = self.suggestion(conversation)
        if found is None:
            self.app.notify("no rule matched this conversation: pick an area")
            await self.pick(conversation)
            return
        current = (await store.investment.areas()).get(conversation.key)
        await store.investment.set_area(conversation.key, found.name, self.app.now())
        said = [f"area {found.why}"]
        if current and current != found.name:
            said.append(f"(was {current})")
        tags = await store.tags.all()
        if not tags.get(conversation.key):
            kind = self.kind_suggestion(conversation)
            if kind is not None:
                await self.app.actions.set_kind(conversation, kind.name)
                said.append(f"· kind {kind.why}")
        self.app.notify(
            f"{conversation.customer}: {' '.join(said)} · A picks another",
            markup=False,
            timeout=8,
        )

    async def pick(self, conversation: Conversation) -> None:
        """`A`: the suggested area first, then every configured one, areas added by hand, none,
        or a new one."""
        store = self.app.store
        assert store is not None
        accepted = await store.investment.areas()
        current = accepted.get(conversation.key)
        found = self.suggestion(conversation)
        names = [rule.name for rule in self.app.settings.areas]
        names.extend(sorted(set(accepted.values()) - set(names), key=str.casefold))
        options: list[tuple[str, str]] = []
        if found is not None:
            now = " (now)" if found.name == current else ""
            reason = found.why.split(" ← ", 1)[1]
            options.append((f"{found.name}{now} (suggested: {reason})", found.name))
        options.extend(
            (name + (" (now)" if name == current else ""), name)
            for name in names
            if found is None or name != found.name
        )
        options.append(("no area", ""))
        options.append(("new area…", NEW_AREA))

        async def chosen(area: str | None) -> None:
            if area is None:
                return
            if area == NEW_AREA:
                self.app.push_screen(
                    NewAreaScreen(f"New area for {conversation.customer}'s conversation"),
                    save,
                )
                return
            await save(area)

        async def save(area: str | None) -> None:
            if area is None:
                return
            await store.investment.set_area(conversation.key, area or None, self.app.now())
            self.app.notify(
                f"{escape(conversation.customer)}: {escape(area) if area else 'no area'}"
            )

        self.app.push_screen(
            ChoiceScreen[str](
                f"Which product area is {conversation.customer}'s conversation about?",
                options,
                hint="Effort per area makes the week's investment candidates (W).",
            ),
            chosen,
        )
