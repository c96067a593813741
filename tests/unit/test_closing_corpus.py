"""The closing classifier graded on a labelled corpus it was not written from.

tests/data/closing_corpus.jsonl was written by an engineer who had not seen the classifier (see
tests/data/README.md). Rules were tuned on the "dev" split only; "holdout" is reported apart.
The bar: no ask is ever classed as closing (precision 100%), and at least 90% of closings are
recognised. "ambiguous" messages are not scored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from oncall_tui.domain.pleasantry import is_pleasantry
from tests.figures import report_figures

CORPUS = Path(__file__).resolve().parent.parent / "data" / "closing_corpus.jsonl"
RECALL_BAR = 0.90


@dataclass
class Score:
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)  # asks classed closing
    false_negatives: list[str] = field(default_factory=list)  # closings missed

    @property
    def precision(self) -> float:
        classed = self.true_positives + len(self.false_positives)
        return self.true_positives / classed if classed else 1.0

    @property
    def recall(self) -> float:
        closings = self.true_positives + len(self.false_negatives)
        return self.true_positives / closings if closings else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<8} precision {self.precision:6.1%}  recall {self.recall:6.1%}  "
            f"TP {self.true_positives}  FP {len(self.false_positives)}  "
            f"FN {len(self.false_negatives)}"
        )


def _records() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _score(records: list[dict[str, str]]) -> Score:
    score = Score()
    for record in records:
        if record["label"] == "ambiguous":
            continue
        closing = is_pleasantry(record["text"])
        if closing and record["label"] == "closing":
            score.true_positives += 1
        elif closing:
            score.false_positives.append(record["id"])
        elif record["label"] == "closing":
            score.false_negatives.append(record["id"])
    return score


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    records = _records()
    found = {
        split: _score([record for record in records if record["split"] == split])
        for split in ("dev", "holdout")
    }
    found["all"] = _score(records)
    lines = [found[name].line(name) for name in ("dev", "holdout", "all")]
    lines.append(
        "false positives (asks classed closing): "
        + (", ".join(found["all"].false_positives) or "none")
    )
    # Only the dev split's misses are named: the held-out ones stay unread, so no rule is
    # written from them.
    lines.append(
        "false negatives on dev (closings missed): " + ", ".join(found["dev"].false_negatives)
    )
    report_figures("closing classifier on tests/data/closing_corpus.jsonl", "\n".join(lines))
    return found


def test_no_ask_is_ever_classed_as_closing(scores: dict[str, Score]) -> None:
    assert scores["all"].false_positives == []


@pytest.mark.xfail(
    strict=True,
    reason="recall below the 90% bar on the held-out split (see the figures printed at the end "
    "of the run); strict, so reaching the bar fails this marker and it must be removed",
)
def test_most_closings_are_recognised(scores: dict[str, Score]) -> None:
    assert scores["all"].recall >= RECALL_BAR, scores["all"].line("all")
