"""Shared pieces of the closing vocabulary: placeholders and how phrase families are written."""

from __future__ import annotations

from itertools import product

# Where a number or an id stands in a phrase ("fixed in 3.4.1", "ticket #4821 can be closed").
REFERENCE = "<ref>"
# Where a clause ends (",", ".", a line break, " - "): the customer's own words stop there.
BOUNDARY = "\x1f"
# A part of a family that stands for up to FREE_WORDS words of the customer's own.
FREE = "*"
FREE_WORDS = 6
# The same, for one or two words only: what a statement is about ("the webhooks", "our exports").
FEW = "*2"
# Where a name holding digits stands ("v3", "s3", "INC-4821", an inline `code` span): it may be
# what works again, unlike a bare count ("3 working" says nothing of the others).
NAME = "<name>"
# Where a person's name stands: a capitalised word we do not know, inside a sentence ("thanks
# Priya", "cheers, Tom", a name on the line under "Best,"). Only address slots accept it.
PERSON = "<person>"
# Where a short piece of healthy output stands: "`0 problems found`", "`all checks passed`".
HEALTHY = "<healthy>"
# Open slots for the customer's own words, each with a role and its own guards (see
# `closing_grammar.py`): what a statement is about ("dashboards", "the nightly run"), what the
# customer thanks us for ("the explanation", "staying late"), a step that fixed it ("clearing
# the cache"). None takes a problem word, a hedge, a count or a word addressed to us.
SUBJECT = "*subject"
THING = "*thing"
DOING = "*doing"
# One or two words that name trouble, the last one at least ("timeouts", "data loss"), in what
# the customer says is gone: "haven't seen a timeout since", "it's not slow anymore".
TROUBLE = "*trouble"


# An approving emoji ("👍", ":tada:", "✅"), itself a closing phrase: "exports ✅".
APPROVING = "\x00approving"


# A phrase family: one choice from each part in turn ("" leaves a part out). Matched part by part
# rather than spelled out, as the families below hold some hundred thousand phrases.
Template = tuple[tuple[str, ...], ...]


def expand(*parts: tuple[str, ...]) -> tuple[str, ...]:
    """Every phrase made of one choice from each part ("" leaves a part out)."""
    return tuple(" ".join(word for word in choice if word) for choice in product(*parts))


def template(*parts: tuple[str, ...]) -> Template:
    return parts
