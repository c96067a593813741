"""Product areas (SSO, billing, webhooks, ...) and kinds of work suggested from inspectable rules.

A rule names an area and the words or phrases that point to it (`[[areas]]` in the config). A
keyword matches whole words only, case-insensitively: "sso" matches "SSO", "sso-enabled" and
"SSO's", never "ssometer" or "lasso". A plain keyword also matches its plural ("invoice" ->
"invoices"); a keyword ending in `*` matches any word it starts ("charg*" -> "charged",
"charging"). Spaces in a phrase match any run of spaces or line breaks ("single sign-on").
Punctuation and underscores separate words, so "saml_response" and "okta.example.com" count.

A rule with `channels` or `customers` applies only to conversations there; without keywords it
then matches every conversation there (a customer whose whole use is the mobile SDK).

The suggestion is the rule with the most distinct keywords found, then the most occurrences, then
the first in the configured order; "why" lists the words as they were written and how often.
Kinds of work get the same suggestion, limited to the configured kinds; the shipped rules are
in domain/area_defaults.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from oncall_tui.domain.model import SlackMessage

MAX_AREA_CHARS = 40
MAX_KEYWORDS = 200
# Characters that belong to a word: letters and digits of any script. Underscores and
# punctuation separate words (`saml_response` is about SAML).
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_PLURAL = r"(?:s|es|'s|’s)?"


class AreaError(ValueError):
    """A rule that cannot be used, as one line naming the rule and what to fix."""


@dataclass(frozen=True)
class AreaRule:
    """One `[[areas]]` block; its fields are the block's keys (the config file is derived from
    them), so the compiled patterns are not a field."""

    name: str = field(metadata={"doc": "the area, as the report names it"})
    keywords: tuple[str, ...] = field(
        default=(), metadata={"doc": 'whole words or phrases; "charg*" matches words it starts'}
    )
    channels: tuple[str, ...] = field(  # channel ids or "#name": the rule applies only there
        default=(), metadata={"doc": "only in these channels (ids or #names)"}
    )
    customers: tuple[str, ...] = field(  # customer names: the rule applies only to them
        default=(), metadata={"doc": "only for these customers"}
    )

    def __post_init__(self) -> None:
        _ = self._patterns  # a bad keyword fails here, when the rule is made

    @cached_property
    def _patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((keyword, keyword_pattern(keyword)) for keyword in self.keywords)

    def applies_to(self, channel_id: str, channel_name: str, customer: str) -> bool:
        if self.channels and not any(c in (channel_id, f"#{channel_name}") for c in self.channels):
            return False
        wanted = {c.casefold() for c in self.customers}
        return not wanted or customer.casefold() in wanted

    def occurrences(self, texts: Iterable[str]) -> dict[str, list[str]]:
        """Keyword -> the words as written, in the order found, over `texts`."""
        found: dict[str, list[str]] = {}
        for text in texts:
            for keyword, pattern in self._patterns:
                for match in pattern.finditer(text):
                    found.setdefault(keyword, []).append(" ".join(match.group(0).split()))
        return found


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """The whole-word pattern of one keyword or phrase (see the module's rules)."""
    text = keyword.strip()
    prefix = text.endswith("*")
    words = text.rstrip("*").split()
    if not words:
        raise AreaError(f"keyword {keyword!r}: expected a word or phrase")
    body = r"\s+".join(re.escape(word) for word in words)
    tail = r"[^\W_]*" if prefix else _PLURAL
    return re.compile(f"{_BEFORE}{body}{tail}{_AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    """The area (or kind) the rules point to, and the words that did it."""

    name: str
    matched: tuple[tuple[str, int], ...]  # (word as first written, occurrences), most first
    scoped: str = ""  # "customer Acme" / "channel #x" when the rule is limited to one
    runners_up: tuple[str, ...] = ()  # other rules that matched, best first

    @property
    def why(self) -> str:
        """'SSO: "SAML" ×3, "okta"' — what a person needs to check the suggestion."""
        parts = [f'"{word}"' + (f" ×{count}" if count > 1 else "") for word, count in self.matched]
        if self.scoped:
            parts.append(self.scoped)
        reason = ", ".join(parts) if parts else "no words"
        also = f" (also: {', '.join(self.runners_up)})" if self.runners_up else ""
        return f"{self.name} ← {reason}{also}"


def suggest(
    rules: Sequence[AreaRule],
    texts: Sequence[str],
    *,
    channel_id: str = "",
    channel_name: str = "",
    customer: str = "",
    allowed: Iterable[str] | None = None,
) -> Suggestion | None:
    """The best rule for a conversation whose messages are `texts` (see the module's order), or
    None when no rule matches. `allowed` limits the names (case-insensitive), e.g. to the
    configured kinds."""
    names = None if allowed is None else {name.casefold() for name in allowed}
    scored: list[tuple[tuple[int, int, int], Suggestion]] = []
    for position, rule in enumerate(rules):
        if names is not None and rule.name.casefold() not in names:
            continue
        if not rule.applies_to(channel_id, channel_name, customer):
            continue
        found = rule.occurrences(texts)
        scoped = _scope_text(rule, channel_name, customer)
        if not found and not (scoped and not rule.keywords):
            continue
        matched = sorted(
            ((words[0], len(words)) for words in found.values()),
            key=lambda item: (-item[1], item[0].casefold()),
        )
        total = sum(count for _, count in matched)
        rank = (-len(matched), -total, position)
        scored.append((rank, Suggestion(rule.name, tuple(matched), scoped)))
    if not scored:
        return None
    scored.sort(key=lambda item: item[0])
    best = scored[0][1]
    others = tuple(dict.fromkeys(s.name for _, s in scored[1:] if s.name != best.name))
    return Suggestion(best.name, best.matched, best.scoped, others[:3])


def _scope_text(rule: AreaRule, channel_name: str, customer: str) -> str:
    if rule.customers:
        return f"customer {customer}"
    if rule.channels:
        return f"channel #{channel_name}"
    return ""


def _strings(value: object, where: str, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AreaError(f"{where}: expected a list of {what}")
    return tuple(v.strip() for v in value)


def read_rules(items: object, where: str = "[[areas]]") -> tuple[AreaRule, ...]:
    """`[[areas]]` tables as rules; raises AreaError naming the item (numbered from 1), the key
    and what to write instead."""
    if not isinstance(items, list):
        raise AreaError(f'{where}: expected [[areas]] tables with name = "SSO", keywords = [...]')
    rules: list[AreaRule] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        here = f"{where} #{number}"
        if not isinstance(item, dict):
            raise AreaError(f"{here}: expected a table")
        unknown = sorted(set(item) - {"name", "keywords", "channels", "customers"})
        if unknown:
            raise AreaError(
                f"{here}: {unknown[0]}: unknown key (expected name, keywords, channels, customers)"
            )
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or "\n" in name:
            raise AreaError(f'{here}: name: expected a one-line area name like "SSO"')
        name = name.strip()
        if len(name) > MAX_AREA_CHARS:
            raise AreaError(f"{here}: name: at most {MAX_AREA_CHARS} characters, got {len(name)}")
        if name.casefold() in seen:
            raise AreaError(f'{here}: name: "{name}" repeats #{seen[name.casefold()]}')
        seen[name.casefold()] = number
        keywords = _strings(item.get("keywords"), f"{here}: keywords", 'words like "saml"')
        if len(keywords) > MAX_KEYWORDS:
            raise AreaError(f"{here}: keywords: at most {MAX_KEYWORDS}, got {len(keywords)}")
        for keyword in keywords:
            if not keyword.rstrip("*").strip():
                raise AreaError(f"{here}: keywords: {keyword!r} has no word before the *")
        channels = _strings(item.get("channels"), f"{here}: channels", 'channels like "#ext-acme"')
        customers = _strings(item.get("customers"), f"{here}: customers", "customer names")
        if not keywords and not channels and not customers:
            raise AreaError(f"{here}: keywords: give keywords, or channels/customers it covers")
        rules.append(AreaRule(name, keywords, channels, customers))
    return tuple(rules)


def people_texts(messages: Iterable[SlackMessage]) -> list[str]:
    """What people wrote in a conversation, ready to match: bots and auto-replies ("For outages
    see ...") say the same words everywhere, so they suggest nothing."""
    return conversation_texts(m.text for m in messages if m.bot_id is None and m.subtype is None)


def conversation_texts(texts: Iterable[str]) -> list[str]:
    """Slack texts ready to match: mentions and channel links (`<@U0SSO>`) are ids, not words."""
    return [_SLACK_IDS.sub(" ", text) for text in texts]


_SLACK_IDS = re.compile(r"<[@#!][^>]*>")
