"""Closings that settle what happens next: agreement with a plan ("happy with the proposed
window"), the customer's own plan or hand-off ("we'll pick this up with our network team",
"I've forwarded this to finance, they'll handle it from here"), agreeing a time ("sounds good,
talk tomorrow", "see you at the sync on Thursday") and signing off for the day.

None of these asks us for anything new: the next move is the customer's, or a step already
agreed. A go-ahead ("sounds good, go ahead", "proceed") is not here: it hands us work to do.
Each family keeps its slots guarded as in `closing_families.py` (no problem words, no hedges,
nothing addressed to us), and none holds a question.
"""

from __future__ import annotations

from oncall_tui.domain.closing_base import (
    BOUNDARY,
    NAME,
    REFERENCE,
    SUBJECT,
    Template,
    expand,
    template,
)

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# When something agreed happens: "Thursday 02:00 UTC", "tomorrow", "at 3pm".
_AT_TIME = (
    "", "tomorrow", "tonight", "later", "later today", "today", "next week", "then",
    *expand(("", "on", "this", "next"), _DAYS, ("", REFERENCE, REFERENCE + " " + REFERENCE),
            ("", "utc", "cet", "est", "pst", "gmt", "your time", "our time")),
    *expand(("at",), (REFERENCE, REFERENCE + " " + REFERENCE), ("", "utc", "cet", "est", "pst")),
)  # fmt: skip

# "Happy with the proposed maintenance window", "fine with the new schedule".
_HAPPY_WITH = template(
    ("happy with", "fine with", "good with", "ok with", "okay with", "we're happy with",
     "we're fine with", "we're good with", "we're ok with", "we are happy with", "agreed on",
     "we agree with", "agree with", "works for us", "that works for us", "that works for me"),
    ("the proposed", "the suggested", "the planned", "the new", "your proposed", "the", "your"),
    ("maintenance window", "window", "schedule", "plan", "timeline", "time", "slot", "date",
     "approach", "proposal", "change", "change window", "rollout plan", "cutover plan"),
)  # fmt: skip
# Agreeing a time, or meeting again: "talk tomorrow", "see you at the sync on Thursday",
# "Thursday 3pm it is", "works for us".
_MEET_VERBS = ("talk", "talk to you", "speak", "speak to you", "see you", "see ya", "chat",
               "catch you", "see you all", "catch up")  # fmt: skip
_MEET_PLACES = ("at the sync", "at the call", "at the meeting", "at the review", "at the standup",
                "in the call", "on the call", "at our sync", "at the check in")  # fmt: skip
_MEET = template(_MEET_VERBS, ("", *_MEET_PLACES), tuple(when for when in _AT_TIME if when))
_MEET_AT = template(_MEET_VERBS, _MEET_PLACES, _AT_TIME)
_TIME_AGREED = template(
    expand(("", "on"), _DAYS, ("", REFERENCE, REFERENCE + " " + REFERENCE), ("", "utc")),
    ("it is", "works", "works for us", "works for me", "is fine", "is good", "is perfect"),
)
# The customer's own next step, or someone of theirs taking it: "we'll pick this up with our
# network team", "I'll loop in our DBA and get back to you", "they'll handle it from here".
_OUR_SIDE_STEPS = (
    "pick this up", "pick it up", "take this up", "take it up", "take this", "take it",
    "follow up", "discuss this", "discuss it", "raise it", "raise this", "sort it out",
    "sort this out", "work it out", "handle it", "handle this", "deal with it",
    "deal with this", "look into it", "look into this", "check", "check it", "check this",
    "test", "test it", "test this", "review it", "review this", "sync", "sync up",
)  # fmt: skip
_WE_WILL = ("we'll", "i'll", "we will", "i will", "will", "we're going to", "i'm going to",
            "they'll", "they will", "we can", "we'll just", "i'll just")  # fmt: skip
_LATER = ("", "for now", "from here", "this week", "next week", "tomorrow", "today")
_PICK_UP = template(
    _WE_WILL,
    _OUR_SIDE_STEPS,
    ("internally", "on our side", "on our end", "with the team", "from here", "from there",
     "with them"),
    _LATER,
)  # fmt: skip
_PICK_UP_WITH = template(
    _WE_WILL, _OUR_SIDE_STEPS, ("with our", "with the", "with my"), (SUBJECT,), ("", "team"), _LATER
)
# "will test on staging tonight and let you know", "we'll try the workaround on our side".
_TRY_ON_OUR_SIDE = template(
    _WE_WILL,
    ("", "just"),
    ("test", "test it", "try it", "try", "try the workaround", "apply the workaround",
     "test the workaround", "roll it out", "deploy it", "check", "verify", "try the fix",
     "test the fix", "apply the fix", "apply it", "run it", "rerun it", "try that", "test that"),
    ("", "on staging", "in staging", "on our side", "on our end", "in prod", "on prod",
     "in production", "internally", "first"),
    _AT_TIME,
)  # fmt: skip
# "and let you know", "and get back to you": the customer reports back, after a step of theirs.
_AND_REPORT_BACK = template(
    ("and", "and then", "then", "and we'll", "and i'll", "then we'll", "then i'll"),
    ("let you know", "get back to you", "report back", "keep you posted", "update you",
     "inform you", "update here", "report here", "circle back", "revert", "confirm",
     "let you know how it goes", "let you know if anything changes", "reopen",
     "reopen if needed", "reopen if it comes back", "open a new ticket if needed"),
    ("", "tomorrow", "later", "this week", "next week", "if needed", "if anything comes up"),
)  # fmt: skip
# "I've forwarded this to our finance team", "passed it on to our DBA".
_HANDED_OVER = template(
    ("", "i've", "we've", "i have", "we have", "just"),
    ("forwarded this", "forwarded it", "passed this on", "passed it on", "handed this",
     "handed it", "handed this over", "handed it over", "sent this", "sent it", "moved this",
     "moved it", "moving this", "moving the follow up", "moved the follow up",
     "taking this", "taking the follow up", "escalated this internally"),
    ("to our", "to the", "over to our", "over to the", "to"),
    (SUBJECT,),
    ("", "team"),
)  # fmt: skip
# "I'll loop in our DBA", "looping in our network team".
_LOOP_IN = template(
    ("i'll", "we'll", "will", "i'm", "we're", "i've", "we've", ""),
    ("loop in", "looping in", "looped in", "bring in", "bringing in", "brought in", "cc",
     "cc'd"),
    ("our", "my", "the"),
    (SUBJECT,),
    ("", "team"),
    ("", "internally", "on our side", "to the channel", "here"),
)  # fmt: skip
# "you can close SR 2024-11873", "please close INC-4821".
_CLOSE_THE_TICKET = template(
    ("you can close", "please close", "ok to close", "okay to close", "feel free to close",
     "go ahead and close", "you may close", "we can close", "close", "closing", "happy to close",
     "fine to close", "good to close", "safe to close"),
    ("", "ticket", "case", "sr", "incident", "inc", "request", "issue", "zd", "jira", "the ticket",
     "the case", "the incident"),
    (REFERENCE, NAME),
    ("", "now", "on our side", "on our end", "from our side"),
)  # fmt: skip
# "you folks saved our launch", "you guys rescued the release".
_SAVED_OURS = template(
    ("you", "you guys", "you folks", "you all", "y'all", "you've", "you have", "you just",
     "you really", "you totally"),
    ("saved", "rescued"),
    ("our", "my", "the"),
    (SUBJECT,),
    ("", "today", "this week", "again"),
)  # fmt: skip
# "No complaints from the warehouse team today", "no tickets from our users since the fix".
_NO_COMPLAINTS = template(
    ("no complaints", "zero complaints", "not a single complaint", "no tickets", "no issues",
     "zero tickets", "not a single ticket",
     "no errors", "no issues reported", "no problems reported"),
    ("from the", "from our", "from"),
    (SUBJECT,),
    ("", "today", "since", "since then", "this week", "overnight", "so far", "all day",
     "since the fix", "since the deploy", "since the patch"),
)  # fmt: skip
# "you can mark this resolved", "please set the ticket to solved".
_MARK_RESOLVED = template(
    ("", "you can", "feel free to", "please", "go ahead and", "ok to", "happy for you to"),
    ("mark", "set"),
    ("this", "it", "this one", "the ticket", "the case", "this ticket", "the thread", "this case"),
    ("", "as", "to"),
    ("resolved", "solved", "closed", "done", "complete", "completed"),
)  # fmt: skip
# "we'll wait for 4.3 then", "we'll hold off until v2.1".
_WAIT_FOR_VERSION = template(
    ("we'll wait for", "we will wait for", "we'll hold off until", "we'll wait until",
     "we'll wait on", "i'll wait for", "ok we'll wait for"),
    ("", "version", "release", "v"),
    (REFERENCE, NAME),
    ("", "then", "to land", "to ship", "to go out"),
)  # fmt: skip
# "great explanation", "stellar support as always".
_PRAISED = template(
    ("great", "excellent", "awesome", "amazing", "brilliant", "perfect", "thorough", "super",
     "fantastic", "clear", "stellar", "top notch", "superb", "speedy", "first class",
     "world class", "outstanding", "very clear", "really clear", "super clear", "very helpful"),
    ("explanation", "write up", "writeup", "answer", "response", "support", "summary", "work",
     "find", "fix", "advice", "docs", "guide", "walkthrough", "turnaround", "service",
     "investigation", "analysis", "rca", "root cause analysis", "breakdown", "help"),
    ("", "as always", "as usual", "again", "there", "today"),
)  # fmt: skip
# "we will inform if any issue", "will revert in case of any issue".
_INFORM_IF = template(
    _WE_WILL,
    ("inform", "inform you", "revert", "update", "update you", "let you know", "get back",
     "get back to you", "reach out", "ping you", "reopen"),
    ("if any issue", "if any issues", "if needed", "if anything comes up", "in case of any issue",
     "in case of any issues", "if required", "if it happens again", "if it comes back",
     "if we see it again", "if there is any issue", "if we face any issue"),
)  # fmt: skip
# "we'll close it on our side too".
_WE_CLOSE = template(
    ("we'll", "we will", "i'll", "i will", "we can", "we're going to"),
    ("close", "close out", "resolve", "close off"),
    ("it", "this", "the ticket", "ours", "our ticket", "our case", "our side", "this one"),
    ("", "on our side", "on our end", "internally"),
    ("", "too", "as well", "now"),
)  # fmt: skip
# "that explains the spike".
_EXPLAINS = template(
    ("that explains", "this explains", "that would explain", "that'd explain", "explains",
     "ah that explains", "that explains it and"),
    ("the", "our", "the sudden", "those", "these"),
    (SUBJECT,),
)  # fmt: skip
PLAN_CLOSING_TEMPLATES: tuple[Template, ...] = (
    _INFORM_IF, _WE_CLOSE, _EXPLAINS,
    _MARK_RESOLVED, _WAIT_FOR_VERSION, _PRAISED,
    _CLOSE_THE_TICKET, _SAVED_OURS, _NO_COMPLAINTS,
    _HAPPY_WITH, _MEET, _MEET_AT, _TIME_AGREED, _PICK_UP,
    _PICK_UP_WITH, _TRY_ON_OUR_SIDE, _AND_REPORT_BACK, _HANDED_OVER, _LOOP_IN,
)  # fmt: skip

# Said alone, each of these closes: the day ends, the plan is agreed, nothing more is wanted.
PLAN_CLOSING: tuple[str, ...] = (
    "signing off", "signing off for today", "signing off for the day", "logging off",
    "logging off for today", "heading out", "heading off", "off to bed", "heading to bed",
    "we're heading to bed", "i'm heading to bed", "heading home", "coffee time",
    "we're aligned", "we are aligned", "we're aligned on next steps", "aligned on next steps",
    "all aligned", "we're on the same page", "on the same page", "that's all from us",
    "that's all from me", "that's it from us", "that's it from me", "that's everything from us",
    "that's everything from me", "all from us", "nothing more from me", "that's plenty",
    "more than enough", "that's more than enough", "plenty", "that should do it",
    "that should do the trick", "that'll do it", "we're good to go", "this is great",
    "this is perfect", "this is amazing", "this is awesome", "that is perfect", "that's amazing",
    "that's brilliant", "that's fantastic", "that's wonderful", "that's exactly it", "exactly it",
    "that's exactly right", "that's it exactly", "exactly right", "perfectly", "we are good to go",
    "we're all good to go", "all good to go", "i'm good to go", "we can take it from here",
    "i can take it from here", "we'll take it from here", "i'll take it from here",
    "they'll take it from here", "they'll handle it from here", "they will handle it from here",
    "we'll handle it from here", "nothing needed from you for now", "nothing needed from you",
    "nothing more needed here", "nothing more needed", "nothing else needed here",
    "no need to escalate", "no need to escalate this", "no need to follow up",
    "no need for a follow up", "no need to dig further", "no need to investigate further",
    "no need to look further", "no need to worry", "no further questions",
    "no more questions", "no complaints", "no complaints so far",
)  # fmt: skip
# Around a closing, adding nothing owed: "works with the pinned `grpcio`", "for all three IdPs",
# "ZD#48213: ...", "jumping on a call at 11pm your time".
PLAN_FILLER_TEMPLATES: tuple[Template, ...] = (
    # "Update: all good now", only as a heading: "update 🙏" alone is a chaser.
    template(
        ("update", "quick update", "small update", "status update", "an update"),
        ("", "from our side", "from our end", "from us", "from me", "on our side", "on our end"),
        (BOUNDARY,),
    ),
    # "thanks to the support team", "resolved per #incident-42" (not "see <link>": evidence).
    template(("to the", "to your", "to our"), (SUBJECT,), ("team", "folks", "people", "crew")),
    template(("per", "as per", "as discussed in", "as agreed in"), (NAME,)),
    # "Dear support team,", "hi billing folks".
    template(("dear", "hi", "hello", "hey"), ("", "the"), (SUBJECT,), ("team", "folks", "people")),
    template(
        ("with the", "with", "using the", "using", "on the", "on"),
        ("pinned", "patched", "fixed", "updated", "latest", "upgraded"),
        ("", "version", "release", "build", "sdk", "client", "package", "image"),
        ("", REFERENCE, NAME),
    ),
    template(
        ("for all", "for both", "across all", "on all", "in all", "on both", "across both"),
        ("", "the", "our", "of the", "of our"),
        (SUBJECT,),
    ),
    template(("re",), (BOUNDARY,), (REFERENCE, NAME), (BOUNDARY,)),
    template(
        ("zd", "jira", "ticket", "case", "sr", "inc", "re", "ref", "re ticket", "re case"),
        (REFERENCE, NAME),
        (BOUNDARY,),
    ),
    template(
        ("at", "at around", "around"),
        (REFERENCE,),
        ("", "your time", "our time", "utc", "cet", "est", "pst", "last night", "tonight"),
    ),
)
# Around a closing, adding nothing owed: "from us", "I guess".
PLAN_FILLER: tuple[str, ...] = (
    "on their side", "on their end", "interesting", "apologies", "sorry about that",
    "on our part", "on my part",
    "on staging and prod", "in staging and prod", "on prod and staging", "in all environments",
    "across all environments", "in every environment", "in all regions", "across all regions",
    "in both environments", "in prod too", "in production too",
    "sir", "madam", "ma'am", "across the board", "to you", "to you all", "to you and the team",
    "to you and your team",
    "to the team", "to your team", "to everyone", "to everyone involved", "to all",
    "from us", "from me", "guess", "i guess", "long story short", "funny story",
    "ok so", "so yeah",
)  # fmt: skip
