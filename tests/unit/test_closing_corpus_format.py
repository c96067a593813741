"""The closing-message corpus (tests/data/closing_corpus.jsonl) is well formed.

The corpus grades the classifier of customer messages that close a thread; this file checks only
its shape (see tests/data/README.md), never what any classifier makes of it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.figures import report_figures

CORPUS = Path(__file__).resolve().parent.parent / "data" / "closing_corpus.jsonl"
LABELS = {"closing", "ask", "ambiguous"}
SCORED = ("closing", "ask")
ORDER = ("closing", "ask", "ambiguous")
SPLITS = {"dev", "holdout"}
STYLES = {
    "terse",
    "chatty",
    "emoji",
    "non-native",
    "other-language",
    "slack-format",
    "quoted",
    "code",
    "lookalike",
    "numbers",
    "negation",
    "ticket",
    "caps",
    "typo",
    "multiline",
    "other",
}
REQUIRED = {"id": str, "text": str, "label": str, "style": str, "split": str, "note": str}


def _load() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{CORPUS.name}:{number}: not JSON ({error})")
        assert isinstance(row, dict), f"{CORPUS.name}:{number}: not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return _load()


def test_every_line_has_the_fields_with_valid_values(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        where = row.get("id", "?")
        for key, kind in REQUIRED.items():
            assert isinstance(row.get(key), kind), f"{where}: {key} missing or not a {kind}"
        assert set(row) <= {*REQUIRED, "pair"}, f"{where}: unknown keys {set(row) - {*REQUIRED}}"
        assert row["text"].strip(), f"{where}: empty text"
        assert row["label"] in LABELS, f"{where}: label {row['label']!r}"
        assert row["split"] in SPLITS, f"{where}: split {row['split']!r}"
        assert row["style"] in STYLES, f"{where}: style {row['style']!r}"
        if row["label"] == "ambiguous":
            assert row["note"], f"{where}: an ambiguous message must say why"


def test_ids_and_texts_are_unique(rows: list[dict[str, Any]]) -> None:
    ids = Counter(row["id"] for row in rows)
    texts = Counter(row["text"] for row in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [t for t, n in texts.items() if n > 1] == []


def test_enough_scored_messages_of_both_labels(rows: list[dict[str, Any]]) -> None:
    labels = Counter(row["label"] for row in rows)
    scored = sum(labels[label] for label in SCORED)
    assert scored >= 400
    for label in SCORED:
        assert labels[label] >= 0.35 * scored, f"{label}: {labels[label]} of {scored}"
    assert labels["ambiguous"] < 0.05 * len(rows)


def test_every_style_is_seen(rows: list[dict[str, Any]]) -> None:
    assert STYLES - {row["style"] for row in rows} == set()


def test_look_alike_pairs_point_at_each_other_across_labels(rows: list[dict[str, Any]]) -> None:
    assert_pairs_are_mutual_look_alikes(rows)


def assert_pairs_are_mutual_look_alikes(rows: list[dict[str, Any]]) -> None:
    """Each `pair` names an existing message of the other label that names it back, with a
    note saying why; at least a third of the messages are in pairs."""
    by_id = {row["id"]: row for row in rows}
    paired = [row for row in rows if "pair" in row]
    for row in paired:
        other = by_id.get(row["pair"])
        assert other is not None, f"{row['id']}: pair {row['pair']} does not exist"
        assert other.get("pair") == row["id"], f"{row['id']}: pair is not mutual"
        assert {row["label"], other["label"]} == set(SCORED), f"{row['id']}: pair of one label"
        assert row["note"], f"{row['id']}: a look-alike must say why"
    assert len(paired) >= len(rows) / 3


def test_holdout_is_about_forty_percent_of_each_label(rows: list[dict[str, Any]]) -> None:
    for label in LABELS:
        group = [row for row in rows if row["label"] == label]
        holdout = sum(row["split"] == "holdout" for row in group)
        assert 0.3 * len(group) <= holdout <= 0.5 * len(group), f"{label}: {holdout}/{len(group)}"


def test_report_counts(rows: list[dict[str, Any]]) -> None:
    labels = Counter(row["label"] for row in rows)
    splits = Counter((row["split"], row["label"]) for row in rows)
    styles = Counter(row["style"] for row in rows)
    paired = sum("pair" in row for row in rows)
    lines = [
        f"{len(rows)} messages: " + ", ".join(f"{labels[label]} {label}" for label in ORDER),
        *(
            f"{split}: "
            + ", ".join(
                f"{splits[split, label]} {label}" for label in ("closing", "ask", "ambiguous")
            )
            for split in ("dev", "holdout")
        ),
        f"look-alike pair members: {paired} ({paired / len(rows):.0%})",
        "styles: " + ", ".join(f"{style} {n}" for style, n in styles.most_common()),
    ]
    report_figures("closing corpus", "\n".join(lines))
    assert len(rows) == sum(labels.values())
