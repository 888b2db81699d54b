"""Marketing channels and the consent purpose each one needs (A3, G2).

Marketing is separate from service messages (orders, account, security): a service message never reads
these. Each channel has its own consent; only a channel some feature sends through is a purpose users
are asked about, so SMS and push exist in the model but are offered (and sendable) only once a feature
sends them: add their purpose to ``privacy.purposes`` and here.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from privacy.purposes import MARKETING


class MarketingChannel(models.TextChoices):
    EMAIL = "email", gettext_lazy("Email")
    SMS = "sms", gettext_lazy("Text message")
    PUSH = "push", gettext_lazy("App notification")


CHANNEL_PURPOSES: dict[str, str] = {MarketingChannel.EMAIL: MARKETING}


def channel_purpose(channel: str) -> str | None:
    """The consent purpose ``channel`` needs, or None while no feature sends through it."""
    return CHANNEL_PURPOSES.get(channel)
