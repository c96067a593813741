"""The closing families added for plans, outcomes and counts, each next to look-alike asks.

Written apart from both corpora, in other words than theirs: a rule that only fits the corpus
lines fails here. Every ask below shares most of its words with a closing the rules accept;
the word that differs (a condition, a problem, a question to us, a count short of all) must
keep it an ask.
"""

from __future__ import annotations

import pytest

from oncall_tui.domain.pleasantry import is_pleasantry

CLOSINGS = (
    # the customer's own next step or hand-off
    "we'll take it up with our security team",
    "I'll loop in our network team and get back to you",
    "I've forwarded this to our billing team",
    "ok, will try the fix on staging tonight",
    "signing off for the day 👋",
    "we're aligned, thanks",
    # agreeing a time
    "talk Monday",
    "see you at the review on Friday",
    "Friday 10am works for us",
    # still well, back to nothing, caught up
    "still works after the reboot 👍",
    "still green this morning",
    "holding steady since Monday",
    "backlog is back to zero",
    "dlq back to zero since the redeploy",
    "error rate 0.0% since the patch",
    "we're caught up",
    "the sync caught up overnight",
    # a "no" that only says nothing more is needed
    "nope, nothing else",
    "no, all good",
    # counts of all, statuses, trouble not seen
    "all 40 invoices imported",
    "replayed 900 messages, 900 acknowledged",
    "both regions returning 200 again",
    "zero 5xx since the deploy",
    "didn't see a single 502 all weekend",
    # payments, tickets, praise
    "payment for invoice 4411 received, thanks",
    "please close case 55812",
    "you saved our quarter-end close",
    "no complaints from the support team since the fix",
    # an account of the customer's next to a confirmation
    "tested on Android and iOS, all good",
    "works with the patched sdk 4.2.1, thanks",
    "we rolled it out to prod, all green",
    "someone on our team disabled the webhook, all good now",
    "wrong workspace on my side, sorry for the noise, all good",
    "the runbook answers everything, thanks",
    # the people waiting are at ease, thanks from a team, admiring questions
    "our users are happy again",
    "big thanks from the whole support team",
    "users stopped complaining, cheers",
    "orders are flowing into the warehouse again",
    "how are you all so quick?! thanks",
    "that was bugging me for three days, all working now",
    # permission, waiting for a version, self-resolved, praise, checks with their result
    "nothing broken since the patch",
    "you can mark this resolved",
    "we'll wait for 4.3 then, thanks",
    "nvm, found it - our firewall",
    "this is great, thank you so much!!!",
    "Tested again this morning - all good 👌",
    "great explanation, thanks",
    "stellar support as always",
    "Dear support team, the issue is resolved. Best regards, Anna",
    "login works on mobile and desktop now",
    "we'll monitor over the weekend and reopen if needed",
    "We've been fighting this for a week and it's finally sorted. You all rock.",
    "This made my whole week, thanks folks 🙏",
    "no errors since 10:00, thanks",
    "zero rows rejected on the last run",
    "now the problem is not there, thank you",
    "the error is not coming anymore",
    "tests pass now: 143 passed, 0 failed",
    "checked 10 orders, all correct now",
    "ok noted with thanks, we will inform if any issue",
    "we'll close it on our side too",
    "Quick update:\n• exports ✅\n• webhooks ✅\nAll good, thanks!",
    "`kubectl rollout status` says successfully rolled out 👍",
    # other languages
    "Problem ist behoben, vielen Dank",
    "ok danke, dann warten wir auf das Release",
    "كل شيء يعمل الآن، شكرا",
    "הכל עובד, תודה",
    "Hepsi düzeldi, teşekkürler",
    "lo revisamos hoy y les contamos",
)
ASKS = (
    "still working on it",
    "still failing after the restart",
    "still down this morning",
    "still green on staging but red in prod",
    "we'll pick this up with our network team, can you send us the egress IPs",
    "I'll loop in our DBA, he has questions",
    "I've forwarded this to our finance team and they say the invoice is wrong",
    "see you at the sync on Thursday to discuss the refund",
    "Thursday 3pm it is, send the invite",
    "sounds good, go ahead",
    "error rate 6% for the past 6h",
    "error rate back to 2% but we expect zero",
    "queue depth is 40k",
    "the queue is at zero but nothing is being processed",
    "reran 48 jobs, 46 passed",
    "48 jobs ran, 48 failed",
    "all 12 warehouses offline again",
    "both endpoints returning 500 again",
    "endpoints returning 200 but the body is empty",
    "we got 503s all night",
    "someone on our side revoked the service account, can you restore it",
    "someone on our side revoked the service account",
    "wrong environment",
    "rolled it out to prod",
    "rolled it out to prod, now checkout is broken",
    "migration ran twice",
    "p99 back to 900ms",
    "latency down from 2s to 1.9s, still too slow",
    "Refund for invoice INV-2024-0318 received twice",
    "payment for invoice 991 not received",
    "you can close SR 2024-11873 once the refund is done",
    "please close it when the fix is deployed",
    "you can close this once the refund is done",
    "thanks, feel free to close after the migration is finished",
    "close INC-4821?",
    "please close INC-4821 and open a new one for the API",
    "you folks broke our launch",
    "no complaints from the warehouse team but the drivers can't log in",
    "tested on android",
    "Verified on iOS, Android still crashes",
    "works with the pinned grpcio but not with the latest",
    "we had the webhook pointed at the old URL, how do we repoint it",
    "nope, that's not everything",
    "no, that's everything except the PDF export",
    "it's gone",
    "the data is all gone",
    "the warnings are gone but the job still fails",
    "no need to escalate yet",
    "the sync caught up but rows are missing",
    "it cleared up for an hour then came back",
    "3,201 events replayed, 3,200 acknowledged",
    "lo probamos mañana y les contamos si sigue fallando",
    "holding steady overnight but CPU at 95%",
    "error rate zero in EU, 12% in US",
    "happy with the new schedule but not the price",
    "we can take it from here if you send the keys",
    "our CFO is happy to talk tomorrow",
    "the team would love to chat tomorrow",
    "how are you guys so slow?",
    "the whole team is happy but the API is still slow",
    "orders are flowing into the wrong warehouse again",
    "it crashes every five minutes",
    "stellar support as always 🙄",
    "great explanation, but it still fails",
    "you can mark this resolved once the fix is deployed",
    "tested again this morning",
    "our firewall",
    "we'll wait for 4.3 then, please confirm the date",
    "works on mobile, not desktop",
    "restarting fixed it for two days",
    "the patch fixed it for a week",
    "we've been stuck on this for a week, thanks",
    "ran the checks again, thanks",
    "the problem is not coming from our side",
    "143 passed, 2 failed",
    "checked 10 orders, 2 wrong",
    "we will inform if any issue, please check the logs",
    "exports ✅ webhooks ❌",
    "payments 👍 refunds still broken",
    "errors 👍",
    "staging ✅",
)


@pytest.mark.parametrize("text", CLOSINGS)
def test_closings_of_the_new_families_close(text: str) -> None:
    assert is_pleasantry(text)


@pytest.mark.parametrize("text", ASKS)
def test_their_look_alikes_stay_asks(text: str) -> None:
    assert not is_pleasantry(text)
