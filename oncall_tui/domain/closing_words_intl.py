"""Closing phrases in languages other than English (see `closing_words.py` for the rules).

Accents are optional when matching ("ca marche" = "ça marche"). Japanese, Chinese and Korean are
written without spaces, so each phrase there is matched as one word between punctuation marks.
"""

from __future__ import annotations

INTL_CLOSING = (
    # German
    "danke", "danke schön", "dankeschön", "vielen dank", "besten dank", "herzlichen dank",
    "danke sehr", "danke nochmal", "vielen lieben dank", "perfekt", "prima", "klasse", "toll",
    "top", "passt", "passt so", "passt jetzt", "alles gut", "alles klar", "alles ok",
    "alles bestens", "alles in ordnung", "funktioniert", "funktioniert jetzt",
    "funktioniert wieder", "klappt", "klappt jetzt", "klappt wieder", "hat geklappt",
    "hat funktioniert", "läuft", "läuft wieder", "läuft jetzt", "geht jetzt", "geht wieder",
    "gelöst", "behoben", "bestätigt", "sehr gut", "super", "schönes wochenende", "schönen tag",
    "tschüss", "grüße", "viele grüße", "beste grüße", "lg", "vg", "mfg", "kann geschlossen werden",
    "danke dir", "danke euch", "vielen dank euch", "dank dir", "merci vielmals", "danke vielmals",
    "einwandfrei", "läuft einwandfrei", "funktioniert einwandfrei", "läuft stabil", "stabil",
    "alles wieder gut", "wieder alles gut", "jetzt geht's", "jetzt gehts", "geht's wieder",
    "gehts wieder", "passt alles", "alles erledigt", "kann zu", "problem gelöst",
    "problem behoben", "fehler behoben", "fehler ist weg", "ich bestätige", "wir bestätigen",
    "bestätige", "sieht gut aus", "schaut gut aus", "alles paletti", "spitze", "wunderbar",
    "schönen abend", "bis bald", "gruß", "gruss", "funktioniert wieder einwandfrei",
    # French
    "merci", "merci beaucoup", "merci bien", "mille mercis", "merci encore", "parfait", "génial",
    "nickel", "impeccable", "ça marche", "ça fonctionne", "ça marche maintenant", "c'est bon",
    "c'est résolu", "c'est réglé", "c'est parfait", "c'est ok", "tout est bon", "tout est ok",
    "tout va bien", "tout fonctionne", "tout est rentré dans l'ordre", "résolu", "réglé",
    "confirmé", "fonctionne", "d'accord", "bien reçu", "entendu", "compris", "bonne journée",
    "bonne soirée", "bon weekend", "bon week-end", "à bientôt", "cordialement", "bien à vous",
    "vous pouvez fermer", "vous pouvez clôturer", "merci à vous", "merci à toi",
    "merci pour tout", "c'est réparé", "réparé", "ça remarche", "ça refonctionne",
    "ça fonctionne à nouveau", "ça marche à nouveau", "fonctionne à nouveau",
    "problème résolu", "problème réglé", "c'est tout bon", "tout bon", "super merci",
    "vous pouvez fermer le ticket", "le ticket peut être fermé", "on peut fermer",
    "je confirme", "nous confirmons", "ça a marché", "ça a fonctionné", "c'était ça",
    "bonne fin de journée", "bonne continuation", "au top", "top merci",
    # Spanish
    "gracias", "muchas gracias", "mil gracias", "muchísimas gracias", "gracias de nuevo",
    "perfecto", "genial", "excelente", "vale", "listo", "de acuerdo", "entendido", "todo bien",
    "todo ok", "todo correcto", "todo en orden", "funciona", "ya funciona", "funciona bien",
    "funciona perfecto", "funciona de nuevo", "resuelto", "solucionado", "confirmado", "saludos",
    "un saludo", "buen fin de semana", "pueden cerrar", "se puede cerrar", "gracias a ti",
    "gracias a vosotros", "gracias por todo", "ya está", "ya quedó", "quedó", "quedó resuelto",
    "ya funciona bien", "ya anda", "anda bien", "funciona correctamente", "todo funciona",
    "todo perfecto", "problema resuelto", "problema solucionado", "pueden cerrar el ticket",
    "pueden cerrarlo", "confirmo", "de lujo", "buenísimo", "chévere", "dale", "hasta luego",
    "un abrazo", "saludos cordiales", "mil gracias por todo",
    # Portuguese
    "obrigado", "obrigada", "muito obrigado", "muito obrigada", "valeu", "perfeito", "ótimo",
    "beleza", "tudo certo", "tudo bem", "tudo ok", "funcionou", "funciona", "resolvido",
    "abraços", "podem fechar", "pode fechar", "obrigadão", "valeu mesmo", "já funciona",
    "já está funcionando", "está funcionando", "funcionando", "tudo funcionando", "deu certo",
    "problema resolvido", "pode fechar o chamado", "podem fechar o chamado", "pode encerrar",
    "show de bola", "maravilha", "tranquilo", "abraço", "até mais", "confirmo",
    # Italian
    "grazie", "grazie mille", "mille grazie", "grazie ancora", "perfetto", "ottimo", "benissimo",
    "tutto ok", "tutto a posto", "tutto risolto", "funziona", "ora funziona", "risolto",
    "confermato", "va bene", "d'accordo", "saluti", "buona giornata", "potete chiudere",
    "grazie a voi", "grazie davvero", "funziona di nuovo", "adesso funziona", "funziona tutto",
    "tutto funziona", "problema risolto", "potete chiudere il ticket", "si può chiudere",
    "confermo", "ottimo lavoro", "a presto", "buona serata", "buon weekend",
    # Dutch
    "bedankt", "dank je", "dank je wel", "dankjewel", "dank u", "dank u wel", "dankuwel",
    "werkt", "werkt weer", "werkt nu", "opgelost", "alles goed", "alles werkt",
    "alles in orde", "in orde", "helemaal goed", "fijne dag", "fijn weekend", "groeten",
    "mag gesloten worden", "dank jullie wel", "dank jullie", "werkt prima", "werkt perfect",
    "het werkt", "het werkt weer", "alles werkt weer", "probleem opgelost", "mag dicht",
    "ticket mag dicht", "bevestigd", "ik bevestig", "klopt", "helemaal top", "super bedankt",
    "fijne avond", "groetjes",
    # Nordic
    "tack", "tack så mycket", "takk", "tusen takk", "tak", "mange tak", "kiitos", "fungerar",
    "virker", "fungerer", "allt bra", "alt godt", "alt er fint", "löst", "løst",
    "tack för hjälpen", "stort tack", "det fungerar", "fungerar nu", "allt fungerar",
    "takk for hjelpen", "det virker", "virker nu", "tak for hjælpen", "det virker nu",
    "kiitos paljon", "toimii", "nyt toimii",
    # Polish, Czech, Russian, Ukrainian
    "dzięki", "dziękuję", "działa", "już działa", "wszystko ok", "wszystko działa",
    "można zamknąć", "díky", "děkuji", "funguje", "funguje to", "už to funguje", "vše ok",
    "спасибо", "спасибо большое", "большое спасибо", "работает", "всё работает", "всё ок",
    "дякую", "працює", "dziękuję bardzo", "dzięki wielkie", "wielkie dzięki", "działa już",
    "teraz działa", "rozwiązane", "problem rozwiązany", "potwierdzam", "super dzięki",
    "pozdrawiam", "děkuji moc", "díky moc", "už funguje", "vyřešeno", "můžete zavřít",
    "potvrzuji", "огромное спасибо", "благодарю", "теперь работает", "заработало", "решено",
    "проблема решена", "можно закрывать", "подтверждаю", "отлично", "супер", "ок",
    "дуже дякую", "все працює", "вирішено",
    # Turkish, Greek, Hebrew, Arabic, Hindi (and Hinglish)
    "teşekkürler", "teşekkür ederim", "sağol", "çalışıyor", "düzeldi", "çok teşekkürler",
    "teşekkür ederiz", "sağolun", "şimdi çalışıyor", "sorun çözüldü", "çözüldü",
    "kapatabilirsiniz", "tamam", "harika", "süper", "ευχαριστώ", "תודה",
    "תודה רבה", "شكرا", "شكرا جزيلا", "धन्यवाद", "शुक्रिया", "shukriya", "dhanyavaad",
    "ho gaya", "theek hai", "sab theek hai", "ab chal raha hai", "dhanyavad", "kaam kar raha hai",
    "ab kaam kar raha hai", "sab theek", "sab sahi hai", "sahi hai", "badhiya",
    "bahut badhiya", "bahut dhanyavaad", "solve ho gaya", "problem solve ho gaya",
    # Japanese, Chinese, Korean
    "ありがとう", "ありがとうございます", "ありがとうございました", "どうもありがとう",
    "了解", "了解です", "了解しました", "承知しました", "確認しました", "解決しました",
    "直りました", "助かりました", "大丈夫です", "問題ありません", "問題なし", "谢谢",
    "谢谢你", "多谢", "感谢", "好的", "解决了", "可以了", "没问题", "收到", "감사합니다",
    "고맙습니다", "해결됐습니다", "해결되었습니다", "動きました", "動作しました",
    "正常に動作しています", "問題なく動いています", "確認できました", "対応ありがとうございます",
    "ご対応ありがとうございました", "承知いたしました", "了解いたしました",
    "クローズして大丈夫です",
    "完璧です", "谢谢你们", "非常感谢", "感谢支持", "好了", "已经好了", "问题解决了",
    "没问题了", "正常了", "恢复正常了", "能用了", "可以关闭了", "好的谢谢", "收到谢谢", "谢谢啦",
    "多谢啦", "해결됐어요", "잘 됩니다", "잘 돼요", "이제 잘 됩니다", "확인했습니다",
)  # fmt: skip

INTL_FILLER = (
    "jetzt", "auch", "euch", "dir", "ihnen", "ja", "wirklich", "nochmal", "maintenant",
    "à vous", "à tous", "oui", "vraiment", "beaucoup", "bien", "ya", "sí", "ahora", "a todos",
    "chicos", "equipo", "agora", "sim", "ora", "adesso", "sì", "a tutti", "nu", "hoor",
    "allemaal", "ciao", "to", "ab", "ji", "bhai", "et", "und", "y", "e", "en", "och", "og",
    "i", "a",
    "pour l'aide", "pour l'info", "per l'aiuto", "pela paciência", "pela ajuda",
    "de notre côté", "bei uns", "auf unserer seite", "de nuestro lado", "por aqui",
    "für die hilfe", "für eure hilfe", "für ihre hilfe", "für die schnelle hilfe",
    "pour votre aide", "pour ton aide", "pour la réponse", "por la ayuda", "por tu ayuda",
    "por su ayuda", "por todo", "voor de hulp", "per l'aiuto",
)  # fmt: skip

# Words that say something is still wrong or asked, in the languages above.
INTL_PROBLEM_WORDS = frozenset(
    {
        "nicht", "nichts", "kein", "keine", "keinen", "aber", "noch", "immer", "wieder",
        "fehler", "leider", "doch", "jedoch", "warum", "wann", "wie", "kaputt", "pas", "ne",
        "mais", "toujours", "encore", "erreur", "erreurs", "plante", "panne", "pourquoi",
        "quand", "comment", "rien", "jamais", "pero", "todavia", "sigue", "siguen", "aun",
        "errores", "falla", "fallo", "nada", "nunca", "porque", "cuando", "nao", "ainda",
        "erro", "falha", "non", "ma", "ancora", "errore", "errori", "niente", "mai", "perche",
        "niet", "geen", "maar", "nog", "fout", "weer", "waarom", "nie", "ale", "jeszcze",
        "ještě", "не", "но", "ещё", "ошибка", "nahi", "nahin", "lekin", "abhi", "phir", "magar",
        "ama", "hala", "değil",
        "yine", "hata", "опять", "снова", "znowu", "błąd", "znovu", "chyba", "inte", "men",
        "fortfarande", "igen", "fel", "ikke", "fortsatt", "igjen", "feil", "stadig", "fejl",
        "mutta", "taas", "virhe", "δεν", "αλλά",
    }
)  # fmt: skip
