"""The reply composer: multi-line text, snippets, $EDITOR, and a preview of what the customer sees.

The draft is kept while typing (see editor_base), so a crash or `esc` loses nothing; `ctrl+s`
queues the text in the outbox and closes only once it is stored, dismissing with its outbox id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from oncall_tui.domain.templates import Snippet, fill, snippet_insertion
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.editor_base import EditorScreen, SaveDraft
from oncall_tui.ui.screens.snippet_picker import SnippetPicker
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.hanging_text import HangingText
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea

Preview = Callable[[str], "tuple[str, str | None]"]
"""Typed text -> (what the customer will see, and why it cannot be sent as it is, or None)."""


def preview_body(seen: str, problem: str | None) -> Text:
    """The preview pane: exactly what will be posted, and under it what stops the send."""
    body = Text(seen)
    if problem is not None:
        if seen:
            body.append("\n\n")
        body.append(problem, style="bold red")
    return body


class ComposerScreen(EditorScreen[str | None]):
    """Dismisses with the outbox id of the queued post, or None when closed (draft kept)."""

    KEY_SCOPE = "composer"
    BINDINGS = bindings_for("composer")
    EDITOR_NAME = "reply.md"

    def __init__(
        self,
        *,
        title: Text,
        context: Text,
        text: str,
        preview: Preview,
        save_draft: SaveDraft,
        submit: Callable[[str], Awaitable[str]],
        snippets: Sequence[Snippet] = (),
        variables: dict[str, str] | None = None,
        text_is_draft: bool = False,
        unedited: str = "",
    ) -> None:
        super().__init__(
            save_draft=save_draft, submit=submit, saved_text=text if text_is_draft else None
        )
        self._title_text = title
        self._context_text = context
        self._initial = text
        self._preview = preview
        self._snippets = tuple(snippets)
        self._variables = variables or {}
        self._unedited = unedited  # a text that is no draft (a proposal as generated)
        self._preview_due = False

    def compose(self) -> ComposeResult:
        yield Static(self._title_text, id="composer-title")
        with Horizontal(id="composer-body"):
            with Vertical(id="composer-left"):
                with VerticalScroll(id="composer-context"):
                    yield Static(HangingText(self._context_text))
                yield SteadyTextArea(self._initial, soft_wrap=True, id="composer-text")
                yield Static(id="editor-problem")
            with Vertical(id="composer-right"):
                yield Static("What the customer will see", classes="pane-title")
                with VerticalScroll(id="composer-preview"):
                    yield Static(id="composer-preview-body")
        yield FittingFooter()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#composer-text", TextArea)

    def on_mount(self) -> None:
        self.show_problem(None)
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)
        self._show_preview(self.editor.text)
        self.query_one("#composer-context", VerticalScroll).scroll_end(animate=False)

    @on(TextArea.Changed, "#composer-text")
    def _changed(self) -> None:
        # A paste or a fast typist sends a burst of changes: draw the preview once after them.
        if not self._preview_due:
            self._preview_due = True
            self.call_later(self._preview_now)

    def _preview_now(self) -> None:
        self._preview_due = False
        self._show_preview(self.editor.text)
        self.clear_problem_once_edited()

    def _show_preview(self, text: str) -> None:
        seen, problem = self._preview(text)
        self.query_one("#composer-preview-body", Static).update(preview_body(seen, problem))

    def problem_with(self, text: str) -> str | None:
        return self._preview(text)[1]

    def draft_text(self) -> str:
        text = self.editor.text
        return "" if text == self._unedited else text

    def action_snippets(self) -> None:
        def insert(snippet: Snippet | None) -> None:
            if snippet is not None:
                self.insert_snippet(fill(snippet.text, self._variables))
            self.editor.focus()

        self.app.push_screen(SnippetPicker(self._snippets), insert)

    def insert_snippet(self, text: str) -> None:
        """Put `text` at the cursor (over the selection), spaced as its own words."""
        editor = self.editor
        start, end = sorted(editor.selection)
        before = editor.get_text_range((0, 0), start)
        after = editor.get_text_range(end, editor.document.end)
        result = editor.replace(
            snippet_insertion(before, after, text), start, end, maintain_selection_offset=False
        )
        editor.move_cursor(result.end_location)
