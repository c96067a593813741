"""The vocabulary of closing messages: what a customer says when nothing more is owed.

Every word of a closing message must come from here (see `closing.py`), so a word missing from
these lists can only make a closing look like an ask (a timer shows), never the reverse. Phrases
are built from families ("the issue" x "is" x "resolved now") and written as people type them;
case, accents and apostrophe styles are folded when they are loaded.
"""

from __future__ import annotations

from oncall_tui.domain import closing_outcomes as outcomes
from oncall_tui.domain import closing_plans as plans
from oncall_tui.domain.closing_base import (
    BOUNDARY,
    FEW,
    FREE,
    FREE_WORDS,
    NAME,
    REFERENCE,
    Template,
    expand,
    template,
)
from oncall_tui.domain.closing_families import (
    FAMILY_ACCOUNT,
    FAMILY_CLOSING,
    FAMILY_CONFIRMING,
    FAMILY_FILLER,
)
from oncall_tui.domain.closing_phrases import MORE_CLOSING, MORE_CONFIRMING, MORE_FILLER
from oncall_tui.domain.closing_statements import STATEMENTS
from oncall_tui.domain.closing_words_intl import INTL_CLOSING, INTL_FILLER, INTL_PROBLEM_WORDS

__all__ = ["BOUNDARY", "FEW", "FREE", "FREE_WORDS", "NAME", "REFERENCE", "Template"]


# Thanks, approval, acknowledgement and sign-offs: each one closes on its own.
_THANKS = (
    "thanks", "thank you", "thank u", "thankyou", "thanks a lot", "thanks a ton",
    "thanks a bunch", "thanks so much", "thank you so much", "thanks very much",
    "thank you very much", "many thanks", "thanks again", "thank you again", "thx", "thnx",
    "thanx", "thks", "tks", "ty", "tysm", "tyvm", "ta", "cheers", "much appreciated",
    "appreciated", "appreciate it", "appreciate that", "appreciate this", "appreciate the help",
    "really appreciate it", "kudos", "you rock", "you guys rock", "lifesaver", "life saver",
    "legend", "hero", "my hero", "bless you", "shoutout", "noted with thanks", "owe you one",
    "i owe you one", "owe you a coffee", "i owe you a coffee", "owe you a beer",
    "i owe you a beer", "thanks for now", "thank you for now",
    *expand(("you're", "you are", "you guys are", "you all are", "y'all are", "you're all"),
              ("the best", "amazing", "awesome", "great", "stars", "a star", "lifesavers",
               "a lifesaver", "legends", "a legend", "heroes", "rock stars", "the man")),
)  # fmt: skip
_MORE_THANKS = (
    "thanks heaps", "thanks loads", "big thanks", "huge thanks", "massive thanks",
    "a big thank you", "big thank you", "huge thank you", "thanks a million", "a million thanks",
    "thank you thank you", "thx a lot", "thx so much", "ty so much", "tyty", "ty ty", "thnks",
    "thanq", "tq", "tqvm", "much obliged", "obliged", "grateful", "very grateful",
    "so grateful", "we're grateful", "thankful", "thank you kindly", "thanks kindly",
    "many many thanks", "cheers for that", "ta very much", "with thanks", "thanks and regards",
    "thanks and best regards", "many thanks and kind regards", "thumbs up", "high five",
    "no complaints", "can't complain", "couldn't be happier", "happy now", "we're happy",
    "happy with that", "happy with the fix", "satisfied", "we're satisfied", "spot on",
    "bang on", "just the ticket", "worked a treat", "works a treat", "that'll do",
    "that will do", "that does it", "that's done it", "that's fixed it", "that's sorted it",
    "that's the fix", "that was the fix", "that was the problem", "that was the issue",
    "that was the culprit", "that's sorted", "back in business", "we're in business",
    "back on track", "ok cool", "cool cool", "okie", "okie dokie", "okey dokey", "alright",
    "all right", "aight", "right on", "crystal clear", "clear", "that's clear",
    "clear now", "got you", "i see", "ah i see", "oh i see", "ah ok", "oh ok", "ahh", "ohh",
    "well noted", "duly noted", "ok noted", "noted and thanks", "understood thanks",
    "have a nice one", "enjoy your day", "enjoy the rest of your day", "speak soon", "chat soon",
    "catch you later", "laters", "ttyl", "cheerio", "all the best", "best wishes",
    "sincerely", "rgds", "brgds", "kr", "happy friday", "happy weekend", "good night",
    "goodnight",
)  # fmt: skip
_APPROVAL = (
    "great", "perfect", "ok", "okay", "okey", "k", "kk", "awesome", "amazing", "brilliant",
    "excellent", "fantastic", "wonderful", "lovely", "nice", "cool", "sweet", "superb",
    "terrific", "splendid", "neat", "outstanding", "super", "fab", "sure", "approved",
    "great stuff", "good stuff", "good job", "great job", "great work", "nice work", "nice one",
    "well done", "good catch", "great catch", "nice catch", "sounds good", "sounds great",
    "sounds perfect", "sounds fine", "that's great", "that's perfect", "that's awesome",
    "that's good", "that is great", "great news", "good news", "good to know", "nice to know",
    "great to hear", "good to hear", "glad to hear", "that was quick", "that was fast",
    "great support", "great service", "excellent support", "super helpful", "very helpful",
    "really helpful", "helpful", "that helps", "that helped", "this helps", "it helped",
    "helped a lot", "yay", "woohoo", "woo", "hooray", "phew", "whew", "+1", "lgtm",
)  # fmt: skip
_ACKNOWLEDGE = (
    "got it", "gotcha", "understood", "noted", "makes sense", "that makes sense", "fair enough",
    "roger", "roger that", "ack", "acknowledged", "copy that", "will do", "well received",
    "no worries", "no problem", "no problems", "no prob", "np", "no issues", "no issues now",
    "no more issues", "no more problems",
    "no further questions", "nothing else", "that's all", "that is all", "that's everything",
    "that's all we needed", "all good", "all clear", "all set", "all sorted", "all fixed",
    "all green", "all working", "all fine", "all well", "all is well", "all is good", "good",
    "good now", "good to go", "fine", "fine now", "that's fine", "i'm good", "i'm all set",
    *expand(("we're", "we are"), ("", "all"), ("good", "set", "fine", "ok", "back up",
              "up and running", "back to normal", "stable", "green", "sorted")),
    "false alarm", "never mind", "nevermind", "nvm", "figured it out", "we figured it out",
    "found it", "my bad", "our bad", "wrong thread", "wrong channel", "please ignore",
    "ignore that", "ignore me", "disregard", "please disregard",
    "nothing needed", "nothing needed from you", "nothing more needed", "nothing else needed",
    "no need to reply", "no reply needed", "no action needed", "no action required",
    "nothing to do", "just letting you know", "just a heads up", "closing the loop",
    "just closing the loop",
)  # fmt: skip
# "You can close this one", "please close", "consider it closed", "closing on our side".
_CLOSE = (
    *expand(("you can", "you may", "feel free to", "ok to", "okay to", "we can", "happy to",
               "good to", "safe to", "please", "go ahead and", "free to", "please go ahead and",
               "you can go ahead and", "you may go ahead and"),
              ("close", "close out", "mark as resolved", "mark it as resolved", "mark it resolved"),
              ("", "this", "this one", "it", "the ticket", "the thread", "the case",
               "this ticket", "this thread", "the issue", "the request")),
    *expand(("kindly close", "request you to close", "pls close", "plz close"),
             ("", "this", "it", "the ticket", "the case", "this ticket", "the thread")),
    *expand(("consider", "consider it", "consider this", "consider this one"),
              ("closed", "resolved", "done")),
    *expand(("closing", "closed"), ("", "it", "this", "this one", "the ticket"),
              ("", "on our side", "from our side", "on our end", "from our end")),
    "can be closed", "can close", "can be resolved",
)  # fmt: skip
# The customer takes the next step themselves: nothing is owed until they write again.
_NEXT_STEPS = ("let you know", "report back", "get back to you", "get back", "revert", "ping you",
     "reach out", "keep you posted", "keep you updated", "update you", "follow up",
     "circle back", "monitor", "monitor it", "keep monitoring", "keep an eye on it",
     "keep an eye out", "keep an eye on things", "test", "test it", "test again", "retest",
     "check", "check it", "check again", "verify", "try", "try it", "try that", "try again",
     "give it a try", "give it a go", "run with the workaround", "use the workaround",
     "go with the workaround", "stick with the workaround", "wait for the release",
     "wait for the next release", "wait for the rollout", "wait for the deploy",
     "wait your release", "wait for your release", "schedule the upgrade", "plan the upgrade",
     "take it from here", "take it from there", "do that", "check and revert",
     "plan accordingly", "plan for it", "update our side", "roll it out", "apply it",
     "apply the fix", "upgrade", "deploy it", "let the team know",
     "test and report back", "check and get back")  # fmt: skip
_FUTURE_SELF = template(
    ("i'll", "we'll", "i will", "we will", "will", "i'm going to", "we're going to",
     "we are going to", "gonna", "let me"),
    ("", "just"),
    _NEXT_STEPS,
    ("", "tomorrow", "later", "later today", "today", "this week", "next week", "on monday",
     "over the weekend", "for now", "in the meantime", "first thing tomorrow", "at our end",
     "on our end", "on our side", "with the team", "internally"),
    ("", "and", "and then", "then"),
    ("", *_NEXT_STEPS),
)  # fmt: skip
# Something the customer was waiting for has arrived: "got the logs", "refund received".
_DELIVERABLES = (
    "logs", "log", "file", "files", "email", "mail", "invoice", "report", "export", "link",
    "refund", "credentials", "key", "keys", "access", "invite", "invitation", "docs",
    "document", "receipt", "certificate", "message", "info", "details", "payment", "credit",
    "license", "licence", "new key", "new invoice", "credit note",
)  # fmt: skip
_RECEIVED = template(
    ("got", "received", "we got", "i got", "we received", "i received", "we've got",
     "have received", "we've received", "i've received", "just received"),
    ("", "the", "your"),
    _DELIVERABLES,  # never optional: "got 502" is no delivery
    ("", REFERENCE),
)  # fmt: skip
_CONFIRM = (
    "confirmed", "i confirm", "we confirm", "can confirm", "i can confirm", "we can confirm",
    "verified", "resolved", "fixed", "solved", "sorted", "working", "works", "worked", "stable",
    "steady", "holding steady", "holding up", "looking good", "looks good", "looks great",
    "looks fine", "looks right", "looks correct", "seems fine", "seems good", "seems to work",
    "seems to be working", "that did it", "that did the trick", "did the trick", "it did",
    "that fixed it", "that solved it", "that sorted it", "that worked", "that works",
    "that was it", "fixed it", "solved it", "sorted it", "nailed it", "works like a charm",
    "worked like a charm", "like a charm", "back to normal", "back up", "back online",
    "up and running", "up and running again", "back up and running", "running again",
    "running fine", "running smoothly", "working again", "works again", "up again",
    "working properly", "works properly", "working correctly", "works correctly",
    "coming properly", "coming through", "went through", "went through fine", "deployed",
    "fix confirmed", "fix verified", "verified fixed", "verified working", "tested and working",
    "tested and confirmed", "tested ok", "tested fine", "tests pass", "tests passing",
    "all tests pass", "all checks pass", "checks passing", "build is green", "build passed",
    "passed", "succeeded", "successful", "was successful", "success", "went well",
    "worked out", "all worked out", "it worked out", "went smoothly", "looks fixed",
    "seems fixed", "appears fixed", "appears to be working", "behaving", "behaving now",
    "behaving normally", "back to green", "green again", "green now", "all green now",
    "good again", "fine again", "ok again", "ok now", "okay now", "restored",
    "service restored", "access restored", "recovered", "fully recovered", "caught up",
    "synced", "in sync", "all synced", "went live", "the fix is in", "all quiet",
    "quiet since", "quiet now", "rock solid", "looks solid", "clean now", "logs are clean",
    "log is clean", "all sorted now", "sorted now", "issue solved", "issue got resolved",
    "issue got fixed", "now it is working", "now it's working", "now working",
    "now working fine", "now its ok",
)  # fmt: skip


# Phrases that say it works (or that nothing is wrong): spelled out, then as families.
CONFIRMING_PHRASES: tuple[str, ...] = (
    *_CONFIRM, *_CLOSE, *INTL_CLOSING, *MORE_CONFIRMING, *outcomes.OUTCOME_CONFIRMING,
    "all good", "all clear", "all set", "all sorted", "all fixed", "all green", "all working",
    "all fine", "all well", "all is well", "all is good", "good now", "good to go", "fine now",
    "false alarm", "never mind", "nevermind", "nvm", "figured it out", "we figured it out",
    "found it", "no issues", "no issues now", "no more issues", "no more problems",
    "it was on our end", "it was on our side", "that was on us", "that's on us", "it was us",
    "our fault", "my fault", "our mistake", "my mistake", "user error", "operator error",
    "found the problem", "found the issue", "found the cause", "found the culprit",
    "ignore my last message", "ignore my previous message", "disregard my last message",
    "ignore me", "please ignore", "ignore that", "disregard", "please disregard", "my bad",
    "our bad", "that's it", "bingo", "it's alive", "you saved my day", "you saved us",
    "you saved the day", "saved my bacon", "made my day", "you made my day",
    "that was driving me nuts", "that was driving me crazy", "tnx", "tx", "gr8", "cool beans",
    "perf", "kewl", "coolio", "ta muchly", "solid", "like a dream", "works like a dream",
    "a treat", "nothing more from us", "nothing else from us", "nothing more from our side",
    "nothing further", "nothing further from us", "no further issues", "no further problems",
    "call it fixed", "we can call it fixed", "we can call it resolved", "we can call it done",
    "i'd call that fixed", "much better", "better now", "much better now", "way better",
    "a lot better", "that explains it", "that explains", "makes sense now", "sounds like a plan",
    "sweet as", "sure thing", "brill", "ace", "grand", "that's grand", "noice", "deal",
    "it's fine now", "all fine now", "all ok now", "everything ok", "everything's fine",
    "everything looks good", "looks good to me", "good on our end", "good on our side",
    "we're back", "working for us", "seems ok", "seems to be fine", "seems resolved",
    "looks resolved", "appears resolved", "it's sorted", "hat sich erledigt",
    *expand(("we're", "we are"), ("", "all"), ("good", "set", "fine", "ok", "back up",
             "up and running", "back to normal", "stable", "green", "sorted")),
)  # fmt: skip
# Phrases that close on their own without saying it works: thanks, approval, sign-offs.
CLOSING_PHRASES: tuple[str, ...] = (
    *_THANKS, *_MORE_THANKS, *_APPROVAL, *_ACKNOWLEDGE, *MORE_CLOSING, *plans.PLAN_CLOSING,
    "received", "got them", "got it all",
    "bye", "goodbye", "bye bye", "see you", "see ya", "cya", "talk soon", "take care", "best",
    "regards", "best regards", "kind regards", "warm regards", "br", "have a good one",
    "have a great one", "enjoy your weekend", "enjoy the weekend",
    *expand(("have a",), ("", "good", "great", "nice", "lovely", "wonderful"),
              ("day", "weekend", "evening", "night", "week")),
)  # fmt: skip

# Words around a closing that add nothing a reply is owed for. None of them closes on its own.
_FOR_WHAT = template(
    ("for", "for the", "for your", "for all the", "for all your", "for all of the"),
    ("", "quick", "fast", "prompt", "swift", "speedy", "great", "detailed", "clear", "kind",
     "amazing", "awesome", "excellent", "provider", "new"),
    ("help", "support", "response", "reply", "answer", "fix", "update", "updates", "info",
     "information", "explanation", "assistance", "heads up", "turnaround", "work", "effort",
     "efforts", "patience", "follow up", "quick fix", "hotfix", "confirmation", "clarification",
     "everything", "all", "checking", "confirming", "fixing", "fixing it", "sorting",
     "sorting it", "sorting it out", "sorting this out", "sorting that out", "helping",
     "letting me know", "letting us know", "jumping on this", "jumping on it", "jumping on that",
     "explaining", "tip", "tips", "call", "call earlier", "the call earlier", "workaround",
     "pointer", "pointers", "suggestion", "advice", "investigation", "digging", "time",
     "action", "cooperation", "resolution", "solution", "guidance", "assist", "save",
     "hand", "link", "docs", "details", "sharing", "walkthrough", "context", "resolving",
     "resolving this", "resolving it", "resolving the issue", "fixing this", "fixing the issue",
     "solving", "solving it", "solving this", "taking care of it", "taking care of this",
     "handling this", "handling it", "looking after this", "getting back to me",
     "getting back to us", "getting this sorted", "getting this fixed", "getting it fixed",
     "following up", "kind support", "quick support", "quick action", "quick resolution",
     "swift resolution", "revert", "quick revert", "prompt revert", "assistance",
     "the speedy fix", "quick turnaround", "quick response", "quick reply", "quick help"),
)  # fmt: skip
FILLER_PHRASES: tuple[str, ...] = (
    *INTL_FILLER, *MORE_FILLER, *plans.PLAN_FILLER,
    "on our side", "on our end", "from our side", "from our end", "at our end", "our side",
    "our end", "on my side", "on my end", "for us", "for me", "over here", "here", "as well",
    "on prod", "in prod", "on production", "in production", "in the logs",
    "a lot", "a ton", "a bunch", "so much", "very much", "all of you", "you all", "y'all",
    "yall", "guys", "folks", "team", "everyone", "everybody", "people", "all", "both", "mate",
    "buddy", "man", "dude", "friends", "you", "u", "ya", "and", "also", "so", "very", "really",
    "much", "truly", "totally", "indeed", "just", "now", "too", "finally", "already",
    "definitely", "absolutely", "honestly", "seriously", "yes", "yep", "yup", "yeah", "yea",
    "right", "exactly", "oh", "ah", "aha", "wow", "haha", "hahaha", "lol", "hehe", "hi", "hey",
    "hello", "well", "then", "sorry", "cc", "fyi", "as always", "once more", "so fast",
    "so quickly", "so quick", "that quickly", "that fast",
    "sorry for the noise", "for the record", "tomorrow", "later", "later today", "today",
    "this week", "next week", "over the weekend", "for now", "in the meantime", "next sprint",
    "for next sprint", "first thing tomorrow", "on monday", "if needed",
    "if it comes back", "if it happens again", "if anything changes", "if we see it again",
    "if it recurs", "if anything comes up", "if we need anything", "if we need anything else",
    "if something comes up", "if there's anything", "if it shows up again", "and", "fully",
    "kindly", "yaar", "successfully", "again now", "once again", "now again", "i think",
    "from here", "on its own", "by itself", "for everyone", "for all", "for all users",
    "for our users", "for our team", "for both", "for all of us", "for everybody",
    "in case of any issues", "in case of any issue",
    "in case of issues", "in case of further issues", "if any issues", "if any issue",
    "if we face any issue", "if we face any issues", "if required", "in case",
    "if there are any issues", "should anything come up", "if we have questions",
    "if we have more questions", "if we have any questions", "if we have any more questions",
    "i believe", "looks like", "seems like", "on your side", "on your end", "from your side",
    "from you", "pour nous", "por nuestra parte", "de nuestra parte", "por aquí",
    "it's been " + REFERENCE, "for " + REFERENCE + " now", "so far so good",
)  # fmt: skip

# Words that report a problem or ask for something. The phrases above may hold one ("no
# worries", "thanks again"); a phrase a team adds in config may not.
PROBLEM_WORDS: frozenset[str] = INTL_PROBLEM_WORDS | frozenset(
    {
        "still", "again", "but", "however", "though", "although", "except", "unless", "until",
        "yet", "error", "errors", "err", "fail", "fails", "failed", "failing", "failure", "not",
        "no", "nope", "never", "none", "don't", "doesn't", "didn't", "isn't", "aren't",
        "wasn't", "weren't", "won't", "can't", "cannot", "couldn't", "shouldn't", "wouldn't",
        "haven't", "hasn't", "broken", "broke", "breaks", "crash", "crashed", "crashes",
        "crashing", "down", "outage", "bug", "wrong", "slow", "timeout", "stuck", "missing",
        "lost", "blocked", "urgent", "asap", "please", "pls", "plz", "need", "needs", "want",
        "why", "how", "what", "when", "where", "who", "which", "wait", "waiting", "pending",
        "eta", "tia", "advance", "same", "only", "sometimes", "intermittent", "weird",
        "strange", "unfortunately", "sadly", "almost", "partially", "mostly", "anymore",
        "problem", "problems", "issue", "issues", "hmm", "bump", "any", "help", "advise",
    }
)  # fmt: skip

CONFIRMING_TEMPLATES = STATEMENTS + FAMILY_CONFIRMING + outcomes.OUTCOME_CONFIRMING_TEMPLATES
CLOSING_TEMPLATES: tuple[Template, ...] = (
    _FUTURE_SELF,
    _RECEIVED,
    *FAMILY_CLOSING,
    *plans.PLAN_CLOSING_TEMPLATES,
    *outcomes.OUTCOME_CLOSING_TEMPLATES,
    # "appreciate the quick turnaround"
    template(
        (
            "appreciate",
            "really appreciate",
            "much appreciate",
            "we appreciate",
            "i appreciate",
            "appreciated",
            "really appreciated",
        ),
        ("the", "your", "all the", "all your"),
        _FOR_WHAT[1],
        _FOR_WHAT[2],
    ),
)

# The customer's account of what they did or found: "we rotated the key", "turns out it was our
# proxy". It closes nothing alone ("we restarted it, thanks" may wait for our check), only next
# to a confirmation ("..., all good now").
_DONE_BY_CUSTOMER = (
    "restarted", "rotated", "switched", "updated", "upgraded", "pinned", "changed", "set",
    "swapped", "renewed", "redeployed", "deployed", "reinstalled", "cleared", "flushed",
    "reset", "reran", "re ran", "applied", "enabled", "re enabled", "removed", "added",
    "followed", "ran", "bumped", "increased", "raised", "moved", "migrated", "reconnected",
    "reauthenticated", "regenerated", "refreshed", "rebooted", "purged", "whitelisted",
    "allowlisted", "installed", "configured", "corrected", "adjusted", "tweaked", "replaced",
    "renamed", "recreated", "rebuilt", "cleaned up", "drained", "resynced", "retried", "tried",
    "used", "granted", "created", "patched", "merged", "shipped", "fixed", "rolled out",
)  # fmt: skip
ACCOUNT_TEMPLATES: tuple[Template, ...] = (
    # "typo in our config", "a misconfiguration on our side"
    template(
        ("typo", "a typo", "it was a typo", "misconfiguration", "a misconfiguration",
         "config issue", "a config issue", "stale cache", "a stale cache", "cached dns",
         "expired token", "an expired token", "old token", "wrong key", "typo on our side"),
        ("", "in", "on", "with", "at", "from"),
        ("", FREE),
    ),
    # "checked on our side, all good", "tested again just now".
    template(
        ("", "we", "i", "we've", "i've", "we have", "i have", "just"),
        ("checked", "tested", "double checked", "retested", "re tested", "tried again",
         "tried it", "verified"),
        ("", "again", "just now", "now", "on our side", "on our end", "here", "it", "this",
         "and"),
    ),
    # "`retry_count` set to 5", "v2 pinned to 4.2.1"
    template(
        (NAME, "the " + NAME),
        ("set to", "changed to", "bumped to", "raised to", "increased to", "lowered to",
         "updated to", "pinned to", "switched to", "moved to", "upgraded to"),
        (FREE,),
    ),
    template(
        ("", "we", "i", "fyi we", "so we", "we've", "i've", "we have", "i have", "ok we", "ok i",
         "fyi"),
        ("", "just", "also", "then", "finally"),
        _DONE_BY_CUSTOMER,
        ("", FREE),
    ),
    template(
        ("it was", "was", "turned out", "turns out", "turns out it was", "turned out it was",
         "the cause was", "root cause was", "the root cause was", "the problem was",
         "the issue was", "it was just", "cause was", "culprit was", "the culprit was"),
        (FREE,),
    ),
    *FAMILY_ACCOUNT,
    *outcomes.OUTCOME_ACCOUNT_TEMPLATES,
)  # fmt: skip
# Words a customer's account never holds: asks, problems, questions, and anything addressed to us.
FREE_WORDS_STOP: frozenset[str] = PROBLEM_WORDS | frozenset(
    {
        "rest", "others", "some", "most", "part", "half", "few", "main", "first", "second",
        "last", "several", "many", "certain", "except", "apart", "old", "older", "previous",
        "legacy", "staging", "test", "dev", "sandbox", "backup", "fallback", "workaround",
        BOUNDARY, "you", "your", "yours", "u", "can", "could", "would", "should", "will",
        "shall", "may", "might", "must", "do", "does", "did", "is", "are", "if", "or",
        "whether", "know", "tell", "let", "one", "more", "another", "other", "question",
        "questions", "also", "ask", "request", "and", "then", "now", "but",
    }
)  # fmt: skip
FILLER_TEMPLATES: tuple[Template, ...] = (
    *FAMILY_FILLER, *plans.PLAN_FILLER_TEMPLATES, *outcomes.OUTCOME_FILLER_TEMPLATES, _FOR_WHAT,
    # "after clearing the cache", "since we moved to v3": when, never whether.
    template(("after", "since", "once", "now that", "following"), (FREE,)),
)  # fmt: skip
