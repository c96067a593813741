"""How many trials: CI's sample (the whole e2e part in a few minutes on 2 cores) or the long
run (`ONCALL_E2E_LONG=1 pytest tests/e2e`, or benchmarks/terminal_faults.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from tests.e2e.fault_trials import APP_TIMEOUT

LONG_VARIABLE = "ONCALL_E2E_LONG"


@dataclass(frozen=True)
class Sizes:
    paste: int
    kill_after_send: int
    kill_while_typing: int
    kill_in_flight: int
    slow: tuple[tuple[float, str], ...]
    corrupt: int
    seed: int = 13

    @property
    def kills(self) -> int:
        return self.kill_after_send + self.kill_while_typing + self.kill_in_flight


SAMPLE = Sizes(
    paste=21,
    kill_after_send=4,
    kill_while_typing=4,
    kill_in_flight=4,
    slow=((APP_TIMEOUT + 3, "late"), (4 * APP_TIMEOUT + 4, "late")),
    corrupt=4,
)
LONG = Sizes(
    paste=45,
    kill_after_send=18,
    kill_while_typing=16,
    kill_in_flight=16,
    slow=(
        (APP_TIMEOUT + 3, "late"),
        (APP_TIMEOUT + 3, "at_once"),
        (4 * APP_TIMEOUT + 4, "late"),
        (4 * APP_TIMEOUT + 10, "late"),
    ),
    corrupt=8,
)


def chosen(env: dict[str, str] | None = None) -> Sizes:
    env = dict(os.environ) if env is None else env
    return LONG if env.get(LONG_VARIABLE, "") not in ("", "0") else SAMPLE
