"""Top-level messages nobody threaded, grouped into runs (the rules are listed in
conversations.py), and what counts as a question of ours."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from oncall_tui.domain.model import Party, SlackMessage, TrailStep
from oncall_tui.domain.slack_text import first_line
from oncall_tui.domain.turns import Said

_MENTION = re.compile(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>")
_QUOTE_OR_CODE = re.compile(r"```.*?```|`[^`]*`|^>.*$", re.DOTALL | re.MULTILINE)
_SENTENCE_QUESTION = re.compile(r"\?(?:[\s)\"'”’!.]|:[a-z0-9_+-]+:|$)", re.IGNORECASE)
_ASKING = re.compile(
    r"(?:^|[.!\n]\s*)(?:(?:hi|hey|hello)\b[^,.!\n]*[,!]\s*)?"
    r"(?:can|could|would|will|do|did|does|are|is|have|has|should|may)\s+(?:you|we|it|there|this|"
    r"that|your|the)\b"
    r"|(?:^|[.!\n]\s*)(?:what|when|where|which|who|why|how)\b[^.!?\n]{0,40}?"
    r"\b(?:are|do|did|does|is|were|was|can|could|would|will|have|has)\s+(?:you|your)\b"
    r"|\bplease\s+(?:confirm|send|share|check|verify|provide|try|advise|reply|tell)\b"
    r"|\blet\s+(?:us|me)\s+know\b(?!\s+if\b)",
    re.IGNORECASE,
)


# A customer's "me too" on someone else's message: it seconds that problem rather than raising one.
_SECONDING = re.compile(
    r"^\W*(?:\+1|:\+1:|:thumbsup:|same\b|same here|same for us|same (?:issue|problem|error)\b"
    r"|(?:we|i)(?:'re| are| am|'m)? (?:also )?(?:see|seeing|getting|having|hitting)"
    r" (?:the same|this too|it too)"
    r"|(?:us|me) too\b|also seeing\b|seeing (?:the same|this too)"
    r"|can confirm\b|confirming\b|adding\b|to add\b|\^+$)",
    re.IGNORECASE,
)


def seconds_another(text: str) -> bool:
    """Whether a customer's message seconds what another person just raised ("+1, we see the
    same", "same here on mobile", "adding: it started after our deploy") instead of raising a
    problem of its own. Only the opening counts: "+1" in the middle of a new question does not."""
    return bool(_SECONDING.search(_QUOTE_OR_CODE.sub(" ", text).strip()))


def is_question(text: str) -> bool:
    """Whether a message of ours asks the customer something: a sentence ending in "?" (quoted
    text and code aside), a sentence opening like a question ("can you…", "which version are
    you on"), or a request for an answer ("please confirm", "let us know" — but not "let us
    know if…", an invitation). "FYI: maintenance tonight 22:00 UTC" asks nothing."""
    plain = _QUOTE_OR_CODE.sub(" ", text).strip()
    return bool(_SENTENCE_QUESTION.search(plain) or _ASKING.search(plain))


@dataclass
class Run:
    said: list[Said] = field(default_factory=list)
    person: str | None = None  # the customer whose run this is (None: one of us started it)
    waiting_on_us: bool = False
    notes: list[TrailStep] = field(default_factory=list)

    @property
    def last_at(self) -> float:
        return self.said[-1].message.posted_at

    def add(self, said: Said, note: str = "") -> None:
        self.said.append(said)
        if note:
            self.notes.append(TrailStep("grouping", note, said.message.ts))
        if said.is_update:
            self.waiting_on_us = False
        elif said.owes_reply:
            self.waiting_on_us = True


def author_of(message: SlackMessage) -> str:
    return message.user_id or message.bot_id or ""


def loose(item: Said) -> bool:
    """Left out of top-level runs: notices, auto-responders and our automated posts."""
    return item.party is Party.IGNORED or (item.party is Party.US and item.automated)


def _runs_for_ours(
    item: Said, runs: list[Run], gap_seconds: float, is_customer: Callable[[str], bool]
) -> list[tuple[Run, str]]:
    addressed = {user_id for user_id in _MENTION.findall(item.message.text) if is_customer(user_id)}
    if addressed:
        # Addressed to these customers: it answers their runs that wait on us (or that it
        # continues within the gap), never another customer's; else it is a new conversation.
        targets: list[tuple[Run, str]] = []
        for person in addressed:
            theirs = [run for run in runs if run.person == person]
            if theirs and (
                theirs[-1].waiting_on_us
                or item.message.posted_at - theirs[-1].last_at <= gap_seconds
            ):
                targets.append((theirs[-1], "answers this run: it @mentions its customer"))
        return targets
    open_runs = [run for run in runs if run.waiting_on_us]
    if open_runs:
        return [(open_runs[-1], "answers the latest run waiting on us (no @mention)")]
    if runs and item.message.posted_at - runs[-1].last_at <= gap_seconds:
        return [(runs[-1], "continues the latest run (within the gap)")]
    return []


def top_level_runs(
    said: list[Said], gap_seconds: float, is_customer: Callable[[str], bool]
) -> list[Run]:
    runs: list[Run] = []
    for item in said:
        if loose(item):
            waiting = [run for run in runs if run.waiting_on_us]
            if waiting and item.party is Party.US:
                waiting[-1].notes.append(
                    TrailStep(
                        "grouping",
                        "an automated post of ours answers nobody and joins no run: "
                        f"“{first_line(item.message.text, 60)}”",
                    )
                )
            continue
        author = author_of(item.message)
        targets: list[tuple[Run, str]] = []
        if item.party is Party.US:
            targets = _runs_for_ours(item, runs, gap_seconds, is_customer)
        else:
            theirs = [run for run in runs if run.person == author]
            if item.is_pleasantry and (theirs or runs):
                run = theirs[-1] if theirs else runs[-1]
                targets = [(run, "a closing acknowledgement closes the latest run")]
            elif theirs and item.message.posted_at - theirs[-1].last_at <= gap_seconds:
                targets = [(theirs[-1], "the same person again, within the gap")]
            elif (
                runs
                and runs[-1].person not in (None, author)
                and runs[-1].waiting_on_us
                and item.message.posted_at - runs[-1].last_at <= gap_seconds
                and seconds_another(item.message.text)
            ):
                # "+1, same here" joins the problem it seconds: answering that answers both.
                targets = [(runs[-1], "seconds the open run just before it (“+1”, “same here”)")]
            elif (
                runs
                and runs[-1].person is None
                and item.message.posted_at - runs[-1].last_at <= gap_seconds
            ):
                runs[-1].person = author
                targets = [(runs[-1], "answers the question one of us just asked")]
        if not targets:
            run = Run(person=author if item.party is Party.CUSTOMER else None)
            runs.append(run)
            targets = [(run, "")]
        for run, note in targets:
            run.add(item, note)
    return runs


def has_customer(said: Sequence[Said]) -> bool:
    return any(item.party is Party.CUSTOMER for item in said)


def we_asked(said: Sequence[Said]) -> bool:
    first = next((item for item in said if not loose(item)), None)
    return (
        first is not None
        and first.party is Party.US
        and not first.automated
        and is_question(first.message.text)
    )


def attach_follow_ups(
    threads: dict[str, list[SlackMessage]],
    top_level: list[SlackMessage],
    gap_seconds: float,
    understood: Callable[[SlackMessage], Said],
) -> list[SlackMessage]:
    """A customer who posts several top-level messages in a row, of which we answered the first
    in its thread, asked one question: their follow-ups (the same person, within the gap,
    nothing from us in between) belong to that thread's conversation. Returns the top-level
    messages left over."""
    parents = {
        root_ts: parent
        for root_ts, thread in threads.items()
        for parent in thread
        if parent.ts == root_ts  # a thread whose parent we never fetched has none here
    }
    timeline = sorted(
        [*parents.values(), *top_level], key=lambda message: (message.posted_at, message.ts)
    )
    left: list[SlackMessage] = []
    open_thread: str | None = None
    last_at = 0.0
    for message in timeline:
        said = understood(message)
        if message.ts in parents:
            if loose(said):
                continue
            open_thread = message.ts if said.party is Party.CUSTOMER else None
            last_at = message.posted_at
        elif (
            open_thread is not None
            and said.party is Party.CUSTOMER
            and author_of(message) == author_of(parents[open_thread])
            and message.posted_at - last_at <= gap_seconds
        ):
            threads[open_thread].append(message)
            threads[open_thread].sort(key=lambda item: (item.posted_at, item.ts))
            last_at = message.posted_at
        else:
            if not loose(said):
                open_thread = None
            left.append(message)
    return left
