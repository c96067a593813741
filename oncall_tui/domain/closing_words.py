"""The vocabulary of closing messages: what a customer says when nothing more is owed.

Every word of a closing message must come from here (see `closing.py`), so a word missing from
these lists can only make a closing look like an ask (a timer shows), never the reverse. Phrases
are built from families ("the issue" x "is" x "resolved now") and written as people type them;
case, accents and apostrophe styles are folded when they are loaded.
"""

from __future__ import annotations

from itertools import product

from oncall_tui.domain.closing_words_intl import INTL_CLOSING, INTL_FILLER, INTL_PROBLEM_WORDS

# Where a number or an id stands in a phrase ("fixed in 3.4.1", "ticket #4821 can be closed").
REFERENCE = "<ref>"
# Where a clause ends (",", ".", a line break, " - "): the customer's own words stop there.
BOUNDARY = "\x1f"
# A part of a family that stands for up to FREE_WORDS words of the customer's own.
FREE = "*"
FREE_WORDS = 6


# A phrase family: one choice from each part in turn ("" leaves a part out). Matched part by part
# rather than spelled out, as the families below hold some hundred thousand phrases.
Template = tuple[tuple[str, ...], ...]


def _expand(*parts: tuple[str, ...]) -> tuple[str, ...]:
    """Every phrase made of one choice from each part ("" leaves a part out)."""
    return tuple(" ".join(word for word in choice if word) for choice in product(*parts))


def _template(*parts: tuple[str, ...]) -> Template:
    return parts


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
    *_expand(("you're", "you are", "you guys are", "you all are", "y'all are", "you're all"),
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
    *_expand(("we're", "we are"), ("", "all"), ("good", "set", "fine", "ok", "back up",
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
    *_expand(("you can", "you may", "feel free to", "ok to", "okay to", "we can", "happy to",
               "good to", "safe to", "please", "go ahead and", "free to"),
              ("close", "close out", "mark as resolved", "mark it as resolved", "mark it resolved"),
              ("", "this", "this one", "it", "the ticket", "the thread", "the case",
               "this ticket", "this thread", "the issue", "the request")),
    *_expand(("kindly close", "request you to close", "pls close", "plz close"),
             ("", "this", "it", "the ticket", "the case", "this ticket", "the thread")),
    *_expand(("consider", "consider it", "consider this", "consider this one"),
              ("closed", "resolved", "done")),
    *_expand(("closing", "closed"), ("", "it", "this", "this one", "the ticket"),
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
     "test and report back", "check and get back")  # fmt: skip
_FUTURE_SELF = _template(
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
_RECEIVED = (
    "received", "got them", "got it all",
    *_expand(("got", "received", "we got", "i got", "we received", "i received", "we've got",
               "have received", "we've received", "i've received", "just received"),
              ("", "the", "your"), _DELIVERABLES),
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

# Statements: "it is working now", "the issue is resolved", "error gone", "login works again".
_SUBJECTS = (
    "it", "that", "this", "everything", "all", "things", "all of it", "the fix", "the sync",
    "the job", "the jobs", "the page", "the dashboard", "the app", "the service", "the site",
    "the deploy", "the export", "the import", "the integration", "the login", "login", "sso",
    "the sso", "the api", "the webhook", "the webhooks", "the data", "the numbers",
    "the report", "the email", "the emails", "the build", "the pipeline", "the backup",
    "the backups", "the queue", "the backlog", "the connector", "the upgrade", "the update",
    "the migration", "the charts", "the graphs", "traffic", "all traffic", "the workaround",
    "the patch", "the change", "the new version", "the refund", "the payment", "the invoice",
    "the order", "the transfer", "the request", "the ticket", "the case", "the sync job",
    *_expand(("ticket", "case", "invoice", "order", "request", "pr", "build", "job",
               "release", "version", "incident", "inc", "issue", "re"), (REFERENCE,)),
)  # fmt: skip
# What was wrong; only these may "go away", "stop" or "be over".
_PROBLEMS = (
    "error", "errors", "the error", "the errors", "all the errors", "all errors", "the issue",
    "the problem", "the bug", "bug", "this issue", "that issue", "our issue", "my issue",
    "issue", "problem", "the alert", "the alerts", "alerts", "the warning", "the warnings",
    "warnings", "the timeouts", "timeouts", "the outage", "outage", "the crash", "the crashes",
    "crashes", "the failures", "failures", "the incident", "incident", "the lag", "the spikes",
)  # fmt: skip
_LINKS = (  # no "was": "it was working" says it is not any more
    "", "is", "are", "has been", "have been", "seems", "seems to be", "looks", "'s",
)  # fmt: skip
_MORE_SUBJECTS = (
    "jobs", "nodes", "all nodes", "services", "checks", "tests", "pods", "servers",
    "instances", "builds", "the tests", "the checks", "the nodes", "the pods", "the servers",
    "the services", "the instances", "the runs", "runs", "syncs", "webhooks", "emails",
    "payments", "orders", "exports", "imports", "reports", "dashboards", "deploys",
    "deployments", "pipelines", "the deployment", "all jobs", "all services", "all checks",
    "all tests", "all systems", "systems", "the system", "the logs", "the log", "logs",
    "the cluster", "the database", "the db", "the server", "access", "the access",
    "the certificate", "the cert", "the link", "the feed", "the stream", "the uploads",
    "uploads", "the downloads", "downloads", "the reports", "the portal", "the ui", "the tool",
    "the script", "the query", "the queries",
)  # fmt: skip
# A number or an id settles only what cannot be partial: "INC-4821 resolved", "#88 can be closed".
_REFERENCED = (
    REFERENCE, "re " + REFERENCE, "ticket " + REFERENCE, "case " + REFERENCE,
    "invoice " + REFERENCE, "order " + REFERENCE, "request " + REFERENCE, "pr " + REFERENCE,
    "incident " + REFERENCE, "inc " + REFERENCE, "issue " + REFERENCE,
)  # fmt: skip
_SETTLED = (
    "resolved", "fixed", "closed", "can be closed", "verified", "confirmed", "sorted", "solved",
    "confirmed fixed", "shipped", "received", "processed", "delivered", "went through",
    "went through fine", "approved", "accepted", "all good", "looks correct", "correct",
    "correct now", "looks correct now", "ok to close", "good to close",
)  # fmt: skip
_STATES = (
    "resolved", "fixed", "solved", "sorted", "working", "works", "worked", "back to normal",
    "back up", "back online", "up and running", "stable", "fine", "good", "green", "clear", "ok",
    "okay", "running", "running fine", "working fine", "working well", "working great",
    "working perfectly", "working as expected", "works fine", "works great", "works perfectly",
    "works as expected", "fixed now", "resolved now", "good now", "fine now", "working again",
    "works again", "running again", "sorted out", "holding", "holding steady", "stable now",
    "loading fine", "syncing fine", "passing", "healthy", "normal", "as expected", "correct",
    "correct now", "looking good", "working properly", "works properly", "coming properly",
    "coming fine", "coming through", "going through", "went through", "went through fine",
    "showing correctly", "showing properly", "in order", "all good", "live", "closed",
    "shipped", "received", "arrived", "processed", "delivered", "done", "accepted", "approved",
    "fully resolved", "confirmed fixed", "confirmed working", "can be closed", "verified",
    "confirmed", "behaving", "behaving normally", "restored", "recovered", "synced",
    "in sync", "caught up", "clean", "quiet", "successful", "green again", "good again",
    "fine again", "ok again", "ok now", "okay now", "back to green", "all green", "up",
    "up now", "back up now", "loading again", "showing", "showing up", "showing again",
    "visible", "visible again", "accessible", "accessible again",
)  # fmt: skip
_GONE = (
    "gone", "went away", "gone away", "disappeared", "stopped", "is over", "over", "cleared",
    "cleared up", "doesn't exist anymore", "does not exist anymore", "no longer exists",
    "no longer there", "not there anymore",
)  # fmt: skip
# Happened no more: "hasn't come back", "not happening anymore".
_NOT_AGAIN = (
    "didn't happen again", "did not happen again", "hasn't happened again",
    "has not happened again", "hasn't happened since", "hasn't come back", "has not come back",
    "didn't come back", "not happening anymore", "no longer happening", "isn't happening anymore",
    "is not happening anymore", "doesn't happen anymore", "does not happen anymore",
    "no longer occurs", "hasn't recurred", "has not recurred", "didn't recur",
)  # fmt: skip
# Since a change of ours: "since the deploy", "after the restart".
_SINCE_EVENT = _expand(
    ("since", "after"),
    ("the fix", "the deploy", "the restart", "the update", "the patch", "the change",
     "the upgrade", "the hotfix", "the release", "the rollback"),
)  # fmt: skip
_SINCE = (
    "since", "since then", "since yesterday", "since this morning", "again", "today",
    "overnight", "all day", "all night", "in the logs", *_SINCE_EVENT,
    *_expand(("in the last", "over the last", "for the last", "in", "for", "since"),
             ("", "the past"), (REFERENCE,)),
)  # fmt: skip
_SEEN_NO_MORE = _template(
    ("not seeing", "no longer seeing", "we're not seeing", "i'm not seeing", "we are not seeing",
     "we're no longer seeing", "haven't seen", "have not seen", "we haven't seen",
     "i haven't seen", "didn't see", "did not see", "we didn't see", "i didn't see",
     "don't see", "do not see", "we don't see", "i don't see", "haven't had", "we haven't had",
     "haven't hit", "we haven't hit", "didn't hit", "we didn't hit", "didn't get",
     "we didn't get", "not getting", "we're not getting", "no longer getting",
     "haven't gotten", "haven't noticed", "didn't notice", "haven't experienced",
     "not experiencing", "no longer experiencing", "no", "no more", "zero", "not a single",
     "no new", "without any", "without a single"),
    ("error", "the error", "the errors", "any errors", "errors", "an error", "the issue",
     "any issues", "issues", "the problem", "any problems", "problems", "the bug", "the alert",
     "the alerts", "any alerts", "alerts", "alert", "the timeouts", "any timeouts", "timeouts",
     "the warning", "the warnings", "any warnings", "warnings", "the crash", "crashes",
     "any crashes", "the failures", "any failures", "failures", "complaints", "incidents"),
    ("", "anymore", "any more", "again", "now", "today", "overnight", "all day", "all night",
     "in the logs"),
    ("", *_SINCE),
)  # fmt: skip
_STATEMENTS: tuple[Template, ...] = (
    _template((*_SUBJECTS, *_MORE_SUBJECTS, *_PROBLEMS), _LINKS, _STATES),
    _template(
        ("we are", "we're", "i am", "i'm", "now we are", "now we're", "we can", "i can", ""),
        ("", "now"), ("able to", "now able to"),
        ("login", "log in", "access it", "access the dashboard", "see it", "see the data",
         "see everything", "connect", "send", "download", "upload", "export", "import",
         "sync", "deploy", "use it", "proceed", "pay", "save", "sign in", "continue",
         "work again", "work"),
        ("", "now", "again", "successfully", "fine", "without issues", "without problems"),
    ),
    _template(("it's", "that's", "everything's", "everything is", "all is"), _STATES),
    _template(_REFERENCED, ("", BOUNDARY, "is", "has been", "was", "got"), _SETTLED),
    _template(_PROBLEMS, _LINKS, _GONE),
    _template(("", *_PROBLEMS, "it"), _NOT_AGAIN),
    _SEEN_NO_MORE,
    # "it" is a problem only where seeing it again would be one: "haven't seen it since".
    _template(
        ("haven't seen it", "have not seen it", "didn't see it", "didn't hit it",
         "haven't hit it", "we haven't seen it", "we didn't see it", "we didn't hit it"),
        ("", "again", "anymore", "any more"),
        ("", "since", "since then", *_SINCE_EVENT),
    ),
    _template(
        ("can't", "cannot", "can not", "couldn't", "unable to", "we can't", "i can't",
         "we couldn't", "i couldn't", "can no longer", "we can no longer"),
        ("reproduce", "repro", "reproduce it", "repro it"),
        ("", "anymore", "any more", "now", *_SINCE),
    ),
    # In the past tense only what stays settled: "it was fixed", "that was it".
    _template(
        (*_SUBJECTS, *_PROBLEMS),
        ("was", "got", "has been", "have been", "were"),
        ("resolved", "fixed", "solved", "sorted", "sorted out", "closed"),
    ),
    _template(("it was", "that was"), ("it", "the issue", "the problem", "the fix")),
    _template(
        ("resolved", "fixed", "solved", "confirmed fixed", "fixed it", "released"),
        ("in", "with", "as of"),
        ("", "version", "release", "build", "v"),
        (REFERENCE,),
    ),
)  # fmt: skip

# Phrases that say it works (or that nothing is wrong): spelled out, then as families.
CONFIRMING_PHRASES: tuple[str, ...] = (
    *_CONFIRM, *_CLOSE, *INTL_CLOSING,
    "all good", "all clear", "all set", "all sorted", "all fixed", "all green", "all working",
    "all fine", "all well", "all is well", "all is good", "good now", "good to go", "fine now",
    "false alarm", "never mind", "nevermind", "nvm", "figured it out", "we figured it out",
    "found it", "no issues", "no issues now", "no more issues", "no more problems",
    *_expand(("we're", "we are"), ("", "all"), ("good", "set", "fine", "ok", "back up",
             "up and running", "back to normal", "stable", "green", "sorted")),
)  # fmt: skip
# Phrases that close on their own without saying it works: thanks, approval, sign-offs.
CLOSING_PHRASES: tuple[str, ...] = (
    *_THANKS, *_MORE_THANKS, *_APPROVAL, *_ACKNOWLEDGE, *_RECEIVED,
    "bye", "goodbye", "bye bye", "see you", "see ya", "cya", "talk soon", "take care", "best",
    "regards", "best regards", "kind regards", "warm regards", "br", "have a good one",
    "have a great one", "enjoy your weekend", "enjoy the weekend",
    *_expand(("have a",), ("", "good", "great", "nice", "lovely", "wonderful"),
              ("day", "weekend", "evening", "night", "week")),
)  # fmt: skip

# Words around a closing that add nothing a reply is owed for. None of them closes on its own.
_FOR_WHAT = _template(
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
     "swift resolution",
     "the speedy fix", "quick turnaround", "quick response", "quick reply", "quick help"),
)  # fmt: skip
FILLER_PHRASES: tuple[str, ...] = (
    *INTL_FILLER,
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
    "so quickly", "so quick", "that quickly", "that fast", "update", "quick update",
    "sorry for the noise", "for the record", "tomorrow", "later", "later today", "today",
    "this week", "next week", "over the weekend", "for now", "in the meantime", "next sprint",
    "for next sprint", "first thing tomorrow", "on monday", "if needed",
    "if it comes back", "if it happens again", "if anything changes", "if we see it again",
    "if it recurs", "if anything comes up", "if we need anything", "if we need anything else",
    "if something comes up", "if there's anything", "if it shows up again", "and", "fully",
    "kindly", "yaar", "successfully", "again now", "once again", "now again",
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

CONFIRMING_TEMPLATES: tuple[Template, ...] = _STATEMENTS
CLOSING_TEMPLATES: tuple[Template, ...] = (_FUTURE_SELF,)

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
    _template(
        ("", "we", "i", "fyi we", "so we", "we've", "i've", "we have", "i have", "ok we", "ok i",
         "fyi"),
        ("", "just", "also", "then", "finally"),
        _DONE_BY_CUSTOMER,
        (FREE,),
    ),
    _template(
        ("it was", "was", "turned out", "turns out", "turns out it was", "turned out it was",
         "the cause was", "root cause was", "the root cause was", "the problem was",
         "the issue was", "it was just", "cause was", "culprit was", "the culprit was"),
        (FREE,),
    ),
)  # fmt: skip
# Words a customer's account never holds: asks, problems, questions, and anything addressed to us.
FREE_WORDS_STOP: frozenset[str] = PROBLEM_WORDS | frozenset(
    {
        BOUNDARY, "you", "your", "yours", "u", "can", "could", "would", "should", "will",
        "shall", "may", "might", "must", "do", "does", "did", "is", "are", "if", "or",
        "whether", "know", "tell", "let", "one", "more", "another", "other", "question",
        "questions", "also", "ask", "request", "and", "then", "now", "but",
    }
)  # fmt: skip
FILLER_TEMPLATES: tuple[Template, ...] = (_FOR_WHAT,)
