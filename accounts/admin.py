from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from accounts.models import User
from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.cancellation.admin_actions import erase_unconsented_minor_data


@admin.register(User)
class UserAdmin(PiiMaskedAdminMixin, DjangoUserAdmin, ModelAdmin):
    """Users, with their personal fields masked (``PiiMaskedAdminMixin``) and revealed only under audit."""

    # The theme's forms (unfold): the same fields and checks as Django's, styled like the rest of the admin.
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ("-date_joined",)
    list_display = ("id", "email", "nickname", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "nickname")
    # Promise A8: a minor's data collected without a guardian's consent is erased on request of staff.
    actions = (erase_unconsented_minor_data,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("nickname",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    # Django's password widget shows only the hasher and a masked hash, next to the reset link.
    pii_widget_masked_fields = ("password",)
    change_user_password_template = "privacy/admin/user_change_password.html"

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        context = getattr(response, "context_data", None)
        if context is not None:
            # Django titles the page and fills a hidden username field with the email: mask both.
            user = context["original"]
            title = gettext("Change password: %s") if user.has_usable_password() else gettext("Set password: %s")
            context["title"] = title % user
            context["pii_masked_username"] = self.pii_masked_value(user, "email")
        return response


# Django's group admin, in the admin's theme (permissions for staff roles).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin, ModelAdmin):
    """Staff roles: which permissions each group of staff holds."""


# allauth's admins of login identities, masked; importing the module re-registers them.
from accounts import admin_allauth  # noqa: E402, F401
