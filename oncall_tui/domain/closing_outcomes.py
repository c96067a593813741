"""Closings that report an outcome: it still works ("still green after the weekend"), a rate or
a backlog is back to nothing ("error rate 0% for the past 6h", "queue depth is 0"), every one of
a count went through ("reran all 48 jobs, 48 passed"), a "no" that only says nothing more is
needed ("nope, no further questions"), accounts of the customer's that a confirmation must
follow ("someone on our side revoked the key", "tested on Android"), and the people waiting at
ease ("our users are happy again"). Phrases without slots are in `closing_outcome_words.py`.

"Still" and "no" are problem words everywhere else: here they stand only next to a word that
says all is well, so "still fails" and "no, that's not everything" stay asks.
"""

from __future__ import annotations

from oncall_tui.domain.closing_base import (
    BOUNDARY,
    FEW,
    NAME,
    REFERENCE,
    SUBJECT,
    Template,
    expand,
    template,
)
from oncall_tui.domain.closing_families import HOW, IS, PROCESSES, THE, WHEN
from oncall_tui.domain.closing_outcome_words import OUTCOME_WORDS

# What is still well: "still works after the restart", "still green this morning".
_STILL_WELL = (
    "working", "works", "work", "green", "good", "fine", "stable", "holding", "holding up",
    "holding steady", "running fine", "running smoothly", "all green", "all good", "solid",
    "rock solid", "healthy", "quiet", "clean",
)  # fmt: skip
_SINCE = (
    "", "now", "this morning", "today", "overnight", "all night", "all week", "all weekend",
    "for days", "for us", "on our side", "since", "since then", "so far", "tonight",
    "since " + REFERENCE, "since " + REFERENCE + " utc", "on the last run",
    *expand(("after", "since"), ("the", "a", "the second", "another", "our"),
            ("restart", "reboot", "weekend", "night", "deploy", "redeploy", "release", "update",
             "upgrade", "failover", "rollout", "patch", "migration", "cutover", "batch run",
             "nightly run", "load test")),
    *expand(("for", "over", "in"), ("the last", "the past", ""), (REFERENCE,),
            ("", "hours", "days", "runs", "weeks")),
)  # fmt: skip
_THE = ("", "it's", "it is", "it", "everything's", "everything is", "everything", "all",
        "they're", "they are", "both", "we're", "we are", "things are")  # fmt: skip
_STILL = template(_THE, ("still", "still all"), _STILL_WELL, _SINCE)
# "holding steady overnight", "stable since Monday", "clean since the patch".
_WELL_SINCE = template(
    ("holding steady", "holding up", "stable", "steady", "quiet", "clean", "all quiet",
     "clean logs", "clean runs", "green runs", "nothing in the error logs", "nothing in the dlq",
     "no issues", "no errors", "nothing broken", "nothing failed", "nothing failing"),
    tuple(when for when in _SINCE if when),
)  # fmt: skip
# A rate or a backlog that is back to nothing: "error rate 0% for the past 6h", "queue depth is
# 0", "DLQ empty". Only measures of trouble or of work left, where nothing is good news.
_LEFT_TO_DO = (
    "error rate", "error rates", "error count", "errors", "failure rate", "failures",
    "failed jobs", "failed payments", "failed logins", "5xx rate", "5xx", "retries",
    "retry rate", "timeouts", "timeout rate", "drop rate", "queue", "queue depth", "the queue",
    "backlog", "the backlog", "lag", "consumer lag", "replication lag", "dlq", "the dlq",
    "dead letter queue", "the dead letter queue", "pending jobs", "pending items", "bounces",
    "bounce rate", "crash rate", "crashes",
)  # fmt: skip
_AT_NOTHING = template(
    _LEFT_TO_DO,
    ("", "is", "are", "is at", "at", "is now", "now", "is back to", "back to", "are at",
     "are back to", "down to", "is down to", "dropped to", "are down to", "back down to"),
    ("zero", "baseline", "normal", "normal levels"),
    ("", "again", "now", *(when for when in _SINCE if when)),
)  # fmt: skip
# "we're caught up", "caught up overnight", "sync caught up".
_CAUGHT_UP = template(
    ("", "the", "our", "it", "it's", "it has", "everything", "everything's", "things", "that"),
    ("", SUBJECT),
    ("", "is", "are", "has", "have", "'s", "we're", "we are", "is all", "are all", "all"),
    ("caught up", "fully caught up", "all caught up", "cleared up", "back in sync"),
    ("", "again", "now", "on its own", "by itself", *(when for when in _SINCE if when)),
)  # fmt: skip
# "no, that's everything", "nope, no further questions": a "no" to "anything else?".
_NO_MORE = template(
    ("no", "nope", "nah", "no no"),
    ("", BOUNDARY),
    ("that's everything", "that's all", "that's it", "nothing else", "no further questions",
     "no more questions", "all good", "we're good", "we're all good", "i'm good", "all set",
     "we're all set", "that's all for now", "nothing more", "nothing further",
     "that's all we needed", "we're done", "we're unblocked", "we're unblocked now",
     "not anymore", "not any more", "all green", "all good now", "it's fixed", "it's working",
     "it's working now", "it works now", "working now", "fixed", "all fixed"),
)  # fmt: skip
# A quoted check answered: "yep, they're there". Not "it's gone": data may be.
_THERE_NOW = template(
    ("it's", "it is", "they're", "they are", "both are", "all are", "both", "they", "it"),
    ("there", "there now", "all there", "showing up", "showing up now"),
)  # fmt: skip
OUTCOME_CONFIRMING_TEMPLATES: tuple[Template, ...] = (
    _STILL, _WELL_SINCE, _AT_NOTHING, _CAUGHT_UP, _NO_MORE, _THERE_NOW,
)  # fmt: skip

OUTCOME_CONFIRMING = OUTCOME_WORDS
# What the customer did: closes only next to a confirmation ("テストしました、問題ありません").
_TESTED = (
    "テストしました", "確認しました", "試しました", "再起動しました", "测试了", "测试过了",
    "试过了", "테스트했습니다", "확인했습니다", "getestet", "haben getestet", "wir haben getestet",
    "on a teste", "j'ai teste", "hemos probado", "lo probamos", "testamos", "abbiamo provato",
)  # fmt: skip
# The customer tests and reports back: "lo probamos mañana y les contamos".
_INTL_NEXT_STEP = template(
    ("lo probamos", "lo revisamos", "lo vamos a probar", "vamos a probar", "wir testen",
     "wir testen das", "wir prüfen das", "on teste", "on va tester", "on regarde", "testamos",
     "vamos testar", "proviamo", "lo proviamo"),
    ("", "manana", "hoy", "luego", "morgen", "heute", "demain", "amanha", "hoje", "domani",
     "oggi"),
    ("y les contamos", "y les aviso", "y te cuento", "y les confirmamos", "y os contamos",
     "und melden uns", "und geben bescheid", "und geben euch bescheid", "et on vous dit",
     "et on vous tient au courant", "e avisamos", "e retornamos", "e vi facciamo sapere",
     "e vi aggiorniamo"),
)  # fmt: skip
OUTCOME_CLOSING_TEMPLATES: tuple[Template, ...] = (_INTL_NEXT_STEP,)
OUTCOME_ACCOUNT_TEMPLATES: tuple[Template, ...] = (template(_TESTED),)

# What someone of the customer's did or found, which closes only next to a confirmation:
# "someone on our side revoked the service account", "wrong environment", "rolled it out to prod".
_THEIR_SLIP = template(
    ("someone", "somebody", "someone on our side", "someone on our team", "someone here",
     "a colleague", "a teammate", "one of our devs", "one of our engineers", "our admin",
     "our intern", "we", "i"),
    ("", "had", "accidentally", "had accidentally"),
    ("revoked", "changed", "deleted", "disabled", "rotated", "removed", "renamed", "moved",
     "misconfigured", "turned off", "switched off", "paused", "expired", "overwrote",
     "pointed"),
    (SUBJECT,),
)  # fmt: skip
_WRONG_PLACE = template(
    ("", "it was the", "we used the", "i used the", "was on the", "i was on the",
     "we were on the", "used the"),
    ("wrong environment", "wrong env", "wrong account", "wrong workspace", "wrong tenant",
     "wrong project", "wrong region", "wrong url", "wrong endpoint", "wrong key", "wrong token",
     "wrong config", "wrong branch", "wrong cluster"),
    ("", "on my side", "on our side", "on my end", "on our end"),
)  # fmt: skip
_ROLLED_OUT = template(
    ("", "we", "i", "we've", "i've", "just"),
    ("rolled it out", "rolled this out", "rolled out the fix", "pushed it", "pushed it out",
     "deployed it", "shipped it", "released it", "applied it", "replayed", "reprocessed",
     "settled", "imported", "reran", "re ran", "resent", "re sent"),
    ("", "to prod", "to production", "to all regions", "everywhere", "across the fleet", FEW),
)  # fmt: skip
# "migration ran", "p99 back to 180ms": an outcome the words around it must still confirm.
_IT_RAN = template(("", "the", "our"), (SUBJECT,), ("ran", "was run", "has run", "executed"))
_MEASURED = template(
    ("", "the", "our"),
    (SUBJECT,),
    ("", "is", "are"),
    ("back to", "down to", "back under", "back below", "under", "below", "down from " + REFERENCE
     + " to", "from " + REFERENCE + " down to", "at", "back at"),
    (REFERENCE,),
    ("", "again", "now"),
)  # fmt: skip
# How long the trouble lasted, said only next to the pain it caused: "for two days", "for a
# week". Never after a fix ("restarting fixed it for an hour" is a fix that did not hold).
_HOW_LONG = (
    *expand(("for", "for over", "for almost", "for nearly"),
            ("two", "three", "four", "five", "a few", "several", "a couple of", REFERENCE),
            ("days", "hours", "weeks", "minutes", "months")),
    *expand(("for",), ("a", "a whole", "an", "half a", "over a", "almost a", "nearly a"),
            ("day", "hour", "week", "month", "while", "full day")),
    "all day", "all week", "since monday", "since yesterday",
)  # fmt: skip
_EVERY = expand(
    ("every",),
    ("", "two", "five", "few", "ten", "couple of", REFERENCE),
    ("minutes", "minute", "hours", "hour", "day", "days"),
)
# "that was driving me nuts for two days".
_DROVE_US_NUTS = template(
    ("that was driving me nuts", "that was driving me crazy", "that was driving us nuts",
     "that was driving us crazy", "that was bugging me", "that was bugging us",
     "that had us stumped", "that had me stumped"),
    ("", *_HOW_LONG),
)  # fmt: skip
# "we've been fighting this for a week": the pain behind them, which a confirmation must end.
_FOUGHT = template(
    ("we've been", "i've been", "we were", "i was", "we had been", "i had been"),
    ("fighting", "fighting with", "struggling with", "stuck on", "chasing", "battling",
     "debugging", "banging our heads on", "banging my head on", "pulling our hair out over"),
    ("this", "it", "that"),
    ("", *_HOW_LONG),
)  # fmt: skip
# "ran `make test` again", "reran the checks": a check whose result must follow.
_RAN_CHECK = template(
    ("ran", "reran", "re ran", "we ran", "i ran", "we reran", "i reran", "just ran"),
    (NAME, "the tests", "the test suite", "the suite", "the job", "the check", "the checks",
     "the pipeline", "the health check", "the healthcheck", "ci", "the build"),
    ("", "again", "once more", "just now"),
)  # fmt: skip
# "we had the webhook pointed at the old URL": the customer's own setting was the cause.
_OLD_SETTING = template(
    ("we had", "i had", "we'd", "i'd", "we still had", "i still had"),
    ("the", "our", "my"),
    (SUBJECT,),
    ("pointed at", "pointing at", "pointed to", "pointing to", "set to", "configured for",
     "configured with", "still pointed at", "still pointing at", "using"),
    ("the", "an", "our", "a"),
    ("old", "wrong", "stale", "previous", "expired", "outdated"),
    (SUBJECT,),
)  # fmt: skip
# "swapped `http://` for `https://` in the webhook url".
_SWAPPED = template(
    ("", "we", "i", "just"),
    ("swapped", "replaced", "changed", "switched"),
    (FEW,),
    ("for", "with", "to"),
    (FEW,),
    ("in the", "in our", "on the", "on our", "in"),
    (SUBJECT,),
)  # fmt: skip
# "tested again this morning", "checked after the restart": a check that needs its result.
_CHECKED_WHEN = template(
    ("", "we", "i", "we've", "i've", "just"),
    ("tested", "checked", "retested", "verified", "rechecked", "double checked"),
    ("", "again", "it", "it again"),
    tuple(when for when in _SINCE if when),
)  # fmt: skip
# "nvm, found it - our firewall": what of theirs it was.
_OURS_IT_WAS = template(
    ("our", "just our", "it's our", "it was our", "our own", "it was just our"),
    (SUBJECT,),
    ("", "on our side", "after all", "all along"),
)  # fmt: skip
# "checked 10 orders", "spot checked the invoices".
_CHECKED_SOME = template(
    ("checked", "tested", "verified", "spot checked", "we checked", "i checked", "we tested",
     "we verified", "i verified", "double checked"),
    (FEW,),
)  # fmt: skip
# "the key was wrong": a setting of the customer's was the cause.
_WAS_WRONG = template(
    ("the", "our", "my"),
    (SUBJECT,),
    ("was wrong", "was misconfigured", "was outdated", "was expired", "was stale",
     "was set wrong", "had a typo", "were wrong", "were outdated", "were expired"),
)  # fmt: skip
OUTCOME_ACCOUNT_TEMPLATES += (
    _WAS_WRONG,
    _CHECKED_SOME,
    _FOUGHT,
    _RAN_CHECK,
    _CHECKED_WHEN,
    _OURS_IT_WAS,
    _SWAPPED,
    _THEIR_SLIP, _WRONG_PLACE, _ROLLED_OUT, _IT_RAN, _MEASURED, _OLD_SETTING,
)  # fmt: skip
# "Verified on iOS and Android", "tested in Chrome and Safari".
_PLATFORMS = ("ios", "android", "web", "desktop", "mobile", "windows", "macos", "mac", "linux",
              "chrome", "firefox", "safari", "edge", "iphone", "ipad", "both platforms",
              "all platforms", "all browsers", "both apps")  # fmt: skip
_VERIFIED_ON = template(
    ("verified", "tested", "confirmed", "checked", "retested", "we verified", "we tested",
     "i verified", "i tested", "verified it", "tested it"),
    ("on", "in", "across", "with"),
    _PLATFORMS,
    ("", "and", "and on", "and in"),
    ("", *_PLATFORMS),
)  # fmt: skip
# "Refund for invoice INV-2024-0318 received", "payout for order 88123 went through".
_PAID = template(
    ("", "the", "your"),
    ("refund", "payment", "credit", "credit note", "invoice", "transfer", "payout", "order",
     "shipment", "replacement", "reimbursement"),
    ("for", "for invoice", "for order", "on invoice", "for case", "for ticket", "on order"),
    (REFERENCE, NAME),
    ("", "was", "has been", "is", "is now", "just"),
    ("received", "paid", "processed", "arrived", "delivered", "issued", "credited",
     "went through", "came through", "cleared", "landed"),
    ("", "today", "now", "fine", "on time"),
)  # fmt: skip
# "the data is coming correctly in the report now": how, then where.
_PROCESS_WHERE = template(
    THE, (SUBJECT,), IS, PROCESSES, HOW, ("in the", "on the", "in our", "on our"), (SUBJECT,), WHEN
)
# "now the problem is not there", "the issue is not coming anymore".
_PROBLEM_NAMED = ("problem", "issue", "error", "errors", "bug")
_NOT_THERE_NOW = (
    "is not there",
    "is not coming",
    "not there",
    "not coming",
    "is not showing",
    "are not there",
    "are not coming",
    "is not appearing",
    "are not appearing",
)
# "Now" before or "anymore" after, or it may say where the problem is not ("... from our side").
_NOT_THERE = template(
    ("now the", "now"), _PROBLEM_NAMED, _NOT_THERE_NOW, ("", "anymore", "any more")
)
_NOT_THERE_ANYMORE = template(
    ("", "the", "that", "this"), _PROBLEM_NAMED, _NOT_THERE_NOW, ("anymore", "any more", "now")
)
# "never seen it again since the update".
_NOT_SEEN_AGAIN = template(
    ("never seen it", "never saw it", "haven't seen it", "have not seen it", "no sign of it",
     "not seen it"),
    ("", "again", "anymore", "since"),
    tuple(when for when in _SINCE if when),
)  # fmt: skip
# Not a bare noun with an approving emoji ("• exports ✅"): "update 🙏" or "ETA 🙏" is a chaser.
# "no crashes reported since 5.2", "haven't heard any complaints since".
_NONE_REPORTED = template(
    ("no", "zero", "not a single", "no new", "haven't heard any", "have not heard any",
     "haven't had any", "no more"),
    # Not tickets or incidents: "no ticket was created" may be what is wrong.
    ("crashes", "errors", "failures", "complaints", "timeouts", "issues", "problems", "bugs",
     "crash", "error", "failure", "complaint"),
    ("", "reported", "logged", "seen", "observed", "recorded"),
    ("", *(when for when in _SINCE if when)),
)  # fmt: skip
# "invoice corrected", "access granted": what we did for them, done.
_PUT_RIGHT = template(
    THE,
    (SUBJECT,),
    ("corrected", "granted", "restored", "reissued", "refunded", "credited", "reinstated",
     "unlocked", "reactivated"),
    ("", "now", "thanks", "today"),
)  # fmt: skip
OUTCOME_CONFIRMING_TEMPLATES += (
    _PUT_RIGHT,
    _NONE_REPORTED,
    _PAID,
    _DROVE_US_NUTS,
    _PROCESS_WHERE,
    _NOT_THERE,
    _NOT_THERE_ANYMORE,
    _NOT_SEEN_AGAIN,
)
# The people waiting on it are at ease: "the intern is thrilled", "our CFO stopped yelling at me".
_AT_EASE = template(
    ("", "the", "our", "my", "the whole", "our whole"),
    (SUBJECT,),
    ("is", "are", "'s", "is now", "are now", "is finally", "are finally", "is very", "are very",
     "is so", "are so"),
    ("happy", "thrilled", "delighted", "relieved", "pleased", "stoked", "over the moon",
     "happy again", "all smiles"),
    ("", "now", "again", "today"),
)  # fmt: skip
_STOPPED_CHASING = template(
    ("", "the", "our", "my"),
    (SUBJECT,),
    ("stopped", "finally stopped", "has stopped", "have stopped"),
    ("yelling", "calling", "complaining", "pinging", "panicking", "chasing", "emailing"),
    ("", "at me", "at us", "me", "us"),
    ("", *_EVERY),
)  # fmt: skip
# "dann warten wir auf das Release": the German customer waits for a release, not for us.
_WARTEN = template(
    ("", "ok", "dann"),
    ("warten wir auf", "wir warten auf", "dann warten wir auf", "wir warten dann auf"),
    ("das release", "den fix", "das update", "die neue version", "den patch",
     "das nächste release"),
    ("", "dann"),
)  # fmt: skip
OUTCOME_CLOSING_TEMPLATES += (_AT_EASE, _STOPPED_CHASING, _WARTEN)
# "that was driving me nuts for two days": how long it took, which asks nothing.
OUTCOME_FILLER_TEMPLATES: tuple[Template, ...] = (
    # "login works on mobile and desktop now".
    template(("on", "in", "across", "for", "on both"), _PLATFORMS, ("", "and", "and on", "and in"),
             ("", *_PLATFORMS)),
    # "big thanks from the whole clinic ops team": who the thanks come from.
    template(("from the", "from the whole", "from our", "from our whole", "from all of us at",
              "from all of us on the", "from everyone at", "from everyone on the"), (SUBJECT,)),
)  # fmt: skip
OUTCOME_ACCOUNT_TEMPLATES += (_VERIFIED_ON,)  # "tested on Android" alone may report a failure
