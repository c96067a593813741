"""ONCALL_TUI_START_AT: a running app that starts at a fixed moment and then advances, so an
end-to-end run is the same at any hour, on any weekday, in any machine time zone."""

from __future__ import annotations

import pytest

from oncall_tui.domain.clock import (
    START_AT_VARIABLE,
    ClockSettingError,
    StartedClock,
    SystemClock,
    clock_from_environment,
    parse_start_at,
)


class Ticks:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_a_started_clock_reads_its_start_then_advances_with_real_time() -> None:
    ticks = Ticks()
    clock = StartedClock(1_710_234_000.0, monotonic=ticks)
    assert clock.now() == 1_710_234_000.0
    ticks.value += 90.5
    assert clock.now() == 1_710_234_090.5


@pytest.mark.parametrize(
    ("text", "epoch"),
    [
        ("2024-03-12T09:00:00Z", 1_710_234_000.0),
        ("2024-03-12T10:00:00+01:00", 1_710_234_000.0),
        (" 2024-03-12T09:00:00+00:00 ", 1_710_234_000.0),
    ],
)
def test_the_start_is_an_iso_moment_with_its_offset(text: str, epoch: float) -> None:
    assert parse_start_at(text) == epoch


@pytest.mark.parametrize("text", ["2024-03-12T09:00:00", "tuesday morning", "1710234000"])
def test_a_start_without_an_offset_or_not_a_time_is_a_one_line_error(text: str) -> None:
    with pytest.raises(ClockSettingError, match=START_AT_VARIABLE) as caught:
        parse_start_at(text)
    assert "\n" not in str(caught.value)


def test_the_environment_chooses_the_clock() -> None:
    assert isinstance(clock_from_environment({}), SystemClock)
    assert isinstance(clock_from_environment({START_AT_VARIABLE: "  "}), SystemClock)
    started = clock_from_environment({START_AT_VARIABLE: "2024-03-12T09:00:00Z"})
    assert 1_710_234_000.0 <= started.now() < 1_710_234_000.0 + 60
