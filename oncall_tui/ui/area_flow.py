"""`a` and `A` on a conversation (issue 17): its product area, suggested from the `[[areas]]`
rules. `a` accepts the suggestion in one key (and the suggested kind of work when the
conversation has none yet), saying which words matched; `A` picks another area or a new one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from oncall_tui.domain.area_defaults import DEFAULT_KIND_RULES
from oncall_tui.domain.areas import MAX_AREA_CHARS, Suggestion, people_texts, suggest
from oncall_tui.domain.model import Conversation
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.choice import ChoiceScreen

NEW_AREA = "\x00new"  # the picker's "new area…" choice; never an area name (names are one line)


class NewAreaScreen(ModalScreen[str | None]):
    """One line: the new area's name."""

    DEFAULT_CSS = "NewAreaScreen { align: center middle; }"  # as the picker it came from
    KEY_SCOPE = "new_area"
    BINDINGS = bindings_for("new_area")

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
    def __init__(self, host: FlowHost) -> None:
        self.host = host

    def suggestion(self, conversation: Conversation) -> Suggestion | None:
        return suggest(
            self.host.settings.areas,
            people_texts(conversation.messages),
            channel_id=conversation.channel_id,
            channel_name=self.host.board.channel_names.get(conversation.channel_id, ""),
            customer=conversation.customer,
        )

    def kind_suggestion(self, conversation: Conversation) -> Suggestion | None:
        return suggest(
            DEFAULT_KIND_RULES,
            people_texts(conversation.messages),
            allowed=self.host.settings.tags.kinds,
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
            for kind in self.host.settings.tags.kinds
        ]

    async def accept(self, conversation: Conversation) -> None:
        """`a`: take the suggested area (and kind); without a suggestion, open the picker."""
        found = self.suggestion(conversation)
        if found is None:
            self.host.notify("no rule matched this conversation: pick an area")
            await self.pick(conversation)
            return
        investing = self.host.runtime.investing()
        current = (await investing.areas()).get(conversation.key)
        await investing.set_area(conversation.key, found.name)
        said = [f"area {found.why}"]
        if current and current != found.name:
            said.append(f"(was {current})")
        if not await investing.kind_of(conversation.key):
            kind = self.kind_suggestion(conversation)
            if kind is not None:
                await self.host.actions.set_kind(conversation, kind.name)
                said.append(f"· kind {kind.why}")
        self.host.notify(f"{conversation.customer}: {' '.join(said)} · A picks another", timeout=8)

    async def pick(self, conversation: Conversation) -> None:
        """`A`: the suggested area first, then every configured one, areas added by hand, none,
        or a new one."""
        investing = self.host.runtime.investing()
        accepted = await investing.areas()
        current = accepted.get(conversation.key)
        found = self.suggestion(conversation)
        names = [rule.name for rule in self.host.settings.areas]
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

        area = await self.host.ask(
            ChoiceScreen[str](
                f"Which product area is {conversation.customer}'s conversation about?",
                options,
                hint="Effort per area makes the week's investment candidates (W).",
            )
        )
        if area == NEW_AREA:
            area = await self.host.ask(
                NewAreaScreen(f"New area for {conversation.customer}'s conversation")
            )
        if area is None:
            return
        # A fresh view: saved at the time it was chosen, not when the picker opened.
        await self.host.runtime.investing().set_area(conversation.key, area or None)
        self.host.notify(f"{conversation.customer}: {area or 'no area'}")
