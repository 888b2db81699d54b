"""Website forms of the reviews app: validation of the shape only; the services decide the rest."""

from django import forms
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from shop.reviews.conf import max_images, text_length_limits
from shop.reviews.models import RATINGS, ReportReason

RATING_CHOICES = [
    (stars, ngettext_lazy("%(count)d star", "%(count)d stars", "count") % {"count": stars})
    for stars in reversed(RATINGS)
]


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Any number of files under one name (the browser's ``multiple`` file input); a list, maybe empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect, label=gettext_lazy("Your rating")
    )
    text = forms.CharField(label=gettext_lazy("Your review"), widget=forms.Textarea(attrs={"rows": 6}))
    images = MultipleImageField(label=gettext_lazy("Photos"))

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        shortest, longest = text_length_limits()
        self.fields["text"].help_text = gettext("%(shortest)s to %(longest)s characters.") % {
            "shortest": shortest,
            "longest": longest,
        }
        self.fields["text"].widget.attrs.update(minlength=shortest, maxlength=longest)
        self.fields["images"].help_text = gettext(
            "Up to %(count)s photos in all (JPEG, PNG or WebP). We remove their hidden metadata, such as "
            "where they were taken."
        ) % {"count": max_images()}
        if photos:
            self.fields["remove_images"] = forms.TypedMultipleChoiceField(
                label=gettext_lazy("Remove photos"),
                choices=[
                    (photo.pk, gettext("Photo %(number)s") % {"number": number})
                    for number, photo in enumerate(photos, start=1)
                ],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=ReportReason.choices, widget=forms.RadioSelect, label=gettext_lazy("What is wrong?")
    )
    note = forms.CharField(
        label=gettext_lazy("Details"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
