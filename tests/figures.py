"""Figures a test measured (precision and recall, counts of lost or doubled posts), printed once
at the end of the pytest run, before its closing summary line, so they reach the CI log."""

from __future__ import annotations

FIGURES: list[tuple[str, str]] = []


def report_figures(title: str, text: str) -> None:
    """Keep `text` (one or more lines) to print under `title` when the run ends."""
    FIGURES.append((title, text.rstrip("\n")))
