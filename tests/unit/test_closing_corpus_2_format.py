"""The second closing-message corpus (tests/data/closing_corpus_2.jsonl) is well formed.

It is tuning data (every line split "dev") written blind by a second engineer; see
tests/data/README.md. This file checks only its shape and that none of its texts repeats one of
the first corpus, never what any classifier makes of it."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.figures import report_figures
from tests.unit.test_closing_corpus_format import (
    LABELS,
    ORDER,
    REQUIRED,
    SCORED,
    STYLES,
    assert_pairs_are_mutual_look_alikes,
)

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA / "closing_corpus_2.jsonl"
FIRST = DATA / "closing_corpus.jsonl"
# What Slack's Web API never sends raw: &, < and > outside its own <...> entities are escaped.
ENTITY = re.compile(
    r"<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+\|[^<>|]+|![a-z]+|(?:https?://|mailto:)[^<>|\s]+(?:\|[^<>]+)?)>"
)
RAW_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


def _load(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            pytest.fail(f"{path.name}:{number}: not JSON ({error})")
        assert isinstance(row, dict), f"{path.name}:{number}: not an object"
        rows.append(row)
    return rows


def _same_text(text: str) -> str:
    """Texts that differ only in case or spacing count as the same message."""
    return " ".join(text.casefold().split())


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return _load(CORPUS)


def test_every_line_has_the_fields_with_valid_values(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        where = row.get("id", "?")
        for key, kind in REQUIRED.items():
            assert isinstance(row.get(key), kind), f"{where}: {key} missing or not a {kind}"
        assert set(row) <= {*REQUIRED, "pair"}, f"{where}: unknown keys {set(row) - {*REQUIRED}}"
        assert row["text"].strip(), f"{where}: empty text"
        assert row["label"] in LABELS, f"{where}: label {row['label']!r}"
        assert row["split"] == "dev", f"{where}: split {row['split']!r}, this corpus is tuning data"
        assert row["style"] in STYLES, f"{where}: style {row['style']!r}"
        if row["label"] == "ambiguous":
            assert row["note"], f"{where}: an ambiguous message must say why"


def test_ids_run_from_d0001_without_gaps(rows: list[dict[str, Any]]) -> None:
    assert [row["id"] for row in rows] == [f"d{n:04d}" for n in range(1, len(rows) + 1)]


def test_texts_are_unique_here_and_across_both_corpora(rows: list[dict[str, Any]]) -> None:
    texts = Counter(_same_text(row["text"]) for row in rows)
    assert [row["id"] for row in rows if texts[_same_text(row["text"])] > 1] == []
    first = {_same_text(row["text"]) for row in _load(FIRST)}
    # Names only this corpus's ids, so the first corpus's holdout texts are never shown.
    assert [row["id"] for row in rows if _same_text(row["text"]) in first] == []


def test_text_is_encoded_as_the_slack_web_api_sends_it(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        outside = ENTITY.sub("", row["text"])
        assert "<" not in outside and ">" not in outside, f"{row['id']}: raw < or >"
        assert not RAW_AMPERSAND.search(outside), f"{row['id']}: raw &, Slack sends &amp;"


def test_enough_scored_messages_of_both_labels(rows: list[dict[str, Any]]) -> None:
    labels = Counter(row["label"] for row in rows)
    scored = sum(labels[label] for label in SCORED)
    assert scored >= 420
    for label in SCORED:
        assert labels[label] >= 0.40 * scored, f"{label}: {labels[label]} of {scored}"
    assert 0 < labels["ambiguous"] < 0.05 * len(rows)


def test_every_style_is_seen(rows: list[dict[str, Any]]) -> None:
    assert STYLES - {row["style"] for row in rows} == set()


def test_look_alike_pairs_point_at_each_other_across_labels(rows: list[dict[str, Any]]) -> None:
    assert_pairs_are_mutual_look_alikes(rows)


def test_report_counts(rows: list[dict[str, Any]]) -> None:
    labels = Counter(row["label"] for row in rows)
    cells = Counter((row["style"], row["label"]) for row in rows)
    styles = Counter(row["style"] for row in rows)
    paired = sum("pair" in row for row in rows)
    scored = labels["closing"] + labels["ask"]
    lines = [
        f"{len(rows)} messages, all dev: "
        + ", ".join(f"{labels[label]} {label}" for label in ORDER)
        + f" (closing {labels['closing'] / scored:.1%} of {scored} scored)",
        f"look-alike pair members: {paired} ({paired / len(rows):.0%})",
        f"{'style':<16}" + "".join(f"{label:>10}" for label in ORDER) + f"{'total':>8}",
        *(
            f"{style:<16}"
            + "".join(f"{cells[style, label]:>10}" for label in ORDER)
            + f"{total:>8}"
            for style, total in styles.most_common()
        ),
    ]
    report_figures("closing corpus 2 (tuning)", "\n".join(lines))
    assert len(rows) == sum(cells.values())
