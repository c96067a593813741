"""`w`: the end of the day. Nobody goes home while a customer has not heard from us."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from oncall_tui.domain.slack_text import first_line, render_slack_text
from oncall_tui.domain.wrapup import WrapUp, WrapUpGroup, numbers_line, when
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.outbox_line import OutboxLine

GROUP_STYLES = {
    WrapUpGroup.NOT_HEARD_TODAY: "bold red",
    WrapUpGroup.WAITING_ON_US: "bold red",
    WrapUpGroup.PROMISE_DUE: "bold yellow",
    WrapUpGroup.WAITING_ON_CUSTOMER: "bold",
    WrapUpGroup.CALLS_TOMORROW: "bold cyan",
    WrapUpGroup.STILL_ON_US: "bold",
    WrapUpGroup.RESOLVED_TODAY: "bold green",
}


NARROW = 120  # below this many columns, each conversation takes two lines: title, then reason


def wrapup_options(
    wrapup: WrapUp,
    tz: ZoneInfo,
    now: float,
    user_names: Mapping[str, str],
    width: int = NARROW,
) -> list[Option]:
    """Group headings (not selectable) and one line per conversation (id = its key); two on
    a narrow terminal, the reason under the title, so nothing wraps into the next column."""
    options: list[Option] = []
    # Swarm watch and the call nudge first: short, and nothing scrolls down to a disabled line.
    for heading_text, lines in (
        ("Internal work today, no word to the customer", wrapup.swarm_lines),
        ("Looks like a call, none proposed", wrapup.call_lines),
    ):
        if lines:
            options.append(
                Option(Text(f"{heading_text} ({len(lines)})", "bold magenta"), disabled=True)
            )
            options.extend(Option(Text(f"   {line}"), disabled=True) for line in lines)
    for group in WrapUpGroup:
        items = wrapup.group(group)
        if group is WrapUpGroup.CALLS_TOMORROW:
            calls = wrapup.calls_tomorrow
            heading = Text(f"{group.value.capitalize()} ({len(calls)})", GROUP_STYLES[group])
            options.append(Option(heading, disabled=True))
            for call in calls:
                line = Text(f"   📞 {when(call.starts_at, tz, now)}  {call.customer}")
                options.append(Option(line, disabled=True))
        if not items:
            continue
        if group is not WrapUpGroup.CALLS_TOMORROW:
            heading = Text(f"{group.value.capitalize()} ({len(items)})", GROUP_STYLES[group])
            options.append(Option(heading, disabled=True))
        for item in items:
            conversation = item.conversation
            if width < NARROW:
                room = max(10, width - 3 - 18 - 4)
                title = first_line(render_slack_text(conversation.title, user_names, {}), room)
                line = Text.assemble(
                    "   ",
                    (f"{first_line(conversation.customer, 17):<18}", "bold"),
                    title,
                    "\n      ",
                    (item.reason, "dim"),
                )
            else:
                title = first_line(render_slack_text(conversation.title, user_names, {}), 48)
                line = Text.assemble(
                    "   ",
                    (f"{conversation.customer:<18}", "bold"),
                    (f"{title:<50}", ""),
                    (item.reason, "dim"),
                )
            options.append(Option(line, id=conversation.key))
    return options


class WrapUpScreen(Screen[None]):
    KEY_SCOPE = "wrapup"
    BINDINGS = bindings_for("wrapup")

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def __init__(
        self, wrapup: WrapUp, tz: ZoneInfo, now: float, user_names: Mapping[str, str]
    ) -> None:
        super().__init__()
        self.wrapup = wrapup
        self._user_names = user_names
        self._tz = tz
        self._now = now

    def compose(self) -> ComposeResult:
        yield Static(id="wrapup-title")
        yield Static(id="wrapup-status")
        yield OptionList(id="wrapup-list")
        yield OutboxLine()
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        # After focus: focusing an OptionList highlights its first option, a heading here.
        self.call_after_refresh(self.show, self.wrapup, self._now)

    def show(self, wrapup: WrapUp, now: float) -> None:
        self.wrapup, self._now = wrapup, now
        self.query_one("#wrapup-title", Static).update(
            Text.assemble((" Wrap-up ", "bold reverse"), "  ", numbers_line(wrapup.numbers))
        )
        status = self.query_one("#wrapup-status", Static)
        if wrapup.everyone_heard_from_us:
            status.update(Text("✓ " + wrapup.status_line, style="bold green"))
        else:
            status.update(
                Text(f"✗ {wrapup.status_line} u sends one, a walks through them all.", "bold red")
            )
        options = self.query_one(OptionList)
        keep = self.highlighted_key
        options.clear_options()
        width = self.size.width or self.app.size.width
        options.add_options(wrapup_options(wrapup, self._tz, now, self._user_names, width))
        ids = [option.id for option in options.options]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        else:
            first = next((i for i, option in enumerate(options.options) if option.id), None)
            options.highlighted = first

    @property
    def highlighted_key(self) -> str | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None:
            return None
        return options.get_option_at_index(index).id
