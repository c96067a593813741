"""Kinds of work: the configurable list, and totals for the report."""

from __future__ import annotations

import pytest

from oncall_tui.domain.tags import DEFAULT_KINDS, TagError, check_kinds, kind_totals


def test_the_default_kinds() -> None:
    assert DEFAULT_KINDS == (
        "bug",
        "question",
        "how-to",
        "feature request",
        "incident",
        "configuration",
    )
    assert check_kinds(DEFAULT_KINDS) == DEFAULT_KINDS


def test_kinds_are_trimmed() -> None:
    assert check_kinds(["  bug ", "outage"]) == ("bug", "outage")


@pytest.mark.parametrize(
    ("kinds", "says"),
    [
        ([], "at least one kind"),
        (["bug", ""], "item 2: expected a kind"),
        (["bug", 3], "item 2: expected a kind"),
        (["bug", "Bug"], 'item 2: "Bug" repeats item 1'),
        (["two\nlines"], "item 1: a kind must fit on one line"),
        (["x" * 41], "item 1: at most 40 characters, got 41"),
        (["Untagged"], 'item 1: "untagged" is what conversations without a kind show'),
    ],
)
def test_a_bad_list_names_the_item_and_the_fix(kinds: list[object], says: str) -> None:
    with pytest.raises(TagError) as caught:
        check_kinds(kinds)
    assert says in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


def test_totals_biggest_first_then_in_configured_order_untagged_last() -> None:
    tags = {"a": "question", "b": "bug", "c": "bug", "d": "how-to", "e": "retired kind"}
    totals = kind_totals(tags, ["a", "b", "c", "d", "e", "f", "g"])
    assert totals == [
        ("bug", 2),
        ("question", 1),
        ("how-to", 1),
        ("retired kind", 1),  # no longer configured, still counted
        ("untagged", 2),
    ]
    assert kind_totals(tags, []) == []
