"""Personal data of vouchers and sales: which customer used which voucher (for the per-customer limit).

Retention category used here: ``order`` (a use lives as long as the order it belongs to). On account
erasure the use loses its customer and stays, so the voucher's total count still holds.
"""

from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

register(
    PersonalModel(
        model="promotions.VoucherUsage",
        owner="user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            PersonalField(
                "user", category=Category.BEHAVIOUR, label="Voucher used by", mask=Mask.NONE, anonymise=Anonymise.NULL
            ),
            PersonalField(
                "created_at",
                category=Category.BEHAVIOUR,
                label="Voucher used at",
                mask=Mask.NONE,
                anonymise=Anonymise.keep(
                    reason="The date of an order's discount is kept with the order for accounting."
                ),
            ),
        ],
    )
)

exempt(
    "promotions.Voucher",
    "code",
    "name",
    "kind",
    "applies_to",
    reason="The merchant's voucher: its code, name and kind of discount, the same for every shopper.",
)
exempt("promotions.Sale", "name", "kind", reason="The merchant's name for a sale and its kind of reduction.")
