from django import forms

from privacy.requests.models import RequestKind


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(label="What are you asking for?", choices=RequestKind.choices)
    details = forms.CharField(label="Your request", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    email = forms.EmailField(label="Your email address (we send the answer there)", required=False)
