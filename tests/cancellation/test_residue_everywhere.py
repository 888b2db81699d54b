"""The extended residue test (D4): the shopper's identifiers are put into every table through the real admin (staff
correct the email address, an order and an address in edit mode), the website (sign-in, a search with history on)
and the API (app sign-in, profile, a new address), next to data in every other app; the search finds each one (the
control); the account is cancelled and erased by the beat job; then no identifier is left in any column of any
table, in a session, in the media or export storage, in the erasure journal, or in any key or value of Redis.
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.admin.utils import quote
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Address, Carrier
from orders.services.logistics import carrier_save
from privacy.cancellation.models import ErasureTombstone
from privacy.cancellation.tasks import cancellation_anonymise_due
from privacy.services.consent import consent_set
from tests.accounts.factories import DEFAULT_PASSWORD, StaffFactory
from tests.cancellation.conftest import CANCELLATION, app_token
from tests.privacy.everywhere import EMAIL, IDENTIFIERS, person_everywhere, second_factor_add
from tests.privacy.residue_scan import residue

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

CORRECTED_EMAIL = "rosalind.corrected@example.com"
CORRECTED_STREET = "91 Second Orchard Road, Flat 3"
CORRECTED_RECIPIENT = "Rosalind Q. Featherquill"
API_PHONE = "13700007777"
API_NICKNAME = "RosieFromTheApp"
SEARCH = "quillfeather lanterns"
SEARCHED = (*IDENTIFIERS, CORRECTED_EMAIL, CORRECTED_STREET, CORRECTED_RECIPIENT, API_PHONE, API_NICKNAME, SEARCH)


class _FormFields(HTMLParser):
    """The fields a browser would submit from the page's main form: inputs, checked boxes, selects, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(
                attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _admin_edit(client, url: str, **changes) -> None:
    """Open ``url`` in edit mode as staff would, change the named fields and save; the save must succeed."""
    page = client.get(url, {"pii": "edit"})
    assert page.status_code == 200
    fields = _FormFields()
    fields.feed(page.content.decode())
    fields.data.pop("csrfmiddlewaretoken", None)
    data = {**fields.data, **{name: [value] for name, value in changes.items()}}
    data = {name: values for name, values in data.items() if values}
    saved = client.post(f"{url}?pii=edit", data)
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors


@pytest.fixture
def redis_cache(settings):
    """The cache in Redis, as in production, and a per-user cache entry that erasure must delete."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL}
    }
    settings.PRIVACY_ERASURE_CACHE_KEYS = ["recently-viewed:{user_id}"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def carrier(fake_carrier):
    return carrier_save(
        carrier=Carrier(name="Quick Parcel", slug="quick", api_base_url=fake_carrier.url), webhook_secret="s" * 32
    )


@pytest.fixture
def rosalind(accepting_user, carrier, client, redis_cache):
    filled = person_everywhere(accepting_user, carrier, second_factor=False)
    user = filled.user
    cache.set(f"recently-viewed:{user.pk}", {"for": EMAIL, "searched": SEARCH})

    # the admin: staff correct the email address, the order's delivery street and the address book's recipient
    staff_client = client
    staff_client.force_login(StaffFactory())
    _admin_edit(staff_client, reverse("admin:accounts_user_change", args=[user.pk]), email=CORRECTED_EMAIL)
    _admin_edit(
        staff_client, reverse("admin:orders_order_change", args=[quote(filled.order.pk)]), street=CORRECTED_STREET
    )
    address = Address.objects.get(user=user)
    _admin_edit(
        staff_client, reverse("admin:orders_address_change", args=[address.pk]), recipient_name=CORRECTED_RECIPIENT
    )
    staff_client.logout()

    # the website: sign in with the corrected address, search with history on
    user.refresh_from_db()
    user.emailaddress_set.update(email=CORRECTED_EMAIL)
    consent_set(user=user, changes={"personalisation": True}, ip_address=None, user_agent="", channel="web")
    web = client.__class__()
    assert web.post("/accounts/login/", {"login": CORRECTED_EMAIL, "password": DEFAULT_PASSWORD}).status_code == 302
    assert web.get("/", {"q": SEARCH}).status_code == 200

    # the API: an app signs in, renames the profile, adds an address
    api = APIClient()
    api.credentials(HTTP_X_SESSION_TOKEN=app_token(user))
    assert api.patch("/api/v1/me/", {"nickname": API_NICKNAME}, format="json").status_code == 200
    new_address = {
        "recipient_name": CORRECTED_RECIPIENT,
        "phone": API_PHONE,
        "region": "Zhejiang",
        "city": "Hangzhou",
        "district": "Xihu",
        "street": CORRECTED_STREET,
        "postcode": "310000",
    }
    assert api.post("/api/v1/addresses/", new_address, format="json").status_code == 201
    second_factor_add(user)
    return user


@pytest.mark.promise("D4")
def test_nothing_identifying_is_left_in_any_table_file_session_or_redis_key(rosalind, fake_carrier, journal):
    # given: the control, every identifier is found where the admin, the website and the API put it
    before = {value: residue(value) for value in SEARCHED}
    assert all(before.values()), [value for value, places in before.items() if not places]
    assert "accounts_user.email" in before[CORRECTED_EMAIL]["columns"]
    assert "orders.Order.street" in before[CORRECTED_STREET]["decrypted"]
    assert "orders_address.recipient_name" in before[CORRECTED_RECIPIENT]["columns"]
    assert "orders.Address.phone" in before[API_PHONE]["decrypted"]
    assert "shop_historyentry.query" in before[SEARCH]["columns"]
    assert before[EMAIL]["redis"], "the per-user cache entry is in Redis"

    # when the user cancels, and the beat job runs once the window ended
    client = APIClient()
    client.force_login(rosalind)
    assert (
        client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart").status_code == 302
    )
    assert client.post(CANCELLATION).status_code == 201
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert cancellation_anonymise_due.apply().get() == {"anonymised": 1}

    # then: nothing identifying is left anywhere
    assert ErasureTombstone.objects.filter(user_id=rosalind.pk).exists()
    after = {value: residue(value) for value in SEARCHED}
    assert after == {value: {} for value in SEARCHED}
