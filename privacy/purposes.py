"""The optional purposes a user may consent to: the one place they are declared (promise A3).

Everything the shop needs to sell and deliver works without any of them. Only purposes a feature uses are
declared: one that nothing uses is removed, not shown (precise location went that way). Each is off until the user
switches it on, and a switch-off takes effect at once. Other apps check a purpose with
``privacy.selectors.consent.consent_is_granted(user_id=..., purpose=PERSONALISATION)`` before they
process data for it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

PERSONALISATION = "personalisation"
MARKETING = "marketing"
CROSS_BORDER_TRANSFER = "cross_border_transfer"
ANALYTICS_COOKIES = "analytics_cookies"


@dataclass(frozen=True)
class Purpose:
    code: str
    title: str  # lazy translations: shown in the reader's language
    description: str


PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        PERSONALISATION,
        gettext_lazy("Personalised recommendations"),
        gettext_lazy(
            "We keep your search and browsing history and use it to recommend products to you. "
            "You can view and clear the history at any time. Off: nothing is recorded and you see the same "
            "catalog as everyone else."
        ),
    ),
    Purpose(
        MARKETING,
        gettext_lazy("Marketing emails"),
        gettext_lazy(
            "We may send you offers and news by email; every one has a link that unsubscribes you in one click. "
            "Off: you only receive messages about your account, your orders and your data."
        ),
    ),
    Purpose(
        CROSS_BORDER_TRANSFER,
        gettext_lazy("Transfers abroad"),
        gettext_lazy(
            "Some services (for example a foreign carrier or payment provider) need your data outside the "
            "country where we store it. Off: we only use providers that keep your data in the country."
        ),
    ),
    Purpose(
        ANALYTICS_COOKIES,
        gettext_lazy("Optional cookies"),
        gettext_lazy(
            "Cookies that measure how the site is used, so we can improve it. Off: only the cookies the site "
            "needs to work (sign-in, cart, security, your language, this choice) are set."
        ),
    ),
)

# Optional purposes a minor may switch on only with their guardian's approval too (A8).
GUARDIAN_APPROVED_PURPOSES: tuple[str, ...] = (PERSONALISATION, MARKETING)

PURPOSES_BY_CODE: dict[str, Purpose] = {purpose.code: purpose for purpose in PURPOSES}
PURPOSE_CHOICES: list[tuple[str, str]] = [(purpose.code, purpose.title) for purpose in PURPOSES]


def purpose_is_known(code: str) -> bool:
    return code in PURPOSES_BY_CODE
