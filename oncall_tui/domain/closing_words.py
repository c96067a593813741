"""The vocabulary of closing messages: what a customer says when nothing more is owed.

Every word of a closing message must come from here (see `closing.py`), so a word missing from
these lists can only make a closing look like an ask (a timer shows), never the reverse. Phrases
are written as people type them; accents, case and apostrophe styles are normalised on loading.
"""

from __future__ import annotations

from itertools import product


def _combine(*parts: tuple[str, ...]) -> tuple[str, ...]:
    """Every phrase made of one choice from each part ("" leaves a part out)."""
    return tuple(" ".join(word for word in choice if word) for choice in product(*parts))


# Thanks, approval, acknowledgement, confirmation and sign-offs: each one closes on its own.
_THANKS = (
    "thanks", "thank you", "thank u", "thankyou", "thanks a lot", "thanks a ton", "thanks a bunch",
    "thanks so much", "thank you so much", "thanks very much", "thank you very much",
    "many thanks", "thanks again", "thank you again", "thx", "thnx", "thanx", "thks", "tks", "ty",
    "tysm", "tyvm", "ta", "cheers", "much appreciated", "appreciated", "appreciate it",
    "appreciate that", "appreciate this", "appreciate the help", "really appreciate it", "kudos",
    "you rock", "you guys rock", "you're the best", "you are the best", "you're a star",
    "you're a lifesaver", "lifesaver", "life saver", "legend", "you're a legend", "hero",
    "my hero", "bless you", "shoutout",
)  # fmt: skip
_APPROVAL = (
    "great", "perfect", "ok", "okay", "okey", "k", "kk", "awesome", "amazing", "brilliant",
    "excellent", "fantastic", "wonderful", "lovely", "nice", "cool", "sweet", "superb", "terrific",
    "splendid", "neat", "outstanding", "super", "fab", "great stuff", "good stuff", "good job",
    "great job", "great work", "nice work", "nice one", "well done", "good catch", "great catch",
    "nice catch", "sounds good", "sounds great", "sounds perfect", "sounds fine", "that's great",
    "that's perfect", "that's awesome", "that's good", "that is great", "yay", "woohoo", "woo",
    "hooray", "phew", "whew", "+1", "lgtm",
)  # fmt: skip
_ACKNOWLEDGE = (
    "got it", "gotcha", "understood", "noted", "makes sense", "that makes sense", "fair enough",
    "roger", "roger that", "ack", "acknowledged", "copy that", "will do", "no worries",
    "no problem", "no problems", "no prob", "np", "no issues", "no further questions",
    "nothing else", "that's all", "that is all", "that's all we needed", "all good", "all clear",
    "all set", "all sorted", "all fixed", "all green", "all working", "all fine", "all well",
    "all is well", "all is good", "we're good", "we are good", "we're all good", "we're all set",
    "we are all set", "we're fine", "we're ok", "we're back up", "we're up and running",
    "we're back to normal", "we're stable", "we're green", "i'm good", "i'm all set", "good",
    "good now", "good to go", "fine", "fine now", "that's fine", "false alarm", "never mind",
    "nevermind", "nvm", "figured it out", "we figured it out", "found it", "my bad", "our bad",
    "you can close", "you can close this", "you can close it", "you can close the ticket",
    "you can close the thread", "feel free to close", "feel free to close this",
    "feel free to close it", "ok to close", "can be closed", "we can close this", "happy to close",
    "good to close", "safe to close",
)  # fmt: skip
_CONFIRM = (
    "confirmed", "i confirm", "we confirm", "can confirm", "i can confirm", "we can confirm",
    "verified", "resolved", "fixed", "solved", "sorted", "working", "works", "worked", "stable",
    "steady", "holding steady", "holding up", "looking good", "looks good", "looks great",
    "looks fine", "looks right", "looks correct", "seems fine", "seems good", "seems to work",
    "seems to be working", "that did it", "that did the trick", "did the trick", "that fixed it",
    "that solved it", "that sorted it", "that worked", "that works", "that was it", "fixed it",
    "solved it", "sorted it", "nailed it", "works like a charm", "worked like a charm",
    "like a charm", "back to normal", "back up", "back online", "up and running",
    "up and running again", "back up and running", "running again", "running fine",
    "running smoothly", "working again", "works again", "up again",
)  # fmt: skip
_SIGN_OFF = (
    "bye", "goodbye", "bye bye", "see you", "see ya", "cya", "talk soon",
    "take care", "best", "regards", "best regards", "kind regards", "warm regards", "br",
    "have a good one", "have a great one", "enjoy your weekend", "enjoy the weekend",
    *_combine(("have a",), ("", "good", "great", "nice", "lovely", "wonderful"),
              ("day", "weekend", "evening", "night", "week")),
)  # fmt: skip

# "It is working now", "the issue is resolved", "everything's back to normal"...
_SUBJECTS = (
    "it", "that", "this", "everything", "all", "things", "all of it", "the fix", "the issue",
    "the problem", "this issue", "that issue", "our issue", "my issue", "the error", "the errors",
    "the alert", "the alerts", "the sync", "the job", "the page", "the dashboard", "the app",
    "the service", "the site", "the deploy", "the export", "the import", "the integration",
    "the login", "login", "issue", "problem",
)  # fmt: skip
_SUBJECTS_WITH_LINK = (
    "it's", "that's", "everything's", "everything is", "all is",
)  # fmt: skip
# No "was": "it was working" says it is not any more.
_LINKS = (
    "", "is", "has been", "are", "have been", "seems", "seems to be", "looks",
)  # fmt: skip
_STATES = (
    "resolved", "fixed", "solved", "sorted", "gone", "working", "works", "worked",
    "back to normal", "back up", "back online", "up and running", "stable", "fine", "good",
    "green", "clear", "ok", "okay", "running", "running fine", "working fine", "working well",
    "working great", "working perfectly", "working as expected", "works fine", "works great",
    "works perfectly", "works as expected", "fixed now", "resolved now", "good now",
    "working again", "running again", "sorted out", "cleared", "holding", "holding steady",
    "stable now", "loading fine", "syncing fine", "passing",
)  # fmt: skip
_STATEMENTS = (
    _combine(_SUBJECTS, _LINKS, _STATES)
    + _combine(_SUBJECTS_WITH_LINK, _STATES)
    # In the past tense only what stays settled: "it was fixed", "that was it".
    + _combine(_SUBJECTS, ("was", "has been"), ("resolved", "fixed", "solved", "sorted"))
    + _combine(("it was", "that was"), ("it", "the issue", "the problem"))
)

# German, French, Spanish, Portuguese, Italian, Dutch, Nordic, Slavic, Turkish, CJK and more.
_OTHER_LANGUAGES = (
    "danke", "danke schön", "dankeschön", "vielen dank", "besten dank", "herzlichen dank",
    "danke sehr", "danke nochmal", "vielen lieben dank", "perfekt", "prima", "klasse", "toll",
    "top", "passt", "passt so", "passt jetzt", "alles gut", "alles klar", "alles ok",
    "alles bestens", "funktioniert", "funktioniert jetzt", "funktioniert wieder", "klappt",
    "klappt jetzt", "klappt wieder", "läuft", "läuft wieder", "läuft jetzt", "geht jetzt",
    "geht wieder", "gelöst", "behoben", "bestätigt", "sehr gut", "super", "schönes wochenende",
    "schönen tag", "tschüss", "grüße", "viele grüße", "beste grüße", "lg", "vg", "mfg", "merci",
    "merci beaucoup", "merci bien", "mille mercis", "merci encore", "parfait", "génial", "nickel",
    "impeccable", "ça marche", "ça fonctionne", "ça marche maintenant", "c'est bon",
    "c'est résolu", "c'est réglé", "c'est parfait", "c'est ok", "tout est bon", "tout est ok",
    "tout va bien", "tout fonctionne", "résolu", "réglé", "confirmé", "fonctionne", "d'accord",
    "bien reçu", "entendu", "compris", "bonne journée", "bonne soirée", "bon weekend",
    "bon week-end", "à bientôt", "cordialement", "bien à vous", "gracias", "muchas gracias",
    "mil gracias", "muchísimas gracias", "gracias de nuevo", "perfecto", "genial", "excelente",
    "vale", "de acuerdo", "entendido", "todo bien", "todo ok", "todo correcto", "funciona",
    "ya funciona", "funciona bien", "funciona perfecto", "funciona de nuevo", "resuelto",
    "solucionado", "confirmado", "saludos", "un saludo", "buen fin de semana", "obrigado",
    "obrigada", "muito obrigado", "muito obrigada", "valeu", "perfeito", "ótimo", "beleza",
    "tudo certo", "tudo bem", "tudo ok", "funcionou", "resolvido", "abraços", "grazie",
    "grazie mille", "mille grazie", "grazie ancora", "perfetto", "ottimo", "benissimo", "tutto ok",
    "tutto a posto", "tutto risolto", "funziona", "ora funziona", "risolto", "confermato",
    "va bene", "d'accordo", "saluti", "buona giornata", "bedankt", "dank je", "dank je wel",
    "dankjewel", "dank u", "dank u wel", "dankuwel", "werkt", "werkt weer", "werkt nu", "opgelost",
    "alles goed", "alles werkt", "helemaal goed", "fijne dag", "fijn weekend", "groeten", "tack",
    "tack så mycket", "takk", "tusen takk", "tak", "mange tak", "kiitos", "dzięki", "dziękuję",
    "działa", "díky", "děkuji", "funguje", "спасибо", "спасибо большое", "большое спасибо",
    "работает", "всё работает", "дякую", "працює", "teşekkürler", "teşekkür ederim", "sağol",
    "çalışıyor", "ευχαριστώ", "תודה", "תודה רבה", "شكرا", "شكرا جزيلا", "धन्यवाद", "शुक्रिया",
    "ありがとう", "ありがとうございます", "ありがとうございました", "どうもありがとう", "了解",
    "了解です", "了解しました", "承知しました", "解決しました", "直りました", "助かりました",
    "大丈夫です", "問題ありません", "問題なし", "谢谢", "谢谢你", "多谢", "感谢", "好的", "解决了",
    "可以了", "没问题", "收到", "감사합니다", "고맙습니다", "해결됐습니다",
)  # fmt: skip

CLOSING_PHRASES: tuple[str, ...] = (
    *_THANKS,
    *_APPROVAL,
    *_ACKNOWLEDGE,
    *_CONFIRM,
    *_SIGN_OFF,
    *_STATEMENTS,
    *_OTHER_LANGUAGES,
)

# Words around a closing that add nothing a reply is owed for. None of them closes on its own.
_FOR_WHAT = _combine(
    ("for", "for the", "for your", "for all the", "for all your", "for all of the",
     "thanks for the", "pour", "pour votre", "pour ton", "pour la", "für die", "für eure",
     "für ihre", "für deine", "por la", "por tu", "por su", "pela", "voor de"),
    ("", "quick", "fast", "prompt", "swift", "speedy", "great", "detailed", "clear", "kind",
     "amazing", "awesome", "excellent", "schnelle", "rapide"),
    ("help", "support", "response", "reply", "answer", "fix", "update", "updates", "info",
     "information", "explanation", "assistance", "heads up", "heads-up", "turnaround", "work",
     "effort", "efforts", "patience", "follow up", "follow-up", "quick fix", "hotfix",
     "confirmation", "clarification", "everything", "all", "checking", "confirming",
     "fixing", "sorting", "sorting it out", "sorting this out", "sorting that out",
     "helping", "letting me know", "letting us know", "jumping on this", "jumping on it",
     "jumping on that", "explaining", "aide", "réponse", "hilfe", "unterstützung", "antwort",
     "ayuda", "respuesta", "ajuda", "aiuto", "hulp", "todo"),
)  # fmt: skip
FILLER_PHRASES: tuple[str, ...] = (
    *_FOR_WHAT,
    "pour l'aide", "pour l'info", "per l'aiuto",
    "on our side", "on our end", "from our side", "from our end", "our side", "our end",
    "on my side", "on my end", "for us", "for me", "over here", "here", "as well",
    "de notre côté", "bei uns", "auf unserer seite", "de nuestro lado", "por aqui",
    "a lot", "a ton", "a bunch", "so much", "very much", "all of you", "you all", "y'all",
    "yall", "guys", "folks", "team", "everyone", "everybody", "people", "all", "both",
    "you", "u", "ya", "and", "also", "so", "very", "really", "much", "truly", "totally",
    "indeed", "just", "now", "too", "finally", "already", "definitely", "absolutely",
    "yes", "yep", "yup", "yeah", "yea", "sure", "right", "exactly", "oh", "ah", "aha",
    "wow", "haha", "hahaha", "lol", "hehe", "hi", "hey", "hello", "well", "then", "sorry",
    "so fast", "so quickly", "so quick", "that quickly", "that fast",
    # other languages
    "jetzt", "auch", "euch", "dir", "ihnen", "ja", "wirklich", "nochmal", "maintenant",
    "à vous", "à tous", "oui", "vraiment", "beaucoup", "bien", "ya", "sí", "ahora",
    "a todos", "chicos", "equipo", "agora", "sim", "ora", "adesso", "sì", "a tutti", "nu",
    "hoor", "allemaal", "ciao",
)  # fmt: skip

# Words that report a problem or ask for something, in the languages above. Vocabulary above may
# hold one only inside a fixed phrase ("no worries", "thanks again", "grazie ancora"); anywhere
# else (phrases a team adds in config included) the message is not a closing.
PROBLEM_WORDS: frozenset[str] = frozenset(
    {
        # English
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
        "problem", "issue", "hmm",
        # German, French, Spanish, Portuguese, Italian, Dutch
        "nicht", "nichts", "kein", "keine", "keinen", "aber", "noch", "immer", "wieder",
        "fehler", "leider", "doch", "jedoch", "warum", "wann", "wie", "kaputt", "pas", "ne",
        "n'", "mais", "toujours", "encore", "erreur", "erreurs", "plante", "panne", "pourquoi",
        "quand", "comment", "rien", "jamais", "pero", "todavia", "sigue", "siguen", "aun",
        "errores", "falla", "fallo", "nada", "nunca", "porque", "cuando", "nao", "ainda",
        "erro", "falha", "non", "ma", "ancora", "errore", "errori", "niente", "mai",
        "perche", "niet", "geen", "maar", "nog", "fout", "weer", "waarom",
    }
)  # fmt: skip

# Emoji (by character and by Slack shortcode) that approve, thank or celebrate.
POSITIVE_EMOJI: frozenset[str] = frozenset(
    "👍👌🙏🙌👏🤝💪✅✔☑✓🎉🎊🥳🚀✨⭐🌟💯❤"
    "♥💚💙💜🧡💛🤍🖤💖💗💝🫶🙂😊😀😃😄😁☺😌"
    "😇🤗🥰😍🤩😎🤘🫡👋🍻🍺🥂🍾🏆🆗🆒"
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
NEGATIVE_EMOJI: frozenset[str] = frozenset(
    "👎❌❎⚠🚨🔥😢😭😞😟😕🤔😬😱😡🤬😠💀☠🐛"
    "👀❓❔❗❕‼⁉🔴🛑😩😫🙁☹😤😐😑🤷😓😥🆘"
    "⛔🚫💥🤦😖😣😰😨🙄🥲🫠🤨🧐⏳⌛🐢"
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
    "confus", "thinking", "grimac", "scream", "question", "exclamation", "palm", "worried",
    "pensive", "frown", "error", "fail", "hourglass", "upside_down", "eyebrow", "persever",
    "tired", "weary", "anguish", "fearful", "unamused", "roll_eyes", "rolling_eyes", "sleep",
)  # fmt: skip
