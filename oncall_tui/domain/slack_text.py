"""Slack's message markup -> plain text fit for a terminal.

Slack escapes `&`, `<` and `>` in message text and wraps mentions and links in `<...>`. Customer
text is untrusted: control characters are removed so it can never move the cursor, change
colours or retitle the terminal, and bidirectional overrides, embeddings and isolates are shown
as a marker ("⟪RLO⟫") instead of reordering what follows them: "invoice‮fdp.exe" must not read
as "invoiceexe.pdf". The marks that right-to-left text and emoji need (LRM, RLM, ALM, zero-width
joiners, variation selectors) are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_ANGLE_TOKEN = re.compile(r"<([^<>\n]*)>")
# C0 controls except tab and newline, DEL, and C1 controls (ESC, CSI, OSC, ...).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPECIAL_MENTIONS = frozenset({"here", "channel", "everyone"})
# Characters that start a bidirectional embedding, override or isolate: each would reorder the
# text after it, so each is shown by its Unicode abbreviation between "⟪⟫" (a bracket pair of
# single width that customers do not type), which says what was there without acting on it.
_BIDI_OPENERS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
}
# Their terminators (PDF, PDI) only end what an opener began: with the openers inert, they go.
# So do the deprecated format characters U+206A-U+206F, which also change how text is shown.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u206f]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
ELLIPSIS = "…"


def _bidi_marker(found: re.Match[str]) -> str:
    name = _BIDI_OPENERS.get(found.group())
    return f"⟪{name}⟫" if name else ""


def inert(text: str) -> str:
    """`text` that cannot act on the terminal: no control characters, no bidirectional
    overrides, embeddings or isolates (shown as "⟪RLO⟫"), Unicode line separators as newlines."""
    text = _CONTROL.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    return _BIDI.sub(_bidi_marker, text)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _as_mention(label: str) -> str:
    return label if label.startswith("@") else f"@{label}"


def _render_token(
    inner: str, user_names: Mapping[str, str], channel_names: Mapping[str, str]
) -> str:
    target, _, label = inner.partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        user_id = target[1:]
        return _as_mention(user_names.get(user_id) or label or user_id)
    if target.startswith("#"):
        channel_id = target[1:]
        name = channel_names.get(channel_id) or label or channel_id
        return name if name.startswith("#") else f"#{name}"
    if target.startswith("!"):
        command = target[1:]
        if command in _SPECIAL_MENTIONS:
            return f"@{command}"
        if label:  # <!subteam^S1|@oncall>, <!date^...|Feb 18th>
            return label
        return _as_mention(command.split("^", 1)[-1])
    url = _unescape(target)
    if not label or label == url or f"mailto:{label}" == url:
        return label or url
    return f"{label} ({url})"


def render_slack_text(
    text: str, user_names: Mapping[str, str], channel_names: Mapping[str, str]
) -> str:
    """Readable plain text: `<@U1>` -> "@Ana", `<http://x|docs>` -> "docs (http://x)", ..."""
    pieces: list[str] = []
    position = 0
    for token in _ANGLE_TOKEN.finditer(text):
        pieces.append(_unescape(text[position : token.start()]))
        pieces.append(_render_token(token.group(1), user_names, channel_names))
        position = token.end()
    pieces.append(_unescape(text[position:]))
    return inert("".join(pieces))


def _cell_width(character: str) -> int:
    if unicodedata.combining(character):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def first_line(text: str, width: int) -> str:
    """The first non-blank line, cut to `width` terminal cells with "…" when it is longer."""
    if width <= 0:
        return ""
    line = next((candidate.strip() for candidate in text.splitlines() if candidate.strip()), "")
    line = inert(line.replace("\t", " "))
    if sum(_cell_width(character) for character in line) <= width:
        return line
    kept: list[str] = []
    used = 0
    for character in line:
        cells = _cell_width(character)
        if used + cells > width - 1:
            break
        kept.append(character)
        used += cells
    return "".join(kept).rstrip() + ELLIPSIS
