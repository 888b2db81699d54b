"""Query parameters of the product list, shared by the API and the website.

The FilterSet only validates and documents the parameters; ``shop.selectors.catalog.products_filter``
does the narrowing, searching and ordering, so both surfaces behave the same.
"""

from django import forms
from django.core.exceptions import ValidationError
from django_filters import rest_framework as filters

from shop.selectors.catalog import PRODUCT_ORDERINGS, products_filter

ORDERING_CHOICES = list(PRODUCT_ORDERINGS.items())


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is an error rather than silently ignored."""

    default_error_messages = {"invalid": "Enter true or false."}
    _values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self._values[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class ProductFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", "The maximum price must not be below the minimum price.")
        return cleaned


def _price_filter(help_text: str) -> filters.NumberFilter:
    return filters.NumberFilter(min_value=0, max_digits=12, decimal_places=2, help_text=help_text)


class ProductFilter(filters.FilterSet):
    q = filters.CharFilter(
        max_length=200,
        help_text=(
            'Search words. On PostgreSQL: web-search syntax (`"exact phrase"`, `-excluded`, `or`), results '
            "ranked by relevance (title first, then brand, then description)."
        ),
    )
    category = filters.CharFilter(
        max_length=140,
        help_text="Category slug; includes products of all its sub-categories. An unknown slug is `invalid`.",
    )
    min_price = _price_filter("Lowest price: some active variant costs at least this much.")
    max_price = _price_filter("Highest price: some active variant costs at most this much.")
    in_stock = StrictBooleanFilter(help_text="`true`: some variant is in stock; `false`: none is.")
    brand = filters.CharFilter(max_length=120, help_text="Exact brand name, case-insensitive.")
    ordering = filters.ChoiceFilter(
        choices=ORDERING_CHOICES,
        empty_label=None,
        help_text="Sort order. Default: relevance when `q` is given, else `newest`. `price` uses the lowest price.",
    )

    class Meta:
        form = ProductFilterForm

    def filter_queryset(self, queryset):
        return products_filter(queryset, **self.form.cleaned_data)
