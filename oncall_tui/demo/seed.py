"""The demo workspace: Northwind Cloud's support engineers and six customers in Slack Connect
channels, with conversations in every state the dashboard knows (see /shared/TIMERS.md).

Everything is placed relative to `now`, so the demo always looks live: customers waiting minutes
to hours (some past a 15-minute first-reply target, one since yesterday), conversations waiting on
the customer, resolved with ✅, claimed with 👀, a "thanks!", a "thanks, but it still fails",
un-threaded runs, a customer's own alert bot, our relay bot answering, a join and edits.
"""

# The conversation texts read better unwrapped.
# ruff: noqa: E501

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from oncall_tui.demo.busy_channel import add_busy_channel
from oncall_tui.demo.internal_swarm import add_internal_swarm
from oncall_tui.demo.investment_history import seed_investment_history
from oncall_tui.demo.patterns import seed_patterns
from oncall_tui.demo.records import (
    AttachedFile,
    Bot,
    Channel,
    Team,
    TokenKind,
    User,
)
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import Clock

OUR_TEAM = Team("T0NORTHWND", "Northwind Cloud", "northwind-cloud")
DEMO_ENGINEER_ID = "U0NWALEX01"
RELAY_BOT_ID, AUTO_REPLY_BOT_ID, INITECH_ALERT_BOT_ID = "B0NWRELAY1", "B0NWAUTORP", "B0INITALRT"

CUSTOMER_TEAMS = (
    Team("T0ACMECORP", "Acme Corp", "acme-corp"),
    Team("T0GLOBEX01", "Globex", "globex"),
    Team("T0INITECH1", "Initech", "initech"),
    Team("T0UMBRELLA", "Umbrella Health", "umbrella-health"),
    Team("T0STARKLOG", "Stark Logistics", "stark-logistics"),
    Team("T0HOOLI001", "Hooli", "hooli"),
)
FORMER_CUSTOMER = Team("T0VANDELAY", "Vandelay Industries", "vandelay")

# fmt: off
# (id, team, handle, real name, display name, title, tz)
PEOPLE = (
    (DEMO_ENGINEER_ID, "T0NORTHWND", "alex", "Alex Rivera", "alex", "Support Engineer", "Europe/Lisbon"),
    ("U0NWPRIYA1", "T0NORTHWND", "priya", "Priya Natarajan", "priya", "Senior Support Engineer", "Europe/London"),
    ("U0NWJONAS1", "T0NORTHWND", "jonas", "Jonas Berg", "jonas", "Support Engineer", "Europe/Berlin"),
    ("U0NWMEI001", "T0NORTHWND", "mei", "Mei Tanaka", "mei", "Support Engineer", "Asia/Tokyo"),
    ("U0NWSAMOK1", "T0NORTHWND", "sam", "Sam Okafor", "sam", "Support Lead", "America/New_York"),
    ("U0ACMDANA1", "T0ACMECORP", "dana.whitfield", "Dana Whitfield", "Dana", "Platform Lead", "America/New_York"),
    ("U0ACMLUIS1", "T0ACMECORP", "luis.ortega", "Luis Ortega", "Luis (Acme)", "Data Engineer", "America/Chicago"),
    ("U0GLXGRETA", "T0GLOBEX01", "greta", "Greta Lindqvist", "Greta", "DevOps Manager", "Europe/Stockholm"),
    ("U0GLXTOMEK", "T0GLOBEX01", "tomasz", "Tomasz Nowak", "", "Backend Developer", "Europe/Warsaw"),
    ("U0INTROHAN", "T0INITECH1", "rohan", "Rohan Mehta", "Rohan M", "SRE", "Asia/Kolkata"),
    ("U0UMBAMARA", "T0UMBRELLA", "amara", "Amara Osei", "Amara", "IT Compliance", "Europe/London"),
    ("U0STKWEI01", "T0STARKLOG", "wei.chen", "Wei Chen", "Wei", "Integration Engineer", "Asia/Singapore"),
    ("U0STKOLIVA", "T0STARKLOG", "olivia", "Olivia Park", "Olivia", "Security Officer", "Australia/Sydney"),
    ("U0STKMATEO", "T0STARKLOG", "mateo", "Mateo Silva", "Mateo", "Developer", "America/Sao_Paulo"),
    ("U0HOOLNINA", "T0HOOLI001", "nina", "Nina Petrova", "nina.p", "Staff Engineer", "America/Los_Angeles"),
)
# fmt: on
FELIX_GUEST_ID = "U0NWGFELIX"  # a contractor for Umbrella Health, a guest of *our* workspace
ENGINEERS = ("U0NWPRIYA1", "U0NWJONAS1", "U0NWMEI001", "U0NWSAMOK1", DEMO_ENGINEER_ID)


@dataclass(frozen=True)
class DemoCredentials:
    """Tokens for the demo: valid only against the fake server, never real Slack secrets."""

    user_token: str  # xoxp-: the demo engineer
    bot_token: str  # xoxb-: the support relay bot
    app_token: str  # xapp-: Socket Mode
    user_id: str
    team_id: str


def _add_people(workspace: Workspace) -> None:
    for team in (*CUSTOMER_TEAMS, FORMER_CUSTOMER):
        workspace.add_team(replace(team))
    for user_id, team_id, handle, real_name, display_name, title, tz in PEOPLE:
        workspace.add_user(User(user_id, team_id, handle, real_name, display_name, title, tz))
    workspace.user("U0HOOLNINA").is_stranger = True
    workspace.add_user(
        User(
            FELIX_GUEST_ID,
            OUR_TEAM.id,
            "felix.wagner",
            "Felix Wagner",
            "Felix (Umbrella)",
            "Contractor, Umbrella Health",
            "Europe/Berlin",
            is_restricted=True,
        )
    )
    bots = (
        ("U0NWRELAYB", RELAY_BOT_ID, "A0NWRELAY1", "Northwind Support", "northwind-support"),
        ("U0NWAUTORB", AUTO_REPLY_BOT_ID, "A0NWAUTORP", "Northwind Auto-Reply", "auto-reply"),
    )
    for user_id, bot_id, app_id, name, handle in bots:
        workspace.add_bot(Bot(bot_id, name, OUR_TEAM.id, app_id, user_id))
        workspace.add_user(User(user_id, OUR_TEAM.id, handle, name, is_bot=True, bot_id=bot_id))
    # The customer's own alerting posts through an incoming webhook: a bot with no user.
    workspace.add_bot(Bot(INITECH_ALERT_BOT_ID, "Initech PagerBot", "T0INITECH1", "A0INITALRT"))


def _add_channels(workspace: Workspace, now: float) -> None:
    created = now - 90 * 86400
    ours = {*ENGINEERS, "U0NWRELAYB", "U0NWAUTORB"}
    # fmt: off
    shared = (
        ("C0EXTACME1", "ext-acme-corp", "T0ACMECORP", {"U0ACMDANA1", "U0ACMLUIS1"}, "T0NORTHWND"),
        ("C0EXTGLBX1", "ext-globex", "T0GLOBEX01", {"U0GLXGRETA", "U0GLXTOMEK"}, "T0NORTHWND"),
        ("C0EXTINTC1", "ext-initech", "T0INITECH1", {"U0INTROHAN"}, "T0NORTHWND"),
        ("C0EXTUMBR1", "ext-umbrella-health", "T0UMBRELLA", {"U0UMBAMARA", FELIX_GUEST_ID}, "T0NORTHWND"),
        ("C0EXTSTRK1", "ext-stark-logistics", "T0STARKLOG", {"U0STKWEI01", "U0STKOLIVA", "U0STKMATEO"}, "T0NORTHWND"),
        ("C0EXTHOOL1", "ext-hooli", "T0HOOLI001", {"U0HOOLNINA"}, "T0HOOLI001"),
    )
    # fmt: on
    for channel_id, name, customer_team, customers, host in shared:
        members = (ours - {"U0NWMEI001"}) | customers  # Mei joins #ext-umbrella-health later
        if channel_id != "C0EXTUMBR1":
            members.add("U0NWMEI001")
        workspace.add_channel(
            Channel(
                channel_id,
                name,
                created,
                "U0NWSAMOK1",
                host,
                is_ext_shared=True,
                members=members,
                shared_team_ids=[OUR_TEAM.id, customer_team],
                topic="Shared support channel with Northwind Cloud",
            )
        )
    internal = (
        ("C0GENERAL1", "general", set(ours) | {FELIX_GUEST_ID}, False),
        ("C0HANDOFF1", "support-handoff", set(ENGINEERS), False),
        ("C0RANDOM01", "random", {"U0NWPRIYA1", "U0NWJONAS1"}, False),  # Alex is not in it
        ("C0ONCALLPV", "oncall-private", {DEMO_ENGINEER_ID, "U0NWSAMOK1"}, True),
        ("C0LEADSPRV", "support-leads", {"U0NWSAMOK1"}, True),  # private, Alex cannot see it
    )
    for channel_id, name, members, private in internal:
        workspace.add_channel(
            Channel(
                channel_id,
                name,
                created,
                "U0NWSAMOK1",
                OUR_TEAM.id,
                is_private=private,
                members=members,
                shared_team_ids=[OUR_TEAM.id],
            )
        )
    workspace.add_channel(
        Channel(
            "C0EXTVNDLY",
            "ext-vandelay-import",
            created,
            "U0NWSAMOK1",
            OUR_TEAM.id,
            is_ext_shared=True,
            is_archived=True,
            members=set(ENGINEERS),
            shared_team_ids=[OUR_TEAM.id, FORMER_CUSTOMER.id],
        )
    )


STACK_TRACE = """\
Our ingestion worker crashes on every retry since the SDK upgrade:
```
Exception in thread "ingest-7" com.northwind.sdk.RetryExhaustedException: gave up after 5 attempts
    at com.northwind.sdk.http.RetryingTransport.send(RetryingTransport.java:212)
    at com.northwind.sdk.http.RetryingTransport.send(RetryingTransport.java:188)
    at com.northwind.sdk.EventsClient.publishBatch(EventsClient.java:97)
    at com.initech.ingest.BatchPublisher.flush(BatchPublisher.java:143)
    at com.initech.ingest.BatchPublisher.lambda$schedule$0(BatchPublisher.java:71)
    at java.base/java.util.concurrent.FutureTask.run(FutureTask.java:317)
Caused by: java.net.SocketTimeoutException: Read timed out (after 30000 ms)
    at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)
    at com.northwind.sdk.http.RetryingTransport.attempt(RetryingTransport.java:240)
    ... 5 more
```
SDK 4.2.0, Java 21, region ap-south-1."""


def _seed_conversations(workspace: Workspace, now: float) -> None:
    def say(
        channel: str,
        user: str | None,
        minutes_ago: float,
        text: str,
        *,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        bot_id: str | None = None,
        subtype: str | None = None,
        username: str | None = None,
        files: list[AttachedFile] | None = None,
    ) -> str:
        message = workspace.post(
            channel,
            user,
            text,
            at=now - minutes_ago * 60,
            thread_ts=thread_ts,
            reply_broadcast=reply_broadcast,
            bot_id=bot_id,
            subtype=subtype,
            username=username,
            files=files,
        )
        return message.ts

    # fmt: off
    acme, globex, initech = "C0EXTACME1", "C0EXTGLBX1", "C0EXTINTC1"
    umbrella, stark, hooli = "C0EXTUMBR1", "C0EXTSTRK1", "C0EXTHOOL1"
    dana, luis, greta, tomasz, rohan = "U0ACMDANA1", "U0ACMLUIS1", "U0GLXGRETA", "U0GLXTOMEK", "U0INTROHAN"
    amara, wei, olivia, mateo, nina = "U0UMBAMARA", "U0STKWEI01", "U0STKOLIVA", "U0STKMATEO", "U0HOOLNINA"
    alex, priya, jonas, mei, sam = DEMO_ENGINEER_ID, "U0NWPRIYA1", "U0NWJONAS1", "U0NWMEI001", "U0NWSAMOK1"

    # Acme Corp
    t = say(acme, dana, 42, "Our webhook receiver started rejecting your deliveries with 401 after we rotated the signing secret at 09:00 ET. Are you still signing with the old secret? Endpoint: https://hooks.acme.example/northwind")
    say(acme, dana, 38, "Request ids from the failures: req_8f2a91c0, req_8f2a9d14. Happy to jump on a call.", thread_ts=t)
    t = say(acme, luis, 180, "The October billing export (CSV) is missing usage line items for project acme-prod: totals match the invoice but the detail rows stop on Oct 17.")
    say(acme, priya, 165, "Thanks Luis! Confirmed: the export job skipped two shards after a timeout on the 17th. I've re-run it; the fixed CSV is in Billing → Exports (October, v2).", thread_ts=t)
    say(acme, luis, 160, "thanks!", thread_ts=t)
    say(acme, dana, 26 * 60, "SSO question: since yesterday some Okta users get `SAML response InResponseTo does not match` when signing in from a dashboard bookmark. Signing in from the Okta tile works.")
    t = say(acme, luis, 8, "Quick one: is there a rate limit on /v2/exports? Our nightly job gets HTTP 429 at about 40 req/min.")
    workspace.react(acme, t, "eyes", alex)
    t = say(acme, luis, 70 * 60, "🎉 the fix for the export timeouts worked, thank you all!")
    workspace.react(acme, t, "white_check_mark", priya)
    t = say(acme, dana, 23 * 60, "Could you allow-list our new egress IPs 203.0.113.10-12 for the admin API?")
    say(acme, priya, 22 * 60, "Added all three. Could you confirm the admin API works from them?", thread_ts=t)

    # Globex
    t = say(globex, greta, 300, "Deploys to eu-north are stuck in `pending` since 09:10 UTC. Job id dep_47c1e2. Nothing on the status page.")
    say(globex, jonas, 280, "We found a stuck scheduler lease in eu-north-1 and cleared it; your queued deploys should start within a few minutes.", thread_ts=t)
    say(globex, greta, 90, "thanks, but it still fails on prod: dep_47c9aa is in the same `pending` state. Staging is fine now.", thread_ts=t)
    t = say(globex, tomasz, 240, "Does the v2 API support filtering audit events by actor email? The docs only show actor_id.")
    say(globex, mei, 200, "Yes: `GET /v2/audit-events?actor_email=...` works since API 2.14. We'll fix the docs, thanks for flagging!", thread_ts=t)
    workspace.react(globex, t, "white_check_mark", mei)
    t = say(globex, greta, 600, "Can you raise the API rate limit for our reporting service to 600 req/min? Ticket GLX-2231.")
    old_reply = say(globex, jonas, 590, "Done, the new limit is live for your org.", thread_ts=t)
    say(globex, greta, 60, "We still get 429s above 300 req/min. Is the new limit applied to the EU cluster too?", thread_ts=t)
    workspace.edit(globex, old_reply, "Done, the new limit (600 req/min) is live for your org in the US cluster.", at=now - 10 * 60)
    say(globex, tomasz, 50, "Hi team, our nightly sync job failed again: [ERROR] sync_worker: upstream returned 502 Bad Gateway (attempt 5/5)")
    say(globex, tomasz, 45, "Also seeing this in staging, same 502 on /v2/sync/batches")

    # Initech
    t = say(initech, rohan, 12 * 60, STACK_TRACE)
    say(initech, alex, 11 * 60, "Thanks for the trace! That's the retry bug in Java SDK 4.2.0 (NWC-1881). 4.2.1 has the fix; can you upgrade and let us know?", thread_ts=t)
    say(initech, rohan, 400, "Is there a way to export audit logs as JSON instead of CSV?")
    say(initech, rohan, 200, "Different question: do you support IP allow-lists for API keys?")
    t = say(initech, rohan, 90, "After this morning's edge change we see TLS handshake failures from our Jakarta office (curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL). Other offices are fine.")
    say(initech, "U0NWRELAYB", 30, "Hi Rohan, Sam here (via Northwind Support): we rolled back the edge TLS config for ap-southeast at 10:40 UTC. Could you retry from Jakarta and tell us if it's fixed?", thread_ts=t)
    say(initech, None, 15, ":rotating_light: [ALERT] initech-prod-eu p95 latency 2.4s > 2s for 10m &amp; rising. <https://status.initech.example/incidents/8812|Incident 8812>", bot_id=INITECH_ALERT_BOT_ID, subtype="bot_message", username="Initech PagerBot")

    # Umbrella Health
    t = say(umbrella, amara, 35, "We need the HIPAA audit-log export for Q3 for our compliance review by Friday. Where do we request it?")
    say(umbrella, "U0NWAUTORB", 34, "Thanks for contacting Northwind Cloud support! An engineer will reply shortly. For outages see https://status.northwind.example", thread_ts=t)
    t = say(umbrella, amara, 120, "Patient-portal webhooks were delayed ~20 min between 08:00 and 08:30 UTC. Was there an incident?")
    say(umbrella, priya, 110, "Yes, a queue backlog in eu-west. All events were delivered, in order. Incident report to follow.", thread_ts=t)
    workspace.react(umbrella, t, "white_check_mark", priya)
    say(umbrella, amara, 10, "Following up: the incident report isn't on the status page yet. Can you send it? Our compliance team is asking.", thread_ts=t)
    t = say(umbrella, amara, 60, "SCIM provisioning creates duplicate users when an email changes case (Jane.Doe@ vs jane.doe@). Is that expected?")
    say(umbrella, FELIX_GUEST_ID, 30, "Adding context from our side: it only happens for users created before March.", thread_ts=t)
    workspace.join(umbrella, mei, at=now - 20 * 60)
    t = say(umbrella, amara, 25, "Is the BAA amendment for the new EU region ready to sign? Legal wants it this week.")
    workspace.react(umbrella, t, "eyes", priya)

    # Stark Logistics
    t = say(stark, wei, 65, "Shipment webhooks for carrier DHL arrive without the `tracking_url` field since yesterday's release.")
    say(stark, jonas, 40, "Reproduced: it's a serializer regression. The fix goes out in the 15:00 UTC deploy.", thread_ts=t)
    say(stark, wei, 5, "Thanks. Could you also backfill the ~1,200 events we received without the field?", thread_ts=t)
    t = say(stark, wei, 2 * 24 * 60, "Do you have a sandbox for carrier webhooks so we can test without real shipments?")
    say(stark, jonas, 2 * 24 * 60 - 30, "Yes: use https://sandbox.northwind.example with a test key; it replays sample DHL and UPS events.", thread_ts=t)
    workspace.react(stark, t, "white_check_mark", jonas)
    t = say(stark, olivia, 400, "Can we get a copy of your SOC 2 Type II report?")
    say(stark, alex, 380, "Sure! I've shared it through the trust portal with olivia.park@stark.example; it needs an NDA click-through.", thread_ts=t)
    t = say(stark, mateo, 180, "Bulk label API returns `422 unprocessable_entity: address.line2 too long` for addresses over 35 chars. The docs say 100.")
    say(stark, mateo, 178, "Example request id: req_51b0e7. Blocking ~300 shipments today.", thread_ts=t)
    say(stark, alex, 60, f"Hi <@{wei}>, could you send us the request id of the failing label upload? It's in the `X-Request-Id` response header.")
    t = say(stark, olivia, 55, "Our invoices page shows amounts in EUR instead of SGD since the plan change.")
    say(stark, priya, 20, "Fixed: the plan migration reset the billing currency. It's back to SGD and the October invoice has been re-issued.", thread_ts=t, reply_broadcast=True)
    t = say(stark, mateo, 25, "Are webhook retries exponential? We saw 3 retries within 2 minutes.")
    say(stark, mateo, 24, "Event id evt_93ab, endpoint https://api.stark.example/hooks", thread_ts=t)
    workspace.edit(stark, t, "Are webhook retries exponential? We saw 4 retries within 2 minutes (edited: it was 4, not 3).", at=now - 2 * 60)

    # Hooli
    t = say(hooli, nina, 18, f"Getting `invalid_grant` from /oauth/token since 10:02 PT for all our service accounts &amp; CI runners. <@{alex}> <@{sam}> can you take a look? [ERROR] token exchange failed: invalid_grant (client_id=hooli-ci)")
    say(hooli, nina, 16, "Also fails for a freshly created client, so it's not a rotated secret.", thread_ts=t)
    t = say(hooli, nina, 3 * 24 * 60, "Can you enable the EU data residency add-on for our sandbox org?")
    say(hooli, sam, 3 * 24 * 60 - 20, "Done: sandbox org hooli-sbx now stores data in eu-central.", thread_ts=t)
    workspace.react(hooli, t, "white_check_mark", sam)
    t = say(hooli, nina, 150, "Checkout widget shows a blank modal in Safari 17, screenshot attached.", files=[AttachedFile("F0HOOLSHOT", "safari-blank-modal.png", "image/png", 48213)])
    say(hooli, sam, 130, "Known Safari issue with third-party cookies; widget 3.8.2 has the fix. A hard refresh should pick it up.", thread_ts=t)
    say(hooli, nina, 128, "Thank you so much 🙏", thread_ts=t)
    say(hooli, nina, 50, "Is the status page accurate? The dashboard still feels slow 🤔")
    say(hooli, sam, 30, "Yes, the eu-west incident was resolved at 14:20 UTC. If it's still slow for you, send us a HAR file and we'll dig in.")

    # Internal
    t = say("C0HANDOFF1", priya, 8 * 60, "Handoff from the EU shift: Globex eu-north deploys (dep_47c1e2) cleared, watch for repeats. Acme SSO InResponseTo question has no owner yet.")
    say("C0HANDOFF1", jonas, 8 * 60 - 5, "Taking Globex 👍", thread_ts=t)
    say("C0GENERAL1", sam, 2 * 24 * 60, "Reminder: the on-call rotation swaps Monday 09:00 UTC 🔁")
    say("C0RANDOM01", priya, 180, "Anyone up for lunch? 🍜")
    say("C0ONCALLPV", sam, 26 * 60, "Weekend PagerDuty override is set: Alex primary, Jonas secondary.")
    say("C0EXTVNDLY", sam, 60 * 24 * 60, "Vandelay's migration is complete and their contract has ended; archiving this channel.")
    # fmt: on
    seed_patterns(workspace, now)  # closings, customers' ✅, "resolved?", status bot posts
    seed_investment_history(workspace, now)  # issue 17: two weeks of recurring areas


def seed_demo_workspace(
    workspace: Workspace, now: float, *, token_suffix: str | None = None
) -> DemoCredentials:
    """Fill a workspace (created with `demo_workspace()`'s team) with the demo; returns tokens.

    Tokens get a random suffix unless one is given (tests may want stable ones).
    """
    if workspace.our_team_id != OUR_TEAM.id:
        raise ValueError(
            f"seed_demo_workspace needs a workspace for {OUR_TEAM.id}; use demo_workspace()"
        )
    _add_people(workspace)
    _add_channels(workspace, now)
    _seed_conversations(workspace, now)
    add_busy_channel(workspace, now, ENGINEERS)  # issue 12: hundreds of top-level messages
    add_internal_swarm(workspace, now)  # issue 16: a silent swarm, a call-worthy exchange
    suffix = token_suffix or secrets.token_hex(6)
    credentials = DemoCredentials(
        user_token=f"xoxp-demo-{suffix}",
        bot_token=f"xoxb-demo-{suffix}",
        app_token=f"xapp-demo-{suffix}",
        user_id=DEMO_ENGINEER_ID,
        team_id=OUR_TEAM.id,
    )
    workspace.add_token(credentials.user_token, DEMO_ENGINEER_ID, TokenKind.USER)
    workspace.add_token(credentials.bot_token, "U0NWRELAYB", TokenKind.BOT)
    workspace.add_token(credentials.app_token, DEMO_ENGINEER_ID, TokenKind.APP)
    return credentials


def demo_workspace(clock: Clock) -> Workspace:
    """An empty workspace for Northwind Cloud, ready for `seed_demo_workspace`."""
    return Workspace(clock, replace(OUR_TEAM))
