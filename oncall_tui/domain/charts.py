"""Plain-text charts for the report: horizontal bars and sparklines, drawn with block characters
so they read the same in a terminal, a Markdown code block and a Slack message.

Both are honest about small numbers: a value above zero always shows at least a sliver, and
zero always shows as nothing (bars) or the lowest tick (sparklines).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

FULL_BLOCK = "█"
# Left-aligned eighths of a cell, from one eighth to seven.
PARTIAL_BLOCKS = ("▏", "▎", "▍", "▌", "▋", "▊", "▉")
EIGHTHS = 8
SPARK_TICKS = "▁▂▃▄▅▆▇█"
NO_VALUE = " "


def _checked(value: float, what: str) -> float:
    if math.isnan(value):
        raise ValueError(f"a chart {what} must be a number, got NaN")
    return value


def bar(value: float, maximum: float, width: int) -> str:
    """`value` out of `maximum` as a bar exactly `width` cells wide (padded with spaces).

    Values below zero draw nothing, values above `maximum` fill the width. A value above zero
    that would round to nothing still shows one eighth, so "1" never looks like "0".
    """
    _checked(value, "value")
    _checked(maximum, "maximum")
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return NO_VALUE * width
    share = min(1.0, value / maximum)
    eighths = max(1, round(share * width * EIGHTHS))
    whole, rest = divmod(eighths, EIGHTHS)
    drawn = FULL_BLOCK * whole + (PARTIAL_BLOCKS[rest - 1] if rest else "")
    return drawn + NO_VALUE * (width - len(drawn))


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, scaled between the lowest and highest value (or between zero
    and the highest when none is negative, so a quiet day never looks like a busy one).

    None (no data for that slot) is a space; an empty sequence gives an empty string.
    """
    known = [_checked(value, "value") for value in values if value is not None]
    if not known:
        return NO_VALUE * len(values)
    low = min(0.0, min(known))
    high = max(known)
    span = high - low
    top = len(SPARK_TICKS) - 1
    ticks: list[str] = []
    for value in values:
        if value is None:
            ticks.append(NO_VALUE)
            continue
        if span <= 0:
            ticks.append(SPARK_TICKS[0])
            continue
        level = round((value - low) / span * top)
        if value > low and level == 0:
            level = 1  # above the floor must look above the floor
        ticks.append(SPARK_TICKS[level])
    return "".join(ticks)
