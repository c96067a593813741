# ruff: noqa: E501
"""Issue 16 in the demo workspace: internal channels where the team swarms on customer problems,
and conversations where writing is not working.

- #eng-support (public): Jonas pastes the link of Globex's stuck-deploys thread (the customer
  wrote "thanks, but it still fails on prod" 90 minutes ago, our last word was 4 h 40 m ago) and
  four engineers swarm on it for an hour and a half, 35 messages, the latest 2 minutes ago, while
  Globex hears nothing: a silent swarm. Around it, chatter with no link, a link to a status page
  (not Slack) and a link to another internal message: all read and discarded.
- #team-payments (private): a link to a reply in Stark Logistics' label thread, in the
  `?thread_ts=…&cid=…` form, with a short internal thread.
- a group DM (Alex, Priya, Jonas): the browser's `app.slack.com/client/…` link to Acme's webhook
  thread, where Dana offered to "jump on a call".
- Initech: a thread that went back and forth six times without getting anywhere.

Everything is placed relative to `now` and deterministic.
"""

from __future__ import annotations

from oncall_tui.demo.records import Channel
from oncall_tui.demo.workspace import Workspace

ENG_SUPPORT_ID = "C0ENGSUPP1"
TEAM_PAYMENTS_ID = "C0TEAMPAY1"
GROUP_DM_ID = "G0MPDMAPJ1"
_TEAM = "T0NORTHWND"
_HOST = "https://northwind-cloud.slack.com"
_ALEX, _PRIYA, _JONAS, _MEI, _SAM = (
    "U0NWALEX01",
    "U0NWPRIYA1",
    "U0NWJONAS1",
    "U0NWMEI001",
    "U0NWSAMOK1",
)
_ROHAN = "U0INTROHAN"

_SWARM = (
    (_PRIYA, "eu-north scheduler again? we cleared the lease at 10:20"),
    (_MEI, "lease is fine this time, holder is the new scheduler pod"),
    (_SAM, "anything in the deploy-controller logs for dep_47c9aa?"),
    (_JONAS, "`waiting for capacity reservation` every 30 s since 13:31"),
    (_PRIYA, "capacity in eu-north-1b looks full, 1a and 1c have room"),
    (_MEI, "their prod pool is pinned to 1b, staging is not, which explains staging working"),
    (_SAM, "who pinned it? that's not a default"),
    (
        _JONAS,
        "migration script from the March AZ rebalance, it pinned every pool that had >50 nodes",
    ),
    (_PRIYA, "so every big customer in eu-north is pinned to one AZ?"),
    (_MEI, "looks like 14 orgs"),
    (_SAM, "ok this is bigger than Globex. Opening an incident? "),
    (_JONAS, "not yet, only Globex deploys are blocked, the others have capacity"),
    (_PRIYA, "can we unpin just Globex prod as a stopgap?"),
    (_MEI, "unpinning needs a pool restart, their prod would roll"),
    (_SAM, "not without telling them"),
    (_JONAS, "alternative: raise the 1b reservation by 20 nodes"),
    (_PRIYA, "quota for 1b is at 96%"),
    (_MEI, "we could borrow from the internal canary pool"),
    (_SAM, "canary is needed for the 16:00 release"),
    (_JONAS, "release could use 1c canaries, I'll check with release eng"),
    (_PRIYA, "release eng says 1c canaries are fine"),
    (_MEI, "moving 20 nodes from canary-1b to globex-prod reservation"),
    (_JONAS, "dep_47c9aa picked up a reservation, it's building"),
    (_SAM, "🎉"),
    (_PRIYA, "build failed: image pull from eu-north registry mirror timed out"),
    (_MEI, "mirror in 1b is saturated too, same root cause"),
    (_JONAS, "pointing their pool at the 1a mirror"),
    (_SAM, "do we need their approval for a mirror change? it's transparent to them"),
    (_PRIYA, "transparent, no approval needed"),
    (_JONAS, "retrying dep_47c9aa"),
    (_MEI, "pulling at 400 MB/s now"),
    (_PRIYA, "build done, rolling out to 3/12 nodes"),
    (_SAM, "someone should tell Greta what's going on, it's been hours"),
    (_JONAS, "rollout 8/12, health checks green"),
)


def _permalink(channel_id: str, ts: str, thread_ts: str | None = None) -> str:
    link = f"{_HOST}/archives/{channel_id}/p{ts.replace('.', '')}"
    if thread_ts is not None:
        link += f"?thread_ts={thread_ts}&amp;cid={channel_id}"
    return link


def _first_starting(workspace: Workspace, channel_id: str, text: str) -> str:
    return next(m.ts for m in workspace.timeline(channel_id) if m.text.startswith(text))


def add_internal_swarm(workspace: Workspace, now: float) -> None:
    """Add the internal channels and their threads; the customer threads they link to must be
    seeded first."""
    created = now - 90 * 86400
    engineers = {_ALEX, _PRIYA, _JONAS, _MEI, _SAM}
    for channel in (
        Channel(
            ENG_SUPPORT_ID,
            "eng-support",
            created,
            _SAM,
            _TEAM,
            members=set(engineers),
            shared_team_ids=[_TEAM],
        ),
        Channel(
            TEAM_PAYMENTS_ID,
            "team-payments",
            created,
            _SAM,
            _TEAM,
            is_private=True,
            members={_ALEX, _PRIYA, _SAM},
            shared_team_ids=[_TEAM],
        ),
        Channel(
            GROUP_DM_ID,
            "mpdm-alex--priya--jonas-1",
            created,
            _ALEX,
            _TEAM,
            is_private=True,
            is_mpim=True,
            members={_ALEX, _PRIYA, _JONAS},
            shared_team_ids=[_TEAM],
        ),
    ):
        workspace.add_channel(channel)

    def say(
        channel: str, user: str, minutes_ago: float, text: str, thread_ts: str | None = None
    ) -> str:
        return workspace.post(
            channel, user, text, at=now - minutes_ago * 60, thread_ts=thread_ts
        ).ts

    # #eng-support: chatter (discarded), the delegation link and the swarm under it.
    say(ENG_SUPPORT_ID, _SAM, 200, "Reminder: eu-north maintenance window moved to Thursday")
    say(
        ENG_SUPPORT_ID,
        _MEI,
        150,
        "status page draft for the webhook delay: https://status.northwind.example/incidents/77",
    )
    globex = _first_starting(workspace, "C0EXTGLBX1", "Deploys to eu-north are stuck")
    parent = say(
        ENG_SUPPORT_ID,
        _JONAS,
        88,
        f"Globex deploys stuck again after we cleared the lease, customer is waiting: <{_permalink('C0EXTGLBX1', globex)}|Globex thread>. Can someone help dig?",
    )
    step = 84 / len(_SWARM)
    for index, (author, text) in enumerate(_SWARM):
        say(ENG_SUPPORT_ID, author, 86 - index * step, text, thread_ts=parent)
    note = say(ENG_SUPPORT_ID, _PRIYA, 40, "lunch order closes at 13:00")
    say(ENG_SUPPORT_ID, _SAM, 35, f"see <{_permalink(ENG_SUPPORT_ID, note)}|Priya's note>")

    # #team-payments (private): a link to a reply of Stark's label thread.
    stark = "C0EXTSTRK1"
    label = _first_starting(workspace, stark, "Bulk label API returns")
    reply = workspace.replies(stark, label)[0].ts
    t = say(
        TEAM_PAYMENTS_ID,
        _PRIYA,
        150,
        f"Stark's label failures might be our address validator: {_permalink(stark, reply, label)}",
    )
    say(
        TEAM_PAYMENTS_ID,
        _SAM,
        140,
        "validator limit is 35 chars since the v3 schema, docs say 100",
        thread_ts=t,
    )
    say(TEAM_PAYMENTS_ID, _ALEX, 130, "I'll take it", thread_ts=t)

    # Group DM: the browser's address of Acme's webhook thread.
    acme = "C0EXTACME1"
    webhook = _first_starting(workspace, acme, "Our webhook receiver started rejecting")
    t = say(
        GROUP_DM_ID,
        _PRIYA,
        36,
        f"Dana wants a call about the 401s https://app.slack.com/client/{_TEAM}/{acme}/thread/{acme}-{webhook}",
    )
    say(GROUP_DM_ID, _ALEX, 34, "I can take a call after 16:00", thread_ts=t)

    add_back_and_forth(workspace, now)


def add_back_and_forth(workspace: Workspace, now: float) -> None:
    """Initech: six round trips on one problem and no end in sight."""
    initech = "C0EXTINTC1"
    turns = (
        (
            _ROHAN,
            330,
            "Webhook signature verification fails for events whose payload has non-ASCII characters (customer names like Zoë). ASCII-only events verify fine.",
        ),
        (_ALEX, 320, "Are you verifying against the raw request body, before any JSON parsing?"),
        (_ROHAN, 300, "Yes, raw body, bytes straight from the socket."),
        (_ALEX, 285, "Which HMAC library and encoding? The signature is over the UTF-8 bytes."),
        (_ROHAN, 260, "hmac from the Python stdlib, body.encode('utf-8')."),
        (
            _ALEX,
            245,
            "If the body is already bytes, encoding it again can't work. Could you log repr(body) for one failing event?",
        ),
        (
            _ROHAN,
            220,
            "It's bytes, we don't encode again, that was shorthand. Here's one: evt_5512.",
        ),
        (
            _ALEX,
            200,
            "evt_5512 verifies on our side with your secret. Is a proxy in front of you re-encoding?",
        ),
        (_ROHAN, 170, "There is an nginx in front. We checked its config, no body rewriting."),
        (_ALEX, 150, "Could you try the endpoint without nginx for one test event?"),
        (_ROHAN, 100, "Tried it: same failure without nginx."),
        (_ALEX, 80, "Thanks. Could you send the exact header values you receive for evt_5580?"),
        (_ROHAN, 12, "Sent them in the ticket. Same result, we've been at this all day."),
    )
    parent: str | None = None
    for author, minutes_ago, text in turns:
        posted = workspace.post(initech, author, text, at=now - minutes_ago * 60, thread_ts=parent)
        parent = parent or posted.ts
