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
    texts = CLOSINGS + ASKS
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
