"""A big support workspace, generated: N Slack Connect customer channels holding M conversations
and K messages, the same for the same seed. For the sync's rate-limit tests (small N) and the
benchmark (200 channels, 2,000 conversations, 40,000 messages).

What makes it look like a support rotation: activity is skewed (a few customers are busy, most
are quiet); most conversations are threads of 2-30 replies, a few run long (one past a full
page of 1,000 replies once there are messages enough), some are runs of top-level messages
nobody threaded; customers and engineers take turns, with a 👀 claim or a ✅ on some parents, a
"thanks!" at the end of some and an edit now and then; customers come from their own workspaces,
a few are strangers, and some channels have a guest of ours answering for the customer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from oncall_tui.demo.records import Channel, Message, Team, TokenKind, User
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import Clock

OUR_TEAM = Team("T0BIGNRTHW", "Northwind Cloud", "northwind-cloud")
ENGINEER_ID = "U0BIGENG000"  # the engineer whose token syncs
ENGINEERS = 30
PEOPLE_PER_CUSTOMER = (2, 6)
TYPICAL_REPLIES = (2, 30)
LONG_REPLIES = (31, 400)
VERY_LONG_REPLIES = 1_200  # past one page of conversations.replies
TOP_LEVEL_RUN_SHARE = 0.1  # conversations that are un-threaded top-level runs

_ASKS = (
    "Our {thing} started failing with {error} after the upgrade",
    "Is there an incident? {thing} calls time out in {region}",
    "We see {error} on every {thing} request since this morning",
    "Quick question: how do we rotate the {thing} credentials?",
    "Exports from {thing} are missing rows for {region}",
    "Can you check request id req_{number}? It returned {error}",
)
_OUR_REPLIES = (
    "Thanks for the report, looking into it now.",
    "We can reproduce it; the team is on a fix.",
    "Could you send the request id and roughly when it happened?",
    "A fix is rolling out to {region}; it should clear within the hour.",
    "That is expected with the old SDK; 4.2.1 has the fix.",
    "Still on it. Next update within two hours.",
)
_CUSTOMER_REPLIES = (
    "Here it is: req_{number}",
    "Still failing on our side, {error} again.",
    "It happens on {region} only.",
    "Any news? Our on-call is asking.",
    "We tried that, no change.",
)
_THANKS = ("thanks!", "Thank you, all good now 🙏", "thx")
_THINGS = ("webhook", "ingest", "billing API", "SSO", "export", "search", "SDK")
_ERRORS = ("HTTP 502", "TLS handshake timeout", "429 Too Many Requests", "[ERROR] E_QUOTA")
_REGIONS = ("eu-west-1", "us-east-1", "ap-south-1", "eu-north-1")


@dataclass(frozen=True)
class BigWorkspaceSpec:
    channels: int = 200
    conversations: int = 2_000
    messages: int = 40_000
    seed: int = 1
    days: float = 10.0  # conversations spread over this many days before now

    def check(self) -> None:
        if self.channels < 1:
            raise ValueError(f"big workspace: channels must be at least 1, got {self.channels}")
        if self.conversations < self.channels:
            raise ValueError(
                f"big workspace: conversations ({self.conversations}) must be at least "
                f"channels ({self.channels}): every channel holds one"
            )
        if self.messages < 4 * self.conversations:
            raise ValueError(
                f"big workspace: messages ({self.messages}) must be at least 4 x conversations "
                f"({4 * self.conversations}) for threads of 2 replies or more"
            )
        if not 0 < self.days <= 13:
            raise ValueError(
                f"big workspace: days must be within 0-13 (14-day sync), got {self.days}"
            )


@dataclass
class BigWorkspace:
    workspace: Workspace
    user_token: str  # the engineer's xoxp- token: valid only against the fake server
    user_id: str
    team_id: str
    channel_ids: tuple[str, ...]  # the customer channels, in creation order
    # Thread parents (channel id, ts), for changes made later (`add_activity`).
    threads: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Activity:
    """What `add_activity` changed: threads that got a reply, new top-level messages."""

    replied_threads: tuple[tuple[str, str], ...]
    new_top_level: tuple[tuple[str, str], ...]


def big_workspace(clock: Clock, spec: BigWorkspaceSpec | None = None) -> BigWorkspace:
    """Generate the workspace `spec` describes, ending at `clock.now()`."""
    spec = spec or BigWorkspaceSpec()
    spec.check()
    rng = random.Random(spec.seed)
    workspace = Workspace(clock, Team(OUR_TEAM.id, OUR_TEAM.name, OUR_TEAM.domain))
    generator = _Generator(workspace, rng, clock.now(), spec)
    return generator.run()


def add_activity(big: BigWorkspace, *, replies: int, top_level: int, seed: int = 2) -> Activity:
    """Customers write again: `replies` threads get a new reply, and `top_level` new questions
    appear in random channels, all now (after everything else)."""
    rng = random.Random(seed)
    workspace = big.workspace
    replied = rng.sample(big.threads, min(replies, len(big.threads)))
    for channel_id, parent_ts in replied:
        author = _customer_of(workspace, channel_id, rng)
        workspace.reply(channel_id, parent_ts, author, "Any update on this one?")
    new: list[tuple[str, str]] = []
    for _ in range(top_level):
        channel_id = rng.choice(big.channel_ids)
        author = _customer_of(workspace, channel_id, rng)
        message = workspace.post(channel_id, author, "New problem: the dashboard is blank")
        new.append((channel_id, message.ts))
    return Activity(tuple(replied), tuple(new))


def _customer_of(workspace: Workspace, channel_id: str, rng: random.Random) -> str:
    channel = workspace.channel(channel_id)
    customers = sorted(u for u in channel.members if workspace.users[u].team_id != OUR_TEAM.id)
    return rng.choice(customers)


class _Generator:
    def __init__(
        self, workspace: Workspace, rng: random.Random, now: float, spec: BigWorkspaceSpec
    ) -> None:
        self.workspace = workspace
        self.rng = rng
        self.now = now
        self.spec = spec
        self.engineers: list[str] = []
        self.threads: list[tuple[str, str]] = []

    def run(self) -> BigWorkspace:
        self._add_engineers()
        channels = self._add_customer_channels()
        self._add_internal_channels()
        sizes = self._conversation_sizes()
        per_channel = self._spread(len(sizes), len(channels))
        conversations = iter(sizes)
        for (channel, customers, ours), count in zip(channels, per_channel, strict=True):
            for _ in range(count):
                self._conversation(channel, customers, ours, next(conversations))
        token = f"xoxp-big-{self.spec.seed}"
        self.workspace.add_token(token, ENGINEER_ID, TokenKind.USER)
        return BigWorkspace(
            workspace=self.workspace,
            user_token=token,
            user_id=ENGINEER_ID,
            team_id=OUR_TEAM.id,
            channel_ids=tuple(channel.id for channel, _, _ in channels),
            threads=self.threads,
        )

    # --- people and channels ---------------------------------------------------------------

    def _add_engineers(self) -> None:
        for n in range(ENGINEERS):
            user_id = ENGINEER_ID if n == 0 else f"U0BIGENG{n:03d}"
            self.workspace.add_user(
                User(user_id, OUR_TEAM.id, f"engineer{n}", f"Engineer {n}", f"eng{n}")
            )
            self.engineers.append(user_id)

    def _add_customer_channels(self) -> list[tuple[Channel, list[str], list[str]]]:
        """Customer channels with their customer people and the engineers who answer there;
        one customer in four has a second channel."""
        channels: list[tuple[Channel, list[str], list[str]]] = []
        customer = 0
        while len(channels) < self.spec.channels:
            team = self.workspace.add_team(
                Team(f"T0BIGC{customer:04d}", f"Customer {customer:04d}", f"customer-{customer}")
            )
            people = self._add_customer_people(team, customer)
            count = 2 if customer % 4 == 3 else 1
            for suffix in range(min(count, self.spec.channels - len(channels))):
                channels.append(self._customer_channel(team, people, customer, suffix))
            customer += 1
        return channels

    def _add_customer_people(self, team: Team, customer: int) -> list[str]:
        people = []
        for n in range(self.rng.randint(*PEOPLE_PER_CUSTOMER)):
            user = User(
                f"U0BIGC{customer:04d}P{n}",
                team.id,
                f"person{n}.{customer}",
                f"Person {n} of {team.name}",
                f"p{n}",
                is_stranger=self.rng.random() < 0.05,
            )
            self.workspace.add_user(user)
            people.append(user.id)
        return people

    def _customer_channel(
        self, team: Team, people: list[str], customer: int, suffix: int
    ) -> tuple[Channel, list[str], list[str]]:
        ours = [ENGINEER_ID, *self.rng.sample(self.engineers[1:], 3)]
        customers = list(people)
        if self.rng.random() < 0.05:  # a guest of our workspace, answering for the customer
            guest = self.workspace.add_user(
                User(
                    f"U0BIGG{customer:04d}{suffix}",
                    OUR_TEAM.id,
                    f"guest{customer}",
                    f"Contractor for {team.name}",
                    is_restricted=True,
                )
            )
            customers.append(guest.id)
        channel = self.workspace.add_channel(
            Channel(
                id=f"C0BIG{customer:04d}{suffix}",
                name=f"ext-customer-{customer:04d}" + (f"-{suffix + 1}" if suffix else ""),
                created=self.now - 400 * 86_400,
                creator=ENGINEER_ID,
                host_team_id=OUR_TEAM.id,
                is_ext_shared=True,
                members={*ours, *customers},
                shared_team_ids=[OUR_TEAM.id, team.id],
            )
        )
        return channel, customers, ours

    def _add_internal_channels(self) -> None:
        for channel_id, name in (("C0BIGGENRL", "general"), ("C0BIGRANDM", "random")):
            self.workspace.add_channel(
                Channel(
                    channel_id,
                    name,
                    self.now - 400 * 86_400,
                    ENGINEER_ID,
                    OUR_TEAM.id,
                    members=set(self.engineers),
                    shared_team_ids=[OUR_TEAM.id],
                )
            )

    # --- how many messages where -------------------------------------------------------------

    def _conversation_sizes(self) -> list[int]:
        """Messages per conversation, summing to exactly spec.messages; a negative size marks
        a top-level run of that many messages."""
        spec, rng = self.spec, self.rng
        runs = int(spec.conversations * TOP_LEVEL_RUN_SHARE)
        run_sizes = [-rng.randint(1, 3) for _ in range(runs)]
        threads = spec.conversations - runs
        replies = [self._reply_count() for _ in range(threads)]
        very_long = spec.messages >= 10 * VERY_LONG_REPLIES and bool(replies)
        if very_long:
            replies[0] = VERY_LONG_REPLIES
        wanted = spec.messages - threads + sum(run_sizes)  # run sizes are negative
        self._adjust(replies, wanted, keep=0 if very_long else -1)
        sizes = [*(1 + r for r in replies), *run_sizes]
        rng.shuffle(sizes)
        return sizes

    def _reply_count(self) -> int:
        draw = self.rng.random()
        if draw < 0.03:
            return self.rng.randint(*LONG_REPLIES)
        return self.rng.randint(*TYPICAL_REPLIES)

    def _adjust(self, replies: list[int], wanted: int, keep: int) -> None:
        """Nudge reply counts one at a time until they sum to `wanted`, staying at 2 or more."""
        low = TYPICAL_REPLIES[0]
        candidates = [i for i in range(len(replies)) if i != keep]
        total = sum(replies)
        while total != wanted:
            i = self.rng.choice(candidates)
            if total < wanted:
                replies[i] += 1
                total += 1
            elif replies[i] > low:
                replies[i] -= 1
                total -= 1

    def _spread(self, conversations: int, channels: int) -> list[int]:
        """Conversations per channel: one each, the rest skewed towards a few busy ones."""
        # Pareto-like, capped so no one channel holds a large share of a big workspace.
        weights = [min(20.0, self.rng.paretovariate(1.5)) for _ in range(channels)]
        counts = [1] * channels
        for index in self.rng.choices(range(channels), weights, k=conversations - channels):
            counts[index] += 1
        return counts

    # --- one conversation --------------------------------------------------------------------

    def _conversation(
        self, channel: Channel, customers: list[str], ours: list[str], size: int
    ) -> None:
        rng = self.rng
        started = self.now - rng.uniform(0.0, self.spec.days * 86_400)
        asker = rng.choice(customers)
        if size < 0:  # a run of top-level customer messages, a few minutes apart
            at = started
            for _ in range(-size):
                self._post(channel.id, asker, self._text(_ASKS), at)
                at = min(self.now - 1, at + rng.uniform(30, 300))
            return
        replies = size - 1
        parent = self._post(channel.id, asker, self._text(_ASKS), started)
        # Replies minutes to hours apart, squeezed to end before now.
        gaps = [rng.expovariate(1 / 900) for _ in range(replies)]
        room = max(1.0, self.now - 60 - started)
        squeeze = min(1.0, room / sum(gaps)) if gaps else 1.0
        at = started
        ours_turn = True
        last: Message = parent
        for n in range(replies):
            at += gaps[n] * squeeze
            if n == replies - 1 and not ours_turn and rng.random() < 0.3:
                last = self._post(channel.id, asker, rng.choice(_THANKS), at, parent.ts)
                break
            author = rng.choice(ours) if ours_turn else rng.choice(customers)
            pool = _OUR_REPLIES if ours_turn else _CUSTOMER_REPLIES
            last = self._post(channel.id, author, self._text(pool), at, parent.ts)
            ours_turn = rng.random() < (0.35 if ours_turn else 0.8)
        self.threads.append((channel.id, parent.ts))
        self._mark(channel.id, parent, ours, last)

    def _mark(self, channel_id: str, parent: Message, ours: list[str], last: Message) -> None:
        rng = self.rng
        if rng.random() < 0.2:
            self.workspace.react(channel_id, parent.ts, "eyes", rng.choice(ours))
        if rng.random() < 0.25:
            self.workspace.react(channel_id, parent.ts, "white_check_mark", rng.choice(ours))
        if last.ts != parent.ts and rng.random() < 0.03:
            edited_at = min(self.now - 1, float(last.ts) + 120)
            self.workspace.edit(channel_id, last.ts, last.text + " (edited)", at=edited_at)

    def _post(
        self, channel_id: str, user_id: str, text: str, at: float, thread_ts: str | None = None
    ) -> Message:
        return self.workspace.post(channel_id, user_id, text, at=at, thread_ts=thread_ts)

    def _text(self, pool: tuple[str, ...]) -> str:
        rng = self.rng
        return rng.choice(pool).format(
            thing=rng.choice(_THINGS),
            error=rng.choice(_ERRORS),
            region=rng.choice(_REGIONS),
            number=rng.randint(10_000, 99_999),
        )
