"""A customer's closing message ("Confirmed, thanks!") does not start a wait; anything that may
ask or report something does. Each look-alike pair differs by what a reply is owed for."""

from __future__ import annotations

import timeit

import pytest

from oncall_tui.domain.closing import clear_caches
from oncall_tui.domain.closing_words import FILLER_PHRASES, PROBLEM_WORDS
from oncall_tui.domain.pleasantry import DEFAULT_PLEASANTRIES, is_pleasantry
from tests.figures import report_figures

CLOSINGS = [
    # thanks, terse and chatty
    "thanks!", "Thanks", "thank you", "Thank you so much!!", "thx", "ty", "tysm", "cheers",
    "great, thanks a lot", "Many thanks for the quick turnaround, really appreciate it!",
    "Thanks again for jumping on this so fast", "thanks for the heads-up",
    "thanks for letting us know", "Appreciate it 🙏", "much appreciated, you guys rock",
    # confirmation that it works
    "Confirmed, thanks!", "confirmed", "that did it", "That did the trick, cheers",
    "works now 🙏", "It works now", "it's working again, thank you", "all good",
    "All good on our side now", "👍 holding steady", "resolved on our side, cheers",
    "The issue is resolved, thanks team", "everything is back to normal 🎉",
    "yes, that fixed it", "Yep, looks good now", "can confirm it's fixed",
    "up and running again, thanks folks", "lgtm", "nvm, figured it out", "false alarm, sorry",
    "feel free to close this", "we're all set, have a great weekend!",
    # approval and acknowledgement
    "perfect", "ok", "OK thanks.", "got it, thanks", "sounds good", "makes sense, thanks",
    "noted 👍", "no worries, thanks", "Awesome, that worked! Thank you :)", "👌",
    # emoji, Slack shortcodes and skin tones
    "👍", "🙏🏽", "👍 thanks", "thanks👍", ":+1:", ":pray::skin-tone-3:", "❤️", "🎉🎉🎉",
    ":white_check_mark: confirmed", "thanks :thankyou:", "+1",
    # other languages
    "danke", "Danke schön, läuft wieder!", "vielen Dank, alles gut", "merci", "Merci beaucoup !",
    "ça marche, merci", "c'est résolu, merci à vous", "gracias", "¡Muchas gracias! ya funciona",
    "obrigado, funcionou", "grazie mille, tutto ok", "bedankt, werkt weer", "tack så mycket",
    "ありがとうございます！", "解決しました、ありがとうございます", "谢谢", "спасибо, всё работает",
    # Slack markup around the words
    "<@U0ANA> thanks!", "*Confirmed* :white_check_mark:", "_thank you!_",
    "&gt; We have deployed the fix, can you confirm it is working?\nconfirmed, thanks!",
    "&gt; Please try again and let us know\n&gt; (it may take a minute)\nworks now",
    "  thanks again  ", "thanks &amp; have a nice day", "~still broken~ works now!",
    # the customer's next step, or their own account next to a confirmation
    "we'll keep an eye on it and let you know if it comes back", "will do, thanks",
    "Noted, will check at our end and revert", "FYI we rotated the key, all good now",
    "turns out it was our proxy, works now", "haven't seen it since the deploy",
    "not seeing any errors anymore", "can't reproduce anymore, thanks", "no alerts overnight",
    # numbers and ids that settle something
    "INC-4821 resolved, thanks", "Confirmed fixed in 3.4.1", "works on 2.3, thanks",
    "2FA works now", "the backlog is at 0 again, cheers", "`retry_count` set to 5, all good now",
    "2 of 2 jobs green now 👍",
    "0 errors in the last 24h 🙌", "Ticket #4821 can be closed, thanks",
    # answers to our quoted question
    "&gt; Is it still happening?\nnope", "&gt; Did the workaround help?\nit did 🙏",
    "&gt; Anything else we can help with?\nno, that's everything, thanks!",
    "&gt; Is it still happening?\nno, it is fixed now", "&gt; Is it still working?\nyes",
    "&gt; Is the export running again on your side?\nyep",
    "&gt; Is it still happening?\nnope, not anymore",
    # questions that only admire
    "Thanks so much! How do you guys always fix things this fast? 😄",
    "Brilliant, how did we miss that?! Thanks a lot",
    # statements about a thing of the customer's own naming
    "Confirmed on our side – the webhooks are arriving again", "great, exports look right now",
    "Perfect – the numbers add up now", "we can log in again 🙏", "SSO works again for everyone",
    "we're seeing normal traffic again", "Issue resolved after clearing the cache, thanks",
    "nvm, found it – typo in our config", "appreciate the quick turnaround 🙏",
    # slips of the keyboard
    "thnaks, works now", "tahnk u sooo much", "alll good", "perfct",
]  # fmt: skip

ASKS = [
    # a problem in the same breath as thanks
    "thanks, but it still fails on prod", "Thanks! Still seeing it on staging though",
    "confirmed, still broken", "works now, but the export is slow", "all good except the CSV",
    "thanks — happening again", "not working", "doesn't work", "can't log in, thanks",
    "it was working until this morning", "looks good so far", "almost working, thanks",
    "merci, mais ça ne marche pas", "danke, aber es geht immer noch nicht",
    "gracias, pero sigue fallando", "ありがとうございます。まだエラーが出ます",
    # questions, with or without a question mark
    "thanks?", "ok?", "all good?", "is it fixed", "did it work on your side",
    "thanks, when will it be deployed", "great, what about staging", "any update",
    "¿funciona?", "fixed？", "thanks :thinking_face:",
    # asking for something
    "thanks in advance", "TIA", "ok thanks, keep me posted", "thanks, please confirm",
    "fix it, thanks", "confirm it's fixed", "thanks, waiting for your update",
    "thanks, let me know when it's live", "sounds good, go ahead",
    # numbers, ids, code, links, evidence
    "thanks, INC-4821 is open", "ok, 3 more failed",
    "thanks `ERR_TIMEOUT`", "thanks ```Traceback (most recent call last)```",
    "thanks <https://status.example.com|see this>", "thanks, see <#C0OPS>",
    "&gt; ERROR 500 on /api/export\nthanks", "thanks /api/v2/export",
    # bad news in emoji or emoticons
    "thanks :x:", "👎", "thanks 😢", "ok :(", "thanks :rotating_light:", "👍 ❌",
    # not a closing at all, or too much to be one
    "hi", "good morning", "", "   ", "<@U0ANA>", "&gt; thanks!",
    "&gt;&gt;&gt; a block quote runs to the end\nthanks", "yes", "done",
    " ".join(["thanks"] * 40),
    "thanks for looking into it", "~fixed~ broken again",
    # an account with no confirmation, or one that reports or asks
    "we restarted the server, thanks", "we restarted the pod, the dashboard is empty",
    "we reverted your change, all good now", "we restarted it, can you check",
    "we restarted the pod, dashboard empty now, all good", "it was working yesterday",
    # waiting on us in other words
    "ok, we'll wait for your answer", "we will wait for your update", "thanks, let me know",
    "will it be fixed tomorrow", "thanks, any news", "bump", "pls advise", "ANY UPDATE",
    # numbers that report something
    "13 of 14 nodes back", "thanks, 2 of 3 jobs green", "48213, thanks", "still 3 failing",
    "fixed in 3.4.1 but not 3.4.2", "thanks, ticket 4821", "10am works", "3 working now",
    "got 502", "`ERR_TIMEOUT` thanks", "the dashboard is empty now",
    # answers that report trouble
    "&gt; Is it still happening?\nyes", "&gt; Did the workaround help?\nno",
    "&gt; Are you still seeing errors?\nyes, thanks", "&gt; Is the error gone?\nno",
    "&gt; Do you want us to fix it in the next release?\nyes",
    "&gt; Are you still seeing errors?\nit is, thanks", "&gt; Did the workaround help?\nno, thanks",
    # questions that look like praise but ask
    "how do you always fix things this fast? and the export?",
    "how did we miss that? is it fixed now", "thanks! how do you always get this wrong?",
    "how do you guys always fix things this fast? still broken here",
    # partial or qualified good news
    "the rest is working", "the main page is fine", "the old version works",
    "the staging env works", "the first two work", "we can log in but not export",
    "the webhooks are arriving again, mostly", "the export works for everyone except eu",
    "the data is gone", "the account is closed", "our alerts are quiet now", "typo in your docs",
    # real words that are not slips
    "it quit", "confirm, thanks", "resolve, thanks",
]  # fmt: skip


# Words the vocabulary cannot list, each in a role (closing_families.py, closing_text.py): every
# rule with closings in words of its own and look-alike asks that must stay asks.
GENERAL_CLOSINGS = [
    # a person addressed: a capitalised word inside a sentence, a lowercase one ending the
    # clause after thanks, a name alone under a sign-off
    "Thanks Marco, works perfectly", "Legend, cheers Sam", "Hi Jo, all good here now. Thanks!",
    "Thanks again, Lukas", "thanks marco, works now", "cheers dave 👍", "Best,\nAnna",
    "Regards,\nJohn Smith", "All good now.\n\nThanks again for the quick help,\nMaria",
    # a thing of the customer's own naming said to be fine, or to work in a healthy way
    "Dashboards are loading quickly again, thanks team", "Site is back up, cheers",
    "Payments are going through again 🙌", "Can confirm, logins are working again",
    "confirmed, the nightly run finished without errors", "works beautifully, thanks",
    "loads instantly now 🎉", "invoices line up now",
    # a step of theirs, or a thing of ours, that fixed it
    "clearing the cache did the trick, thanks!", "restarting the agent fixed it, cheers",
    "your suggestion worked, thank you", "the `--force` flag did the trick, thx",
    # what they thank us for, done and over
    "Thanks for clarifying!", "Thanks for walking me through it", "thanks for your help with this",
    "really appreciate you staying late for this",
    # trouble that is gone, not seen, or no longer happens
    "haven't seen a timeout since", "zero crashes overnight", "zero failed jobs",
    "it's not slow anymore",
    "we're no longer blocked", "the import error is gone, cheers",
    "Now we are not facing the issue, thanks", "the sync timeouts stopped",
    # their own next step, and what they found was theirs
    "Got it, will update our config", "We'll roll this out next week, thanks for the help",
    "Will keep monitoring and reach out if anything pops up",
    "Apologies for the noise, it was a config issue on our side. Working now",
    # pasted output that is plainly healthy, with words that confirm
    "```\n$ acme status\nall systems operational\n```\nall green, thanks",
    "```\n{\"status\": \"ok\", \"failed\": 0}\n```\n:+1:", "ran `acme check` → `0 errors` 🎉",
    "1. rotated the key\n2. restarted the worker\n3. all green now",
    # short confirmations in more languages, CJK runs split into known pieces
    "Tack, nu fungerar det", "Kiitos, toimii nyt", "Спасибо, теперь всё работает",
    "Teşekkürler, artık çalışıyor", "ab sahi chal raha hai, shukriya", "谢谢，已经修好了",
    "好的，已经解决了，谢谢", "無事に動きました、ありがとうございます", "Det er løst, tak",
    # someone else confirmed, nothing more is needed, a thing arrived, a release awaited
    "Our QA team verified the fix", "the customer confirmed it works, thanks",
    "don't need anything else, thanks", "no need for a call anymore", "not needed anymore, thanks",
    "Got the new API key, works", "Credit note received, thanks", "we'll wait for the patch then",
    "that was super helpful, thanks", "Heads up: we finished the cutover, all green",
    "Have a great holiday, and thanks for all the help this year!", "We're good to close",
    # it has been fine for a while; who can get in again
    "It's been stable all week, thanks", "Everything's been fine since Tuesday",
    "The fix has held up overnight", "The team can access it now, thanks",
    "Our admin has access now", "Search is returning results again", "The page loads now",
    "We've had no problems since the update", "Thanks for checking in! All good",
    # a one-off done, a thing found, small talk around a closing
    "The DPA was countersigned, thanks", "Found the bulk API, thanks",
    "Hi! Hope you're well. Just wanted to say the reporting API has been fast all week. Thanks!",
    "No idea what changed but it's fast again", "Merci ! Tout est clair", "Gracias. Nada más",
    # emoji of more kinds, chat spellings
    "👊🏽", ":fist_bump:", "🥹 thank you", "gr8 thx", "cheers m8", "workin now",
    "it was our typo 🤦 works now",
]  # fmt: skip

GENERAL_ASKS = [
    # a capitalised word that starts a sentence is no name; a name does not hide an ask
    "Thanks. Blank.", "Thanks Marco, the export is empty", "Hi Jo, the dashboard is empty",
    "Thanks! Tom needs admin access too", "Best,\nAnna\nP.S. still broken", "thanks anyway",
    "thanks tho", "Regards,\nJohn Smith\nPS the export is empty",
    # a subject that hedges, counts, names trouble or is not a subject at all
    "Exports are working on Chrome only", "Payments are going through slowly",
    "Retries are running again",
    "Alerts are firing again", "Hopefully exports work again", "Get the sync working again",
    "Barely anything works", "Your status page is green", "Staging is fine",
    "the dashboard works intermittently", "works sporadically, thanks", "runs nightly",
    "the old exports work", "3 pods are running again", "works manually, thanks",
    # a fix that was partial, temporary, or made it worse
    "restarting fixed it for an hour", "clearing the cache fixed it once", "Nothing fixed it",
    "the patch fixed it for admins", "Rolling back fixed it, please investigate",
    "that made it worse",
    # thanks for what is still going on, or sarcasm
    "thanks for looking into it", "Thanks for the downtime", "Thanks for keeping us in the dark",
    "thanks for charging us twice", "Thanks for making it worse", "thanks for the late notice",
    # trouble named but not gone
    "no errors, just nothing happens", "no error message at all", "no errors shown",
    "stopped crashing, now it hangs",
    "the errors stopped because the job stopped", "no alerts since we muted them, can you check",
    "it's not slow anymore, it's dead", "the import error is back", "not failing anymore?",
    # next steps that are ours to take, or threats
    "we'll escalate this", "we will tell our lawyers", "We'll update the config once you confirm",
    # pasted output with trouble in it, or with nothing that confirms
    "```\nHTTP/2 200\n```\nthanks", "```\nretries: 3\n```\n👍",
    "```\nstatus: degraded\n```\nall good", "ran `acme check` → `2 errors`",
    "```\nERROR 0\nWARN 12\n```\nall good", "`0 rows`",
    "- cleared the cache\n- no change", "🤦🤦🤦",
    "works now, ran `acme doctor` → `2 problems found`",
    # confirmed, needed, received or awaited, but not what settles it
    "the customer confirmed the bug", "QA verified the fix on staging",
    "we don't need a call, just fix it", "received the package damaged", "got the same error",
    "got the invoice twice", "we finished the migration", "we will wait for your update",
    "we finished the migration, now it's failing", "it was great until today",
    # a while of quiet may be a chaser; some who get in are not all
    "It's been quiet for 3 days", "it held for a day", "we can login now but not export",
    "the page loads now, but slowly", "Tuesday it broke again", "admins can log in now",
    # done wrongly, found trouble, fast but not right
    "the refund was issued twice", "the invoice was sent to the wrong address",
    "the order was cancelled", "found the bug", "we found the problem in your SDK",
    "No idea what changed but it's slow again", "the API is fast but returns nothing",
    # good news bought with a workaround leaves a fix owed
    "all green after we disabled the feature", "no errors since we turned it off",
    # words in quotes are named, not said
    'Hey, we\'re getting "thanks for your patience" emails every few minutes',
    # CJK runs with a part that is not a closing
    "还没解决", "解决了吗", "まだ直っていません", "好慢",
]  # fmt: skip


@pytest.mark.parametrize("text", GENERAL_CLOSINGS)
def test_closings_in_the_customers_own_words_close(text: str) -> None:
    assert is_pleasantry(text)


@pytest.mark.parametrize("text", GENERAL_ASKS)
def test_look_alikes_in_the_customers_own_words_stay_asks(text: str) -> None:
    assert not is_pleasantry(text)


@pytest.mark.parametrize("text", CLOSINGS)
def test_thanks_confirmation_approval_and_sign_off_close(text: str) -> None:
    assert is_pleasantry(text)


@pytest.mark.parametrize("text", ASKS)
def test_anything_that_may_ask_or_report_does_not(text: str) -> None:
    assert not is_pleasantry(text)


def test_every_default_phrase_is_itself_a_closing() -> None:
    missed = [phrase for phrase in DEFAULT_PLEASANTRIES if not is_pleasantry(phrase)]
    assert missed == []


def test_no_single_filler_word_is_a_problem_word() -> None:
    # Filler may surround a closing; a problem word there would turn an ask into a closing.
    clashes = {phrase for phrase in FILLER_PHRASES if " " not in phrase} & PROBLEM_WORDS
    assert clashes == set()


def test_filler_alone_never_closes() -> None:
    for phrase in ("for the help", "on our side", "guys", "yes", "really"):
        assert not is_pleasantry(phrase), phrase


def test_teams_can_add_their_own_phrases() -> None:
    assert not is_pleasantry("mahalo nui loa")
    assert is_pleasantry("Mahalo nui loa !", extra=["mahalo nui loa"])
    assert is_pleasantry("mahalo nui, thanks", extra=("mahalo nui",))
    assert not is_pleasantry("mahalo nui loa, mais ça ne marche pas", extra=["mahalo nui loa"])


def test_a_team_phrase_holding_a_problem_word_cannot_close() -> None:
    assert not is_pleasantry("still ok", extra=["still ok"])


def test_a_message_is_read_quickly() -> None:
    # It runs for every customer message on every board build: a text is judged once, then the
    # verdict comes from a cache.
    texts = CLOSINGS + ASKS + GENERAL_CLOSINGS + GENERAL_ASKS
    is_pleasantry("warm up the vocabulary")
    clear_caches()
    cold = timeit.timeit(lambda: [is_pleasantry(text) for text in texts], number=1)
    warm = timeit.timeit(lambda: [is_pleasantry(text) for text in texts], number=200)
    cold_us = cold / len(texts) * 1e6
    warm_us = warm / (200 * len(texts)) * 1e6
    report_figures(
        "closing classifier speed",
        f"first read {cold_us:.0f} µs per message, then {warm_us:.1f} µs from the cache "
        f"({len(texts)} texts)",
    )
    assert cold_us < 2000
    assert warm_us < 50
