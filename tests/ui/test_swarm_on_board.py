"""Swarm watch and the call nudge in the running app, on the demo through the fake server at a
frozen clock: the board's Internal and Call columns and the "silent swarm" flag, the alert
(once per episode, also across a restart), and the customer update it offers pre-filled."""

from __future__ import annotations

from pathlib import Path

from oncall_tui.demo.internal_swarm import ENG_SUPPORT_ID, TEAM_PAYMENTS_ID
from oncall_tui.demo.seed import DEMO_ENGINEER_ID, DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.dashboard import DashboardRow, assess_all, rows_of
from oncall_tui.domain.model import ConversationState
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.screens.status_update import StatusUpdateScreen
from oncall_tui.ui.swarm_marks import mark_swarms
from oncall_tui.ui.widgets.thread_table import COLUMNS
from tests.app_factory import AppFactory
from tests.figures import report_figures
from tests.ui.harness import (
    SCREEN,
    row_keys,
    screen_text,
    settle,
    table_rows,
    wait_until_live,
    wait_until_synced,
)

COLUMN = {key: index for index, (key, _, _) in enumerate(COLUMNS)}
ENGINEERS = ("U0NWPRIYA1", "U0NWMEI001", "U0NWJONAS1", "U0NWSAMOK1")


def row_of(app: OncallApp, title_start: str) -> list[str]:
    for key, cells in zip(row_keys(app), table_rows(app), strict=True):
        if app.board.by_key[key].title.startswith(title_start):
            return cells
    raise AssertionError(f"no row for {title_start!r}")


def state_column(app: OncallApp) -> int:
    headings = [str(col.label) for col in app.dashboard.table.columns.values()]
    return headings.index("State")


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = text.casefold().split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def key_of(app: OncallApp, title_start: str) -> str:
    return next(c.key for c in app.board.conversations if c.title.startswith(title_start))


async def test_the_board_shows_internal_activity_the_call_mark_and_the_silent_swarm(
    app: OncallApp,
) -> None:
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        globex = row_of(app, "Deploys to eu-north")
        stark = row_of(app, "Bulk label API")
        acme = row_of(app, "Our webhook receiver")
        hooli = row_of(app, "Getting `invalid")
        # 35 internal messages by 4 people in #eng-support, the latest 2 minutes ago.
        assert globex[COLUMN["internal"]].startswith("4👥 35💬 ")
        assert globex[COLUMN["state"]].startswith("silent swarm · ")
        # A short internal thread two hours old: activity shown, no swarm.
        assert stark[COLUMN["internal"]].startswith("3👥 3💬 ")
        assert "silent swarm" not in stark[COLUMN["state"]]
        # Dana asked to "jump on a call": the mark; Hooli's one message: neither.
        assert acme[COLUMN["state"]].startswith("📞? waiting on us")
        assert globex[COLUMN["state"]].startswith("silent swarm · 📞? ")  # "still" fails
        assert hooli[COLUMN["internal"]] == ""
        assert "silent swarm" not in hooli[COLUMN["state"]] and "📞" not in hooli[COLUMN["state"]]
        # Without emoji, the same cells in plain text.
        board, now = app.board, app.now()
        rows = {r.key: r for r in mark_swarms(_rows(app), board, now, emoji=False)}
        assert rows[key_of(app, "Deploys to eu-north")].internal.startswith("4 ppl 35 msg ")
        assert rows[key_of(app, "Our webhook receiver")].call == "call?"
        report_figures(
            "swarm watch on the demo board",
            "\n".join(
                f"{r.customer:16} {r.internal or '-':>16} {r.call or '-':>6}  {r.state}"
                for r in rows.values()
                if r.internal or r.call
            ),
        )


def _rows(app: OncallApp) -> list[DashboardRow]:
    board = app.board
    return rows_of(
        assess_all(board.conversations, board.policy, app.now()),
        app.now(),
        board.user_names,
        board.channel_names,
    )


async def test_a_silent_swarm_alerts_once_per_episode_even_across_a_restart(
    new_app: AppFactory,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
) -> None:
    workspace = seeded[0]

    def swarm_notices(*apps: OncallApp) -> list[str]:
        """The silent-swarm notices the engineer was shown by these runs of the app, their text
        after the title."""
        title = "oncall-tui: silent swarm\n"
        return [n.removeprefix(title) for a in apps for n in a.notices if n.startswith(title)]

    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        # Globex's swarm was going when the app started: flagged on screen, not news.
        assert not any("Globex" in notice for notice in app.notices)
        # Now #team-payments swarms on Stark's label failures: 30 more messages, 10 min apart.
        parent = next(m for m in workspace.timeline(TEAM_PAYMENTS_ID) if "label failures" in m.text)
        for index in range(30):
            clock.advance(60)
            workspace.reply(
                TEAM_PAYMENTS_ID, parent.ts, ENGINEERS[index % 4], f"validator trace {index}"
            )
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=2)
        await settle(pilot, app)
        swarm_toasts = [t for t in swarm_notices(app) if t.startswith("Silent swarm on Stark")]
        assert len(swarm_toasts) == 1, list(app.notices)
        assert "33 internal messages" in swarm_toasts[0]
        assert "validator" not in swarm_toasts[0]  # counts, never internal text
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=3)
        await settle(pilot, app)
        assert len([t for t in swarm_notices(app) if "on Stark" in t]) == 1  # not again
    # A restart: the episode is remembered by the store, so it does not alert again.
    restarted = new_app()
    async with restarted.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, restarted)
        clock.advance(30)
        workspace.reply(TEAM_PAYMENTS_ID, parent.ts, ENGINEERS[0], "still digging")
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, restarted, syncs=2)
        await settle(pilot, restarted)
        state = row_of(restarted, "Bulk label API")[state_column(restarted)]
        assert state.startswith("silent swarm")
        assert [t for t in swarm_notices(restarted) if "on Stark" in t] == []
        assert len([t for t in swarm_notices(app, restarted) if "on Stark" in t]) == 1


async def test_one_key_offers_the_customer_an_update_without_internal_text(
    app: OncallApp, seeded: tuple[Workspace, DemoCredentials]
) -> None:
    internal_texts = [
        m.text
        for parent in seeded[0].timeline(ENG_SUPPORT_ID)
        for m in (parent, *seeded[0].replies(ENG_SUPPORT_ID, parent.ts))
    ]
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        await pilot.press("slash", *"silent swarm", "enter")
        assert app.current_conversation() is not None
        assert app.current_conversation().title.startswith("Deploys to eu-north")  # type: ignore[union-attr]
        await pilot.press("U")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, StatusUpdateScreen)
        text = screen.editor.text
        assert text.startswith("We're actively working on this with the team; next update by ")
        # Not four words in a row of any internal message.
        assert internal_texts and all(not shingles(t) & shingles(text) for t in internal_texts)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        key = key_of(app, "Deploys to eu-north")
        queued = [i for i in app.board.snapshot.outbox if i.conversation_key == key]
        assert queued and queued[-1].text == text
        assert app.board.by_key[key].state is not ConversationState.RESOLVED


async def test_a_delegation_link_posted_live_shows_on_the_board_without_a_poll(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    workspace, credentials = seeded
    app = new_app(app_token=credentials.app_token)
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until_synced(pilot, app)
        await wait_until_live(pilot, app)
        hooli = next(c for c in app.board.conversations if c.title.startswith("Getting `invalid"))
        assert row_of(app, "Getting `invalid")[COLUMN["internal"]] == ""
        clock.advance(60)
        # The client's form of a permalink, in a channel the sync never read (not configured).
        link = (
            "https://app.slack.com/client/T0NORTHWND/"
            f"{hooli.channel_id}/thread/{hooli.channel_id}-{hooli.root_ts}"
        )
        parent = workspace.post(TEAM_PAYMENTS_ID, "U0NWPRIYA1", f"who knows Hooli's SSO? {link}")
        workspace.reply(TEAM_PAYMENTS_ID, parent.ts, "U0NWMEI001", "me, looking")
        for _ in range(300):
            if row_of(app, "Getting `invalid")[COLUMN["internal"]]:
                break
            await pilot.pause(0.02)
        assert row_of(app, "Getting `invalid")[COLUMN["internal"]].startswith("2👥 2💬 ")
        assert app.syncs_finished == 1  # no poll: Socket Mode brought it


async def test_an_internal_link_one_of_us_posts_live_in_the_customer_thread_links_at_once(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    workspace, credentials = seeded
    note = next(m for m in workspace.timeline(ENG_SUPPORT_ID) if m.text.startswith("lunch"))
    app = new_app(app_token=credentials.app_token)
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until_synced(pilot, app)
        await wait_until_live(pilot, app)
        hooli = next(c for c in app.board.conversations if c.title.startswith("Getting `invalid"))
        store = app.runtime.store
        assert store is not None
        assert not [k for k in await store.internal.links() if k.conversation_key == hooli.key]
        clock.advance(60)
        archive = f"https://northwind-cloud.slack.com/archives/{ENG_SUPPORT_ID}"
        link = f"{archive}/p{note.ts.replace('.', '')}"
        workspace.reply(hooli.channel_id, hooli.root_ts, DEMO_ENGINEER_ID, f"context: {link}")
        linked: list[object] = []
        for _ in range(300):
            linked = [k for k in await store.internal.links() if k.conversation_key == hooli.key]
            if linked:
                break
            await pilot.pause(0.02)
        assert linked, "the link one of us posted in the customer thread was not made live"
        assert app.syncs_finished == 1  # no poll: Socket Mode brought it


async def test_an_internal_thread_is_linked_by_pasting_its_link_and_unlinked_by_a_key(
    app: OncallApp, seeded: tuple[Workspace, DemoCredentials]
) -> None:
    workspace = seeded[0]
    note = next(m for m in workspace.timeline(ENG_SUPPORT_ID) if m.text.startswith("lunch"))
    link = (
        f"https://northwind-cloud.slack.com/archives/{ENG_SUPPORT_ID}/p{note.ts.replace('.', '')}"
    )
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        await pilot.press("slash", *"invalid_grant", "enter", "enter")
        key = key_of(app, "Getting `invalid")
        assert row_of(app, "Getting `invalid")[COLUMN["internal"]] == ""
        await pilot.press("L")
        await settle(pilot, app)
        await pilot.press(*f"see {link} please")  # typed as a paste would put it
        await pilot.press("escape")
        await wait_until_synced(pilot, app, syncs=2)  # the linked thread is read at once
        await settle(pilot, app)
        assert [lk.internal_key for lk in app.board.snapshot.internal.links_of(key)] == [
            f"{ENG_SUPPORT_ID}:{note.ts}"
        ]
        assert "INTERNAL  #eng-support" in screen_text(app)
        await pilot.press("delete")
        await settle(pilot, app)
        await pilot.press("1")  # the one link
        await settle(pilot, app)
        await pilot.press("ctrl+r")
        await wait_until_synced(pilot, app, syncs=3)
        await settle(pilot, app)
        assert app.board.snapshot.internal.links_of(key) == ()  # and not found again
        assert "INTERNAL" not in screen_text(app)
