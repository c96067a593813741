"""Emoji in a customer's message: which approve, which bring bad news (see `closing.py`)."""

from __future__ import annotations

# Emoji (by character and by Slack shortcode) that approve, thank or celebrate.
POSITIVE_EMOJI: frozenset[str] = frozenset(
    "👍👌🙏🙌👏🤝💪✅✔☑✓🎉🎊🥳🚀✨⭐🌟💯❤"
    "♥💚💙💜🧡💛🤍🖤💖💗💝🫶🙂😊😀😃😄😁☺😌"
    "😇🤗🥰😍🤩😎🤘🫡👋🍻🍺🥂🍾🏆🆗🆒🙇🤙✌🟢😃"
    "👊🤜🤛✊🥹🎯🏅🥇👑🦸🔝💫🟩✳💕💞💓💘❣🩷🩵😻☺"
) | frozenset(
    {
        "+1", "thumbsup", "thumbs_up", "ok_hand", "pray", "raised_hands", "clap", "handshake",
        "muscle", "white_check_mark", "heavy_check_mark", "ballot_box_with_check", "check",
        "checkmark", "tada", "confetti_ball", "partying_face", "rocket", "sparkles", "star",
        "star2", "star-struck", "100", "heart", "hearts", "green_heart", "blue_heart",
        "purple_heart", "orange_heart", "yellow_heart", "white_heart", "sparkling_heart",
        "heart_hands", "slightly_smiling_face", "smile", "smiley", "simple_smile", "blush",
        "grin", "grinning", "relaxed", "relieved", "innocent", "hugging_face", "hugs",
        "smiling_face_with_3_hearts", "heart_eyes", "sunglasses", "the_horns", "saluting_face",
        "wave", "beers", "beer", "clinking_glasses", "champagne", "trophy", "ok", "cool",
        "thankyou", "thank-you", "thank_you", "thanks", "ty", "merci", "danke", "gracias",
        "approved", "lgtm", "party-parrot", "partyparrot", "party_parrot", "yay",
    }
)  # fmt: skip
# Emoji that say something is wrong, unsure or asked: a message holding one is never a closing.
# (A facepalm is the customer's own slip, "it was our typo 🤦", and says nothing either way.)
NEGATIVE_EMOJI: frozenset[str] = frozenset(
    "👎❌❎⚠🚨🔥😢😭😞😟😕🤔😬😱😡🤬😠💀☠🐛"
    "👀❓❔❗❕‼⁉🔴🛑😩😫🙁☹😤😐😑🤷😓😥🆘"
    "⛔🚫💥😖😣😰😨🙄🥲🫠🤨🧐⏳⌛🐢"
)
# A shortcode holding one of these words ("x", "red_circle", a custom ":alert-red:") or one of
# these stems ("thumbsdown", ":sob:") is taken as bad news.
NEGATIVE_EMOJI_WORDS: frozenset[str] = frozenset(
    {
        "-1", "x", "no", "not", "red", "down", "help", "eyes", "bug", "sos", "boom", "fire",
        "skull", "wait", "stop", "sad", "cry", "rage", "angry", "sweat", "neutral", "shrug",
        "snail", "turtle", "melting", "monocle", "broken", "urgent", "panic",
    }
)  # fmt: skip
NEGATIVE_EMOJI_STEMS: tuple[str, ...] = (
    "thumbsdown", "thumbs_down", "warn", "alert", "siren", "rotating_light", "sob", "disappoint",
    "confus", "thinking", "grimac", "scream", "question", "exclamation", "worried",
    "pensive", "frown", "error", "fail", "hourglass", "upside_down", "eyebrow", "persever",
    "tired", "weary", "anguish", "fearful", "unamused", "roll_eyes", "rolling_eyes", "sleep",
)  # fmt: skip
# A custom shortcode holding one of these words (":thank-you-parrot:", ":party_blob:") approves.
POSITIVE_EMOJI_WORDS: frozenset[str] = frozenset(
    {
        "thanks", "thank", "thankyou", "ty", "party", "tada", "heart", "love", "check", "yay",
        "clap", "pray", "celebrate", "thumbsup", "hooray", "dance", "dancing", "shipit",
        "approved", "success", "merci", "danke", "gracias", "bow", "salute", "highfive", "green",
        "v", "call_me_hand", "muscle", "rocket", "sparkles", "smile", "smiley", "grin",
        "resolved", "fixed", "solved", "ack", "agree", "plus1", "plusone", "applause", "bravo",
        "kudos", "cheers", "champagne", "fist", "bump", "medal", "crown", "hero", "winner",
        "perfect", "awesome", "excellent", "relieved", "hug", "hugs", "hugging", "lgtm",
        "facepunch", "punch", "dart", "star", "trophy", "ok", "okay", "thumbs",
    }
)  # fmt: skip
