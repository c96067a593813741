"""Plain-text charts: bars and sparklines that read right in a terminal, Markdown and Slack."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oncall_tui.domain.charts import bar, sparkline


def test_bars_fill_their_share_of_the_width_in_eighths() -> None:
    assert bar(10, 10, 5) == "█████"
    assert bar(5, 10, 4) == "██  "
    assert bar(1, 16, 2) == "▏ "  # 1/16 of 2 cells = 1 eighth
    assert bar(3, 8, 1) == "▍"  # 3 eighths


def test_nothing_is_empty_and_something_is_never_invisible() -> None:
    assert bar(0, 10, 5) == "     "
    assert bar(-3, 10, 5) == "     "
    assert bar(1, 1_000_000, 10) == "▏" + " " * 9


def test_bars_stay_inside_their_width() -> None:
    assert bar(15, 10, 3) == "███"
    assert bar(5, 0, 3) == "   "  # nothing to compare with
    assert bar(5, 10, 0) == ""


@given(st.floats(-1e9, 1e9), st.floats(-1e9, 1e9), st.integers(0, 80))
def test_a_bar_is_always_exactly_its_width(value: float, maximum: float, width: int) -> None:
    assert len(bar(value, maximum, width)) == width


def test_sparklines_scale_from_zero_to_the_highest_value() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5, 5]) == "███"  # a steady busy week is not a quiet one
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline([0, 1, 100]) == "▁▂█"  # 1 is more than nothing
    assert sparkline([-1, 1]) == "▁█"


def test_sparklines_leave_gaps_for_missing_days() -> None:
    assert sparkline([]) == ""
    assert sparkline([None, 3, None]) == " █ "
    assert sparkline([None, None]) == "  "


def test_nan_is_a_mistake_said_plainly() -> None:
    with pytest.raises(ValueError, match="NaN"):
        bar(math.nan, 10, 5)
    with pytest.raises(ValueError, match="NaN"):
        sparkline([1, math.nan])
