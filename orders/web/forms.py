"""Website forms of the orders app: validation only; the views call the services."""

from django import forms
from django.core.exceptions import ValidationError

from orders.models import Address
from orders.validators import PHONE_HELP, phone_normalise_valid

NEW_ADDRESS = "new"


class AddressForm(forms.Form):
    recipient_name = forms.CharField(label="Recipient's name", max_length=100)
    phone = forms.CharField(max_length=32, help_text=PHONE_HELP)
    region = forms.CharField(label="Region / province", max_length=100)
    city = forms.CharField(max_length=100)
    district = forms.CharField(max_length=100, required=False)
    street = forms.CharField(label="Street line", max_length=255, help_text="Street, building, flat.")
    postcode = forms.CharField(max_length=20, required=False)

    def clean_phone(self) -> str:
        try:
            return phone_normalise_valid(self.cleaned_data["phone"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class AddressBookForm(AddressForm):
    is_default = forms.BooleanField(label="Use as my default address", required=False)


def address_label(address: Address) -> str:
    """How the owner sees one of their addresses in a list: in full (it is theirs)."""
    parts = [address.region, address.city, address.district, address.street]
    return f"{address.recipient_name}, {address.phone} - {' '.join(part for part in parts if part)}"


class CheckoutForm(forms.Form):
    address = forms.ChoiceField(label="Ship to", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note for the merchant", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    invoice_title = forms.CharField(
        label="Invoice title", max_length=200, required=False, help_text="Fill in only if you need an invoice."
    )
    invoice_tax_id = forms.CharField(label="Tax id", max_length=40, required=False)
    invoice_email = forms.EmailField(label="Send the invoice to", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, addresses: list[Address], **kwargs):
        super().__init__(*args, **kwargs)
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
            self.add_error("invoice_title", "An invoice needs a title (a person or company name).")
        return cleaned

    @property
    def chosen_address(self) -> Address | None:
        return self.addresses.get(self.cleaned_data["address"])


class CheckoutNewAddressForm(AddressForm):
    save_to_book = forms.BooleanField(label="Save this address to my address book", required=False, initial=True)


class GuestCheckoutForm(AddressForm):
    """A guest's checkout: an email (where the order's link goes) and the delivery address, nothing else."""

    email = forms.EmailField(help_text="We send your order's link here. No account is created.")
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(max_length=100, widget=forms.HiddenInput)

    field_order = ("email",)


class GuestErasureForm(forms.Form):
    email = forms.EmailField(help_text="The email you gave when you ordered as a guest.")
