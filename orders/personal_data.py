"""Personal data of the orders app: the address book, orders and what hangs off them.

An address-book entry is the shopper's alone and goes with the account. An order is kept for accounting
after its buyer is erased (promise D4): the row stays, the link to the buyer and the personal fields of
its snapshot are blanked, while amounts, SKUs, dates, the city, region and postcode (tax and sales
statistics by area) stay. What the carrier reported back goes the same way.

Retention categories used here: ``address_book`` (while the shopper keeps the address) and ``order``
(the accounting period for orders, their lines, payments and shipments).

Retention policies: an order cancelled before it was paid is deleted, with everything under it, 90 days after
its cancellation; a completed or refunded order keeps its accounting fields but loses its personal ones (the
anonymise rules below, on the order and on its shipment and tracking events) 3 years after it closed.
"""

from datetime import timedelta

from django.db.models import Q

from orders.models import OrderStatus
from orders.payments.disclosure import payment_deletion_request
from orders.privacy_hooks import buyers_between, carrier_deletion_request, orders_in_progress
from privacy.erasure_hooks import register_erasure_blocker, register_recipient_handler
from privacy.incidents.audiences import PARAM_END, PARAM_START, register_audience_selector
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
    retention_exempt,
)

_ACCOUNTING = (
    "Kept for accounting: what was sold, when and for how much must survive the buyer's erasure; with the "
    "buyer's link and the recipient's name, phone and street gone it no longer identifies anyone."
)
_AREA = "Kept for tax and sales statistics by area: a city, region or postcode alone does not locate a person."


def _field(name: str, label: str, category: Category, mask: Mask, anonymise: Anonymise, **kwargs) -> PersonalField:
    return PersonalField(name, category=category, label=label, mask=mask, anonymise=anonymise, **kwargs)


_ADDRESS_DELETE = Anonymise.DELETE_ROW
register(
    PersonalModel(
        model="orders.Address",
        owner="user",
        retention="address_book",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            _field("user", "Owner", Category.IDENTITY, Mask.NONE, _ADDRESS_DELETE),
            _field("recipient_name", "Recipient's name", Category.IDENTITY, Mask.NAME, _ADDRESS_DELETE),
            _field("phone", "Recipient's phone", Category.CONTACT, Mask.PHONE, _ADDRESS_DELETE),
            _field(
                "phone_hash", "Keyed hash of the phone", Category.TECHNICAL, Mask.FULL, _ADDRESS_DELETE, export=False
            ),
            _field("region", "Region / province", Category.ADDRESS, Mask.NONE, _ADDRESS_DELETE),
            _field("city", "City", Category.ADDRESS, Mask.NONE, _ADDRESS_DELETE),
            _field("district", "District", Category.ADDRESS, Mask.NONE, _ADDRESS_DELETE),
            _field("street", "Street line", Category.ADDRESS, Mask.FULL, _ADDRESS_DELETE),
            _field("postcode", "Postcode", Category.ADDRESS, Mask.FULL, _ADDRESS_DELETE),
            _field("is_default", "Default address", Category.ADDRESS, Mask.NONE, _ADDRESS_DELETE),
        ],
    )
)

_KEEP_ACCOUNTING = Anonymise.keep(reason=_ACCOUNTING)
register(
    PersonalModel(
        model="orders.Order",
        owner="user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field(
                "user",
                "Buyer",
                Category.IDENTITY,
                Mask.NONE,
                # The user row itself is anonymised; keeping the link lets a re-applied erasure (after a
                # backup restore) find the orders again, and identifies no one on its own.
                Anonymise.keep(reason="Points at the anonymised account; needed to re-apply erasure after a restore."),
            ),
            _field("created_at", "Placed at", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            # A guest's only identifier (promise A2: an email is all a guest gives besides the delivery).
            _field("guest_email", "Guest's email", Category.CONTACT, Mask.EMAIL, Anonymise.BLANK),
            _field("total", "Total", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
            _field("note", "Note to the merchant", Category.CONTENT, Mask.FULL, Anonymise.BLANK),
            _field(
                "idempotency_key", "Checkout request key", Category.TECHNICAL, Mask.FULL, Anonymise.BLANK, export=False
            ),
            _field("recipient_name", "Recipient's name", Category.IDENTITY, Mask.NAME, Anonymise.BLANK),
            _field("phone", "Recipient's phone", Category.CONTACT, Mask.PHONE, Anonymise.BLANK),
            _field("region", "Region / province", Category.ADDRESS, Mask.NONE, Anonymise.keep(reason=_AREA)),
            _field("city", "City", Category.ADDRESS, Mask.NONE, Anonymise.keep(reason=_AREA)),
            # A district narrows a city down to a few streets: it goes with the street.
            _field("district", "District", Category.ADDRESS, Mask.NONE, Anonymise.BLANK),
            _field("street", "Street line", Category.ADDRESS, Mask.FULL, Anonymise.BLANK),
            _field("postcode", "Postcode", Category.ADDRESS, Mask.FULL, Anonymise.keep(reason=_AREA)),
            _field("invoice_title", "Invoice title", Category.FINANCIAL, Mask.NAME, Anonymise.BLANK),
            _field("invoice_tax_id", "Invoice tax id", Category.FINANCIAL, Mask.FULL, Anonymise.BLANK),
            _field("invoice_email", "Invoice email", Category.CONTACT, Mask.EMAIL, Anonymise.BLANK),
        ],
    )
)
exempt(
    "orders.Order",
    "number",
    "status",
    "currency",
    reason="The shop's own order reference, its status and currency: the same kind of value for every buyer.",
)

register(
    PersonalModel(
        model="orders.OrderLine",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field("product_title", "Product bought", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            _field("sku", "SKU bought", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            _field("attributes", "Variant bought", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            _field("quantity", "Quantity", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            _field("line_total", "Line total", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
        ],
    )
)

register(
    PersonalModel(
        model="orders.OrderEvent",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field(
                "actor",
                "Who did it",
                Category.BEHAVIOUR,
                Mask.NONE,
                Anonymise.keep(
                    reason="The buyer (whose account row is itself anonymised) or a staff member: the audit trail "
                    "of who moved an order is kept with the order for accounting."
                ),
            ),
            _field("created_at", "When", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            # Free text: staff write it, and the handoff copies the carrier's tracking number into it.
            _field("message", "Event message", Category.CONTENT, Mask.FULL, Anonymise.BLANK),
        ],
    )
)
exempt(
    "orders.OrderEvent",
    "kind",
    "from_status",
    "to_status",
    "actor_kind",
    reason="The kind of event, the statuses it moved between and the kind of actor: fixed codes.",
)

register(
    PersonalModel(
        model="orders.Payment",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field("reference", "Payment provider reference", Category.FINANCIAL, Mask.FULL, _KEEP_ACCOUNTING),
            _field("amount", "Amount", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
            _field("created_at", "When", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
        ],
    )
)
exempt(
    "orders.Payment",
    "provider",
    "currency",
    "status",
    "failure_code",
    "redirect_url",
    "provider_updated_at",
    reason="The provider's name, the currency, the payment status, the provider's short failure code, its hosted "
    "page for the payment (an opaque id) and when it last changed the payment's state.",
)
exempt(
    "orders.PaymentWebhookEvent",
    "provider",
    "event_id",
    "kind",
    "reference",
    "outcome",
    reason="A provider's event id, its type, the provider's payment reference and what the shop did with it: "
    "replay protection, nothing about the buyer beyond the payment's own reference (kept with the payment).",
)
register(
    PersonalModel(
        model="orders.Refund",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field("amount", "Amount refunded", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
            _field("reason", "Why it was refunded", Category.CONTENT, Mask.NONE, Anonymise.BLANK),
            _field("created_at", "When", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
            _field(
                "created_by",
                "Refunded by",
                Category.BEHAVIOUR,
                Mask.NONE,
                Anonymise.keep(reason="The staff member who gave the money back: the audit trail of the order."),
                export=False,
            ),
        ],
    )
)
exempt(
    "orders.Refund", "restocked", "payment", reason="Whether the goods went back on sale, and the refund's payment row."
)
register(
    PersonalModel(
        model="orders.RefundLine",
        owner="refund__order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field("quantity", "Units refunded", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            _field("amount", "Amount refunded", Category.FINANCIAL, Mask.NONE, _KEEP_ACCOUNTING),
        ],
    )
)

exempt(
    "orders.Carrier",
    "name",
    "slug",
    "api_base_url",
    "webhook_secret",
    "region",
    reason="Configuration of a logistics company by the merchant: its name, address and shared secret.",
)
exempt(
    "orders.Carrier",
    "api_key",
    reason="The credential a logistics company issued to the shop (stored encrypted): it identifies the shop to "
    "the carrier, never a person.",
)

register(
    PersonalModel(
        model="orders.Shipment",
        owner="order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            # With the tracking number anyone can ask the carrier where the parcel went.
            _field("tracking_number", "Tracking number", Category.TECHNICAL, Mask.FULL, Anonymise.NULL),
            _field("booked_at", "Handed to the carrier at", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
        ],
    )
)
exempt(
    "orders.Shipment",
    "status",
    "last_error",
    "fields_sent",
    reason="The handoff's status, the carrier's error code and the names (never values) of the fields sent.",
)

register(
    PersonalModel(
        model="orders.TrackingEvent",
        owner="shipment__order__user",
        retention="order",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            # Carriers write free text here ("signed for by ..."), and a location may be a doorstep. The
            # locations are the parcel's path between depots, ending where the buyer receives parcels: an
            # address, not the buyer's own position (Category.LOCATION is one row per person, promise A5).
            _field("description", "Carrier's description", Category.CONTENT, Mask.FULL, Anonymise.BLANK),
            _field("location", "Where", Category.ADDRESS, Mask.FULL, Anonymise.BLANK),
            _field("occurred_at", "When", Category.BEHAVIOUR, Mask.NONE, _KEEP_ACCOUNTING),
            # Carriers often build event ids from the tracking number: a copy of the carrier reference. The keyed
            # hash keeps them distinct (a webhook replayed after erasure is still recognised as a duplicate).
            _field("event_id", "Carrier's event id", Category.TECHNICAL, Mask.FULL, Anonymise.KEYED_HASH),
        ],
    )
)
exempt("orders.TrackingEvent", "status", reason="The carrier's status code (picked_up, delivered...).")

retention_exempt(
    "address_book",
    reason="An address-book entry is kept while the shopper keeps it (they edit and delete it themselves) and "
    "goes with the account's erasure; orders keep their own snapshot.",
)
register_retention(
    RetentionPolicy(
        category="order_cancelled_unpaid",
        model="orders.Order",
        date_field="cancelled_at",
        default_period=timedelta(days=90),
        action=RetentionAction.DELETE,
        filter=Q(status=OrderStatus.CANCELLED, paid_at__isnull=True),
        label="Orders cancelled before payment, after their cancellation",
    )
)
register_retention(
    RetentionPolicy(
        category="order_closed",
        model="orders.Order",
        # A refund closes an order later than its completion, if both happened.
        date_field="refunded_at",
        date_fallback="completed_at",
        default_period=timedelta(days=3 * 365),
        action=RetentionAction.ANONYMISE,
        filter=Q(status__in=[OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED]),
        label="Completed and refunded orders: personal fields, after they closed",
    )
)

# Account cancellation (privacy.erasure_hooks): orders still on their way block it, and carriers that
# received a buyer's delivery data are asked to delete it when the account is erased (C4).
register_erasure_blocker(
    code="orders_in_progress",
    detail="Your account cannot be cancelled while an order is unpaid, paid, awaiting pickup or on its way.",
    check=orders_in_progress,
)
register_recipient_handler(prefix="carrier", handler=carrier_deletion_request)
register_recipient_handler(prefix="payment", handler=payment_deletion_request)
register_audience_selector(
    code="orders_between",
    label="Accounts with orders placed in a date range",
    params=(PARAM_START, PARAM_END),
    resolve=buyers_between,
)
exempt(
    "orders.Order",
    "tax_breakdown",
    "shipping_method_name",
    "voucher_code",
    reason="Pricing frozen at checkout: amounts per tax rate, the shop's shipping method name and the merchant's "
    "voucher code, the same values for every buyer who chose them.",
)
