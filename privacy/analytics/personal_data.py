"""Personal data of the analytics sub-app: none in view counts; a pseudonymous proof of cookie choices."""

from privacy.registry import exempt

exempt("analytics.DailyViewCount", "subject", "day", reason="What was viewed and how often: no one who looked.")
exempt(
    "analytics.CookieChoiceProof",
    "visitor_ref",
    "choice",
    "user_agent",
    reason="A keyed hash of a random browser id, the choice and the browser's name: proof of consent that "
    "names no one and is linked to no account.",
)
