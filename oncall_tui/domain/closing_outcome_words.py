"""Outcome phrases spelled out (see `closing_outcomes.py` for the families): short
confirmations and thanks in Arabic, Hebrew and Japanese, and English and other-language
confirmations that need no slot ("all systems operational", "problem ist behoben")."""

from __future__ import annotations

from oncall_tui.domain.closing_base import expand

# Short confirmations and thanks in Arabic, Hebrew and Japanese (matched with accents, vowel
# marks and tatweel folded away).
OUTCOME_WORDS: tuple[str, ...] = (
    # Arabic: "problem solved", "everything works now", "thanks a lot".
    "تم حل المشكلة", "تم الحل", "تم الاصلاح", "تم إصلاح المشكلة", "المشكلة اتحلت",
    "انحلت المشكلة", "كل شيء يعمل الآن", "كل شيء يعمل", "كل شيء تمام", "كله تمام", "تمام",
    "يعمل الآن", "يعمل بشكل جيد", "شغال", "شغال الآن", "ممتاز", "شكرا", "شكرا جزيلا",
    "شكرا لكم", "شكرا لك", "الف شكر", "مشكورين", "جزاكم الله خيرا", "يعطيكم العافية",
    # Hebrew: "works now", "everything is fine", "thanks a lot".
    "עובד עכשיו", "עובד", "הכל עובד", "הכל תקין", "תקין", "הכל בסדר", "בסדר", "מעולה",
    "סגור", "נפתר", "הבעיה נפתרה", "תודה", "תודה רבה", "תודה לכם", "תודה רבה לכם", "אחלה",
    # Japanese: "tested, no problem", "it's fixed", "thank you for your help".
    "問題ありませんでした", "問題なく動作しました", "解決しました", "修正を確認しました",
    "お世話になりました", "ありがとうございます助かりました",
    # Turkish, German, French, Polish additions: "all fixed", "all in the green", "we close".
    "hepsi düzeldi", "düzeldi", "her şey düzeldi", "im grünen bereich",
    "alles wieder im grünen bereich", "alles im grünen bereich", "wieder im grünen bereich",
    "on clôture", "on clôture de notre côté", "on ferme le ticket", "vous pouvez clôturer",
    "vous pouvez fermer le ticket", "można zamknąć zgłoszenie", "można zamknąć",
    "zgłoszenie można zamknąć",
    # English: done and out, or help that did it.
    "shipped", "it's shipped", "all shipped", "helped us", "it helped us", "that helped us",
    "helped me", "it helped me", "that helped me", "above and beyond", "went above and beyond",
    "you went above and beyond", "really above and beyond", "all quiet now", "all acknowledged",
    "all processed", "all delivered", "all passed", "all accounted for", "all present",
    "alerts cleared", "alarms cleared", "all alerts cleared", "alerts resolved",
    "the warnings are gone", "warnings are gone", "warnings gone", "the warnings went away",
    "exactly what we hoped for", "what we hoped for", "just what we hoped for",
    "exactly what we wanted", "just what we wanted", "that's our normal", "that's normal for us",
    "normal for us", "to the cent", "to the penny", "which means i'm happy",
    "which means we're happy", "so i'm happy", "so we're happy",
    "all there", "it's all there", "everything's there", "everything is there", "all normal",
    "all normal now", "everything normal", "everything's normal", "everything is normal",
    "delivered", "fully delivered", "fully processed", "fully synced", "fully restored",
    "fully migrated", "fully imported", "fully caught up", "you all rock", "you rock",
    "made my week", "made my whole week", "this made my day", "this made my week",
    "that made my week", "that made my day", "made our week", "made our day", "you made our day",
    *expand(("it's", "it is", "that's", "everything's", "all"), ("finally",),
            ("sorted", "fixed", "working", "resolved", "solved", "done", "stable")),
    *expand(("this", "that", "you", "you've", "it"), ("made my", "made our"), ("", "whole"),
            ("day", "week", "month", "year")),
    *expand(("seems to have", "seem to have", "looks to have", "appears to have"),
            ("done the trick", "fixed it", "worked", "solved it", "sorted it")),
    *expand(("managed to", "we managed to", "i managed to", "finally managed to"),
            ("get it working", "get it to work", "fix it", "sort it", "sort it out", "solve it")),
    "behaving itself", "behaving itself again", "everything checks out", "all checks out",
    "it all checks out", "way faster", "much faster", "a lot faster", "way faster now",
    "much faster now", "all systems operational", "fully operational", "sorted it out",
    "we sorted it out", "figured out the issue", "figured out the problem", "figured out the cause",
    "was our bad", "was my bad", "it was our bad", "was our mistake", "was my mistake",
    "nothing new to report", "all stable", "all stable now", "everything stable",
    *expand(("didn't expect", "did not expect", "never expected", "wasn't expecting"),
            ("it", "that", "a fix", "this"), ("", "to be fixed", "to be sorted", "to be resolved"),
            ("that fast", "so fast", "that quickly", "so quickly", "so soon")),
    # More of the other languages: "we close the ticket", "stable since this morning".
    "dann schließen wir das ticket", "wir schließen das ticket", "schließen wir das ticket",
    *expand(("läuft", "funktioniert", "alles läuft"),
            ("seit heute morgen", "seit gestern", "seit dem update", "seit dem deploy", "seitdem"),
            ("stabil", "einwandfrei", "wieder", "problemlos")),
    *expand(("plus aucune erreur", "plus d'erreur", "aucune erreur", "plus de problème",
             "plus aucun problème"),
            ("depuis", "depuis le déploiement", "depuis la mise à jour", "depuis hier",
             "depuis ce matin", "depuis le correctif")),
    "todo ok", "todo ok por acá", "todo bien por acá", "dziękujemy", "dziękuję bardzo",
    "dzięki wielkie", "det fungerar igen", "tack för hjälpen", "vše funguje", "děkujeme",
    "det virker igen", "проблема больше не воспроизводится",
    "worked a charm", "works a charm", "working a charm", "bless", "lovely stuff", "happy days",
    "all good in the hood", "we're golden", "golden", "smooth as butter", "smooth as butter now",
    "quiet night", "a quiet night", "quiet weekend", "quiet day",
    "nothing to worry about", "no need", "no need anymore", "no need for that",
    "not a problem", "not a problem at all",
    *expand(("hasn't come back", "it hasn't come back", "has not come back", "hasn't returned",
             "it hasn't returned", "hasn't recurred", "hasn't happened again",
             "it hasn't happened again"),
            ("", "since", "since then", "since the fix", "since the deploy", "overnight")),
    # Non-native English: "issue is resolve now".
    *expand(("issue is", "problem is", "it is", "issue got", "problem got"),
            ("resolve", "solve", "fix"), ("", "now")),
    "exactly what i was looking for", "just what i was looking for", "what i was looking for",
    "exactly what we were looking for", "just what we were looking for", "propagated",
    "propagated now", "all propagated",
    "problem ist behoben", "fehler ist behoben", "ist behoben", "ist gelöst",
    "problem ist gelöst", "we're back in business", "we are back in business",
    "that was bugging me", "that was bugging us", "that was driving us nuts",
    "that was driving us crazy", "that had us stumped", "that had me stumped",
)  # fmt: skip
