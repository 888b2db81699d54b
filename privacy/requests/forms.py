from django import forms
from django.utils.translation import gettext_lazy

from privacy.requests.models import RequestKind


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What are you asking for?"), choices=RequestKind.choices)
    details = forms.CharField(
        label=gettext_lazy("Your request"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    email = forms.EmailField(label=gettext_lazy("Your email address (we send the answer there)"), required=False)
