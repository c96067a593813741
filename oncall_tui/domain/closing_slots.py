"""What the open slots of the closing families refuse (see `closing_families.py`): problem
words, hedges ("kinda", "only", "new"), counts, what names trouble ("timeouts", "the downtime")
and, in thanks, what is still going on ("thanks for looking into it" waits on us)."""

from __future__ import annotations

from oncall_tui.domain.closing_base import DOING, SUBJECT, THING, TROUBLE

# Word starts that name trouble, in whatever form ("timeouts", "crashing", "duplicated").
_TROUBLE_STEMS = (
    "error", "fail", "crash", "timeout", "timing out", "outage", "bug", "issue", "problem",
    "incident", "alert", "warn", "exception", "regress", "glitch", "broke", "break", "lag",
    "spike", "delay", "duplicat", "leak", "degrad", "corrupt", "stale", "hang", "freez", "froze",
    "stuck", "reject", "refus", "invalid", "denied", "deny", "block", "drop", "lost", "loss",
    "lose", "losing", "miss", "wrong", "slow", "complain", "spam", "flak", "throttl", "worse",
    "worst", "down", "outag", "panic", "trouble", "hassle", "mess", "waste", "wasting",
    "ignor", "delet", "wip", "nuk", "kill", "ruin", "overcharg", "charg", "ghost", "silen",
    "forget", "forgot", "unstable", "unreliab", "unavail", "unusab", "unresponsiv", "offline",
    "empty", "blank", "partial", "random", "flaky", "weird", "odd", "strange", "bad",
    "unaccept", "terribl", "horribl", "awful", "frustrat", "annoy", "disappoint", "angry",
    "upset", "escalat", "cancel", "churn", "dark", "forever", "ages", "runaround", "useless",
    "sporadic", "occasional", "intermittent", "inconsist", "rare", "allegedly", "apparently",
    "theoretically", "technically", "temporar", "briefly", "slight", "semi", "half", "manual",
    "differen", "errat", "periodic", "initial", "selective", "unexpect", "sluggish", "unpredict",
    "reopen", "revert", "undo", "undid", "nonetheless", "anyway", "regardless", "tho",
    "damag", "incomplet", "truncat", "garbl", "unread", "illegib", "malform", "unsign", "expir",
    "outdat", "incorrect", "inaccura", "mismatch", "unpaid", "overdue", "declin", "bounc",
    "undeliver", "defect", "faulty", "unfinish", "unprocess", "disabled", "locked", "suspend",
    "retr", "lawyer", "legal", "attorney", "sue", "court",
)  # fmt: skip
# "download", "breakfast" and the like are not trouble.
_NOT_TROUBLE = frozenset({"download", "downloads", "downloading", "breakfast"})


def is_trouble(word: str) -> bool:
    """Whether a word names something wrong: "timeouts", "crashing", "the downtime"."""
    return word.startswith(_TROUBLE_STEMS) and word not in _NOT_TROUBLE


# Trouble only sometimes: what a customer may want and miss when it stops ("webhook retries
# stopped", "the alerts stopped", "charges stopped going through"). Seeing less of it is no
# news of a fix, so it never ends a "the trouble is gone" closing.
_MAY_BE_WANTED = (
    "retr", "alert", "warn", "charg", "cancel", "delet", "revert", "reopen", "escalat",
    "manual", "notif", "email", "remind",
)  # fmt: skip


def is_trouble_gone_for_good(word: str) -> bool:
    """Whether less of `word` can only be good news: trouble that nobody wants back."""
    return is_trouble(word) and not word.startswith(_MAY_BE_WANTED)


# What makes a slot's words something other than a plain name of a thing or a step.
_HEDGES = frozenset(
    {
        "only", "just", "merely", "solely", "mostly", "partly", "partially", "somewhat",
        "kinda", "kind", "sort", "sorta", "barely", "hardly", "occasionally", "sometimes",
        "intermittently", "randomly", "seemingly", "supposedly", "new", "newer", "newly",
        "recent", "future", "fresh", "old", "older", "other", "others", "another", "remaining",
        "rest", "some", "most", "few", "half", "none", "nothing", "neither", "nor", "nobody",
        "noone", "everything", "first", "second", "third", "once", "twice", "temporarily",
        "locally", "staging", "test", "sandbox", "dev", "local", "single", "one", "two",
        "three", "admins", "admin", "yesterday", "earlier", "before", "previously", "until",
        "till", "while", "when", "whenever", "if", "what", "which", "who", "how", "why",
        "where", "it", "this", "that", "these", "those", "there", "here", "not", "no",
        "anything", "something", "someone", "somebody", "anyone", "anybody", "me", "us", "we",
        "i", "they", "them", "he", "she", "him", "her", "they're", "we're", "i'm", "he's",
        "she's", "you're", "it's", "that's", "there's", "everyone", "everybody", "someone's",
        "rarely", "seldom", "less", "fewer", "least", "little", "any", "hopefully", "hope",
        "hoping", "wish", "maybe", "perhaps", "probably", "possibly", "presumably", "assume",
        "assuming", "guess", "ideally", "eventually", "soon", "later", "tomorrow", "get", "got",
        "make", "keep", "bring", "have", "has", "had", "put", "see", "getting", "making",
        "keeping", "like", "love", "try", "trying", "status",
    }
)  # fmt: skip
# Per slot, words it refuses besides problem words and trouble.
# Thanks for what is still going on is thanks while waiting: "thanks for looking into it".
_ONGOING = frozenset(
    {
        "looking", "investigating", "working", "escalating", "raising", "chasing", "pushing",
        "prioritising", "prioritizing", "flagging", "forwarding", "reviewing", "considering",
        "trying", "keeping", "looping", "handling", "following", "monitoring", "waiting",
        "checking", "digging", "taking", "getting", "investigation", "look", "looks",
    }
)  # fmt: skip
_YOURS_TO_NAME = frozenset({"it", "this", "that", "me", "us", "everything", "here", "try"})
# Per slot, words it refuses besides problem words and trouble.
SLOT_STOP: dict[str, frozenset[str]] = {
    SUBJECT: _HEDGES,
    # Fewer alerts may mean a broken feed ("no alerts today"), not good news.
    TROUBLE: _HEDGES
    | {"alert", "alerts", "alarm", "alarms", "page", "pages", "warning", "warnings", "message"},
    THING: (_HEDGES - _YOURS_TO_NAME) | _ONGOING | {"late"},
    DOING: (_HEDGES - _YOURS_TO_NAME - {"there"}) | _ONGOING,
}

# Problem words that are what one thanks for: "thanks for your help with this".
THING_ALSO = frozenset({"help"})


# What a workaround does: "all green after we disabled the feature" leaves a fix owed.
WORKAROUND = frozenset(
    {
        "disabled", "disable", "disabling", "off", "reverted", "revert", "reverting",
        "bypassed", "bypass", "bypassing", "paused", "pausing", "deactivated", "uninstalled",
        "downgraded", "downgrading", "muted", "muting", "silenced", "suppressed", "workaround",
    }
)  # fmt: skip
