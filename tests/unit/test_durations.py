"""How timers read on the dashboard."""

from __future__ import annotations

import pytest

from oncall_tui.domain.durations import format_countdown, format_duration

M, H, D = 60, 3600, 86400


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0s"),
        (0.9, "0s"),
        (59.99, "59s"),
        (60, "1m"),
        (59 * M + 59, "59m"),
        (H, "1h 00m"),
        (H + 5 * M, "1h 05m"),
        (23 * H + 59 * M + 59, "23h 59m"),
        (D, "1d 0h"),
        (D + 3 * H + 59 * M, "1d 3h"),
        (9 * D + 23 * H, "9d 23h"),
        (10 * D, "10d"),
        (12 * D + 20 * H, "12d"),
        (400 * D, "400d"),
    ],
)
def test_durations_are_truncated_to_their_coarsest_useful_unit(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


def test_clock_skew_never_shows_a_negative_wait() -> None:
    assert format_duration(-42) == "0s"


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        format_duration(float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        format_countdown(float("nan"))


@pytest.mark.parametrize(
    ("seconds_left", "shown"),
    [
        (25 * M + 30, "in 25m"),
        (0, "in 0s"),
        (2 * H, "in 2h 00m"),
        (-15 * M - 30, "15m late"),
        (-1, "1s late"),
        (-(D + 2 * H), "1d 2h late"),
    ],
)
def test_countdowns_say_ahead_or_late(seconds_left: float, shown: str) -> None:
    assert format_countdown(seconds_left) == shown
