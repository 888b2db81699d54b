"""The privacy centre's form to bind a provider: which of the fields it offers may be imported."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from privacy.binding.models import ProfileField
from privacy.binding.selectors import ProviderOffer


class BindForm(forms.Form):
    """One per provider on the page; the checkboxes are the fields that provider offers, none ticked.
    Whether the provider really offers a ticked field is the service's check (``grant_request``)."""

    provider = forms.CharField(widget=forms.HiddenInput)
    import_fields = forms.MultipleChoiceField(
        label=gettext_lazy("What may we import from this account?"),
        choices=ProfileField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nothing is imported unless you tick it."),
    )

    def __init__(self, *args, offer: ProviderOffer | None = None, **kwargs) -> None:
        if offer is not None:
            # Several of these forms share a page: element ids must differ.
            kwargs.setdefault("auto_id", f"id_{offer.id}_%s")
            kwargs.setdefault("initial", {"provider": offer.id})
        super().__init__(*args, **kwargs)
        if offer is not None:
            field = self.fields["import_fields"]
            field.choices = [(name, label) for name, label in ProfileField.choices if name in offer.fields]
            field.label = gettext("What may we import from your %(provider)s account?") % {"provider": offer.name}
