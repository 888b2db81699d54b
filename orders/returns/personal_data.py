"""Personal data of returns: the shopper's reason is theirs; the rest is the order's after-sale record,
kept with the order for accounting and anonymised with it."""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

_ACCOUNTING = "Kept with the order for accounting: which goods came back and when."

register(
    PersonalModel(
        model="order_returns.ReturnRequest",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "reason",
                category=Category.CONTENT,
                label="Why you returned it",
                mask=Mask.FULL,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "decision_note",
                category=Category.CONTENT,
                label="Our answer",
                mask=Mask.NONE,
                anonymise=Anonymise.BLANK,
            ),
            PersonalField(
                "decided_by",
                category=Category.BEHAVIOUR,
                label="Decided by",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason="A staff member's decision, kept as the audit trail of the order."),
                export=False,
            ),
            PersonalField(
                "created_at",
                category=Category.BEHAVIOUR,
                label="Asked at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_ACCOUNTING),
            ),
            PersonalField(
                "decided_at",
                category=Category.BEHAVIOUR,
                label="Decided at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_ACCOUNTING),
            ),
            PersonalField(
                "received_at",
                category=Category.BEHAVIOUR,
                label="Received at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_ACCOUNTING),
            ),
            # With the pickup reference anyone can ask the carrier where the courier went.
            PersonalField(
                "pickup_reference",
                category=Category.TECHNICAL,
                label="Pickup reference",
                mask=Mask.FULL,
                anonymise=Anonymise.BLANK,
            ),
        ],
    )
)
exempt(
    "order_returns.ReturnRequest",
    "status",
    "pickup_status",
    "pickup_error",
    "pickup_carrier",
    "refund",
    reason="The return's status, the pickup's status and error code, which carrier and which refund: workflow state.",
)
register(
    PersonalModel(
        model="order_returns.ReturnLine",
        owner="return_request__order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "quantity",
                category=Category.BEHAVIOUR,
                label="Units returned",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(reason=_ACCOUNTING),
            ),
        ],
    )
)
