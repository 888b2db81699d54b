"""The profile page of the privacy centre: see and correct what the shop shows of you (promise D1)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accounts.services import InvalidProfile, nickname_clean, user_update_avatar, user_update_profile


class ProfileForm(forms.Form):
    nickname = forms.CharField(
        max_length=40, strip=False, help_text="Shown publicly instead of your name, for example on reviews."
    )
    avatar = forms.ImageField(required=False, help_text="JPEG, PNG or WebP. Stored without its metadata.")
    remove_avatar = forms.BooleanField(required=False, label="Remove my picture")

    def clean_nickname(self) -> str:
        try:
            return nickname_clean(self.cleaned_data["nickname"])
        except InvalidProfile as error:
            raise forms.ValidationError(error.fields["nickname"]) from error


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                user_update_avatar(
                    user=user, image=form.cleaned_data["avatar"], remove=form.cleaned_data["remove_avatar"]
                )
            except ValidationError as error:
                form.add_error("avatar", error)
            else:
                user_update_profile(user=user, nickname=form.cleaned_data["nickname"])
                messages.success(request, gettext("Your profile is saved."))
                return redirect("profile")
    else:
        form = ProfileForm(initial={"nickname": user.nickname})
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)
