"""Two weeks of resolved support in the demo, with areas that keep coming back (SSO, webhooks,
billing, data export) across customers, so the report shows investment candidates and a trend
the moment a newcomer opens it (issue 17).

Each conversation: the customer asks, our engineers answer in one or more work sessions, the
customer thanks them and the thread gets a ✅. Placed relative to `now`, like the rest of the demo.
"""

# The conversation texts read better unwrapped.
# ruff: noqa: E501

from __future__ import annotations

from oncall_tui.demo.workspace import Workspace

ACME, GLOBEX, INITECH = "C0EXTACME1", "C0EXTGLBX1", "C0EXTINTC1"
UMBRELLA, STARK, HOOLI = "C0EXTUMBR1", "C0EXTSTRK1", "C0EXTHOOL1"
DANA, LUIS, GRETA, ROHAN = "U0ACMDANA1", "U0ACMLUIS1", "U0GLXGRETA", "U0INTROHAN"
AMARA, WEI, OLIVIA, NINA = "U0UMBAMARA", "U0STKWEI01", "U0STKOLIVA", "U0HOOLNINA"
PRIYA, JONAS, MEI, SAM, ALEX = "U0NWPRIYA1", "U0NWJONAS1", "U0NWMEI001", "U0NWSAMOK1", "U0NWALEX01"

# (channel, customer, days ago, question, our answers as (engineer, minutes after the question,
# text)). Answers more than 20 minutes apart are separate work sessions in the effort estimate.
Answer = tuple[str, int, str]
HISTORY: tuple[tuple[str, str, float, str, tuple[Answer, ...]], ...] = (
    # SSO: five customers in two weeks
    (
        ACME,
        DANA,
        1.2,
        "Okta SSO: new hires get `user is not assigned to this application` although the SCIM push succeeded.",
        (
            (PRIYA, 10, "Looking: can you send the Okta app id and one affected user?"),
            (
                PRIYA,
                25,
                "The SCIM push created the users but not the app assignment; that needs the group push too.",
            ),
            (
                PRIYA,
                70,
                "Confirmed on our side: with group push enabled the assignment arrives within a minute.",
            ),
        ),
    ),
    (
        UMBRELLA,
        AMARA,
        4.1,
        "Our Azure AD SAML signing certificate expires Friday. How do we roll the new one without locking everyone out?",
        (
            (
                MEI,
                15,
                "You can upload the new certificate as secondary first: Settings → SSO → Certificates.",
            ),
            (
                MEI,
                30,
                "Once Azure signs with the new one, promote it and remove the old one. No downtime.",
            ),
        ),
    ),
    (
        STARK,
        OLIVIA,
        8.2,
        "SSO enforcement locked out our break-glass admin account. We need it back today.",
        (
            (JONAS, 5, "On it."),
            (JONAS, 18, "Restored: the account is exempt from SSO enforcement again."),
            (
                SAM,
                60,
                "Follow-up: break-glass exemptions are now kept when enforcement is toggled. Sorry for the scare.",
            ),
        ),
    ),
    (
        GLOBEX,
        GRETA,
        11.1,
        "SCIM deprovisioning removes the users but leaves them in their groups, so seats stay taken.",
        (
            (
                PRIYA,
                20,
                "Reproduced with a test IdP; the group membership is kept on purpose for 24 h.",
            ),
            (
                PRIYA,
                35,
                "We can shorten that for your org: done, memberships now go with the user.",
            ),
        ),
    ),
    (
        HOOLI,
        NINA,
        13.1,
        "IdP-initiated SAML login fails with `InResponseTo` mismatch for users with a bookmarked URL.",
        (
            (
                ALEX,
                12,
                "Bookmarks keep an old SAML request. Sign-in from the IdP tile or the plain login URL works.",
            ),
            (
                ALEX,
                50,
                "We now ignore InResponseTo for IdP-initiated logins, so bookmarks work again.",
            ),
        ),
    ),
    # Webhooks: four customers
    (
        STARK,
        WEI,
        2.1,
        "Webhook signature validation fails for about 5% of deliveries since your TLS change.",
        (
            (JONAS, 10, "Can you send two event ids that failed?"),
            (
                JONAS,
                22,
                "Those were re-sent after a timeout with a fresh timestamp but the old signature. Fixing.",
            ),
            (
                JONAS,
                95,
                "Deployed: retries are signed again. Failed events can be replayed from the dashboard.",
            ),
        ),
    ),
    (
        ACME,
        LUIS,
        6.1,
        "We receive every webhook event twice since Tuesday.",
        (
            (
                PRIYA,
                8,
                "Your endpoint answers after 11 s; we retry after 10 s. Can it answer 200 first and work after?",
            ),
            (PRIYA, 20, "You can also de-duplicate on the `event_id` header."),
        ),
    ),
    (
        UMBRELLA,
        AMARA,
        9.2,
        "Webhook deliveries were delayed up to 15 minutes this morning. Is that expected?",
        (
            (
                MEI,
                25,
                "A backlog in eu-west between 07:40 and 08:05 UTC; all events were delivered in order.",
            ),
        ),
    ),
    (
        INITECH,
        ROHAN,
        12.2,
        "How do we replay the webhook deliveries that failed last night?",
        (
            (ALEX, 10, "Dashboard → Webhooks → Deliveries, filter by failed, select all, Replay."),
            (ALEX, 16, "Or `POST /v2/webhooks/deliveries/replay` with a time range."),
        ),
    ),
    # Billing: three customers
    (
        INITECH,
        ROHAN,
        3.2,
        "We were charged for 120 seats but only have 80 active users.",
        (
            (
                SAM,
                30,
                "40 seats belong to deactivated users that still hold a licence. I've released them.",
            ),
            (SAM, 45, "The difference is credited on the next invoice."),
        ),
    ),
    (
        HOOLI,
        NINA,
        7.1,
        "We need a refund for the duplicate charge on invoice INV-2291.",
        ((PRIYA, 20, "Confirmed duplicate; the refund is on its way, 5-10 business days."),),
    ),
    (
        GLOBEX,
        GRETA,
        10.2,
        "Can the invoice show our VAT number? Finance rejects it without.",
        (
            (
                MEI,
                15,
                "Settings → Billing → Tax id; the next invoice shows it, and I've re-issued October's.",
            ),
        ),
    ),
    # Data export: two customers
    (
        UMBRELLA,
        AMARA,
        5.1,
        "The CSV export of audit events times out for ranges over 30 days.",
        (
            (
                JONAS,
                15,
                "Large ranges hit the 60 s limit; the bulk export runs in the background and mails a link.",
            ),
            (JONAS, 40, "I started one for Q3 for you; the link is in your inbox."),
        ),
    ),
    (
        ACME,
        DANA,
        12.9,
        "Is there a bulk export API for all tickets, with attachments?",
        (
            (
                ALEX,
                20,
                "`POST /v2/exports` with `include=attachments`; it returns a job id to poll.",
            ),
        ),
    ),
)


def seed_investment_history(workspace: Workspace, now: float) -> None:
    """Post HISTORY into the demo workspace, each thread thanked and ✅ by who answered last."""
    for channel, customer, days_ago, question, answers in HISTORY:
        asked_at = now - days_ago * 86_400
        root = workspace.post(channel, customer, question, at=asked_at)
        for engineer, minutes, text in answers:
            workspace.post(channel, engineer, text, at=asked_at + minutes * 60, thread_ts=root.ts)
        last_engineer, last_minutes, _ = answers[-1]
        thanked_at = asked_at + (last_minutes + 5) * 60
        workspace.post(channel, customer, "thanks, that did it!", at=thanked_at, thread_ts=root.ts)
        workspace.react(channel, root.ts, "white_check_mark", last_engineer)
