"""Moderation in the admin: the queue of pending and reported reviews, approve / reject / hide / unhide
with a reason the author sees, the merchant's reply, and dismissing reports.

Staff never edit a review's content, add or delete reviews here: every change goes through the services
(``shop.reviews.services.moderation``), which keep the rating summary right. Personal fields are masked
as ``shop/reviews/personal_data.py`` declares (``PiiMaskedAdminMixin``); authors show as their nickname.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from unfold.admin import ModelAdmin, TabularInline

from core.errors import DomainError
from privacy.admin.inlines import PiiMaskedInlineMixin
from privacy.admin.masking import PiiMaskedAdminMixin, masked_field_value
from shop.reviews.display import author_nickname, variant_label
from shop.reviews.models import ProductRating, Review, ReviewReport
from shop.reviews.selectors import reviews_needing_moderation
from shop.reviews.services.moderation import (
    REPLY_MAX_LENGTH,
    TRANSITIONS,
    ModerationAction,
    review_moderate,
    review_reply_set,
    review_reports_dismiss,
)
from shop.reviews.services.rating import product_rating_recompute

NO_DECISION = ""


class NeedsModerationFilter(admin.SimpleListFilter):
    title = "moderation queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("open", "Needs moderation (pending or reported)")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(pk__in=reviews_needing_moderation().values("pk"))
        return queryset


class ReviewModerationForm(forms.ModelForm):
    """No model field is edited directly: the decision, its reason and the reply go to the services."""

    decision = forms.ChoiceField(required=False, label="Moderation")
    reason = forms.CharField(
        required=False,
        max_length=Review._meta.get_field("moderation_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to reject or hide; the author sees it.",
    )
    merchant_reply = forms.CharField(
        required=False,
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Merchant's reply",
        help_text="Shown publicly under the review. Empty it to remove the reply.",
    )

    class Meta:
        model = Review
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.instance.status
        allowed = [action for action, (sources, _, _) in TRANSITIONS.items() if status in sources]
        self.fields["decision"].choices = [
            (NO_DECISION, "Leave as it is"),
            *[(action.value, action.value.capitalize()) for action in allowed],
        ]
        self.fields["merchant_reply"].initial = self.instance.reply

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and TRANSITIONS[ModerationAction(decision)][2] and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why: the author will see it.")
        return cleaned


class ReviewReportInline(PiiMaskedInlineMixin, TabularInline):
    model = ReviewReport
    extra = 0
    can_delete = False
    fields = ("created_at", "reason", "masked_note", "resolved_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Note")
    def masked_note(self, report: ReviewReport) -> str:
        # The mixin masks ModelAdmin pages only; an inline masks its personal fields itself. Reveal the note
        # from the report's own page (audited).
        return masked_field_value(report, "note") or "-"


@admin.register(Review)
class ReviewAdmin(PiiMaskedAdminMixin, ModelAdmin):
    form = ReviewModerationForm
    list_display = ("id", "product", "rating", "status", "open_report_count", "author", "created_at")
    list_filter = (NeedsModerationFilter, "status", "rating")
    list_select_related = ("product", "user")
    search_fields = ("=id", "product__title")
    show_full_result_count = False
    inlines = (ReviewReportInline,)
    actions = ("approve_reviews", "unhide_reviews", "dismiss_reports")
    fieldsets = (
        (None, {"fields": ("product", "author", "variant", "rating", "text", "photos", "created_at", "edited_at")}),
        ("Moderation", {"fields": ("status", "moderation_reason", "moderated_at", "decision", "reason")}),
        ("Reply", {"fields": ("merchant_reply", "replied_at")}),
    )
    readonly_fields = (
        "product",
        "author",
        "variant",
        "rating",
        "text",
        "photos",
        "created_at",
        "edited_at",
        "status",
        "moderation_reason",
        "moderated_at",
        "replied_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        open_reports = Count("reports", filter=Q(reports__resolved_at__isnull=True))
        return super().get_queryset(request).annotate(open_report_count=open_reports)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Staff hide a review with a reason; only its author (or their account's erasure) deletes it.
        return False

    @admin.display(description="Open reports", ordering="open_report_count")
    def open_report_count(self, review: Review) -> int:
        return review.open_report_count

    @admin.display(description="Author")
    def author(self, review: Review) -> str:
        # The nickname is public on the review itself, but the admin masks it like every personal field (F2).
        user = review.user
        nickname = masked_field_value(user, "nickname") if user is not None and user.nickname else None
        return f"{nickname or author_nickname(user)} (user #{review.user_id})"

    @admin.display(description="Variant bought")
    def variant(self, review: Review) -> str:
        return variant_label(review.order_line.attributes) or "-"

    @admin.display(description="Photos")
    def photos(self, review: Review) -> str:
        return (
            format_html_join(
                " ",
                '<a href="{}"><img src="{}" alt="Photo {}" width="96"></a>',
                ((photo.image.url, photo.image.url, number) for number, photo in enumerate(review.images.all(), 1)),
            )
            or "-"
        )

    def save_model(self, request, obj: Review, form, change) -> None:
        data = form.cleaned_data
        try:
            if data.get("decision"):
                review_moderate(review_id=obj.pk, action=data["decision"], reason=data.get("reason", ""))
            if (data.get("merchant_reply") or "").strip() != obj.reply:
                review_reply_set(review_id=obj.pk, text=data.get("merchant_reply", ""))
        except DomainError as error:
            messages.error(request, f"Review #{obj.pk}: {error.detail}")

    def _each(self, request: HttpRequest, queryset: QuerySet[Review], action, done: str) -> None:
        succeeded, refused = [], []
        for review_id in queryset.order_by("pk").values_list("pk", flat=True):
            try:
                action(review_id)
            except DomainError as error:
                refused.append(f"#{review_id}: {error.detail}")
            else:
                succeeded.append(f"#{review_id}")
        if succeeded:
            messages.success(request, f"{done}: {', '.join(succeeded)}.")
        for refusal in refused:
            messages.error(request, refusal)

    @admin.action(description="Approve (publish)", permissions=["change"])
    def approve_reviews(self, request, queryset):
        self._each(
            request, queryset, lambda pk: review_moderate(review_id=pk, action=ModerationAction.APPROVE), "Approved"
        )

    @admin.action(description="Unhide (publish again)", permissions=["change"])
    def unhide_reviews(self, request, queryset):
        self._each(
            request, queryset, lambda pk: review_moderate(review_id=pk, action=ModerationAction.UNHIDE), "Unhidden"
        )

    @admin.action(description="Dismiss reports (the review is fine)", permissions=["change"])
    def dismiss_reports(self, request, queryset):
        self._each(request, queryset, lambda pk: review_reports_dismiss(review_id=pk), "Reports dismissed")


@admin.register(ReviewReport)
class ReviewReportAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = ("id", "review", "reason", "note", "created_at", "resolved_at")
    list_filter = ("reason", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("review",)
    fields = ("review", "reason", "note", "created_at", "resolved_at")
    readonly_fields = ("review", "reason", "created_at", "resolved_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProductRating)
class ProductRatingAdmin(ModelAdmin):
    list_display = ("product", "average", "count", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5")
    list_select_related = ("product",)
    search_fields = ("product__title",)
    actions = ("recompute",)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Recompute from the published reviews", permissions=["change"])
    def recompute(self, request, queryset):
        for product_id in queryset.values_list("product_id", flat=True):
            product_rating_recompute(product_id=product_id)
        messages.success(request, "Rating summaries recomputed.")
