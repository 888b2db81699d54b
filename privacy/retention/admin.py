"""Admin for ops: the retention rules (period override beside the default, pause, run now) and the purge runs
(filters, and the chart of rows purged per category per day over the last 90 days).

Runs are records: nobody adds, changes or deletes them here. Rules are one per declared policy; ops change the
period and the pause, nothing else. Every change goes through ``privacy.retention.services``.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from core.errors import DomainError
from privacy.registry import RetentionAction, RetentionPolicy, retention_policies
from privacy.retention.chart import purge_chart
from privacy.retention.models import MAX_PERIOD_DAYS, PurgeRun, PurgeStatus, PurgeTrigger, RetentionRule
from privacy.retention.selectors import (
    purge_chart_data,
    retention_default_days,
    retention_policy_get,
    retention_rules_with_last_run,
)
from privacy.retention.services.rules import retention_rule_update, retention_rules_sync
from privacy.retention.services.runs import purge_queue

CHART_DAYS = 90
RUN_NOW_CONFIRM_TEMPLATE = "privacy/retention/admin/run_now_confirm.html"
# Posted back by the "Run now" confirmation page: the purge is then queued.
CONFIRMED = "confirmed"
RUN_STATUS_COLOURS = {
    PurgeStatus.QUEUED: "info",
    PurgeStatus.RUNNING: "info",
    PurgeStatus.COMPLETED: "success",
    PurgeStatus.FAILED: "danger",
    PurgeStatus.INTERRUPTED: "warning",
    PurgeStatus.SKIPPED: "warning",
}
_ACTION_DONE = {RetentionAction.DELETE: gettext_lazy("deleted"), RetentionAction.ANONYMISE: gettext_lazy("anonymised")}


def _policy(category: str) -> RetentionPolicy | None:
    try:
        return retention_policy_get(category=category)
    except DomainError:
        return None


def _days(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


class RetentionRuleForm(forms.ModelForm):
    period_days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PERIOD_DAYS, label="Period override (days)"
    )

    class Meta:
        model = RetentionRule
        fields = ("period_days", "enabled")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        policy = _policy(self.instance.category) if self.instance.pk else None
        if policy is not None:
            default = retention_default_days(policy)
            in_years = f" ({_days(default)})" if default % 365 == 0 else ""
            help_text = f"Default: {default} days{in_years}. Leave empty to use the default."
            self.fields["period_days"].help_text = help_text


@admin.register(RetentionRule)
class RetentionRuleAdmin(ModelAdmin):
    form = RetentionRuleForm
    list_display = (
        "category",
        "what",
        "when_due",
        "default_period",
        "override",
        "effective_period",
        "enabled",
        "last_run",
    )
    list_filter = ("enabled",)
    search_fields = ("category",)
    fields = (
        "category",
        "what",
        "rows_of",
        "when_due",
        "counted_from",
        "default_period",
        "period_days",
        "enabled",
        "updated_at",
    )
    readonly_fields = ("category", "what", "rows_of", "when_due", "counted_from", "default_period", "updated_at")
    actions = ("run_now", "dry_run_now")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return retention_rules_with_last_run()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # Every declared policy has its row before the list is shown (a new policy appears by itself).
        retention_rules_sync()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RetentionRule, form, change: bool) -> None:
        retention_rule_update(
            category=obj.category, period_days=form.cleaned_data["period_days"], enabled=form.cleaned_data["enabled"]
        )

    @admin.display(description="what is kept")
    def what(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        return policy.label if policy else "no longer declared"

    @admin.display(description="rows of")
    def rows_of(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        return policy.model if policy else "-"

    @admin.display(description="when due")
    def when_due(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        if policy is None:
            return "-"
        warning = f", warned {policy.warn_before.days} days before" if policy.warn_before else ""
        return f"{policy.action}{warning}"

    @admin.display(description="counted from")
    def counted_from(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        if policy is None:
            return "-"
        date = policy.date_field if isinstance(policy.date_field, str) else "the account's anonymisation"
        return f"{date}, else {policy.date_fallback}" if policy.date_fallback else date

    @admin.display(description="default")
    def default_period(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        return _days(retention_default_days(policy)) if policy else "-"

    @admin.display(description="override")
    def override(self, obj: RetentionRule) -> str:
        return _days(obj.period_days) if obj.period_days else "-"

    @admin.display(description="in effect")
    def effective_period(self, obj: RetentionRule) -> str:
        policy = _policy(obj.category)
        if policy is None:
            return "-"
        return _days(obj.period_days or retention_default_days(policy))

    @admin.display(description="last run")
    def last_run(self, obj: RetentionRule) -> str:
        status = getattr(obj, "last_status", None)
        finished = getattr(obj, "last_finished_at", None)
        if not status:
            return "never"
        return f"{status} {finished:%Y-%m-%d %H:%M}" if finished else status

    def _queue(self, request: HttpRequest, queryset: QuerySet, *, dry_run: bool) -> None:
        for category in queryset.values_list("category", flat=True):
            try:
                run = purge_queue(category=category, triggered_by=PurgeTrigger.ADMIN, dry_run=dry_run)
            except DomainError as exc:
                messages.error(request, f"{category}: {exc.detail}")
                continue
            kind = "Dry run" if dry_run else "Purge"
            messages.success(request, f"{kind} of {category} queued (purge run #{run.pk}).")

    @admin.action(description="Run now (queued to Celery)…", permissions=["change"])
    def run_now(self, request: HttpRequest, queryset: QuerySet):
        if not request.POST.get(CONFIRMED):
            return self._run_now_confirmation(request, queryset)
        self._queue(request, queryset, dry_run=False)
        return None

    def _run_now_confirmation(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse:
        """What running each selected rule now would do: its rows older than the cut-off deleted or anonymised."""
        now = timezone.now()
        rules = []
        for rule in queryset.order_by("category"):
            policy = _policy(rule.category)
            if policy is None:
                continue
            days = rule.period_days or retention_default_days(policy)
            rules.append(
                {
                    "rule": rule,
                    "what": policy.label,
                    "action": _ACTION_DONE[policy.action],
                    "period": _days(days),
                    "cutoff": now - timedelta(days=days),
                    "warned": policy.warn_before.days if policy.warn_before else None,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Run the purge now"),
            "opts": self.opts,
            "rules": rules,
            "selected": [entry["rule"].pk for entry in rules],
            "confirmed_field": CONFIRMED,
            "changelist_url": reverse("admin:retention_retentionrule_changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, RUN_NOW_CONFIRM_TEMPLATE, context)

    @admin.action(description="Dry run now: count only (queued to Celery)", permissions=["change"])
    def dry_run_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._queue(request, queryset, dry_run=True)


class CategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(policy.category, policy.category) for policy in retention_policies()]

    def queryset(self, request, queryset):
        return queryset.filter(category=self.value()) if self.value() else queryset


@admin.register(PurgeRun)
class PurgeRunAdmin(ModelAdmin):
    change_list_template = "privacy/retention/admin/purgerun_change_list.html"
    # Fits 1280 px beside the sidebar: what ran, how it ended, when, and every counter; the trigger, the dry
    # run flag and the finish time are filters and on the run's page.
    list_display = (
        "run",
        "status_label",
        "started",
        "examined",
        "deleted",
        "anonymised",
        "held",
        "warned",
        "postponed",
        "errors",
    )
    list_display_links = ("run",)
    list_filter = (CategoryFilter, "status", "triggered_by", "dry_run", "started_at")
    date_hierarchy = "queued_at"
    ordering = ("-queued_at", "-id")

    @display(description=_("Run"), ordering="category")
    def run(self, obj: PurgeRun) -> str:
        policy = _policy(obj.category)
        label = policy.label if policy else obj.category.replace("_", " ").capitalize()
        return gettext("%(label)s (dry run)") % {"label": label} if obj.dry_run else label

    @display(description=_("Status"), ordering="status", label=RUN_STATUS_COLOURS)
    def status_label(self, obj: PurgeRun) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    @display(description=_("Started"), ordering="started_at")
    def started(self, obj: PurgeRun) -> str:
        when = obj.started_at or obj.queued_at
        return date_format(timezone.localtime(when), "j M, H:i")

    @display(description=_("Held"), ordering="skipped_hold")
    def held(self, obj: PurgeRun) -> int:
        return obj.skipped_hold

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        chart = purge_chart(purge_chart_data(days=CHART_DAYS))
        return super().changelist_view(request, {**(extra_context or {}), "chart": chart, "chart_days": CHART_DAYS})
