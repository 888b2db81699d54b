"""Incident notices (promise F4): written and sent from the admin to a declared audience, delivered in
batches by Celery with a record per recipient, shown on the website and the API until acknowledged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order, OrderStatus
from privacy.incidents.models import IncidentDelivery, IncidentNotice, IncidentStatus
from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import StaffFactory, UserFactory
from tests.real_worker import real_worker, wait_until  # noqa: F401

ADD_URL = "/admin/incidents/incidentnotice/add/"
CHANGE_URL = "/admin/incidents/incidentnotice/{}/change/"
CONFIRM_URL = "/admin/incidents/incidentnotice/{}/confirm/"
NOTICES_API = "/api/v1/privacy/incident-notices/"

TEXT = {
    "title": "Unauthorised access to delivery addresses",
    "what_happened": "On 1 March a contractor's account was used to read delivery records.",
    "data_concerned": "Names, phone numbers and delivery addresses of orders placed in February.",
    "consequences": "You may receive unsolicited calls or letters.",
    "measures_taken": "We closed the account, rotated every key and informed the regulator.",
    "advice": "Be wary of calls that ask for payment details.",
    "contact": "privacy@privashop.test",
}


def _order(user, *, days_ago: int) -> Order:
    order = Order.objects.create(
        number=f"PS-INC-{user.pk}-{days_ago}",
        user=user,
        status=OrderStatus.DELIVERED,
        currency="CNY",
        subtotal=Decimal("10.00"),
        total=Decimal("10.00"),
        recipient_name="Ada Quintessa",
        phone="13987654321",
        region="Zhejiang",
        city="Hangzhou",
        district="Xihu",
        street="77 Quiet Willow Lane",
        postcode="310000",
    )
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return order


@pytest.fixture
def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    return client


def _draft(**audience) -> IncidentNotice:
    params = audience.pop("params", {})
    return IncidentNotice.objects.create(
        **TEXT, audience=audience.get("audience", "all_accounts"), audience_params=params
    )


@pytest.mark.promise("F4")
@pytest.mark.postgres
@pytest.mark.django_db
def test_staff_write_a_notice_preview_its_audience_confirm_and_users_acknowledge_it(
    staff_client, django_capture_on_commit_callbacks
):
    # given three shoppers, two of whom ordered in the last ten days
    recent, also_recent, old = UserFactory(), UserFactory(), UserFactory()
    _order(recent, days_ago=2)
    _order(also_recent, days_ago=5)
    _order(old, days_ago=60)
    start = (timezone.localdate() - timedelta(days=10)).isoformat()
    end = timezone.localdate().isoformat()

    # when staff write the notice in the admin with the "orders in a date range" selector
    response = staff_client.post(ADD_URL, {**TEXT, "audience": "orders_between", "start": start, "end": end})
    assert response.status_code == 302, response.context["adminform"].form.errors
    notice = IncidentNotice.objects.get()
    page = staff_client.get(CHANGE_URL.format(notice.pk)).content.decode()
    confirm_page = staff_client.get(CONFIRM_URL.format(notice.pk)).content.decode()

    # then they see the count and a masked preview before confirming
    assert "<strong>2</strong> account(s)" in page
    assert recent.email not in page and f"#{recent.pk}" in page
    assert "<strong>2</strong> account(s) will be told" in confirm_page

    # when they confirm (Celery runs eagerly here) and each shopper reads it on the API
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(CONFIRM_URL.format(notice.pk))
    assert response.status_code == 302

    # then exactly the two affected accounts got the email and a record of when it was sent
    notice.refresh_from_db()
    assert notice.status == IncidentStatus.SENT and notice.audience_count == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([recent.email, also_recent.email])
    assert "What you can do" in mail.outbox[0].body
    deliveries = IncidentDelivery.objects.filter(notice=notice)
    assert {d.user_id for d in deliveries} == {recent.pk, also_recent.pk}
    assert all(d.sent_at and d.email_sent and d.acknowledged_at is None for d in deliveries)

    api = APIClient()
    api.force_authenticate(recent)
    listed = api.get(NOTICES_API).json()
    assert [item["title"] for item in listed] == [TEXT["title"]]
    assert listed[0]["acknowledged_at"] is None
    other = APIClient()
    other.force_authenticate(old)
    assert other.get(NOTICES_API).json() == []

    # and the privacy centre shows the banner until the user acknowledges it
    web = staff_client.__class__()
    web.force_login(also_recent)
    assert "A security incident concerns your account" in web.get("/privacy/").content.decode()
    delivery = deliveries.get(user=also_recent)
    assert web.post(f"/privacy/incidents/{delivery.pk}/acknowledge/").status_code == 302
    assert "A security incident concerns your account" not in web.get("/privacy/").content.decode()

    acknowledged = api.post(f"{NOTICES_API}{listed[0]['id']}/acknowledge/")
    assert acknowledged.status_code == 200 and acknowledged.json()["acknowledged_at"]

    # and staff see the progress
    page = staff_client.get(CHANGE_URL.format(notice.pk)).content.decode()
    assert "2 of 2 sent (2 by email), 2 acknowledged" in page


@pytest.mark.promise("F4")
@pytest.mark.django_db
def test_a_user_cannot_acknowledge_another_users_notice():
    # given a notice sent to one shopper
    owner, intruder = UserFactory(), UserFactory()
    notice = _draft(audience="user_ids", params={"user_ids": [owner.pk]})
    from privacy.incidents.services import incident_notice_confirm

    incident_notice_confirm(notice_id=notice.pk, staff=None)
    delivery = IncidentDelivery.objects.get(notice=notice)

    # when another shopper tries to acknowledge it
    api = APIClient()
    api.force_authenticate(intruder)
    response = api.post(f"{NOTICES_API}{delivery.pk}/acknowledge/")

    # then it is refused and nothing is recorded
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None


@pytest.mark.promise("F4")
@pytest.mark.django_db
def test_audience_by_recipient_and_by_uploaded_list(staff_client):
    # given one shopper whose data went to a carrier and two listed in an uploaded file
    shipped, listed_a, listed_b, bystander = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    disclosure_record(
        user_id=shipped.pk,
        recipient="Quick Parcel",
        recipient_ref="carrier:quick",
        purpose="Delivery",
        fields=["phone"],
    )

    # when staff choose each selector
    by_recipient = staff_client.post(ADD_URL, {**TEXT, "audience": "recipient", "recipient_ref": "carrier:quick"})
    upload = SimpleUploadedFile("ids.txt", f"{listed_a.pk}\n{listed_b.pk}\n".encode())
    by_list = staff_client.post(ADD_URL, {**TEXT, "title": "Second", "audience": "user_ids", "user_ids_file": upload})
    missing = staff_client.post(ADD_URL, {**TEXT, "title": "Third", "audience": "recipient"})

    # then each previews exactly its accounts, and a selector without its parameter is refused
    assert by_recipient.status_code == 302 and by_list.status_code == 302
    assert missing.status_code == 200 and "This is needed for the chosen audience." in missing.content.decode()
    first, second = IncidentNotice.objects.order_by("pk")
    assert "<strong>1</strong> account(s)" in staff_client.get(CHANGE_URL.format(first.pk)).content.decode()
    assert second.audience_params == {"user_ids": sorted([listed_a.pk, listed_b.pk])}
    assert bystander.pk not in second.audience_params["user_ids"]


@pytest.mark.promise("F4")
@pytest.mark.django_db
def test_the_public_page_shows_only_published_sent_notices(client):
    # given a sent public notice, a sent private one and a public draft
    from privacy.incidents.services import incident_notice_confirm

    public = _draft()
    IncidentNotice.objects.filter(pk=public.pk).update(public=True, title="Public notice")
    private = _draft()
    IncidentNotice.objects.filter(pk=private.pk).update(title="Private notice")
    draft = _draft()
    IncidentNotice.objects.filter(pk=draft.pk).update(public=True, title="Draft notice")
    incident_notice_confirm(notice_id=public.pk, staff=None)
    incident_notice_confirm(notice_id=private.pk, staff=None)

    # when anyone opens the public page
    page = client.get("/privacy/incidents/public/").content.decode()

    # then only the published one is there
    assert "Public notice" in page
    assert "Private notice" not in page and "Draft notice" not in page


@pytest.mark.promise("F4")
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_in_batches_and_records_each_recipient(real_worker, settings):  # noqa: F811
    # given five shoppers and batches of two
    settings.PRIVACY_INCIDENT_BATCH_SIZE = 2
    users = [UserFactory() for _ in range(5)]
    notice = _draft()
    mail.outbox.clear()

    # when the notice is confirmed and the worker delivers it through the Redis broker
    from privacy.incidents.services import incident_notice_confirm

    incident_notice_confirm(notice_id=notice.pk, staff=None, site_url="http://testserver/")

    # then every account is sent exactly once, recorded per recipient, and the notice is marked sent
    assert wait_until(lambda: IncidentNotice.objects.get(pk=notice.pk).status == IncidentStatus.SENT)
    deliveries = IncidentDelivery.objects.filter(notice=notice)
    assert deliveries.count() == 5 and not deliveries.filter(sent_at__isnull=True).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
