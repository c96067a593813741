"""Text whose indented lines stay indented when they wrap: a long message in a conversation
reads as one block under its author, not as a line that runs back to the left edge."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

# What a line's lead is made of: spaces, and the bar internal threads are drawn with
# (ui/widgets/internal_log.py), which continues down a wrapped line.
_LEAD = " ▌"
# Narrower than this beside the indent, a line wraps to the left edge as plain text does.
_LEAST_WIDTH = 12


class HangingText:
    """Renders `text` line by line; a line that starts with spaces (or a bar) and does not fit
    wraps with its continuation lines under its own first character (a hanging indent), the
    lead repeated on each."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.plain

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = list(self.text.split("\n", allow_blank=True))
        if self.text.plain.endswith("\n"):
            lines = lines[:-1]  # the newline ends the last line; it opens no new one
        for line in lines:
            yield from _hung(line, width, console)


def _hung(line: Text, width: int, console: Console) -> list[Text]:
    plain = line.plain
    indent = len(plain) - len(plain.lstrip(_LEAD))
    if indent == 0 or line.cell_len <= width or width - indent < _LEAST_WIDTH:
        return [line]
    pieces = line[indent:].wrap(console, width - indent)
    # The bar of an internal thread runs on, styled; spaces stay plain (a badge's padding does
    # not colour the lines below it).
    lead = line[:indent] if "▌" in plain[:indent] else Text(" " * indent)
    hung = []
    for number, piece in enumerate(pieces):
        piece.rstrip()
        first = line[:indent] if number == 0 else lead
        hung.append(Text.assemble(first, piece, no_wrap=True, end="\n"))
    return hung
