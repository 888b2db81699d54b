"""The shipping app holds the merchant's configuration only: zones, methods and price bands."""

from privacy.registry import exempt

exempt(
    "shipping.ShippingZone",
    "name",
    "countries",
    "regions",
    reason="Areas the merchant ships to (countries and provinces), not anyone's address.",
)
exempt(
    "shipping.ShippingMethod",
    "name",
    "pricing_basis",
    reason="The merchant's name for a delivery service and how it is priced.",
)
