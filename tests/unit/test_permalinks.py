"""Finding Slack message permalinks in message text: every form Slack writes, any host, and the
look-alikes that must not link anything."""

from __future__ import annotations

import pytest

from oncall_tui.domain.permalinks import Permalink, find_permalinks, parse_permalink

P = "p1712345678123456"
TS = "1712345678.123456"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The plain archive link, on team, Grid org and a customer's own subdomain.
        (f"https://acme.slack.com/archives/C0123ABCD/{P}", Permalink("C0123ABCD", TS)),
        (f"https://bigco.enterprise.slack.com/archives/C07XYZ98/{P}", Permalink("C07XYZ98", TS)),
        (f"https://globex-support.slack.com/archives/CSHARED01/{P}", Permalink("CSHARED01", TS)),
        (f"http://ACME.Slack.COM/archives/C0123ABCD/{P}/", Permalink("C0123ABCD", TS)),
        (f"https://acme.slack-gov.com/archives/C0123ABCD/{P}", Permalink("C0123ABCD", TS)),
        # Private channels and DMs.
        (f"https://acme.slack.com/archives/G01PRIV8X/{P}", Permalink("G01PRIV8X", TS)),
        (f"https://acme.slack.com/archives/D0DIRECT1/{P}", Permalink("D0DIRECT1", TS)),
        # A thread reply: thread_ts and cid in the query, in any order.
        (
            f"https://acme.slack.com/archives/C0123ABCD/{P}?thread_ts=1712345000.000100&cid=C0123ABCD",
            Permalink("C0123ABCD", TS, "1712345000.000100"),
        ),
        (
            f"https://acme.slack.com/archives/C0123ABCD/{P}?cid=C0123ABCD&thread_ts=1712345000.000100",
            Permalink("C0123ABCD", TS, "1712345000.000100"),
        ),
        # The parent's own link with its thread_ts equal to its ts is the parent.
        (
            f"https://acme.slack.com/archives/C0123ABCD/{P}?thread_ts={TS}&cid=C0123ABCD",
            Permalink("C0123ABCD", TS),
        ),
        # A malformed thread_ts is ignored, the message still links.
        (
            f"https://acme.slack.com/archives/C0123ABCD/{P}?thread_ts=yesterday",
            Permalink("C0123ABCD", TS),
        ),
        # The browser's client addresses.
        (
            f"https://app.slack.com/client/T0TEAM123/C0123ABCD/thread/C0123ABCD-{TS}",
            Permalink("C0123ABCD", TS),
        ),
        (f"https://app.slack.com/client/E0GRID123/C0123ABCD/{P}", Permalink("C0123ABCD", TS)),
    ],
)
def test_each_permalink_form_gives_channel_and_ts(text: str, expected: Permalink) -> None:
    assert find_permalinks(text) == (expected,)


def test_mrkdwn_link_with_label_and_escaped_ampersand() -> None:
    text = (
        "can someone look at "
        f"<https://acme.slack.com/archives/C0123ABCD/{P}?thread_ts=1712345000.000100&amp;cid=C0123ABCD"
        "|this thread>? customer is blocked"
    )
    assert find_permalinks(text) == (Permalink("C0123ABCD", TS, "1712345000.000100"),)


def test_bare_link_followed_by_sentence_punctuation() -> None:
    for tail in (".", ",", ")", "!", "?", ":", "*", "_"):
        text = f"(see https://acme.slack.com/archives/C0123ABCD/{P}{tail} thanks"
        assert find_permalinks(text) == (Permalink("C0123ABCD", TS),), tail


def test_several_links_in_order_each_once() -> None:
    first = f"https://acme.slack.com/archives/C0AAAAAAA/{P}"
    second = "https://acme.slack.com/archives/C0BBBBBBB/p1712000000000001"
    text = f"<{first}|one> and {second} and again <{first}|{first}>"
    assert find_permalinks(text) == (
        Permalink("C0AAAAAAA", TS),
        Permalink("C0BBBBBBB", "1712000000.000001"),
    )


@pytest.mark.parametrize(
    "text",
    [
        # Not a Slack host, or one only pretending.
        f"https://acme.example.com/archives/C0123ABCD/{P}",
        f"https://slack.com.evil.example/archives/C0123ABCD/{P}",
        f"https://notslack.com/archives/C0123ABCD/{P}",
        f"https://acme.slack.com@evil.example/archives/C0123ABCD/{P}",
        f"ftp://acme.slack.com/archives/C0123ABCD/{P}",
        # Malformed p-numbers: too short, too long, letters, missing p.
        "https://acme.slack.com/archives/C0123ABCD/p171234567812345",
        "https://acme.slack.com/archives/C0123ABCD/p17123456781234567",
        "https://acme.slack.com/archives/C0123ABCD/p1712345678abcdef",
        "https://acme.slack.com/archives/C0123ABCD/1712345678123456",
        # Not a channel id: lower case, a user id, too short.
        f"https://acme.slack.com/archives/c0123abcd/{P}",
        f"https://acme.slack.com/archives/U0123ABCD/{P}",
        f"https://acme.slack.com/archives/C01/{P}",
        # A channel link without a message, files, canvases, profiles.
        "https://acme.slack.com/archives/C0123ABCD",
        "https://acme.slack.com/files/U0123ABCD/F0FILE1234/report.pdf",
        "https://files.slack.com/files-pri/T0TEAM123-F0FILE1234/log.txt",
        "https://acme.slack.com/docs/T0TEAM123/F0CANVAS12",
        "https://acme.slack.com/team/U0123ABCD",
        # A client thread whose two channel ids disagree.
        f"https://app.slack.com/client/T0TEAM123/C0123ABCD/thread/C0OTHER99-{TS}",
        # Just text that mentions the ids.
        f"channel C0123ABCD message {P}",
        f"archives/C0123ABCD/{P}",
    ],
)
def test_look_alikes_link_nothing(text: str) -> None:
    assert find_permalinks(text) == ()
    assert find_permalinks(f"<{text}|label>") == ()


def test_root_ts_is_the_thread_for_a_reply_and_the_message_otherwise() -> None:
    reply = parse_permalink(
        f"https://acme.slack.com/archives/C0123ABCD/{P}?thread_ts=1712345000.000100"
    )
    parent = parse_permalink(f"https://acme.slack.com/archives/C0123ABCD/{P}")
    assert reply is not None and reply.root_ts == "1712345000.000100"
    assert parent is not None and parent.root_ts == TS
