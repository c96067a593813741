"""The suite's results as one table (scenario, trials, whole, cut, lost, doubled, notes), the
same from pytest (tests/e2e) and from the longer run (benchmarks/terminal_faults.py)."""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, field

COLUMNS = ("scenario", "trials", "whole", "cut", "lost", "doubled", "notes")


@dataclass
class Row:
    scenario: str
    trials: int = 0
    whole: int = 0
    cut: int = 0
    lost: int = 0
    doubled: int = 0
    unsent: int = 0  # ctrl+s did not take it: left in the composer
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what a test fails on, one line each

    def count(self, typed: str, copies: Sequence[str], *, what: str, kept: bool = False) -> None:
        """One trial: the text the user sent, and its copies now in Slack. `kept`: the app
        never took it (the composer stayed open with it): not sent, but not lost either."""
        self.trials += 1
        if not copies and kept:
            self.unsent += 1
            self.problems.append(f"{what}: never sent, left in the composer")
        elif not copies:
            self.lost += 1
            self.problems.append(f"{what}: lost ({len(typed)} characters typed)")
        elif len(copies) > 1:
            self.doubled += 1
            self.problems.append(f"{what}: {len(copies)} copies in Slack")
        elif copies[0] == typed:
            self.whole += 1
        else:
            self.cut += 1
            self.problems.append(
                f"{what}: Slack has {len(copies[0])} of {len(typed)} characters: {copies[0]!r}"
            )

    def cells(self) -> tuple[str, ...]:
        return (
            self.scenario,
            str(self.trials),
            str(self.whole),
            str(self.cut),
            str(self.lost),
            str(self.doubled),
            "; ".join(
                [*self.notes, *([f"{self.unsent} left unsent in the composer"] * bool(self.unsent))]
            ),
        )


def format_table(rows: Sequence[Row]) -> str:
    lines = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS) - 1)]
    out = []
    for line in lines:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    return "\n".join(out)


_WORDS = tuple(
    [
        "ticket",
        "deploy",
        "webhook",
        "retry",
        "token",
        "export",
        "region",
        "latency",
        "invoice",
        "customer",
        "rollout",
        "gateway",
        "timeout",
        "cache",
        "header",
        "staging",
        "incident",
        "metrics",
        "billing",
        "schema",
        "replica",
        "queue",
        "café",
        "naïve",
        "résumé",
        "Zürich",
        "—",
        "it's",
        "we'll",
        "502",
        "eu-north-1",
        "v2.4.1",
        "p95",
        "10:45",
        "UTC",
    ]
)


def typed_text(rng: random.Random, tag: str, length: int = 225) -> str:
    """`length` characters a person might type, starting with `tag` (which names the trial).
    No `&`, `<`, `>` or `@`: the app escapes or rewrites those, so Slack's text would differ."""
    words = [tag]
    while len(" ".join(words)) < length:
        word = rng.choice(_WORDS)
        if rng.random() < 0.15:
            word += rng.choice(",.?!")
        if rng.random() < 0.05:
            word = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(2, 9)))
        words.append(word)
    text = " ".join(words)[:length]
    return text.rstrip() + "x" * (length - len(text.rstrip()))


def copies_of(tag: str, texts: Sequence[str]) -> list[str]:
    """The texts in Slack that belong to the trial `tag` (tags are unique, "T007." style)."""
    return [text for text in texts if text.startswith(tag)]
