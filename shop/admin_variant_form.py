"""The admin's variant form: attributes edited as fields (colour, size, then "name: value" lines), not JSON.

``ProductVariant.attributes`` stays a JSON object (the storefront's variant picker and the catalog import
read it); staff type a colour and a size in their own boxes, and any other attribute (storage, capacity...)
on its own line. The form rebuilds the object with colour and size first, in the order typed.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from shop.models import ProductVariant

NAMED_ATTRIBUTES = ("colour", "size")
ATTRIBUTE_FIELDS = (*NAMED_ATTRIBUTES, "other_attributes")
MAX_NAME_LENGTH = 40
MAX_VALUE_LENGTH = 80


class VariantAttributesForm(forms.ModelForm):
    colour = forms.CharField(
        label=_("Colour"), required=False, max_length=MAX_VALUE_LENGTH, widget=UnfoldAdminTextInputWidget
    )
    size = forms.CharField(
        label=_("Size"), required=False, max_length=MAX_VALUE_LENGTH, widget=UnfoldAdminTextInputWidget
    )
    other_attributes = forms.CharField(
        label=_("Other attributes"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
        help_text=_("One per line, as name: value (for example “storage: 256 GB”)."),
    )

    class Meta:
        model = ProductVariant
        fields = ("product", "sku", "price", "weight", "stock", "is_active")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        attributes = dict(self.instance.attributes or {})
        for name in NAMED_ATTRIBUTES:
            self.initial.setdefault(name, attributes.pop(name, ""))
        self.initial.setdefault("other_attributes", "\n".join(f"{name}: {value}" for name, value in attributes.items()))

    def clean_other_attributes(self) -> dict[str, str]:
        others: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["other_attributes"].splitlines(), start=1):
            if not line.strip():
                continue
            name, separator, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if not separator or not name or not value:
                raise forms.ValidationError(
                    gettext("Line %(number)s: write it as name: value.") % {"number": number}, code="invalid"
                )
            if len(name) > MAX_NAME_LENGTH or len(value) > MAX_VALUE_LENGTH:
                raise forms.ValidationError(gettext("Line %(number)s is too long.") % {"number": number}, code="long")
            if name in NAMED_ATTRIBUTES or name in others:
                raise forms.ValidationError(gettext("“%(name)s” is given twice.") % {"name": name}, code="duplicate")
            others[name] = value
        return others

    def _post_clean(self) -> None:
        if not self.errors:
            attributes = {
                name: self.cleaned_data[name].strip() for name in NAMED_ATTRIBUTES if self.cleaned_data[name].strip()
            }
            attributes.update(self.cleaned_data.get("other_attributes") or {})
            self.instance.attributes = attributes
        super()._post_clean()
