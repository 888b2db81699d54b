"""Privacy requests that are not self-service (G1): a form for shoppers and for people without an account
(email verified by link before it counts), a staff queue with a due date, reminders, an overdue list, and
the answer recorded and sent, free of charge."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from privacy.requests.models import PrivacyRequest, RequestStatus
from privacy.requests.tasks import privacy_requests_remind_task
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.promise("G1"), pytest.mark.django_db]


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_a_person_without_an_account_asks_and_the_request_counts_once_the_email_is_verified(settings):
    # given a 10-day deadline
    settings.PRIVACY_REQUEST_DUE_DAYS = 10
    visitor = Client()

    # when someone without an account sends the form
    response = visitor.post(
        "/privacy/requests/", {"kind": "access", "details": "What do you hold about me?", "email": "Ann@Example.com"}
    )

    # then nothing counts yet: it waits for the email link
    assert response.status_code == 200 and "We emailed you a link" in response.content.decode()
    request = PrivacyRequest.objects.get()
    assert (request.status, request.due_at, request.email) == (RequestStatus.UNVERIFIED, None, "ann@example.com")
    link = _link(mail.outbox[-1])

    # when the link is opened (GET changes nothing) and confirmed
    visitor.get(link)
    assert PrivacyRequest.objects.get().status == RequestStatus.UNVERIFIED
    visitor.post(link)

    # then it counts from now and is due in 10 days
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert abs(request.due_at - (timezone.now() + timedelta(days=10))) < timedelta(minutes=1)
    assert visitor.post("/privacy/requests/verify/not-a-token/").status_code == 400


def test_a_shopper_asks_through_the_api_and_sees_only_their_requests():
    # given two shoppers
    shopper, other = UserFactory(), UserFactory()
    api = APIClient()
    api.force_authenticate(shopper)

    # when one asks for a deletion
    created = api.post(
        "/api/v1/privacy/requests/", {"kind": "deletion", "details": "Delete my reviews."}, format="json"
    )
    bad = api.post("/api/v1/privacy/requests/", {"kind": "nonsense", "details": "x"}, format="json")

    # then it counts at once, is theirs only, and bad input is a 400 in the error shape
    assert created.status_code == 201 and created.json()["status"] == "open" and created.json()["due_at"]
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]
    other_api = APIClient()
    other_api.force_authenticate(other)
    assert other_api.get("/api/v1/privacy/requests/").json() == []
    assert [r["kind"] for r in api.get("/api/v1/privacy/requests/").json()] == ["deletion"]
    anonymous = APIClient().post("/api/v1/privacy/requests/", {"kind": "access", "details": "x"}, format="json")
    assert anonymous.status_code == 400 and "email" in anonymous.json()["fields"]


def test_staff_see_overdue_requests_and_their_answer_is_recorded_and_sent(client):
    # given an overdue request and one not due yet
    shopper = UserFactory()
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        api = APIClient()
        api.force_authenticate(shopper)
        api.post("/api/v1/privacy/requests/", {"kind": "objection", "details": "Stop profiling me."}, format="json")
    api = APIClient()
    api.force_authenticate(shopper)
    api.post("/api/v1/privacy/requests/", {"kind": "correction", "details": "My name is wrong."}, format="json")
    overdue, recent = PrivacyRequest.objects.order_by("created_at")
    staff = StaffFactory()
    client.force_login(staff)

    # when staff open the overdue list
    page = client.get("/admin/privacy_requests/privacyrequest/?due=overdue").content.decode()

    # then only the overdue one is there, and the requester's words are masked
    assert f"/privacyrequest/{overdue.pk}/change/" in page
    assert f"/privacyrequest/{recent.pk}/change/" not in page
    assert (
        "Stop profiling me."
        not in client.get(f"/admin/privacy_requests/privacyrequest/{overdue.pk}/change/").content.decode()
    )

    # when staff write the answer
    mail.outbox.clear()
    response = client.post(
        f"/admin/privacy_requests/privacyrequest/{overdue.pk}/change/", {"reply": "We stopped it on 1 May."}
    )

    # then it is recorded and emailed, free of charge
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert (overdue.status, overdue.answered_by, overdue.fee) == (RequestStatus.ANSWERED, staff, 0)
    assert [m.to for m in mail.outbox] == [[shopper.email]]
    assert "We stopped it on 1 May." in mail.outbox[0].body


def test_staff_are_reminded_once_before_a_request_is_due(settings):
    # given a request received 26 days ago (due in 4 days) and one received today
    settings.PRIVACY_REQUEST_STAFF_EMAILS = ["dpo@privashop.test"]
    shopper = UserFactory()
    api = APIClient()
    api.force_authenticate(shopper)
    with time_machine.travel(timezone.now() - timedelta(days=26)):
        api.post("/api/v1/privacy/requests/", {"kind": "access", "details": "Copy please."}, format="json")
    api.post("/api/v1/privacy/requests/", {"kind": "access", "details": "Another one."}, format="json")
    mail.outbox.clear()

    # when the daily job runs twice
    first = privacy_requests_remind_task.apply().get()
    second = privacy_requests_remind_task.apply().get()

    # then staff get one reminder naming only the request due soon
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["dpo@privashop.test"]]
    due_soon = PrivacyRequest.objects.order_by("created_at").first()
    assert f"request #{due_soon.pk}" in mail.outbox[0].body
    assert "Copy please." not in mail.outbox[0].body
