"""Investment candidates: which product areas cost the rotation most, for how many customers, and
how persistently, so the team can decide what doc, fix or tool would remove the work.

Score = person-hours this week × customers affected this week × weeks seen out of the last 8
(this one included). Hours are estimates (domain/effort.py). Each conversation counts under its
accepted area, else the area its rules suggest (counted apart as "suggested"), else UNTAGGED,
which is never a candidate but is shown, so a partial picture is not taken for the whole.

Weekly totals (`WeekTotal`) hold numbers and names of areas and kinds only, never message text:
they are kept beyond the message retention so the trend covers weeks whose messages are gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from oncall_tui.domain.areas import AreaRule, people_texts, suggest
from oncall_tui.domain.effort import EffortEstimate, estimate_effort
from oncall_tui.domain.model import Conversation, ScheduledCall, SlackMessage
from oncall_tui.domain.slack_text import first_line, render_slack_text
from oncall_tui.domain.tags import UNTAGGED

INVESTMENT_KINDS = ("doc", "fix", "tool", "product change", "expected support")
TREND_WEEKS = 8
# The investment a kind of work most often calls for; the engineer sets another with one key.
_SUGGESTED_FOR_KIND = {
    "how-to": "doc",
    "question": "doc",
    "bug": "fix",
    "incident": "fix",
    "configuration": "tool",
    "feature request": "product change",
}


@dataclass(frozen=True)
class ConversationWork:
    """One conversation's part in the week: where it counts and what it cost."""

    key: str
    customer: str
    title: str
    area: str  # UNTAGGED when neither accepted nor suggested
    area_confirmed: bool  # accepted by the engineer, not only suggested
    kind: str  # the conversation's kind of work, UNTAGGED when none
    effort: EffortEstimate
    kind_confirmed: bool = True  # tagged by the engineer (`t`), not only suggested


@dataclass(frozen=True)
class WeekTotal:
    """One week's totals for an area and a kind of work: numbers only, kept for the trend."""

    week: date  # the week's Monday
    area: str
    kind: str
    conversations: int
    customers: int
    person_hours: float
    calls: int


@dataclass(frozen=True)
class Candidate:
    area: str
    kind: str | None  # None: all kinds of the area together
    person_hours: float
    customers: tuple[str, ...]
    weeks_seen: int  # of the last TREND_WEEKS, this one included
    work: tuple[ConversationWork, ...]  # the evidence, costliest first
    calls: int
    kinds: tuple[tuple[str, int], ...]  # kinds of work among the conversations, most first
    investment: str  # chosen, else suggested from the kinds; "" when nothing suggests one
    investment_chosen: bool
    trend: tuple[float, ...]  # person-hours per week, oldest first, this week last

    @property
    def label(self) -> str:
        return self.area if self.kind is None else f"{self.area} / {self.kind}"

    @property
    def score(self) -> float:
        return self.person_hours * len(self.customers) * self.weeks_seen


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def title_of(conversation: Conversation) -> str:
    for message in conversation.messages:
        line = first_line(render_slack_text(message.text, {}, {}), 70)
        if line:
            return line
    return conversation.key


def conversation_work(
    conversations: Iterable[Conversation],
    *,
    is_ours: Callable[[SlackMessage], bool],
    tags: Mapping[str, str],
    areas: Mapping[str, str],
    rules: Sequence[AreaRule],
    kind_rules: Sequence[AreaRule] = (),
    kinds: Sequence[str] = (),
    calls: Sequence[ScheduledCall],
    since: float,
    until: float,
    channel_names: Mapping[str, str] | None = None,
    linked: Mapping[str, Sequence[SlackMessage]] | None = None,
) -> list[ConversationWork]:
    """Every conversation with our work (messages or a held call) in [since, until). Without an
    accepted area (`areas`) or kind (`tags`), the rules' suggestion counts, marked as such; kinds
    are suggested only among `kinds`."""
    calls_by_key: dict[str, list[ScheduledCall]] = defaultdict(list)
    for call in calls:
        calls_by_key[call.conversation_key].append(call)
    names = channel_names or {}
    found: list[ConversationWork] = []
    for conversation in conversations:
        effort = estimate_effort(
            conversation.messages,
            is_ours,
            calls_by_key.get(conversation.key, ()),
            linked_messages=(linked or {}).get(conversation.key, ()),
            since=since,
            until=until,
        )
        if effort.person_hours <= 0:
            continue
        texts = people_texts(conversation.messages)
        area, confirmed = areas.get(conversation.key), True
        if not area:
            suggestion = suggest(
                rules,
                texts,
                channel_id=conversation.channel_id,
                channel_name=names.get(conversation.channel_id, ""),
                customer=conversation.customer,
            )
            area, confirmed = (suggestion.name, False) if suggestion else (UNTAGGED, False)
        kind, kind_confirmed = tags.get(conversation.key), True
        if not kind:
            guess = suggest(kind_rules, texts, allowed=kinds) if kinds else None
            kind, kind_confirmed = (guess.name, False) if guess else (UNTAGGED, False)
        found.append(
            ConversationWork(
                conversation.key,
                conversation.customer,
                title_of(conversation),
                area,
                confirmed,
                kind,
                effort,
                kind_confirmed,
            )
        )
    return found


def week_totals(work: Sequence[ConversationWork], week: date) -> list[WeekTotal]:
    """The week's totals per (area, kind), for the store."""
    groups: dict[tuple[str, str], list[ConversationWork]] = defaultdict(list)
    for item in work:
        groups[(item.area, item.kind)].append(item)
    return [
        WeekTotal(
            week,
            area,
            kind,
            len(items),
            len({i.customer for i in items}),
            round(sum(i.effort.person_hours for i in items), 3),
            sum(i.effort.calls for i in items),
        )
        for (area, kind), items in sorted(groups.items())
    ]


def trend_weeks(week: date) -> list[date]:
    """The last TREND_WEEKS Mondays, oldest first, ending with `week`."""
    return [week - timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]


def rank_candidates(
    work: Sequence[ConversationWork],
    history: Sequence[WeekTotal],
    week: date,
    choices: Mapping[str, str],
    *,
    by_kind: bool = False,
) -> list[Candidate]:
    """Areas (or area × kind with `by_kind`) ranked by score, highest first; ties by hours,
    then name. `history` is stored totals of earlier weeks (this week's come from `work`);
    `choices` maps a candidate's label to the investment the engineer set."""
    weeks = trend_weeks(week)
    past: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for total in history:
        if total.week in weeks and total.week != week and total.conversations > 0:
            label = f"{total.area} / {total.kind}" if by_kind else total.area
            past[label][total.week] += total.person_hours
    groups: dict[tuple[str, str | None], list[ConversationWork]] = defaultdict(list)
    for item in work:
        if item.area != UNTAGGED:
            groups[(item.area, item.kind if by_kind else None)].append(item)
    found: list[Candidate] = []
    for (area, kind), items in groups.items():
        label = area if kind is None else f"{area} / {kind}"
        hours = sum(i.effort.person_hours for i in items)
        per_week = past[label]
        trend = tuple(hours if w == week else per_week.get(w, 0.0) for w in weeks)
        seen = 1 + sum(1 for w in weeks if w != week and w in per_week)
        kinds = _kinds(items)
        chosen = choices.get(label, "")
        found.append(
            Candidate(
                area=area,
                kind=kind,
                person_hours=hours,
                customers=tuple(sorted({i.customer for i in items})),
                weeks_seen=seen,
                work=tuple(sorted(items, key=lambda i: (-i.effort.person_hours, i.key))),
                calls=sum(i.effort.calls for i in items),
                kinds=kinds,
                investment=chosen or _suggested_investment(kinds),
                investment_chosen=bool(chosen),
                trend=trend,
            )
        )
    return sorted(found, key=lambda c: (-c.score, -c.person_hours, c.label.casefold()))


def _kinds(items: Sequence[ConversationWork]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.kind] += 1
    return tuple(sorted(counts.items(), key=lambda kv: (kv[0] == UNTAGGED, -kv[1], kv[0])))


def _suggested_investment(kinds: Sequence[tuple[str, int]]) -> str:
    for kind, _ in kinds:
        if kind in _SUGGESTED_FOR_KIND:
            return _SUGGESTED_FOR_KIND[kind]
    return ""


def check_investment(choice: str) -> str:
    """One of INVESTMENT_KINDS (case-insensitive); raises ValueError naming the choices."""
    for kind in INVESTMENT_KINDS:
        if choice.strip().casefold() == kind:
            return kind
    raise ValueError(f"investment {choice!r}: expected one of {', '.join(INVESTMENT_KINDS)}")
