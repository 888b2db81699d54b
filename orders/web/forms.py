"""Website forms of the orders app: validation only; the views call the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from core.money import money_format
from orders.models import Address
from orders.validators import PHONE_HELP, phone_normalise_valid

NEW_ADDRESS = "new"


class AddressForm(forms.Form):
    recipient_name = forms.CharField(label=gettext_lazy("Recipient's name"), max_length=100)
    phone = forms.CharField(max_length=32, help_text=PHONE_HELP)
    region = forms.CharField(label=gettext_lazy("Region / province"), max_length=100)
    city = forms.CharField(max_length=100)
    district = forms.CharField(max_length=100, required=False)
    street = forms.CharField(
        label=gettext_lazy("Street line"), max_length=255, help_text=gettext_lazy("Street, building, flat.")
    )
    postcode = forms.CharField(max_length=20, required=False)

    def clean_phone(self) -> str:
        try:
            return phone_normalise_valid(self.cleaned_data["phone"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class AddressBookForm(AddressForm):
    is_default = forms.BooleanField(label=gettext_lazy("Use as my default address"), required=False)


def address_label(address: Address) -> str:
    """How the owner sees one of their addresses in a list: in full (it is theirs)."""
    parts = [address.region, address.city, address.district, address.street]
    return f"{address.recipient_name}, {address.phone} - {' '.join(part for part in parts if part)}"


class CheckoutForm(forms.Form):
    address = forms.ChoiceField(label=gettext_lazy("Ship to"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note for the merchant"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice_title = forms.CharField(
        label=gettext_lazy("Invoice title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Fill in only if you need an invoice."),
    )
    invoice_tax_id = forms.CharField(label=gettext_lazy("Tax id"), max_length=40, required=False)
    invoice_email = forms.EmailField(label=gettext_lazy("Send the invoice to"), required=False)
    shipping_method = forms.TypedChoiceField(
        label=gettext_lazy("Shipping method"), widget=forms.RadioSelect, coerce=int, required=False, empty_value=None
    )
    voucher_code = forms.CharField(label=gettext_lazy("Voucher code"), max_length=40, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, addresses: list[Address], shipping_options=(), shipping_choice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [
            (option.method.pk, shipping_option_label(option.method, option.price)) for option in shipping_options
        ]
        self.fields["shipping_method"].initial = shipping_choice
        if not shipping_options:
            del self.fields["shipping_method"]
        self.addresses = {str(address.pk): address for address in addresses}
        self.fields["address"].choices = [
            *((pk, address_label(address)) for pk, address in self.addresses.items()),
            (NEW_ADDRESS, "A new address (fill in below)"),
        ]
        default = next((pk for pk, address in self.addresses.items() if address.is_default), NEW_ADDRESS)
        self.fields["address"].initial = default

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("invoice_tax_id") or cleaned.get("invoice_email")) and not cleaned.get("invoice_title"):
            self.add_error("invoice_title", gettext("An invoice needs a title (a person or company name)."))
        return cleaned

    @property
    def chosen_address(self) -> Address | None:
        return self.addresses.get(self.cleaned_data["address"])


def shipping_option_label(method, price) -> str:
    cost = money_format(price) if price else gettext("free")
    carrier = f" ({method.carrier.name})" if method.carrier_id else ""
    return f"{method.name}{carrier}, {method.delivery_estimate}: {cost}"


class CheckoutNewAddressForm(AddressForm):
    save_to_book = forms.BooleanField(
        label=gettext_lazy("Save this address to my address book"), required=False, initial=True
    )


class GuestCheckoutForm(AddressForm):
    """A guest's checkout: an email (where the order's link goes) and the delivery address, nothing else."""

    email = forms.EmailField(help_text=gettext_lazy("We send your order's link here. No account is created."))
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(max_length=100, widget=forms.HiddenInput)

    field_order = ("email",)


class GuestErasureForm(forms.Form):
    email = forms.EmailField(help_text=gettext_lazy("The email you gave when you ordered as a guest."))
