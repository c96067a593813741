"""Statements that say it works: "it is working now", "the issue is resolved", "haven't seen it
since the deploy", "ticket #4821 can be closed". Written as families (see `closing_base.py`)."""

from __future__ import annotations

from oncall_tui.domain.closing_base import (
    BOUNDARY,
    FEW,
    NAME,
    REFERENCE,
    Template,
    expand,
    template,
)

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
    *expand(("ticket", "case", "invoice", "order", "request", "pr", "build", "job",
               "release", "version", "incident", "inc", "issue", "re"), (REFERENCE,)),
)  # fmt: skip
# What was wrong; only these may "go away", "stop" or "be over".
# What can only be bad: seeing less of it is good news.
_BAD = (
    "error", "errors", "the error", "the errors", "all the errors", "all errors", "the issue",
    "the problem", "the bug", "bug", "this issue", "that issue", "our issue", "my issue",
    "issue", "problem", "the timeouts", "timeouts", "the outage", "outage", "the crash",
    "the crashes", "crashes", "the failures", "failures", "the incident", "incident", "the lag",
    "the 5xx", "5xx", "the 500s", "the 502s", "the 503s", "the 504s", "the 429s",
    "the spikes",
)  # fmt: skip
# Alerts and warnings may be wanted ("our alerts stopped arriving"): resolved, yes; gone, no.
_PROBLEMS = (*_BAD, "the alert", "the alerts", "alerts", "the warning", "the warnings")
_LINKS = (  # no "was": "it was working" says it is not any more
    "", "is", "are", "has been", "have been", "seems", "seems to be", "looks", "'s", "look",
    "seem", "seem to be", "appear", "appears", "appear to be", "appears to be", "all",
)  # fmt: skip
# What anything may be said to be again: no "closed", "quiet", "up" or "gone" (an account or a
# dashboard can be those and be broken).
_FINE_AGAIN = (
    "working", "works", "work", "worked", "fixed", "resolved", "solved", "sorted", "fine",
    "good", "ok", "okay", "healthy", "green", "correct", "right", "accurate", "as expected",
    "back to normal", "back online", "up and running", "stable", "running fine", "working fine",
    "working again", "work again", "loading again", "loading fine", "syncing fine",
    "syncing again", "showing correctly", "showing properly", "showing up again",
    "in sync", "back in sync", "up to date", "matching", "match", "matches", "add up",
    "adds up", "line up", "arriving", "arriving again", "coming through", "coming in again",
    "going through", "going through again", "went through", "processed", "restored",
    "recovered", "passing", "passed", "succeeded", "green again", "renewed", "renewed fine",
    "rotated", "ran fine", "ran ok", "ran successfully", "ran clean", "ran without errors",
    "updating again", "updating fine", "flowing again", "delivered", "delivering again",
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
    "the script", "the query", "the queries", "your fix", "the patch", "your patch",
    "your workaround", "the hotfix", "your change", "the restart", "the rollback",
    "the redeploy", "the reboot", "the config change", "the new config", "your suggestion",
    "the suggestion", "your tip", "the tip", "that change", "latency", "the latency",
    "response times", "performance", "the performance", "same", "the same", "refund",
    "payment", "the credit", "credit", "the credit note", NAME, "the " + NAME,
    *expand(("all " + REFERENCE, "all the", "all of the", "all our", "both"),
            ("jobs", "nodes", "services", "checks", "tests", "pods", "servers", "instances",
             "builds", "runs", "syncs", "webhooks", "emails", "payments", "orders", "exports",
             "imports", "reports", "regions", "sites", "accounts", "users", "devices")),
)  # fmt: skip
# A number or an id settles only what cannot be partial: "INC-4821 resolved", "#88 can be closed".
_REFERENCED = (
    REFERENCE, "re " + REFERENCE, "ticket " + REFERENCE, "case " + REFERENCE,
    "invoice " + REFERENCE, "order " + REFERENCE, "request " + REFERENCE, "pr " + REFERENCE,
    "incident " + REFERENCE, "inc " + REFERENCE, "issue " + REFERENCE,
    "refund of " + REFERENCE, "payment of " + REFERENCE, "credit of " + REFERENCE,
    "the refund of " + REFERENCE, "version " + REFERENCE, "release " + REFERENCE,
    "build " + REFERENCE, "job " + REFERENCE,
)  # fmt: skip
_SETTLED = (
    "resolved", "fixed", "closed", "can be closed", "verified", "confirmed", "sorted", "solved",
    "confirmed fixed", "shipped", "received", "processed", "delivered", "went through",
    "went through fine", "approved", "accepted", "all good", "looks correct", "correct",
    "correct now", "looks correct now", "ok to close", "good to close", "merged", "released",
    "paid", "refunded", "credited",
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
    "visible", "visible again", "accessible", "accessible again", "fixed it", "did it",
    "ran fine", "ran ok", "ran successfully", "ran clean", "ran without errors", "renewed",
    "renewed fine", "right", "accurate", "add up", "adds up", "arriving", "arriving again",
    "did the trick", "helped", "solved it", "sorted it", "worked a treat", "much better",
    "better now", "much better now", "back to normal now", "passed", "succeeded", "completed",
    "complete", "finished", "sent", "went out", "imported", "exported", "uploaded", "migrated",
    "reconciled", "matching", "matches", "balanced", "up to date", "back in sync", "all there",
)  # fmt: skip
_GONE = (
    "not coming", "not coming now", "not coming anymore", "is not coming", "not appearing",
    "not appearing anymore", "not showing", "not showing anymore", "no longer showing",
    "no longer appearing",
    "gone", "went away", "gone away", "disappeared", "stopped", "is over", "over", "cleared",
    "cleared up", "doesn't exist anymore", "does not exist anymore", "no longer exists",
    "no longer there", "not there anymore",
)  # fmt: skip
# Happened no more: "hasn't come back", "not happening anymore".
# "Hasn't come back" is good news of a problem only ("the site hasn't come back" is not).
_NOT_BACK = ("hasn't come back", "has not come back", "didn't come back")
_NOT_AGAIN = (
    "didn't happen again", "did not happen again", "hasn't happened again",
    "has not happened again", "hasn't happened since", "not happening anymore",
    "no longer happening", "isn't happening anymore",
    "is not happening anymore", "doesn't happen anymore", "does not happen anymore",
    "no longer occurs", "hasn't recurred", "has not recurred", "didn't recur",
)  # fmt: skip
# Since a change of ours: "since the deploy", "after the restart".
SINCE_EVENT = expand(
    ("since", "after"),
    ("the fix", "the deploy", "the restart", "the update", "the patch", "the change",
     "the upgrade", "the hotfix", "the release", "the rollback"),
)  # fmt: skip
_SINCE = (
    "since", "since then", "since yesterday", "since this morning", "again", "today",
    "overnight", "all day", "all night", "in the logs", *SINCE_EVENT,
    *expand(("in the last", "over the last", "for the last", "in", "for", "since"),
             ("", "the past"), (REFERENCE,)),
)  # fmt: skip
_SEEN_NO_MORE = template(
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
     "any issues", "issues", "the problem", "any problems", "problems", "the bug",
     "the timeouts", "any timeouts", "timeouts", "the crash", "crashes", "any crashes",
     "the failures", "any failures", "failures", "complaints", "incidents"),
    ("", "anymore", "any more", "again", "now", "today", "overnight", "all day", "all night",
     "in the logs"),
    ("", *_SINCE),
)  # fmt: skip
# No alerts since the fix is good news; "not getting alerts anymore" may be a broken feed.
_NO_ALERTS_SINCE = template(
    ("no", "zero", "not a single", "without a single", "without any", "no new", "no more"),
    ("alert", "alerts", "warning", "warnings", "pages", "pager alerts"),
    ("overnight", "today", "all day", "all night", "since", "since then", "since yesterday",
     "since this morning", *SINCE_EVENT),
)  # fmt: skip
# "48h without a single alert", "it's been 3 days with no warnings".
_QUIET_FOR = template(
    ("it's been " + REFERENCE, "it has been " + REFERENCE, REFERENCE, "for " + REFERENCE,
     "over " + REFERENCE, "a full day", "all week", "two days", "three days", "a week"),
    ("", "now"),
    ("without a single", "without any", "with no", "with zero", "and no", "and not a single"),
    ("alert", "alerts", "warning", "warnings", "page", "pages", "error", "errors", "issue",
     "issues", "problem", "problems", "failure", "failures", "timeout", "timeouts"),
)  # fmt: skip
STATEMENTS: tuple[Template, ...] = (
    template(
        (*_SUBJECTS, *_MORE_SUBJECTS, *_PROBLEMS), _LINKS, _STATES,
        ("", "now", "again", "on its own", "by itself", *_SINCE),
    ),
    # "the webhooks are arriving again", "our exports look right now": a thing of the customer's
    # own naming, in one or two words, said to be fine.
    template(
        ("the", "our", "all the", "all our", "all", "both"),
        (FEW,),
        _LINKS,
        _FINE_AGAIN,
        ("", "now", "again", "again now", "for us", "for everyone", "on our side", "on our end",
         *_SINCE),
    ),
    # "we can log in again", "all users can sign in again"
    template(
        ("we can", "i can", "users can", "everyone can", "all users can", "customers can",
         "our users can", "our customers can", "people can", "we're able to", "we are able to",
         "they can"),
        ("login", "log in", "sign in", "access it", "access the dashboard", "see the data",
         "see everything", "connect", "send", "download", "upload", "export", "import", "sync",
         "deploy", "use it", "proceed", "pay", "save", "continue", "access", "check out",
         "place orders", "work"),
        ("", "again", "now", "now again", "again now", "fine", "successfully"),
    ),
    template(
        ("we're seeing", "we are seeing", "we see", "seeing", "i'm seeing"),
        ("normal", "healthy", "expected", "regular", "good", "green", "normal levels of"),
        ("", FEW),
        ("", "again", "now", *_SINCE),
    ),
    template(
        ("that", "that's", "this", "it", "that has", "which", "this has", "it has"),
        ("done the trick", "did the trick", "fixed it", "sorted it", "solved it", "done it",
         "cracked it", "nailed it", "sorted things out"),
    ),
    # "can't see the error anymore": unable to see only what is bad ("can't see it" is not).
    template(
        ("can't see", "cannot see", "can no longer see", "we can't see", "i can't see",
         "can't find", "we can't find"),
        ("the error", "the errors", "any errors", "errors", "the issue", "the problem", "the bug",
         "the timeouts", "any timeouts", "the crash", "crashes", "the failures", "any failures"),
        ("", "anymore", "any more", "now", "again", *_SINCE),
    ),
    template(
        ("", "it's", "it is", "that's", "that is", "this is"),
        ("not an issue anymore", "no longer an issue", "not a problem anymore",
         "no longer a problem", "not an issue any more"),
    ),
    # "the team is happy", "our customers are relieved".
    template(
        ("", "the", "our", "my"),
        ("team", "boss", "cfo", "ceo", "cto", "customers", "customer", "users", "client",
         "clients", "manager", "everyone", "everybody", "finance", "ops"),
        ("is", "are", "'s", "will be", "is very", "are very", "is so", "are so", "is super"),
        ("happy", "pleased", "relieved", "thrilled", "delighted", "satisfied"),
    ),
    template(
        ("we are", "we're", "i am", "i'm", "now we are", "now we're", "we can", "i can", ""),
        ("", "now"), ("able to", "now able to"),
        ("login", "log in", "access it", "access the dashboard", "see it", "see the data",
         "see everything", "connect", "send", "download", "upload", "export", "import",
         "sync", "deploy", "use it", "proceed", "pay", "save", "sign in", "continue", "access",
         "work again", "work"),
        ("", "now", "again", "successfully", "fine", "without issues", "without problems"),
    ),
    template(("it's", "that's", "everything's", "everything is", "all is"), _STATES),
    template(_REFERENCED, ("", BOUNDARY, "is", "has been", "was", "got"), _SETTLED),
    template(_BAD, _LINKS, _GONE),
    template(("", *_BAD, "it"), _NOT_AGAIN),
    template(_BAD, _NOT_BACK),
    _SEEN_NO_MORE,
    _NO_ALERTS_SINCE,
    _QUIET_FOR,
    # "it" is a problem only where seeing it again would be one: "haven't seen it since".
    template(
        ("haven't seen it", "have not seen it", "didn't see it", "didn't hit it",
         "haven't hit it", "we haven't seen it", "we didn't see it", "we didn't hit it"),
        ("", "again", "anymore", "any more"),
        ("", "since", "since then", *SINCE_EVENT),
    ),
    template(
        ("can't", "cannot", "can not", "couldn't", "unable to", "we can't", "i can't",
         "we couldn't", "i couldn't", "can no longer", "we can no longer"),
        ("reproduce", "repro", "reproduce it", "repro it"),
        ("", "anymore", "any more", "now", *_SINCE),
    ),
    # In the past tense only what stays settled: "it was fixed", "that was it".
    template(
        (*_SUBJECTS, *_PROBLEMS),
        ("was", "got", "has been", "have been", "were"),
        ("resolved", "fixed", "solved", "sorted", "sorted out", "closed"),
    ),
    template(("it was", "that was"), ("it", "the issue", "the problem", "the fix")),
    # "Confirmed fixed in 3.4.1", "works on v2.8 now".
    template(
        ("resolved", "fixed", "solved", "confirmed fixed", "fixed it", "released", "works",
         "working", "confirmed", "confirmed working", "all good", "looks good", "verified",
         "tested", "tested ok", "works fine", "working fine", "works again", "working again"),
        ("in", "on", "with", "after", "since", "as of", "after upgrading to",
         "after the upgrade to", "after updating to"),
        ("", "version", "release", "build", "v", "the new version", "the latest version"),
        (REFERENCE,),
    ),
    # What only a drained queue can be: "the backlog is at zero", "DLQ empty now".
    template(
        ("the queue", "queue", "the backlog", "backlog", "the dlq", "dlq", "the dead letter queue",
         "error rate", "the error rate", "failure rate", "the failure rate", "the retry queue"),
        _LINKS,
        ("empty", "drained", "cleared", "at zero", "back to zero", "down to zero", "zero",
         "caught up", "back to normal"),
        ("", "now", "again", "again now"),
    ),
)  # fmt: skip
