"""Every key of the app in one registry: binding id -> action, description and default keys, by
the scope (the app, a screen, a widget) that owns it.

Textual-free on purpose: config.py validates `[keys]` from it (unknown ids, keys that clash on
one screen), and ui/keys.py builds the Textual `Binding`s of the app and of each screen from it,
so the keys a user can remap, the keys on screen and the help can no longer drift apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Final


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding: `[keys] <id> = "<keys>"` remaps it."""

    id: str
    keys: str  # the default keys, comma-separated Textual key names ("escape,q", "ctrl+s")
    action: str  # the Textual action it runs ("app.act('reply')", "scroll(1)")
    description: str = ""  # the footer, help and command palette text; "" keeps it out of them
    show: bool = True  # in the footer
    key_display: str | None = None


def _act(binding_id: str, keys: str, flow: str, description: str, show: bool = True) -> KeySpec:
    """A one-key action on the conversation in front of the engineer (ActionFlows.<flow>)."""
    return KeySpec(binding_id, keys, f"app.act({flow!r})", description, show)


def _day(binding_id: str, keys: str, flow: str, description: str, show: bool = True) -> KeySpec:
    """An action on the day as a whole (DayFlows.<flow>)."""
    return KeySpec(binding_id, keys, f"app.day({flow!r})", description, show)


# The same keys on the dashboard and on one conversation.
CONVERSATION_ACTIONS: Final = (
    _act("reply", "r", "reply", "Reply"),
    _act("status_update", "u", "status_update", "Update"),
    _act("call", "c", "call", "Call"),
    _act("handoff_note", "h", "note", "Note"),
    _act("claim", "e", "claim", "Claim"),
    _act("resolve", "x", "resolve", "Resolve"),
    _act("snooze", "s", "snooze", "Snooze"),
    _act("tag", "t", "tag", "Kind of work", show=False),
    _act("area", "a", "area", "Accept area", show=False),
    _act("pick_area", "A", "pick_area", "Pick area", show=False),
    _act("open_in_slack", "o", "open_in_slack", "Open in Slack", show=False),
    _act("copy_link", "y", "copy_link", "Copy link", show=False),
    _act("retry_failed", "R", "retry_failed", "Retry failed post", show=False),
    _act("discard_failed", "D", "discard_failed", "Discard failed post", show=False),
    # Swarm watch and the call nudge (issue 16).
    _act("swarm_update", "U", "swarm_update", "Tell the customer we're on it", show=False),
    _act("dismiss_call_nudge", "n", "dismiss_call_nudge", "Not a call (dismiss 📞?)", show=False),
)
_WHY: Final = KeySpec("why", "Y", "why", "Why?")
_SETTLE: Final = KeySpec("settle_unsure", "v", "settle", "Resolved?", show=False)
# Send in every editor; an ordinary binding, never a priority one (ui/screens/editor_base.py).
_SEND: Final = "ctrl+s"

# Scope -> its bindings, in footer order. A scope is the app, one screen or one widget.
SCOPES: Final[Mapping[str, tuple[KeySpec, ...]]] = {
    "app": (
        KeySpec("quit", "q", "quit", "Quit"),
        KeySpec("help", "question_mark", "help", "Keys"),
        KeySpec("sync_now", "ctrl+r", "sync_now", "Sync now"),
        KeySpec("undo", "z", "undo", "Undo send"),
    ),
    "dashboard": (
        KeySpec("filter", "slash", "filter", "Filter"),
        KeySpec("clear_filter", "escape", "clear_filter", "Clear filter", show=False),
        _day("wrapup", "w", "open_wrapup", "Wrap-up"),
        _day("handoff", "H", "handoff", "Handoff", show=False),
        _day("report", "W", "report", "Week's report", show=False),
        KeySpec("incoming", "i", "toggle_incoming", "Incoming handoff", show=False),
        _WHY,
        _SETTLE,
        KeySpec("show_snoozed", "S", "show_view('snoozed')", "Show snoozed (s wakes)", show=False),
        KeySpec(
            "show_resolved", "X", "show_view('resolved')", "Show resolved (x reopens)", show=False
        ),
        KeySpec(
            "show_no_customer",
            "N",
            "show_view('nocustomer')",
            "Show posts no customer wrote in",
            show=False,
        ),
        *CONVERSATION_ACTIONS,
    ),
    "thread_table": (
        KeySpec("cursor_down", "j", "cursor_down", "Down", show=False),
        KeySpec("cursor_up", "k", "cursor_up", "Up", show=False),
        KeySpec("most_urgent", "g,home", "most_urgent", "Most urgent", show=False),
        # Replaces DataTable's own enter ("select"), so it has an id and can be remapped.
        KeySpec("open_conversation", "enter", "open_conversation", "Open"),
    ),
    "conversation": (
        KeySpec("back", "escape,q", "app.pop_screen", "Back"),
        KeySpec("scroll_down", "j", "scroll_down", "Down", show=False),
        KeySpec("scroll_up", "k", "scroll_up", "Up", show=False),
        _WHY,
        _SETTLE,
        *CONVERSATION_ACTIONS,
        _act("link_internal", "L", "link_internal", "Link internal thread", show=False),
        _act("unlink_internal", "delete", "unlink_internal", "Unlink internal thread", show=False),
    ),
    "help": (
        KeySpec("close_help", "escape,q,question_mark", "dismiss", "Close"),
        KeySpec("help_down", "j", "scroll(1)", "Down", show=False),
        KeySpec("help_up", "k", "scroll(-1)", "Up", show=False),
    ),
    "why": (
        KeySpec("close_why", "escape,q,Y", "app.pop_screen", "Back"),
        KeySpec("why_down", "j", "scroll_down", "Down", show=False),
        KeySpec("why_up", "k", "scroll_up", "Up", show=False),
    ),
    # The text box of every editor.
    "editor_text": (KeySpec("external_editor", "ctrl+e", "screen.external_editor", "$EDITOR"),),
    "composer": (
        KeySpec("send", _SEND, "send", "Send"),
        KeySpec("close_composer", "escape", "close", "Keep draft & close"),
        KeySpec("snippets", "ctrl+t", "snippets", "Snippets"),
        KeySpec("external_editor", "ctrl+e", "external_editor", "$EDITOR"),
    ),
    "status_update": (
        KeySpec("send_status", _SEND, "send", "Send"),
        KeySpec("close_status", "escape", "close", "Keep draft"),
        KeySpec("status_editor", "ctrl+e", "external_editor", "$EDITOR", show=False),
        *(KeySpec(f"next_update_{n}", str(n), f"choose({n - 1})", show=False) for n in range(1, 6)),
    ),
    "note": (
        KeySpec("save_note", _SEND, "send", "Save & close", show=False),
        KeySpec("close_note", "escape", "close", "Save & close"),
        KeySpec("note_editor", "ctrl+e", "external_editor", "$EDITOR", show=False),
    ),
    "handoff_editor": (
        KeySpec("post_handoff", _SEND, "send", "Post to the handoff channel"),
        KeySpec("close_handoff", "escape", "close", "Keep draft & close"),
        KeySpec("handoff_editor", "ctrl+e", "external_editor", "$EDITOR"),
    ),
    "snippet_picker": (
        KeySpec("close_snippets", "escape", "dismiss_none", "Close"),
        KeySpec("snippet_list", "down", "focus_list", "List", show=False),
    ),
    "choice": (
        KeySpec("close_choice", "escape", "cancel", "Cancel"),
        KeySpec("choice_down", "j", "move(1)", "Down", show=False),
        KeySpec("choice_up", "k", "move(-1)", "Up", show=False),
        *(KeySpec(f"choice_{n}", str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ),
    "wrapup": (
        _day("end_of_day_update", "u", "end_of_day", "End-of-day update"),
        _day("walk_not_heard", "a", "walk", "Update everyone left"),
        _day("write_handoff", "h", "handoff", "Write handoff"),
        KeySpec("close_wrapup", "escape,q", "app.pop_screen", "Back"),
        KeySpec("wrapup_down", "j", "move(1)", "Down", show=False),
        KeySpec("wrapup_up", "k", "move(-1)", "Up", show=False),
    ),
    "report": (
        KeySpec(
            "report_prev",
            "left,bracketleft",
            "app.day('report_week', -1)",
            "Week before",
            key_display="←",
        ),
        KeySpec(
            "report_next",
            "right,bracketright",
            "app.day('report_week', 1)",
            "Week after",
            key_display="→",
        ),
        _day("report_export", "e", "report_export", "Export .md and .csv"),
        _day("report_invest", "i", "report_invest", "Investment kind"),
        _day("report_post", "p", "report_post", "Post summary"),
        KeySpec("close_report", "escape,q", "app.pop_screen", "Back"),
    ),
    "new_area": (KeySpec("close_new_area", "escape", "cancel", "Cancel"),),
    "store_broken": (KeySpec("quit_store_broken", "q,escape", "quit_broken", "Quit"),),
}

# Screen -> the scopes whose keys work on it at the same time (the app's work everywhere).
SCREENS: Final[Mapping[str, tuple[str, ...]]] = {
    "dashboard": ("app", "dashboard", "thread_table"),
    "conversation": ("app", "conversation"),
    "help": ("app", "help"),
    "why": ("app", "why"),
    "composer": ("app", "composer", "editor_text"),
    "status_update": ("app", "status_update", "editor_text"),
    "note": ("app", "note", "editor_text"),
    "handoff_editor": ("app", "handoff_editor", "editor_text"),
    "snippet_picker": ("app", "snippet_picker"),
    "choice": ("app", "choice"),
    "wrapup": ("app", "wrapup"),
    "report": ("app", "report"),
    "new_area": ("app", "new_area"),
    "store_broken": ("app", "store_broken"),
}

# Screens holding typed text or a pending choice: `q` there must not quit the app.
EDITING_SCREENS: Final = frozenset(
    {"composer", "status_update", "note", "handoff_editor", "snippet_picker", "choice", "new_area"}
)


def _every_spec() -> Iterator[KeySpec]:
    for specs in SCOPES.values():
        yield from specs


BY_ID: Final[Mapping[str, KeySpec]] = {spec.id: spec for spec in _every_spec()}
BINDING_IDS: Final = tuple(sorted(BY_ID))


# As textual.keys.KEY_NAME_REPLACEMENTS: Textual's short names for a few characters.
_KEY_NAME_REPLACEMENTS: Final = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def key_name(key: str) -> str:
    """A key as Textual names it: "?" and "question_mark" are the same key."""
    key = key.strip()
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _KEY_NAME_REPLACEMENTS.get(name, name)


def keys_of(binding_id: str, keymap: Mapping[str, str]) -> tuple[str, ...]:
    """The keys of a binding under `keymap` (id -> comma-separated keys), else its defaults."""
    written = keymap.get(binding_id, BY_ID[binding_id].keys)
    return tuple(key_name(key) for key in written.split(","))


def _overlaps(screen: str, keymap: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(key, id, other id) for every key two bindings of `screen` share under `keymap`."""
    ids = dict.fromkeys(spec.id for scope in SCREENS[screen] for spec in SCOPES[scope])
    holders: dict[str, list[str]] = {}
    for binding_id in ids:
        for key in keys_of(binding_id, keymap):
            holders.setdefault(key, []).append(binding_id)
    for key, sharing in holders.items():
        for first, second in combinations(sharing, 2):
            yield key, first, second


# Pairs that share a key by design (the conversation's `q` goes back rather than quitting,
# the help's `?` closes it): a remap may keep them sharing one.
_SHADOWING: Final = frozenset(
    frozenset((first, second)) for screen in SCREENS for _, first, second in _overlaps(screen, {})
)


@dataclass(frozen=True, slots=True)
class Clash:
    binding_id: str  # the remapped binding
    key: str
    other_id: str
    screen: str

    def __str__(self) -> str:
        other = BY_ID[self.other_id].description or self.other_id
        return (
            f"key {self.key!r} is also {self.other_id} ({other}) on the {self.screen} "
            "screen; pick another key"
        )


def clashes(keymap: Mapping[str, str]) -> list[Clash]:
    """Keys that `keymap` (id -> keys, in file order) makes two bindings of one screen share."""
    # Of two remapped bindings, the one written later in the file is named.
    order = {binding_id: index for index, binding_id in enumerate(keymap)}
    found: list[Clash] = []
    for screen in SCREENS:
        for key, first, second in _overlaps(screen, keymap):
            if frozenset((first, second)) in _SHADOWING:
                continue
            mine, other = sorted((first, second), key=lambda i: order.get(i, -1), reverse=True)
            found.append(Clash(mine, key, other, screen))
    return found
