"""The merchant admin's theme (django-unfold): its sidebar sections and its dashboard (the admin index).

The sidebar lists every registered admin in a merchant's order of work, each model exactly once
(``tests/core/test_admin_theme.py`` fails when an admin is registered without a place here). A staff
member sees only the entries they may view; a section with none is left out.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.money import money_format
from orders.models import OrderStatus, ShipmentStatus
from orders.selectors.dashboard import TO_SHIP_STATUSES, UNPAID_STATUSES, dashboard_figures
from privacy.registry import retention_policies
from privacy.requests.models import RequestKind, RequestStatus

# (section title, material icon of the first entry, [(model label, icon), ...]) in the order merchants work.
SIDEBAR_SECTIONS = (
    (
        _("Orders"),
        [
            ("orders.Order", "shopping_bag"),
            ("orders.Shipment", "local_shipping"),
            ("order_returns.ReturnRequest", "assignment_return"),
            ("invoices.Invoice", "receipt_long"),
            ("invoices.CreditNote", "request_quote"),
        ],
    ),
    (
        _("Catalog"),
        [
            ("shop.Product", "inventory_2"),
            ("shop.ProductVariant", "style"),
            ("shop.Category", "account_tree"),
            ("reviews.Review", "reviews"),
            ("reviews.ReviewReport", "flag"),
            ("reviews.ProductRating", "star"),
        ],
    ),
    (
        _("Customers"),
        [
            ("accounts.User", "person"),
            ("orders.Address", "home"),
            ("account.EmailAddress", "mail"),
            ("socialaccount.SocialAccount", "link"),
            ("binding.ThirdPartyGrant", "handshake"),
            ("usersessions.UserSession", "devices"),
            ("mfa.Authenticator", "key"),
        ],
    ),
    (
        _("Marketing"),
        [
            ("promotions.Voucher", "confirmation_number"),
            ("promotions.Sale", "sell"),
            ("promotions.VoucherUsage", "redeem"),
            ("marketing.Campaign", "campaign"),
            ("analytics.DailyViewCount", "monitoring"),
        ],
    ),
    (
        _("Privacy"),
        [
            ("privacy_requests.PrivacyRequest", "support_agent"),
            ("cancellation.CancellationRequest", "person_remove"),
            ("cancellation.RecipientDeletionRequest", "forward_to_inbox"),
            ("cancellation.ErasureTombstone", "delete_forever"),
            ("retention.PurgeRun", "cleaning_services"),
            ("retention.RetentionRule", "schedule"),
            ("privacy.LegalHold", "gavel"),
            ("privacy.PolicyVersion", "policy"),
            ("privacy.PolicyTranslation", "translate"),
            ("announcements.PolicyChangeMailing", "outgoing_mail"),
            ("privacy.PolicyAcceptance", "task_alt"),
            ("privacy.ConsentRecord", "fact_check"),
            ("privacy.PolicyNoticeShown", "visibility"),
            ("analytics.CookieChoiceProof", "cookie"),
            ("privacy.GuardianConsent", "family_restroom"),
            ("privacy.PiiAccessLog", "manage_search"),
            ("incidents.IncidentNotice", "campaign"),
            ("compromise.CompromiseReport", "lock_person"),
        ],
    ),
    (
        _("Settings"),
        [
            ("orders.Carrier", "local_shipping"),
            ("shipping.ShippingZone", "public"),
            ("shipping.ShippingMethod", "conveyor_belt"),
            ("tax.TaxClass", "percent"),
            ("tax.TaxRate", "calculate"),
            ("socialaccount.SocialApp", "apps"),
            ("socialaccount.SocialToken", "token"),
            ("auth.Group", "group"),
        ],
    ),
)


# Where a model's plural reads badly ("policy notice showns"), the sidebar says it better.
TITLES = {"privacy.PolicyNoticeShown": _("Policy notices shown"), "privacy.PiiAccessLog": _("Personal data access log")}


def _model_admins() -> dict:
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}


def sidebar_navigation(request: HttpRequest) -> list[dict]:
    """The sidebar's sections for ``request.user`` (unfold's ``SIDEBAR["navigation"]`` callback)."""
    admins = _model_admins()
    sections = []
    for title, entries in SIDEBAR_SECTIONS:
        items = []
        for label, icon in entries:
            model_admin = admins.get(label)
            if model_admin is None or not model_admin.has_view_or_change_permission(request):
                continue
            opts = model_admin.opts
            items.append(
                {
                    "title": TITLES.get(label) or opts.verbose_name_plural.capitalize(),
                    "icon": icon,
                    "link": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                }
            )
        if items:
            sections.append({"title": title, "separator": True, "collapsible": False, "items": items})
    return sections


def _changelist(label: str, **filters) -> str:
    app_label, model_name = label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def dashboard_callback(request: HttpRequest, context: dict) -> dict:
    """The admin index's figures (unfold's ``DASHBOARD_CALLBACK``), each linking to its filtered list."""
    figures = dashboard_figures()
    day = figures.day_start.isoformat()
    context["dashboard_cards"] = [
        {
            "title": _("Orders to ship"),
            "value": figures.orders_to_ship,
            "hint": _("Paid or awaiting pickup"),
            "link": _changelist("orders.Order", status__in=",".join(TO_SHIP_STATUSES)),
            "alert": False,
        },
        {
            "title": _("Today's orders"),
            "value": figures.orders_today,
            "hint": _("Placed since midnight"),
            "link": _changelist("orders.Order", created_at__gte=day),
            "alert": False,
        },
        {
            "title": _("Today's revenue"),
            "value": money_format(figures.revenue_today),
            "hint": _("Orders of the day, without unpaid or cancelled ones"),
            "link": _changelist("orders.Order", created_at__gte=day, status__in=_paid_statuses()),
            "alert": False,
        },
        {
            "title": _("Failed carrier handoffs"),
            "value": figures.failed_handoffs,
            "hint": _("Retry them from the shipment list"),
            "link": _changelist("orders.Shipment", status__exact=ShipmentStatus.FAILED),
            "alert": figures.failed_handoffs > 0,
        },
        {
            "title": _("Overdue deletion requests"),
            "value": figures.overdue_deletion_requests,
            "hint": _("Shoppers asking for their data to be deleted, past the due date"),
            # The request list's own "overdue" filter (open, past its due date), narrowed to deletions.
            "link": _changelist("privacy_requests.PrivacyRequest", due="overdue", kind__exact=RequestKind.DELETION),
            "alert": figures.overdue_deletion_requests > 0,
        },
        {
            "title": _("Deletions overdue at recipients"),
            "value": figures.overdue_recipient_deletions,
            "hint": _("Carriers and providers asked to delete an erased account's data"),
            "link": _changelist("cancellation.RecipientDeletionRequest", overdue="yes"),
            "alert": figures.overdue_recipient_deletions > 0,
        },
        {
            "title": _("Open privacy requests"),
            "value": figures.open_privacy_requests,
            "hint": _("Waiting for our answer"),
            "link": _changelist("privacy_requests.PrivacyRequest", status__exact=RequestStatus.OPEN),
            "alert": False,
        },
    ]
    labels = {policy.category: policy.label for policy in retention_policies()}
    for run in figures.recent_purge_runs:
        run.category_label = labels.get(run.category, run.category.replace("_", " ").capitalize())
    context["dashboard_purge_runs"] = figures.recent_purge_runs
    context["dashboard_purge_runs_link"] = _changelist("retention.PurgeRun")
    return context


def _paid_statuses() -> str:
    return ",".join(status for status in OrderStatus.values if status not in UNPAID_STATUSES)
