"""Access-control matrix, generated from the URL conf: nobody reaches another's object.

Every API and website route with a path parameter is either in ``OBJECTS`` (how to build user A's object and
the URL arguments naming it) or in ``PUBLIC`` (with the reason anyone may reach it); a new route in neither
fails ``test_every_object_route_is_classified``. For each route and each method its view answers:
user B gets exactly what a missing object gets (status and error code, 404 once past
authentication and validation, so B cannot even learn it exists), the anonymous visitor
is refused (401/403 on the API, 404 or the login page on the website), and A is *not* told 404, which proves
the object and URL are real, so the refusals mean something.

Every admin page with an object id (change, delete, history, reveal, ...) of every registered model is
requested by the anonymous visitor and by shopper B (both sent to the admin login), by a staff user without
permissions (403), and by a superuser (200, the control). Rows come from ``tests.core.factories.build``.
"""

import re
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.models import User
from privacy.models import ExportJob, PolicyAcceptance, PolicyVersion
from tests.accounts.factories import StaffFactory, UserFactory
from tests.core.factories import build
from tests.privacy.factories import DraftPolicyVersionFactory

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321
METHODS = ("get", "post", "put", "patch", "delete")


def _routes(patterns=None, prefix="", namespace=""):
    """(route, url name, view class or function) of every pattern, walking the includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern


def _order(owner):
    from tests.orders.factories import order_with_line

    return {"number": order_with_line(user=owner).number}


def _invoiced_order(owner):
    from tests.invoices.factories import paid_order

    return {"number": paid_order(user=owner).number}


def _credit_note(owner):
    from decimal import Decimal

    from orders.invoices.services.credit_notes import credit_note_issue
    from tests.invoices.factories import paid_order

    order = paid_order(user=owner)
    note = credit_note_issue(order_id=order.pk, amount=Decimal("1.00"), reason="Goodwill")
    return {"number": order.number, "credit_note_number": note.number}


def _address(owner):
    from orders.models import Address

    return {"address_id": build(Address, user=owner).pk}


def _cart_item(owner):
    from shop.models import Cart, CartItem

    return {"item_id": build(CartItem, cart=build(Cart, user=owner)).pk}


def _review(owner):
    from shop.reviews.models import Review

    return {"review_id": build(Review, user=owner).pk}


def _order_line(owner):
    from tests.reviews.factories import bought_line

    return {"order_line_id": bought_line(user=owner).pk}


def _grant(owner):
    from privacy.binding.models import ThirdPartyGrant

    return {"grant_id": build(ThirdPartyGrant, user=owner).pk}


def _export(owner):
    return {"job_id": build(ExportJob, user=owner).pk}


def _incident_delivery(owner):
    from django.utils import timezone

    from privacy.incidents.models import IncidentDelivery, IncidentNotice

    notice = build(IncidentNotice)
    return {"delivery_id": IncidentDelivery.objects.create(notice=notice, user=owner, sent_at=timezone.now()).pk}


# url name -> (builds A's object, returns the URL kwargs; methods anyone signed in may use on another's object).
OBJECTS: dict[str, tuple[Callable[[User], dict], frozenset[str]]] = {
    "api:address-detail": (_address, frozenset()),
    "api:cart-item-detail": (_cart_item, frozenset()),
    "api:order-detail": (_order, frozenset()),
    "api:order-pay": (_order, frozenset()),
    "api:order-cancel": (_order, frozenset()),
    "api:order-invoice": (_invoiced_order, frozenset()),
    "api:order-invoice-pdf": (_invoiced_order, frozenset()),
    "api:order-credit-note-pdf": (_credit_note, frozenset()),
    "api:order-returns": (_order, frozenset()),
    "api:privacy-export-download": (_export, frozenset()),
    "api:privacy-third-party-account": (_grant, frozenset()),
    "api:privacy-incident-notice-acknowledge": (_incident_delivery, frozenset()),
    "privacy:incident-acknowledge": (_incident_delivery, frozenset()),
    # A published review is public (GET); reporting one and voting it helpful are meant for other people's.
    "api:review-detail": (_review, frozenset({"get"})),
    "api:review-report": (_review, frozenset({"post"})),
    "api:review-helpful": (_review, frozenset({"post"})),
    "orders:address-edit": (_address, frozenset()),
    "orders:address-delete": (_address, frozenset()),
    "orders:order-detail": (_order, frozenset()),
    "orders:order-pay": (_order, frozenset()),
    "orders:order-cancel": (_order, frozenset()),
    "orders:invoice-download": (_invoiced_order, frozenset()),
    "orders:credit-note-download": (_credit_note, frozenset()),
    "orders:order-return": (_order, frozenset()),
    "orders:payment-return": (_order, frozenset()),
    "cart-item-update": (_cart_item, frozenset()),
    "cart-item-remove": (_cart_item, frozenset()),
    "binding:unbind": (_grant, frozenset()),
    "reviews:new": (_order_line, frozenset()),
    "reviews:edit": (_review, frozenset()),
    "reviews:delete": (_review, frozenset()),
    "reviews:report": (_review, frozenset({"get", "post"})),
    "reviews:helpful": (_review, frozenset({"get", "post"})),
}

BODIES = {
    "api:cart-item-detail": {"quantity": 1},
    "cart-item-update": {"quantity": 1},
}

# url name -> why anyone may reach it with any value of its parameter.
PUBLIC = {
    "api:product-detail": "the catalog is public (promise A1); products are named by slug",
    "api:product-reviews": "published reviews of a product are public; posting needs the caller's own order line",
    "api:privacy-policy-version": "every published policy version is public text",
    "api:logistics-carrier-webhook": "no user's object: carriers authenticate by signature (tests/orders/)",
    "product-detail": "the catalog is public (promise A1)",
    "privacy:policy-detail": "every published policy version is public text",
    "privacy:guardian-confirm": "the parameter is the guardian's one-time secret token, no object id (tests/privacy/)",
    "privacy:unsubscribe": "the parameter is a signed unsubscribe token from an email, no object id (tests/marketing/)",
    "privacy:request-verify": "the parameter is a one-time token from an email, no object id (tests/privacy_requests/)",
    "privacy:compromised-confirm": "the parameter is a signed token from an email, no object id (tests/compromise/)",
    "api:payment-webhook": "no user's object: the payment provider authenticates by signature (tests/orders/)",
    "api:guest-order-detail": "the parameter is the guest order's signed secret token (tests/orders/)",
    "api:guest-order-pay": "the parameter is the guest order's signed secret token (tests/orders/)",
    "orders:guest-order": "the parameter is the guest order's signed secret token (tests/orders/)",
    "orders:guest-order-pay": "the parameter is the guest order's signed secret token (tests/orders/)",
    "orders:guest-erasure-confirm": "the parameter is a signed one-day erasure token (tests/orders/)",
    "demo_payments:intent": "the fake payment provider, a third party's API in development and tests: no shop object",
    "demo_payments:intent-capture": "the fake payment provider's API (development and tests): no shop object",
    "demo_payments:intent-refunds": "the fake payment provider's API (development and tests): no shop object",
    "demo_payments:hosted-page": "the fake payment provider's hosted page (development and tests): no shop object",
}


def _object_routes():
    for route, name, pattern in _routes():
        if "<" in route and not route.startswith(("admin/", "accounts/", "_allauth/")) and "(?P" not in route:
            yield route, name, pattern


def _methods(pattern) -> list[str]:
    view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view_class is None:
        return ["get", "post"]  # a function view: ask with both; one it does not take answers 405 to everyone
    return [m for m in METHODS if hasattr(view_class, m)]


def test_every_object_route_is_classified():
    # given the routes with a path parameter, when each is looked up, then it has a fixture or a reason
    unclassified = [f"{route} ({name})" for route, name, _ in _object_routes() if name not in {**OBJECTS, **PUBLIC}]
    assert not unclassified, "add these routes to OBJECTS or PUBLIC in tests/core/test_access_matrix.py"


def test_classification_names_only_existing_routes():
    # then a renamed route cannot leave a stale entry that covers nothing
    names = {name for _, name, _ in _object_routes()}
    assert not (set(OBJECTS) | set(PUBLIC)) - names


@pytest.fixture
def accepted(published_policy):
    def accept(user):
        PolicyAcceptance.objects.create(
            user=user,
            version=published_policy,
            body_digest=published_policy.body_digest,
            ip_address="203.0.113.1",
            user_agent="pytest",
            channel="signup",
        )
        return user

    return accept


def _call(client, method: str, url: str, body: dict):
    if isinstance(client, APIClient):
        return getattr(client, method)(url, body, format="json")
    return getattr(client, method)(url, body) if method == "post" else getattr(client, method)(url)


def _client(route: str, user=None):
    client = APIClient() if route.startswith("api/") else Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_another_users_object_is_refused_like_a_missing_one(name, accepted):
    # given A's object, and the same URL naming an object that does not exist
    routes = {n: (route, pattern) for route, n, pattern in _object_routes()}
    if name not in routes:
        pytest.fail(f"{name} is not a route any more")
    route, pattern = routes[name]
    make, shared_methods = OBJECTS[name]
    owner, other = accepted(UserFactory()), accepted(UserFactory())
    kwargs = make(owner)
    url = reverse(name, kwargs=kwargs)
    missing_url = reverse(
        name, kwargs={key: MISSING_ID if isinstance(v, int) else "X0MISSING" for key, v in kwargs.items()}
    )
    is_api = route.startswith("api/")
    # A body the view accepts, so that it reaches the object lookup instead of stopping at validation.
    body = BODIES.get(name, {})

    for method in _methods(pattern):
        if method in shared_methods:
            continue
        # when B asks for it, then B learns nothing more than for a missing object
        missing = _call(_client(route, other), method, missing_url, body)
        response = _call(_client(route, other), method, url, body)
        assert response.status_code == missing.status_code, (method, url, response.status_code, missing.status_code)
        assert response.status_code >= (400 if is_api else 300), (method, url, response.status_code)
        if is_api and response.status_code != 405:
            assert response.json()["code"] == missing.json()["code"], (method, url)

        # when an anonymous visitor asks, then they are refused
        response = _call(_client(route), method, url, body)
        if is_api:
            # 404 where anonymous visitors own objects of the kind too (a session cart's items)
            assert response.status_code in (401, 403, 404), (method, url, response.status_code)
        else:
            assert response.status_code in (302, 404, 405), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("account_login")), (method, url)

    # when A asks (destructive methods last), then A is never told it is missing: the fixture is real
    for method in sorted(_methods(pattern), key=lambda m: m == "delete"):
        response = _call(_client(route, owner), method, url, body)
        assert response.status_code != 404, (method, url, "the owner's own object answered 404")


# ---------------------------------------------------------------------------------------------------------------
# The admin


_ADMIN_REDIRECTS = ("admin:view_on_site", "admin:None")


def _admin_object_routes():
    """(url name, model) of every admin page whose URL names one object of a registered model."""
    by_prefix = {f"admin/{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for route, name, _ in _routes():
        # view_on_site only redirects to the object's own public URL, the unnamed "<id>/" only to "<id>/change/";
        # the regex routes are index pages.
        if not route.startswith("admin/") or "<" not in route or "(?P" in route or name in _ADMIN_REDIRECTS:
            continue
        model = next((m for prefix, m in by_prefix.items() if route.startswith(prefix)), None)
        yield route, name, model


def test_every_admin_object_page_belongs_to_a_registered_model():
    unknown = [route for route, name, model in _admin_object_routes() if model is None]
    assert not unknown


# Rows the plain values of ``build`` cannot make valid (a check constraint), by model label.
ADMIN_ROW_FIELDS: dict[str, Callable[[], dict]] = {
    "privacy.LegalHold": lambda: {"user": UserFactory()},
    # A translation is written only while its version is a draft (published versions are immutable).
    "privacy.PolicyTranslation": lambda: {"version": DraftPolicyVersionFactory(), "language": "zh-hans"},
}


def _admin_cases():
    return sorted({model._meta.label for _, _, model in _admin_object_routes() if model is not None})


@pytest.mark.parametrize("label", _admin_cases())
def test_admin_object_pages_refuse_everyone_without_permission(label, client):
    # given one row of the model, a shopper, a staff member without permissions and a superuser
    pages = [(route, name) for route, name, model in _admin_object_routes() if model._meta.label == label]
    model = next(model for _, _, model in _admin_object_routes() if model._meta.label == label)
    obj = build(model, **ADMIN_ROW_FIELDS.get(label, dict)())
    shopper = UserFactory()
    for version in PolicyVersion.objects.filter(published_at__isnull=False):
        PolicyAcceptance.objects.create(
            user=shopper, version=version, body_digest=version.body_digest, ip_address="203.0.113.1", channel="signup"
        )
    clerk = UserFactory(is_staff=True)
    superuser = StaffFactory()
    login = reverse("admin:login")

    for route, _name in pages:
        url = "/" + re.sub(r"<[^>]+>", str(obj.pk), route)
        # when the anonymous visitor and shopper B ask, then both are sent to the admin login (the admin site
        # checks this before any view, whatever the method)
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url
        client.force_login(shopper)
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url

        # when staff without the permission read or write, then they are refused
        client.force_login(clerk)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (method, url, response.status_code)

    # when a superuser opens the change page, then it is there: the refusals above were about permission
    client.force_login(superuser)
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
