"""How prices appear in the API: the cart's (and checkout's) totals, tax split, voucher and shipping."""

from rest_framework import serializers

from core.money import MAX_DIGITS


def money(**kwargs) -> serializers.DecimalField:
    """A money amount as a string with two decimals."""
    return serializers.DecimalField(max_digits=MAX_DIGITS, decimal_places=2, **kwargs)


def tax_rate(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Percent, e.g. 13.00.", **kwargs)


class TaxBandSerializer(serializers.Serializer):
    rate = tax_rate()
    net = money()
    tax = money()
    gross = money()


class ShippingOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="0.pk")
    name = serializers.CharField(source="0.name")
    carrier = serializers.CharField(source="0.carrier.name", allow_null=True, default=None)
    delivery_estimate = serializers.CharField(source="0.delivery_estimate", help_text="For example 2 to 4 days.")
    price = money(source="1", help_text="Gross price for this order (0.00 when free).")


class ChosenShippingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="method.pk")
    name = serializers.CharField(source="method.name")
    price = money(help_text="Gross, before a shipping voucher.")
    discount = money(help_text="Gross reduction by a shipping voucher.")
    tax_rate = tax_rate()
    net = money()
    tax = money()


class VoucherProblemSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["voucher_not_found", "voucher_expired", "voucher_min_spend", "voucher_used_up"]
    )
    detail = serializers.CharField()


class VoucherStateSerializer(serializers.Serializer):
    code = serializers.CharField(source="voucher_code", help_text="As entered; empty without one.")
    applied = serializers.SerializerMethodField()
    problem = VoucherProblemSerializer(source="voucher_problem", allow_null=True, help_text="Why it does not apply.")

    def get_applied(self, pricing) -> bool:
        return pricing.quote.voucher is not None


class PricingSerializer(serializers.Serializer):
    """Totals from the one pricing calculation; total = subtotal + shipping_total - discount_total."""

    prices_include_tax = serializers.BooleanField(source="quote.prices_include_tax")
    region = serializers.CharField(help_text="The region the shipping and tax estimate is for; empty: nationwide.")
    subtotal = money(source="quote.subtotal", help_text="Products, gross, after sales.")
    shipping_total = money(source="quote.shipping_total")
    discount_total = money(source="quote.discount_total")
    total = money(source="quote.total")
    net_total = money(source="quote.net_total")
    tax_total = money(source="quote.tax_total")
    tax_breakdown = TaxBandSerializer(source="quote.breakdown", many=True)
    weight = serializers.DecimalField(max_digits=12, decimal_places=3, source="quote.weight", help_text="kg")
    shipping_method = ChosenShippingSerializer(source="quote.shipping", allow_null=True)
    shipping_options = ShippingOptionSerializer(source="quote.shipping_options", many=True)
    voucher = VoucherStateSerializer(source="*")
