"""Closing families with open slots: the customer's own words in a known role.

The phrase lists of `closing_words.py` account for every word of a closing. People also name
their own things ("dashboards are loading again"), address us by name ("thanks Priya"), say what
they thank us for ("thanks for walking me through it") or which step of theirs fixed it
("clearing the cache did the trick"). Those words cannot be listed; each family below lets a few
of them stand in one role, next to the phrase that makes the message a closing, and each slot
refuses problem words, hedges ("kinda", "only"), counts, and what names trouble ("the timeouts
are back", "thanks for the downtime").
"""

from __future__ import annotations

from oncall_tui.domain.closing_base import (
    BOUNDARY,
    DOING,
    FREE,
    HEALTHY,
    NAME,
    PERSON,
    REFERENCE,
    SUBJECT,
    THING,
    TROUBLE,
    Template,
    expand,
    template,
)

_THANKS = (
    "thanks", "thank you", "thanks so much", "thank you so much", "thanks a lot",
    "thanks again", "thank you again", "many thanks", "big thanks", "huge thanks", "thx",
    "ty", "tysm", "thank u", "cheers", "ta", "much appreciated", "thanks very much",
    "thank you very much", "thanks a ton", "thanks a bunch", "thanks heaps", "kudos",
)  # fmt: skip
_SIGN_OFFS = (
    "best", "regards", "best regards", "kind regards", "warm regards", "many thanks",
    "br", "bye", "see you", "talk soon", "take care", "all the best", "thanks and regards",
    "cheers", "thanks", "thank you", "best wishes", "cordialement", "grüße", "viele grüße",
    "saludos", "groeten", "saluti",
)  # fmt: skip
_PEOPLE = ((PERSON,), ("", PERSON), ("", "and " + PERSON, "and " + PERSON + " " + PERSON))

# "thanks Priya", "cheers, Tom", "Best,\nAnna Lee": thanks or a sign-off, then whom to.
_THANKED = template(_THANKS + _SIGN_OFFS, ("", BOUNDARY), *_PEOPLE)
# "Hi Jo,", "good morning Sam": a greeting closes nothing alone.
_GREETED = template(
    ("hi", "hey", "hello", "good morning", "good afternoon", "dear", "hiya", "yo"),
    *_PEOPLE,
)
# Not "morning" alone: "good" + "morning" would read as approval.
GREETINGS = (
    "good morning", "good afternoon", "good evening", "morning all", "morning team",
    "morning everyone", "morning folks", "hi all", "hey all", "hello all", "hi team", "hey team",
    "hello team", "hi there",
    "hey there", "hello there", "dear team", "dear all", "hiya",
)  # fmt: skip

# "thanks for clarifying", "thank you for the explanation", "thanks for your help with this".
_THANKED_FOR = template(
    (*_THANKS, "appreciate", "appreciate it", "really appreciate", "i appreciate",
     "we appreciate", "really appreciate it"),
    ("", "all", "guys", "folks", "team", "both", "so much", "again", "a lot", "very much"),
    ("for the", "for your", "for all the", "for all your", "for all of the", "for"),
    (THING,),
)  # fmt: skip
_THANKED_FOR_DOING = template(
    _THANKS,
    ("", "all", "guys", "folks", "team", "both", "so much", "again", "a lot", "very much"),
    ("for",),
    (DOING,),
)  # fmt: skip
_APPRECIATED_DOING = template(
    ("appreciate you", "really appreciate you", "we appreciate you", "i appreciate you",
     "appreciate ya", "appreciate y'all", "appreciate you all", "appreciate you guys"),
    (DOING,),
)  # fmt: skip

# What anything of the customer's may be said to do or be when it is fine.
_FINE = (
    "working", "works", "work", "working fine", "works fine", "fixed", "resolved", "solved",
    "sorted", "fine", "ok", "okay", "good", "healthy", "green", "stable", "normal",
    "back to normal", "back online", "back up", "up and running", "as expected",
    "working as expected", "works as expected", "working as intended", "running fine",
    "running smoothly", "running normally", "running again", "working again", "works again",
    "finished without errors", "completed successfully", "ran successfully", "succeeded",
    "passed", "passing", "passing again", "passes", "passes again", "succeeds", "restored",
    "recovered", "correct", "right", "finished", "completed", "went through", "cleared up",
    "caught up", "resumed", "imported", "processed", "uploaded", "migrated", "settled",
    "accurate", "in sync", "up to date", "all good", "all green", "looking good",
    "looking great", "good to go", "live", "live again", "behaving", "behaving again",
    "match", "matches", "match now", "line up", "lines up", "add up", "adds up", "there now",
    "received",
    "paid", "received and paid", "arrived safely", "arrived in good shape", "arrived fine",
    "came through", "went out", "arrived", "landed", "got through", "unblocked",
    "rectified", "resolved now", "fixed now", "working now", "fine now", "ok now", "held up",
    "holding up", "held", "holds up", "holding", "propagated", "renewed", "solid", "smooth",
    "fast", "fast again", "snappy", "responsive", "speedy", "quick again", "back to fast", "holds",
    "much faster", "way faster", "a lot faster", "operational", "fully operational",
)  # fmt: skip
# A process is fine only with a word that says how: "loading quickly again", not "loading".
_PROCESSES = (
    "loading", "syncing", "flowing", "arriving", "coming through", "going through",
    "sending", "updating", "rendering", "running", "responding", "connecting", "go out", "goes out",
    "processing", "deploying", "importing", "exporting", "uploading", "downloading",
    "delivering", "refreshing", "saving", "building", "publishing", "going out",
    "sending out", "coming in", "getting through", "generating", "generated", "generates",
    "returning results", "returns results", "resolving", "resolves", "indexing", "indexed",
    "rendered", "opening", "opens", "opened", "posting", "posted", "printing", "printed",
    "load", "sync", "flow", "arrive", "send", "update", "render", "run", "respond",
    "connect", "deploy", "import", "export", "upload", "download", "deliver", "refresh", "save",
    "build", "publish", "loads", "syncs", "flows", "arrives",
    "sends", "updates", "renders", "runs", "responds", "connects", "deploys",
    "imports", "exports", "uploads", "downloads", "delivers", "refreshes", "saves", "builds",
    "publishes", "working", "works", "work", "ran", "coming", "reporting", "returning", "showing",
    "loaded", "synced", "deployed", "finished", "completed",
)  # fmt: skip
_HOW = (
    "fine", "ok", "okay", "perfectly", "smoothly", "quickly", "fast", "flawlessly", "nicely",
    "seamlessly", "now", "good", "cleanly",
    "well", "great", "beautifully", "normally", "correctly", "properly", "reliably",
    "as expected", "as intended", "like a charm", "like a dream", "without issues", "instantly",
    "without errors", "without problems", "without a hitch", "with no errors",
    "with no issues", "successfully", "cleanly", "again", "as normal", "as usual",
)  # fmt: skip
_WHEN = (
    "", "now", "again", "again now", "now again", "for us", "for everyone", "on our side",
    "on our end", "since", "since then", "since the fix", "since the deploy", "since the patch",
    "since the restart", "since the update", "since the rollback", "since the release",
    "overnight", "today", "all day", "all night", "all week", "all weekend", "for days",
    "this time", "this time around", "since last week", "since yesterday", "on the last run",
    "on the latest run", "in the last run", "since " + REFERENCE, "since " + REFERENCE + " utc",
    "since last night", "since this morning", "all morning", "all afternoon",
    *expand(("since", "since last"), ("monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday", "the weekend")),
    "for a while", *expand(("for", "for the last", "for the past", "over the last",
    "in the last"), (REFERENCE,), ("", "days", "hours", "weeks", "runs"), ("", "now")),
)  # fmt: skip
_IS = (
    "", "is", "are", "'s", "has been", "have been", "seems", "seems to be", "seem", "seem to be",
    "looks", "look", "appears", "appears to be", "is now", "are now", "now", "is all", "has",
    "have", "has now", "have now",
    "are all", "all",
)  # fmt: skip
_THE = ("", "the", "our", "my", "all", "all the", "all our", "both", "the " + NAME, NAME)
# Of ours, only what we gave them: "your fix worked" ("your status page is green" is not).
_YOURS = (*_THE, "your", "the new", "the latest", "your new", "your latest")
# "site is back up", "dashboards are loading quickly again", "the nightly run finished without
# errors", "logins are working again".
_SUBJECT_FINE = template(_THE, (SUBJECT,), _IS, _FINE, ("", *_HOW[:-1]), _WHEN)
_SUBJECT_PROCESS = template(_THE, (SUBJECT,), _IS, _PROCESSES, _HOW, ("", "again"), _WHEN)
# "appointments are syncing to the EHR again": where to, named between the process and how.
_INTO = ("to the", "into the", "to our", "into our", "from the", "from our", "with the")
_SUBJECT_PROCESS_TO = template(_THE, (SUBJECT,), _IS, _PROCESSES, _INTO, (SUBJECT,), _HOW, _WHEN)
# "works perfectly", "it all runs smoothly now".
_IT_HOW = template(
    ("", "it", "that", "this", "everything", "all", "it all", "now it", "now"),
    _IS, _PROCESSES, _HOW, ("", "again"), _WHEN,
)  # fmt: skip
# "clearing the cache did the trick", "the `--force` flag fixed it", "your suggestion worked".
_FIXED_IT = (
    "fixed it", "did the trick", "solved it", "sorted it", "resolved it", "did it",
    "fixed the issue", "fixed the problem", "solved the issue", "solved the problem",
    "resolved the issue", "resolved the problem", "sorted it out", "sorted things out",
    "was the fix", "was the solution", "was the answer", "was it", "worked", "helped",
    "answers everything", "answered everything", "answers it", "answered it", "covers it",
    "covered it", "covers everything", "covered everything", "explains it", "explained it",
    "has fixed it", "has solved it", "has done the trick", "fixed everything", "sorted us out",
    "did the job", "has done it", "worked a treat", "worked like a charm", "worked perfectly",
)  # fmt: skip
_CAUSE_FIXED = template(_YOURS, (SUBJECT,), _FIXED_IT, ("", "for us", "now", "on our side"))
_DOING_FIXED = template(("", "just", "simply"), (DOING,), _FIXED_IT, ("", "for us", "now"))
# The customer's own next step, any of the things one does to one's own setup.
_OWN_STEP = (
    "update", "change", "adjust", "fix", "apply", "add", "remove", "rotate", "upgrade", "roll",
    "roll out", "deploy", "pass", "pass on", "share", "forward", "implement", "schedule",
    "plan", "configure", "tweak", "set up", "enable", "disable", "clean up", "restart",
    "rerun", "migrate", "switch", "review", "read", "follow", "use", "give", "run", "do",
    "go through", "look at", "try out", "check out", "loop in", "inform", "tell", "brief",
    "document", "note", "bump", "pin", "patch", "merge", "ship", "rebuild", "redeploy",
)  # fmt: skip
_OWN_NEXT_STEP = template(
    ("i'll", "we'll", "i will", "we will", "will", "i'm going to", "we're going to",
     "we are going to", "gonna", "let me", "we can now", "now we can", "we can", "i can",
     "i can now"),
    ("", "just", "then", "now", "go ahead and"),
    _OWN_STEP,
    (THING,),
)  # fmt: skip
# "... and let you know if anything comes up".
_IF_ANYTHING = template(
    ("if", "in case", "should", "if ever"),
    ("anything", "something", "there's anything", "anything else", "something else"),
    ("", FREE),
)
# "it was a DNS issue on our side", "turns out it was our firewall": needs a confirmation.
_OUR_FAULT = template(
    ("it was", "turns out it was", "turned out it was", "the cause was", "the problem was",
     "the issue was", "root cause was", "this was", "that was", "was"),
    ("", "a", "an", "our", "just a", "just an", "just our", "simply a", "our own"),
    ("", SUBJECT),
    ("issue", "problem", "mistake", "error", "bug", "misconfiguration", "typo", "thing",
     "config", "firewall", "proxy", "vpn", "cache", "dns"),
    ("", "on our side", "on our end", "on my side", "on my end", "in our config",
     "after all", "all along"),
)  # fmt: skip

# "haven't seen a timeout since", "zero crashes overnight", "not a single failure".
_TROUBLE_GONE = template(
    ("haven't seen", "have not seen", "haven't had", "have not had", "haven't hit",
     "haven't noticed", "not seeing", "no longer seeing", "not getting", "no longer getting",
     "we haven't seen", "we haven't had", "i haven't seen", "no", "no more", "zero",
     "not a single", "without a single", "not one", "no new", "no further", "not facing",
     "didn't see", "did not see", "we didn't see", "didn't get", "didn't hit", "saw no",
     "no longer facing", "are not facing", "we are not facing", "we're not facing",
     "now we are not facing", "we are no longer facing", "haven't faced", "didn't face",
     "not observed", "not observing", "haven't observed", "no longer observing",
     "we have not observed", "we have not seen", "we have not faced", "not noticed"),
    ("", "a", "an", "any", "a single", "the", "one", "any more", "any new", "more", "new"),
    (TROUBLE, "timing out", "time outs"),
    ("", "anymore", "any more", "again", "since", "since then", "since the fix",
     "since the deploy", "since the patch", "since the restart", "since the update",
     "since the rollback", "since the release", "overnight", "today", "all day", "all night",
     "all week", "all weekend", "for days", "for a while", "in the logs", "on the last run",
     "since " + REFERENCE, "in the last " + REFERENCE),
)  # fmt: skip
# "it's not slow anymore", "we're no longer blocked", "stopped crashing".
_NOT_ANYMORE = template(
    ("", "it", "it's", "it is", "that", "that's", "this", "they", "they're", "we're",
     "we are", "we", "i'm", "i", "things", "everything"),
    ("not", "isn't", "aren't", "doesn't", "don't", "hasn't", "haven't", "not getting",
     "not seeing", "don't get", "doesn't get", "don't see", "not hitting", "isn't getting",
     "aren't getting"),
    ("", "a", "an", "any"),
    (TROUBLE, "timing out", "time out", "times out"),
    ("anymore", "any more"),
    ("", "now", "since the fix", "since the deploy", "since the update", "since then"),
)  # fmt: skip
_NO_LONGER = template(
    ("", "it", "it's", "it is", "that", "that's", "this", "they", "they're", "we're",
     "we are", "we", "i'm", "i", "things", "everything"),
    ("no longer", "stopped", "has stopped", "have stopped", "finally stopped"),
    (TROUBLE, "timing out", "times out"),
    ("", "now", "since the fix", "since the deploy", "since the update", "since then"),
)  # fmt: skip

# "`terraform plan` shows no changes now", "the report says ok", "`doctor` → `0 problems`".
_OUTPUT_SAYS = template(
    ("", NAME, "the " + NAME, "the output", "the log", "the logs", "the check", "the checks",
     "the health check", "the report", "the dashboard", "the test", "the tests", "ci"),
    ("shows", "says", "reports", "returns", "prints", "gives", "is showing", "now shows",
     "now says", "now returns", "ran", "run", "gives us", ""),
    ("no changes", "no errors", "zero errors", "ok", "healthy", "all green", "success",
     "everything running", "everything green", "everything healthy", "everything passing",
     "passed", "clean", "all clear", "up to date", "everything ok", "all ok", HEALTHY,
     "successfully rolled out", "successfully deployed", "successfully completed"),
    _WHEN,
)  # fmt: skip
# "the import error is gone", "the sync timeouts stopped".
_TROUBLE_ENDED = template(
    ("", "the", "our", "that", "this", "all the", "all those", "those", "these"),
    (TROUBLE,),
    ("", "is", "are", "has", "have", "'s", "seems", "seem", "looks", "look", "seem to be",
     "seems to be", "is now", "are now", "has now", "have now", "are all", "is all"),
    ("gone", "gone now", "all gone", "went away", "disappeared", "stopped", "cleared",
     "fixed", "resolved", "solved", "sorted", "over", "cleared up", "vanished", "rectified",
     "fixed now", "resolved now", "gone for good"),
    _WHEN,
)  # fmt: skip
# "that was super helpful", "you've been a great help".
_PRAISE = template(
    ("that was", "this was", "you were", "you've been", "you have been", "that's been",
     "this has been", "it was", "y'all were", "you guys were", "you all were", "that is",
     "this is"),
    ("", "very", "super", "really", "so", "extremely", "incredibly", "truly", "hugely"),
    ("helpful", "a great help", "a big help", "a huge help", "a massive help", "useful",
     "a lifesaver", "a life saver", "exactly it", "the fix", "the one", "the answer",
     "what we needed", "what i needed", "much appreciated", "appreciated"),
)  # fmt: skip
# "our QA team verified the fix", "the customer confirmed it works".
_THEY_CONFIRMED = template(
    _THE,
    (SUBJECT,),
    ("confirmed", "verified", "signed off", "approved", "validated", "has confirmed",
     "have confirmed", "has verified", "have verified", "also confirmed", "confirms"),
    ("", "it works", "that it works", "it's working", "it's fixed", "the fix", "everything",
     "all good", "on it", "on the fix", "that it's fixed", "it is fixed", "it is working"),
    ("", "now", "too", "as well"),
)  # fmt: skip
# "don't need anything else", "no need for a call anymore".
_NOTHING_NEEDED = template(
    ("", "we", "i", "we really", "so we"),
    ("don't need", "do not need", "no longer need", "won't need", "don't require", "have no",
     "no need for", "no further need for", "don't need any"),
    ("anything else", "anything more", "anything further", "further help", "more help",
     "any more help", "a call", "the call", "the workaround", "a follow up", "any follow up",
     "further assistance", "any further assistance", "the escalation", "an escalation",
     "anything from you", "anything else from you", "a fix"),
    ("", "anymore", "any more", "now", "for now", "after all", "then"),
)  # fmt: skip
# "it's been stable all week", "everything's been fine", "things have been quiet since".
_IT_HAS_BEEN = template(
    ("it's", "everything's", "all's", "that's", "looks like it's", "seems like it's",
     "it's all", "it has been", "things have been", "everything has been", "all has been",
     "we've been", "we have been", "the system has been", "it's been", "everything's been",
     "things've been"),
    ("", "running", "working"),
    _FINE,
    ("", *_HOW),
    _WHEN,
)  # fmt: skip
# "the team can access it now", "everyone can see the dashboard again", "our admin has access".
_THEY_CAN = template(
    ("we can", "i can", "users can", "everyone can", "everybody can", "the team can",
     "our team can", "the user can", "the users can", "our users can", "customers can",
     "our customers can", "people can", "they can", "we're able to", "we are able to",
     "the team is able to", "everyone is able to", "all users can", "all our users can"),
    ("", "now"),
    ("log in", "login", "sign in", "access it", "access the app", "see the dashboard", "see it",
     "see them", "see the data", "use it", "use the app", "connect", "download it", "open it",
     "open the app", "see the reports", "access the dashboard", "get in", "work", "work again",
     "check out", "pay", "upload", "export", "import", "sync", "access everything"),
    ("", "now", "again", "again now", "fine", "successfully", "without issues"),
)  # fmt: skip
_THEY_HAVE_ACCESS = template(
    ("we", "i", "the team", "our team", "everyone", "everybody", "the user", "users",
     "our admin", "our users", "they", "all users", "we've", "i've", "we now", "i now"),
    ("has access", "have access", "got access", "now has access", "now have access",
     "'ve got access", "have got access", "has access back", "have access back"),
    ("", "now", "again", "again now", "to everything"),
)  # fmt: skip
# A one-off that was done: "the DPA was countersigned", "the credit note was issued".
_WAS_DONE = template(
    _THE,
    (SUBJECT,),
    ("was", "were", "has been", "have been", "got", "is now", "are now", "was just"),
    ("signed", "countersigned", "received", "processed", "approved", "paid", "delivered",
     "refunded", "issued", "sent", "applied", "merged", "deployed", "released", "renewed",
     "credited", "reissued", "corrected", "granted", "reconciled", "signed off", "accepted",
     "shipped", "published", "restored", "recovered"),
    ("", "now", "fine", "successfully", "correctly", "on time", "as expected", "today"),
)  # fmt: skip
FAMILY_CONFIRMING: tuple[Template, ...] = (
    _WAS_DONE,
    _IT_HAS_BEEN, _THEY_CAN, _THEY_HAVE_ACCESS,
    _THEY_CONFIRMED, _NOTHING_NEEDED,
    _OUTPUT_SAYS, _TROUBLE_ENDED,
    _TROUBLE_GONE, _NOT_ANYMORE, _NO_LONGER,
    _SUBJECT_FINE, _SUBJECT_PROCESS, _SUBJECT_PROCESS_TO, _IT_HOW, _CAUSE_FIXED, _DOING_FIXED,
)  # fmt: skip
# The customer waits for a release, not for a reply: "we'll wait for the patch then".
_WAIT_FOR_RELEASE = template(
    ("i'll", "we'll", "i will", "we will", "will", "ok we'll", "then we'll", "we can",
     "happy to", "fine to", "we're happy to", "we are happy to", "we'll just", "we'll happily"),
    ("wait for", "wait until", "await", "hold off until", "hold off for", "look out for",
     "watch for", "keep an eye out for"),
    ("the", "your", "the next", "your next"),
    # Not "update": "we'll wait for your update" waits on us.
    ("release", "patch", "fix", "rollout", "roll out", "deploy", "deployment",
     "version", "new version", "hotfix", "new release", "maintenance", "upgrade", "build",
     "official fix", "permanent fix", "proper fix", "changelog", "release notes"),
    ("", "then", "to land", "to ship", "to go out", "to roll out", "to be deployed"),
)  # fmt: skip
# "got the new API key", "received the signed contract".
_GOT_THING = template(
    ("got", "received", "we got", "we received", "i got", "i received", "just got",
     "have received", "we've received", "we've got", "we now have", "now have"),
    ("the", "your", "our", "the new", "a new"),
    (SUBJECT,),
    ("", "now", "today", "just now"),
)  # fmt: skip
# "found the bulk API, thanks", "found the setting in the docs".
_FOUND_IT = template(
    ("found", "we found", "i found", "just found", "located", "we located", "spotted"),
    ("the", "your", "it in the", "it in your", "the right"),
    (SUBJECT,),
    ("", "now", "in the docs", "in your docs", "in the settings"),
)  # fmt: skip
FAMILY_CLOSING: tuple[Template, ...] = (
    _FOUND_IT,
    _GOT_THING,
    _PRAISE, _WAIT_FOR_RELEASE,
    _THANKED, _THANKED_FOR, _THANKED_FOR_DOING, _APPRECIATED_DOING, _OWN_NEXT_STEP,
)  # fmt: skip
FAMILY_FILLER: tuple[Template, ...] = (_GREETED, _IF_ANYTHING)
# "we finished the cutover", "ran the migration": closes only next to a confirmation.
_WE_DID = template(
    ("", "we", "i", "we've", "i've", "we have", "just", "so we", "fyi we", "today we"),
    ("finished", "completed", "wrapped up", "performed", "executed", "validated",
     "ran", "tested", "rolled out", "shipped", "deployed"),
    ("", FREE),
)  # fmt: skip
FAMILY_ACCOUNT: tuple[Template, ...] = (_OUR_FAULT, _WE_DID)

# The parts other families build on (`closing_outcomes.py`).
HOW, IS, PROCESSES, THE, WHEN = _HOW, _IS, _PROCESSES, _THE, _WHEN
