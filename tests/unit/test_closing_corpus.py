"""The closing classifier graded on labelled corpora it was not written from.

tests/data/closing_corpus.jsonl and tests/data/closing_corpus_2.jsonl were written by engineers
who had not seen the classifier (see tests/data/README.md). Rules are tuned on corpus 1's "dev"
split and on corpus 2 (all "dev"); corpus 1's "holdout" split is reported apart and never read.
The bar: no ask is ever classed as closing (precision 100% on every split), and at least 90% of
closings are recognised on corpus 1 as a whole and on corpus 2. "ambiguous" messages are not
scored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from oncall_tui.domain.pleasantry import is_pleasantry
from tests.figures import report_figures

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA / "closing_corpus.jsonl"
CORPUS_2 = DATA / "closing_corpus_2.jsonl"
RECALL_BAR = 0.90
# The splits graded, in the order they are printed.
SPLITS = ("c1 dev", "c1 holdout", "c1 all", "c2", "all")


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
            f"{name:<11} precision {self.precision:6.1%}  recall {self.recall:6.1%}  "
            f"TP {self.true_positives}  FP {len(self.false_positives)}  "
            f"FN {len(self.false_negatives)}"
        )


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
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
    first = _records(CORPUS)
    second = _records(CORPUS_2)
    found = {
        "c1 dev": _score([record for record in first if record["split"] == "dev"]),
        "c1 holdout": _score([record for record in first if record["split"] == "holdout"]),
        "c1 all": _score(first),
        "c2": _score(second),
        "all": _score(first + second),
    }
    lines = [found[name].line(name) for name in SPLITS]
    lines.append(
        "false positives (asks classed closing): "
        + (", ".join(found["all"].false_positives) or "none")
    )
    # Only the tuning splits' misses are named: the held-out ones stay unread, so no rule is
    # written from them.
    for name in ("c1 dev", "c2"):
        lines.append(
            f"false negatives on {name} (closings missed): "
            + (", ".join(found[name].false_negatives) or "none")
        )
    report_figures("closing classifier on tests/data/closing_corpus*.jsonl", "\n".join(lines))
    return found


@pytest.mark.parametrize("split", SPLITS)
def test_no_ask_is_ever_classed_as_closing(scores: dict[str, Score], split: str) -> None:
    assert scores[split].false_positives == [], scores[split].line(split)


@pytest.mark.parametrize("split", ["c1 all", "c2"])
def test_most_closings_are_recognised(scores: dict[str, Score], split: str) -> None:
    assert scores[split].recall >= RECALL_BAR, scores[split].line(split)
