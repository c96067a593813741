"""Demo patterns for the board's rules on workspaces it has never seen (issue 12): closing
acknowledgements of many kinds, ✅ added by customers, a "resolved?" conversation, a promise
typed straight into Slack, and our status bot's top-level announcements in a busy customer
channel (one a minute after a customer's question, which must stay on the board)."""

# The conversation texts read better unwrapped.
# ruff: noqa: E501

from __future__ import annotations

from oncall_tui.demo.records import Bot
from oncall_tui.demo.workspace import Workspace

STATUS_BOT_ID = "B0NWSTATUS"
OUR_TEAM_ID = "T0NORTHWND"


def seed_patterns(workspace: Workspace, now: float) -> None:
    workspace.add_bot(Bot(STATUS_BOT_ID, "Northwind Status", OUR_TEAM_ID, "A0NWSTATUS"))

    def say(
        channel: str,
        user: str | None,
        minutes_ago: float,
        text: str,
        *,
        thread_ts: str | None = None,
    ) -> str:
        return workspace.post(
            channel, user, text, at=now - minutes_ago * 60, thread_ts=thread_ts
        ).ts

    def status(channel: str, minutes_ago: float, text: str) -> None:
        workspace.post(
            channel,
            None,
            text,
            at=now - minutes_ago * 60,
            bot_id=STATUS_BOT_ID,
            subtype="bot_message",
            username="Northwind Status",
        )

    # fmt: off
    acme, globex, stark, hooli = "C0EXTACME1", "C0EXTGLBX1", "C0EXTSTRK1", "C0EXTHOOL1"
    dana, greta, tomasz = "U0ACMDANA1", "U0GLXGRETA", "U0GLXTOMEK"
    wei, olivia, mateo, nina = "U0STKWEI01", "U0STKOLIVA", "U0STKMATEO", "U0HOOLNINA"
    priya, jonas, mei, sam, alex = "U0NWPRIYA1", "U0NWJONAS1", "U0NWMEI001", "U0NWSAMOK1", "U0NWALEX01"

    # Closing acknowledgements after our answer: nobody waits (their turn, or resolved with ✅).
    t = say(acme, dana, 5 * 60, "Webhook signatures fail for deliveries from the new eu-central relay.")
    say(acme, priya, 4 * 60 + 40, "The relay used a stale key; rotated at 11:10 UTC. New deliveries are signed correctly.", thread_ts=t)
    say(acme, dana, 4 * 60 + 30, "Confirmed, thanks!", thread_ts=t)
    workspace.react(acme, t, "white_check_mark", dana)  # the customer's own ✅: resolved
    t = say(globex, greta, 7 * 60, "Grafana panels for eu-north show gaps every 15 minutes.")
    say(globex, mei, 6 * 60 + 30, "A scrape interval mismatch on our exporter; fixed, gaps should close from now on.", thread_ts=t)
    say(globex, greta, 6 * 60, "👍 holding steady", thread_ts=t)
    workspace.react(globex, t, "white_check_mark", greta)
    t = say(globex, tomasz, 9 * 60, "Can you reset the MFA device for tomasz@globex.example? Lost phone.")
    say(globex, jonas, 8 * 60 + 50, "Done: you'll be asked to enrol a new device at next sign-in.", thread_ts=t)
    say(globex, tomasz, 8 * 60 + 40, "danke, that did it 🙏", thread_ts=t)
    t = say(hooli, nina, 6 * 60, "CLI 5.1 crashes on `nw login --sso` on macOS 14.")
    say(hooli, sam, 5 * 60 + 40, "Fixed in CLI 5.1.1 (brew upgrade nw).", thread_ts=t)
    say(hooli, nina, 5 * 60 + 30, "works now, cheers", thread_ts=t)

    # "resolved?": our ✅ is there, but the customer asked something after our last answer and
    # the app cannot know which came first. Quiet, below the open work; `v` confirms or reopens.
    t = say(hooli, nina, 8 * 60, "Audit log API returns events out of order for the last hour.")
    say(hooli, sam, 7 * 60 + 30, "Ordering bug in the indexer; fixed and re-indexed. Events are ordered again.", thread_ts=t)
    say(hooli, nina, 7 * 60, "Does the re-index also cover last week's events, or only today's?", thread_ts=t)
    workspace.react(hooli, t, "white_check_mark", sam)

    # A promise typed straight into Slack keeps the turn with us: "on us · update promised".
    t = say(acme, dana, 95, "Exports for acme-staging have been queued for 3 hours.")
    say(acme, priya, 70, "We're still on this: the export queue in us-east is backed up. I'll get back to you in 2 hours with an ETA.", thread_ts=t)

    # A busy customer channel with our status bot's top-level announcements: they answer no one
    # and are no conversations; the customer questions next to them stay on the board.
    for minutes_ago, text in (
        (13 * 24 * 60, "Weekly health report #42: all green"),
        (6 * 24 * 60, "Weekly health report #43: all green"),
        (300, "[Northwind Status] Deploy pipeline #8766 passed ✅"),
        (200, "[Northwind Status] Deploy pipeline #8768 passed ✅"),
        (39, "[Northwind Status] Deploy pipeline #8770 passed ✅"),
        (13, "[Northwind Status] Deploy pipeline #8771 passed ✅"),
    ):
        status(stark, minutes_ago, text)
    say(stark, olivia, 40, "Is the SFTP endpoint for manifests moving with the new region? Our firewall team needs the IPs.")
    say(stark, mateo, 12, "Label PDFs render with a blank barcode since about 30 minutes ago.")
    say(stark, wei, 11 * 60, "FYI we're doing a carrier cut-over drill on Thursday, nothing needed from you.")
    say(stark, jonas, 10 * 60 + 50, f"<@{wei}> thanks for the heads-up, good luck with the drill!")
    # Our own FYI nobody answered: no conversation.
    say(stark, alex, 3 * 60, "FYI: planned maintenance of the label service tonight 22:00–22:30 UTC.")
    # fmt: on
