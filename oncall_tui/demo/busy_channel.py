# ruff: noqa: E501
"""A busy customer channel for the demo: hundreds of top-level messages over two weeks between
many people of one customer (Contoso Retail) and ours, a few threads, and a customer waiting
about 40 minutes whose question sits after all of them.

It shows the first sync filling in: the channel's rows appear as soon as its history page is
read, while the replies of its threads are still being read ("syncing…" in their timer cells,
"N not read yet" in the header). Deterministic: the same workspace every time.
"""

from __future__ import annotations

import random

from oncall_tui.demo.records import Channel, Team, User
from oncall_tui.demo.workspace import Workspace

CONTOSO = Team("T0CONTOSO1", "Contoso Retail", "contoso-retail")
BUSY_CHANNEL_ID = "C0EXTCNTS1"
BUSY_CHANNEL_NAME = "ext-contoso-retail"
EXCHANGES = 170  # a customer's question (sometimes seconded) and our answer, ✅ when done

# fmt: off
# (id, handle, real name, display name, title, tz)
CONTOSO_PEOPLE = (
    ("U0CTSAISHA", "aisha.k", "Aisha Karimi", "Aisha", "Head of E-commerce", "Europe/Amsterdam"),
    ("U0CTSBRUNO", "bruno", "Bruno Costa", "", "Backend Developer", "Europe/Lisbon"),
    ("U0CTSCHLOE", "chloe.m", "Chloé Martin", "Chloé", "QA Lead", "Europe/Paris"),
    ("U0CTSDMITR", "dmitri", "Dmitri Volkov", "Dima", "SRE", "Europe/Berlin"),
    ("U0CTSEMEKA", "emeka", "Emeka Obi", "Emeka (Contoso)", "Data Engineer", "Africa/Lagos"),
    ("U0CTSFIONA", "fiona", "Fiona Walsh", "Fi", "Product Manager", "Europe/Dublin"),
    ("U0CTSGOPAL", "gopal.r", "Gopal Rao", "Gopal", "Platform Architect", "Asia/Kolkata"),
    ("U0CTSHANNA", "hanna", "Hanna Lindgren", "", "Mobile Developer", "Europe/Stockholm"),
    ("U0CTSIGORP", "igor.p", "Igor Petrov", "Igor", "DBA", "Europe/Warsaw"),
    ("U0CTSJULIA", "julia.s", "Julia Santos", "Julia", "Support Manager", "America/Sao_Paulo"),
)
# fmt: on

_QUESTIONS = (
    "Is there a way to raise the webhook retry limit above 5 for our order events?",
    "Our nightly export to s3://contoso-exports came out empty, job exp_{n}. Any idea?",
    "Quick one: does the EU region support the new bulk tagging endpoint yet?",
    "We see 502s on /v2/catalog for about a minute around {h}:00 UTC, request id req_{n}",
    "Can you confirm the rate limit for the search API on our plan?",
    "The invoice for last month lists 14 seats, we only have 11 active. Can someone check?",
    "Is the SDK 5.1 breaking change for pagination documented anywhere?",
    "Our staging key stopped working this morning, was it rotated on your side?",
    "Do you have an ETA for the Android push fix mentioned in the changelog?",
    "How long do you keep audit logs? Our compliance team is asking.",
    "Could you enable the beta analytics dashboard for our org?",
    "p95 latency on checkout events doubled since yesterday, dashboards attached",
)
_SECONDS = (
    "+1, we see the same from the warehouse side",
    "same here on the mobile app",
    "adding: it started after our deploy at {h}:30, not sure if related",
)
_ANSWERS = (
    "Hi {name}, yes: Settings → Webhooks → Retries, up to 10. I've raised it for you.",
    "Thanks {name}, found it: the export ran before the snapshot finished. Re-ran it, files are there now.",
    "Hi {name}, it's live in EU since Monday, docs updated today.",
    "{name}, that was a load balancer failover on our side; it's fixed and in the status page.",
    "Hi {name}, 600 requests/min on your plan, burst 1,000. Happy to raise it if you need.",
    "Good catch {name}: 3 seats were deactivated mid-month, credit note is on its way.",
    "Yes {name}, in the migration guide under 'Cursor pagination'. Link in the changelog too.",
    "{name}, it was rotated by your admin at 07:02 UTC per the audit log; a new one is in the console.",
    "Hi {name}, the fix ships in 7.4.2 this Thursday.",
    "{name}: 13 months by default, longer on request.",
    "Done {name}, it should show up after a re-login.",
    "Thanks {name}, a slow index after the last release; rebuilt it and p95 is back to normal.",
)
_THREADS = (
    # (customer question, [(who, text)...] replies: "us" or "them"), resolved?
    (
        "Planning our Black Friday load test: anything we should tell you beforehand?",
        [
            ("us", "Thanks for asking! Send us the window and peak RPS and we'll pre-scale."),
            ("them", "Nov 21, 14:00–16:00 UTC, about 4k RPS"),
            ("us", "Booked, we'll be watching with you."),
        ],
        True,
    ),
    (
        "Webhook signatures fail verification since this morning",
        [
            ("us", "Looking now: are you on the v2 signing secret?"),
            ("them", "Ah, we were still on v1. Switched, all good"),
            ("us", "Great, closing this one."),
        ],
        True,
    ),
    (
        "Can we get a sandbox with production-sized data?",
        [("them", "Ideally by Friday"), ("us", "Requested it, ready by Thursday.")],
        True,
    ),
    (
        "CSV import rejects rows with emoji in the product name",
        [("us", "Reproduced, the fix is deployed.")],
        True,
    ),
)


def add_busy_channel(workspace: Workspace, now: float, engineers: tuple[str, ...]) -> None:
    """Add Contoso Retail, its people and #ext-contoso-retail, full of history, to the demo."""
    rng = random.Random(20240312)
    workspace.add_team(CONTOSO)
    for user_id, handle, real_name, display_name, title, tz in CONTOSO_PEOPLE:
        workspace.add_user(User(user_id, CONTOSO.id, handle, real_name, display_name, title, tz))
    customers = [person[0] for person in CONTOSO_PEOPLE]
    first_name = {person[0]: (person[3] or person[2]).split(" ")[0] for person in CONTOSO_PEOPLE}
    workspace.add_channel(
        Channel(
            BUSY_CHANNEL_ID,
            BUSY_CHANNEL_NAME,
            now - 200 * 86400,
            engineers[0],
            workspace.our_team_id,
            is_ext_shared=True,
            members={*engineers, *customers},
            shared_team_ids=[workspace.our_team_id, CONTOSO.id],
            topic="Contoso Retail × Northwind Cloud",
        )
    )

    def post(user: str, minutes_ago: float, text: str, thread_ts: str | None = None) -> str:
        at = now - minutes_ago * 60
        return workspace.post(BUSY_CHANNEL_ID, user, text, at=at, thread_ts=thread_ts).ts

    # Two weeks of questions answered at the top level, each ✅ by whoever answered it; the
    # newest ends two hours ago.
    span = 13 * 24 * 60
    starts = sorted((rng.uniform(120, span) for _ in range(EXCHANGES)), reverse=True)
    for n, minutes_ago in enumerate(starts):
        asker, engineer = rng.choice(customers), rng.choice(engineers)
        hour = int(minutes_ago // 60) % 24
        question = rng.choice(_QUESTIONS).format(n=4000 + n, h=f"{hour:02d}")
        ts = post(asker, minutes_ago, question)
        if rng.random() < 0.35:
            other = rng.choice([c for c in customers if c != asker])
            post(other, minutes_ago - 2, rng.choice(_SECONDS).format(h=f"{hour:02d}"))
        answer = rng.choice(_ANSWERS).format(name=first_name[asker])
        post(engineer, minutes_ago - rng.uniform(4, 9), f"<@{asker}> {answer}")
        workspace.react(BUSY_CHANNEL_ID, ts, "white_check_mark", engineer)

    # A few threads, settled long ago.
    for (question, replies, resolved), days_ago in zip(_THREADS, (11, 8, 5, 3), strict=True):
        asker, engineer = rng.choice(customers), rng.choice(engineers)
        start = days_ago * 24 * 60 + rng.uniform(0, 300)
        parent = post(asker, start, question)
        for i, (who, text) in enumerate(replies, start=1):
            post(engineer if who == "us" else asker, start - 7 * i, text, thread_ts=parent)
        if resolved:
            workspace.react(BUSY_CHANNEL_ID, parent, "white_check_mark", engineer)

    # A thread nobody of ours has answered yet: its replies are read first.
    parent = post("U0CTSDMITR", 25, "Order sync to the ERP is lagging ~20 min since 09:00 UTC")
    post("U0CTSIGORP", 22, "Seeing it on the DB side too, replication looks fine", thread_ts=parent)
    post("U0CTSDMITR", 18, "Still lagging, now 30 min", thread_ts=parent)

    # The customer waiting ~40 minutes: their question comes after hundreds of older ones.
    post(
        "U0CTSJULIA",
        40,
        "Our support agents can't log in to the admin console since 10 minutes ago (SSO loops "
        "back to the login page). Is something going on?",
    )
