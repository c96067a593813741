"""`u`: a status update in one key — the template filled, a next-update time to pick, send.

The text has the focus from the start, so typing goes straight into it. While the text is still
exactly the filled template, `1`–`5` pick the time (so `u 1 ctrl+s` stays a three-key update);
once the engineer has edited it, digits are text, and the time list is a `tab` away. Picking
another time never throws edits away: an untouched template is filled again; an edited text gets
only the promised time swapped where it appears; otherwise a line says the text does not name
the time being promised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from oncall_tui.domain.promises import NextUpdateChoice
from oncall_tui.domain.templates import fill
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.composer import Preview, preview_body
from oncall_tui.ui.screens.editor_base import EditorScreen, SaveDraft
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea

TIME_KEYS = "12345"


@dataclass(frozen=True)
class StatusUpdate:
    text: str
    promised_update_by: float


class StatusText(SteadyTextArea):
    """The update's text; a digit picks the time while the text is the untouched template.

    Handled here, in the text's own key queue, so a digit is either a pick or text in the order
    it was typed, never both and never out of order."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if (
            isinstance(screen, StatusUpdateScreen)
            and event.character is not None
            and event.character in TIME_KEYS
            and screen.untouched
        ):
            event.stop()
            event.prevent_default()
            screen.action_choose(TIME_KEYS.index(event.character))
        # Otherwise TextArea's own _on_key runs next (Textual calls it along the MRO).


class StatusUpdateScreen(EditorScreen[str | None]):
    """Dismisses with the outbox id of the queued update, or None (an edited text is kept)."""

    KEY_SCOPE = "status_update"
    BINDINGS = bindings_for("status_update")
    EDITOR_NAME = "status-update.md"

    def __init__(
        self,
        *,
        title: Text,
        choices: Sequence[NextUpdateChoice],
        template: str,
        variables: dict[str, str],
        promise_text: Callable[[float], str],
        preview: Preview,
        save_draft: SaveDraft,
        submit: Callable[[StatusUpdate], Awaitable[str]],
        draft: str | None = None,
        default_choice: int = 1,
    ) -> None:
        self._choices = tuple(choices)
        self._chosen = max(0, min(default_choice, len(self._choices) - 1))
        if draft is not None:
            # The draft names the time it promised: start on that one.
            named = [i for i, c in enumerate(self._choices) if promise_text(c.at) in draft]
            self._chosen = named[0] if named else self._chosen

        async def submit_update(text: str) -> str:
            return await submit(StatusUpdate(text, self.chosen.at))

        super().__init__(save_draft=save_draft, submit=submit_update, saved_text=draft)
        self._title = title
        self._template = template
        self._variables = variables
        self._promise_text = promise_text
        self._preview = preview
        self._draft = draft

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="composer-title")
        with Horizontal(id="composer-body"):
            with Vertical(id="composer-left"):
                yield Static("Next update by (1–5)", classes="pane-title")
                yield OptionList(
                    *(
                        Option(f"{number}. {choice.label}")
                        for number, choice in enumerate(self._choices, start=1)
                    ),
                    id="status-choices",
                )
                text = self._draft if self._draft is not None else self._filled(self.chosen)
                yield StatusText(text, soft_wrap=True, id="status-text")
                yield Static(id="editor-problem")
            with Vertical(id="composer-right"):
                yield Static("What the customer will see", classes="pane-title")
                with VerticalScroll(id="composer-preview"):
                    yield Static(id="composer-preview-body")
        yield FittingFooter()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#status-text", TextArea)

    @property
    def chosen(self) -> NextUpdateChoice:
        return self._choices[self._chosen]

    @property
    def untouched(self) -> bool:
        """The text is still the template as filled for the chosen time."""
        return self.editor.text == self._filled(self.chosen)

    def draft_text(self) -> str:
        # The template as filled is no draft: nothing of the engineer's to keep.
        return "" if self.untouched else self.editor.text

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._chosen
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)
        self._show_preview()

    def _filled(self, choice: NextUpdateChoice) -> str:
        return fill(
            self._template, {**self._variables, "next_update": self._promise_text(choice.at)}
        )

    def _pick(self, index: int) -> None:
        """Promise the time at `index`, keeping every edit."""
        if index == self._chosen or not 0 <= index < len(self._choices):
            return
        before, after = self.chosen, self._choices[index]
        was_untouched = self.untouched
        self._chosen = index
        if was_untouched:
            self.editor.text = self._filled(after)
            self.editor.move_cursor(self.editor.document.end)
            return
        old, new = self._promise_text(before.at), self._promise_text(after.at)
        text = self.editor.text
        if text.count(old) == 1:
            start = text.index(old)
            self.editor.replace(new, _location(text, start), _location(text, start + len(old)))
        self._show_preview()

    @on(OptionList.OptionHighlighted, "#status-choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._pick(event.option_index)

    @on(OptionList.OptionSelected, "#status-choices")
    def _selected(self) -> None:
        self.action_send()

    @on(TextArea.Changed, "#status-text")
    def _changed(self) -> None:
        self.clear_problem_once_edited()
        self._show_preview()

    def _show_preview(self) -> None:
        text = self.editor.text
        seen, problem = self._preview(text)
        promised = self._promise_text(self.chosen.at)
        if problem is None and promised not in text:
            problem = f"note: the text does not say “{promised}”, the time being promised"
        self.query_one("#composer-preview-body", Static).update(preview_body(seen, problem))

    def problem_with(self, text: str) -> str | None:
        return self._preview(text)[1]

    def on_paste(self, event: events.Paste) -> None:
        # Pasted while the list of times has the focus: the text is what was meant.
        if event.text and not self.editor.has_focus and not self.editor.read_only:
            event.stop()
            self.editor.insert(event.text)
            self.editor.focus()

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            self.query_one(OptionList).highlighted = index
            self._pick(index)


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea counts them."""
    head = text[:offset]
    return head.count("\n"), len(head) - (head.rfind("\n") + 1)
