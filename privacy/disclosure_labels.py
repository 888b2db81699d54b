"""The names of disclosed fields as a person reads them ("recipient_name_masked" -> "Recipient's name, masked").

Disclosure records keep the stable field names the code sent; the pages, emails and the export show these
labels. A name without a label reads as words ("parcel_weight" -> "Parcel weight").
"""

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "order_number": _("Order number"),
    "amount": _("Amount"),
    "currency": _("Currency"),
    "recipient_name": _("Recipient's name"),
    "recipient_name_masked": _("Recipient's name, masked"),
    "phone": _("Phone number"),
    "phone_masked": _("Phone number, masked"),
    "region": _("Province or region"),
    "city": _("City"),
    "district": _("District"),
    "street": _("Street address"),
    "postcode": _("Postcode"),
    "lines": _("Products in the parcel"),
    "email": _("Email address"),
    "note": _("Delivery note"),
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    if label is not None:
        return str(label)
    words = str(name).replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def field_labels(names) -> list[str]:
    return [field_label(name) for name in names or ()]
