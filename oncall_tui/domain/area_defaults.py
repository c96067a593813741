"""The shipped rules: a B2B SaaS vendor's usual product areas, and words that point to each
default kind of work. `[[areas]]` in the config replaces DEFAULT_AREAS."""

from __future__ import annotations

from collections.abc import Mapping

from oncall_tui.domain.areas import AreaRule


def _rules(table: Mapping[str, tuple[str, ...]]) -> tuple[AreaRule, ...]:
    return tuple(AreaRule(name, keywords) for name, keywords in table.items())


# A B2B SaaS vendor's usual areas. On a tie the first wins, so narrower areas come first
# (webhooks before the API). Words chosen to say the area and little else: "login" alone
# is left out of SSO (passwords log in too), "slow" is performance but "timeout" is shared with
# the API, so both list it and the count of distinct words decides.
DEFAULT_AREAS: tuple[AreaRule, ...] = _rules(
    {
        "SSO": (
            "sso",
            "saml",
            "okta",
            "scim",
            "single sign-on",
            "single sign on",
            "azure ad",
            "entra id",
            "onelogin",
            "identity provider",
            "idp",
            "jit provisioning",
        ),
        "billing": (
            "invoice",
            "refund",
            "charg*",
            "billing",
            "billed",
            "payment",
            "credit card",
            "subscription",
            "pricing",
            "receipt",
            "vat",
            "proration",
            "overcharg*",
        ),
        "webhooks": ("webhook", "callback url", "event delivery", "payload", "signature", "hmac"),
        "API": (
            "api",
            "endpoint",
            "rate limit",
            "rate-limit",
            "sdk",
            "api key",
            "access token",
            "oauth",
            "graphql",
            "status code",
            "http 429",
        ),
        "integrations": (
            "integration",
            "salesforce",
            "hubspot",
            "zapier",
            "jira",
            "zendesk",
            "connector",
            "sync with",
            "marketplace app",
        ),
        "performance": (
            "slow",
            "slowness",
            "latency",
            "timeout",
            "timing out",
            "timed out",
            "performance",
            "takes forever",
            "p95",
            "p99",
            "sluggish",
            "laggy",
        ),
        "data export": (
            "export",
            "csv",
            "download the data",
            "data dump",
            "backup",
            "bulk export",
            "report download",
            "xlsx",
        ),
        "permissions": (
            "permission",
            "role",
            "rbac",
            "access denied",
            "forbidden",
            "admin rights",
            "not authorized",
            "unauthorized",
            "scope",
        ),
        "notifications": (
            "notification",
            "email alert",
            "alerts",
            "digest",
            "unsubscribe",
            "push notification",
            "reminder email",
        ),
        "mobile": (
            "ios",
            "android",
            "mobile",
            "iphone",
            "ipad",
            "app store",
            "play store",
            "tablet",
        ),
        "onboarding": (
            "onboarding",
            "getting started",
            "set up our account",
            "trial",
            "invite users",
            "invitation",
            "first login",
            "activation",
            "import our users",
        ),
    }
)

# Kinds of work: keyed by DEFAULT_KINDS names; only configured kinds are ever suggested.
DEFAULT_KIND_RULES: tuple[AreaRule, ...] = _rules(
    {
        "incident": (
            "outage",
            "down for everyone",
            "down for us",
            "all users",
            "incident",
            "status page",
            "degraded",
            "urgent",
            "p1",
            "sev1",
            "production down",
        ),
        "bug": (
            "bug",
            "error",
            "broken",
            "crash*",
            "exception",
            "http 500",
            "not working",
            "doesn't work",
            "does not work",
            "stopped working",
            "fails",
            "failing",
            "failed",
            "regression",
            "stack trace",
        ),
        "how-to": (
            "how do i",
            "how do we",
            "how can i",
            "how can we",
            "how to",
            "is there a way",
            "where do i",
            "where can i",
            "steps to",
            "documentation",
        ),
        "feature request": (
            "feature request",
            "would be great",
            "would be nice",
            "could you add",
            "can you add",
            "roadmap",
            "support for",
            "any plans",
            "wishlist",
        ),
        "configuration": (
            "configure",
            "configuration",
            "config",
            "setting",
            "set up",
            "setup",
            "enable",
            "disable",
            "toggle",
        ),
        "question": (
            "quick question",
            "wondering",
            "can you confirm",
            "is it possible",
            "do you know",
            "question",
        ),
    }
)
