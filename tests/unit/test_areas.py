"""Areas and kinds suggested from rules: whole words only, "why" names the words that matched."""

from __future__ import annotations

import pytest

from oncall_tui.domain.area_defaults import DEFAULT_AREAS, DEFAULT_KIND_RULES
from oncall_tui.domain.areas import AreaError, AreaRule, conversation_texts, read_rules, suggest
from oncall_tui.domain.tags import DEFAULT_KINDS


def area_of(*texts: str) -> str | None:
    found = suggest(DEFAULT_AREAS, conversation_texts(texts))
    return None if found is None else found.name


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Our SAML assertion is rejected since this morning", "SSO"),
        ("SSO-enabled users can't get in", "SSO"),
        ("error: saml_response missing NameID", "SSO"),
        ("IdP-initiated login from https://acme.okta.com/app/x fails", "SSO"),
        ("Single\nsign-on stopped for the EU tenant", "SSO"),
        ("SCIM provisioning created duplicate users", "SSO"),
        ("We were charged twice this month", "billing"),
        ("Can you resend the invoices for Q3?", "billing"),
        ("Refunds for the cancelled seats?", "billing"),
        ("Our webhook endpoint gets every event three times", "webhooks"),
        ("Dashboard takes forever to load, 30s latency", "performance"),
        ("How do I get a CSV export of all tickets?", "data export"),
        ("Push notifications stopped on Android", "notifications"),
        ("The iOS app crashes on launch", "mobile"),
        ("Editors get Access denied on shared folders", "permissions"),
    ],
)
def test_default_areas_find_the_area_in_many_phrasings(text: str, area: str) -> None:
    assert area_of(text) == area


@pytest.mark.parametrize(
    "text",
    [
        "The ssometer reading looks off",  # "sso" inside a longer word
        "We lassoed the old records",  # "sso" inside a word, not at its start
        "Whoops, assorted issues",
        "<@U0SSO> could you look?",  # a mention id is not a word
        "The dischargeable amount",  # "charg*" must start the word
        "Rapid growth this quarter",  # "api" inside "rapid"
        "thanks, all good now",
    ],
)
def test_look_alikes_suggest_nothing(text: str) -> None:
    assert area_of(text) is None


def test_more_distinct_words_beat_a_repeated_one() -> None:
    # "timeout" alone is performance; with "endpoint" and "rate limit" it is the API.
    found = suggest(
        DEFAULT_AREAS,
        ["slow slow slow", "the endpoint hits the rate limit and the API times out"],
    )
    assert found is not None
    assert found.name == "API"
    assert "performance" in found.runners_up


def test_why_names_the_words_as_written_with_counts() -> None:
    found = suggest(DEFAULT_AREAS, ["SAML broke", "saml again, and Okta says the IdP is fine"])
    assert found is not None
    assert found.why.startswith("SSO ← ")
    assert '"SAML" ×2' in found.why
    assert '"Okta"' in found.why and '"IdP"' in found.why


def test_a_prefix_keyword_matches_word_starts_only() -> None:
    rule = AreaRule("billing", ("charg*",))
    for text in ("charge", "charged", "Charging", "chargeback"):
        assert suggest([rule], [text]) is not None, text
    assert suggest([rule], ["recharge"]) is None


def test_a_customer_scoped_rule_only_applies_to_that_customer() -> None:
    rules = [AreaRule("on-prem", ("upgrade",), customers=("Acme Corp",)), *DEFAULT_AREAS]
    acme = suggest(rules, ["the upgrade failed"], customer="acme corp")
    other = suggest(rules, ["the upgrade failed"], customer="Globex")
    assert acme is not None and acme.name == "on-prem" and "customer acme corp" in acme.why
    assert other is None


def test_a_channel_rule_without_keywords_covers_the_channel() -> None:
    rules = [AreaRule("mobile", channels=("#ext-appco",))]
    found = suggest(rules, ["hello"], channel_id="C1", channel_name="ext-appco")
    assert found is not None and found.why == "mobile ← channel #ext-appco"
    assert suggest(rules, ["hello"], channel_id="C2", channel_name="ext-other") is None
    assert suggest(rules, ["hello"], channel_id="C1", channel_name="") is None


def test_kinds_are_suggested_only_among_the_configured_kinds() -> None:
    text = ["The export is broken: error 500 on every try"]
    assert (found := suggest(DEFAULT_KIND_RULES, text, allowed=DEFAULT_KINDS)) is not None
    assert found.name == "bug"
    assert suggest(DEFAULT_KIND_RULES, text, allowed=("question", "how-to")) is None
    how = suggest(DEFAULT_KIND_RULES, ["How do I rotate the API key?"], allowed=DEFAULT_KINDS)
    assert how is not None and how.name == "how-to"


def test_rules_from_config() -> None:
    rules = read_rules(
        [{"name": "SSO", "keywords": ["saml", "single sign-on"]}, {"name": "x", "customers": ["A"]}]
    )
    assert [r.name for r in rules] == ["SSO", "x"]
    assert suggest(rules, ["our single sign-on"]) is not None


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"keywords": ["x"]}], "[[areas]] #1: name: expected"),
        ([{"name": "A", "keywords": "saml"}], "[[areas]] #1: keywords: expected a list"),
        ([{"name": "A", "keywords": ["a"]}, {"name": "a", "keywords": ["b"]}], "repeats #1"),
        ([{"name": "A"}], "give keywords, or channels/customers"),
        ([{"name": "A", "keyword": ["x"]}], "keyword: unknown key"),
        ([{"name": "A", "keywords": ["*"]}], "has no word before the *"),
        ({"name": "A"}, "expected [[areas]] tables"),
    ],
)
def test_bad_rules_are_one_line_errors(items: object, message: str) -> None:
    with pytest.raises(AreaError) as raised:
        read_rules(items)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_config_areas_replace_the_defaults_and_bad_ones_name_the_file() -> None:
    from oncall_tui.config import ConfigError, Settings, parse_settings, settings_to_toml

    assert Settings.defaults().areas == DEFAULT_AREAS
    text = (
        '[[areas]]\nname = "SSO"\nkeywords = ["saml"]\n\n[[areas]]\nname = "M"\ncustomers = ["A"]\n'
    )
    settings = parse_settings(text, "config.toml")
    assert [a.name for a in settings.areas] == ["SSO", "M"]
    assert parse_settings(settings_to_toml(settings), "config.toml") == settings
    with pytest.raises(ConfigError) as raised:
        parse_settings('[[areas]]\nname = "SSO"\nkeywords = "saml"\n', "config.toml")
    assert str(raised.value) == (
        'config.toml: [[areas]] #1: keywords: expected a list of words like "saml"'
    )


def test_the_shipped_areas_are_not_written_out_and_areas_emptied_stay_empty() -> None:
    from dataclasses import replace

    from oncall_tui.commands.config_writer import commented_config
    from oncall_tui.config import Settings, parse_settings, settings_to_toml

    shipped = settings_to_toml(Settings.defaults())
    assert "areas" not in shipped  # the file stays short; reading it brings the defaults back
    assert parse_settings(shipped, "config.toml").areas == DEFAULT_AREAS
    # No areas at all (suggestions off) is said in the file: left out it would read as defaults.
    none = replace(Settings.defaults(), areas=())
    for text in (settings_to_toml(none), commented_config(none, {})):
        assert "\nareas = []\n" in f"\n{text}"
        assert parse_settings(text, "config.toml") == none
