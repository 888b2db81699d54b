"""Personal data of marketing: a delivery records that an account received a campaign (with consent)."""

from datetime import timedelta

from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    RetentionAction,
    RetentionPolicy,
    exempt,
    register,
    register_retention,
)

register(
    PersonalModel(
        model="marketing.CampaignDelivery",
        owner="user",
        retention="marketing_delivery",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "user", category=Category.BEHAVIOUR, label="Account", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "sent_at",
                category=Category.BEHAVIOUR,
                label="Marketing message sent at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)
exempt("marketing.CampaignDelivery", "user_ref", reason="A keyed-hash pseudonym, names no one.")
exempt(
    "marketing.Campaign", "subject", "body", "channel", "status", reason="Written by staff for everyone; names no one."
)
register_retention(
    RetentionPolicy(
        category="marketing_delivery",
        model="marketing.CampaignDelivery",
        date_field="sent_at",
        default_period=timedelta(days=365),
        action=RetentionAction.DELETE,
        label="Record of marketing messages sent",
    )
)
