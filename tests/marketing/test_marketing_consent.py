"""Consents that control something (promise A3, with G2): marketing per channel checked at send time, one-click
unsubscribe, no unused purpose shown, the analytics-cookie choice gating a view counter, anonymous proof."""

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from privacy.analytics.models import CookieChoiceProof, DailyViewCount
from privacy.hashing import keyed_hash
from privacy.marketing.models import Campaign, CampaignDelivery, CampaignStatus
from privacy.marketing.services import campaign_queue
from privacy.models import Channel, ConsentRecord
from privacy.purposes import MARKETING
from privacy.selectors.consent import consent_is_granted
from privacy.services.consent import consent_set
from tests.accounts.factories import StaffFactory, UserFactory
from tests.real_worker import real_worker, wait_until  # noqa: F401
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.promise("A3")


def _consent(user, granted: bool = True) -> None:
    consent_set(user=user, changes={MARKETING: granted}, ip_address=None, user_agent="pytest", channel=Channel.WEB)


def _campaign(**fields) -> Campaign:
    return Campaign.objects.create(subject="Spring sale", body="Everything linen, 20% off.", **fields)


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.promise("G2")
def test_a_campaign_reaches_only_users_whose_consent_holds_when_it_is_sent(django_capture_on_commit_callbacks):
    # given two consenting users and one who never agreed
    keeps, withdraws, never = UserFactory(), UserFactory(), UserFactory()
    _consent(keeps)
    _consent(withdraws)
    campaign = _campaign()
    mail.outbox.clear()

    # when staff queue the campaign, one user withdraws before it goes out, and then it is sent
    with django_capture_on_commit_callbacks(execute=False) as queued:
        campaign_queue(campaign_id=campaign.pk, site_url="http://testserver/")
    _consent(withdraws, granted=False)
    for callback in queued:
        callback()

    # then only the user whose consent holds at send time gets it, with one-click unsubscribe headers
    assert [message.to for message in mail.outbox] == [[keeps.email]]
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://testserver/privacy/unsubscribe/[^>]+/>", headers["List-Unsubscribe"])
    assert list(CampaignDelivery.objects.values_list("user_id", flat=True)) == [keeps.pk]
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SENT
    assert never.email not in {m.to[0] for m in mail.outbox}


@pytest.mark.django_db
@pytest.mark.promise("G2")
def test_one_click_unsubscribe_records_a_withdrawal_and_a_get_changes_nothing(django_capture_on_commit_callbacks):
    # given a consenting user who received a campaign
    user = UserFactory()
    _consent(user)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_queue(campaign_id=_campaign().pk, site_url="http://testserver/")
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    mail_client = Client(enforce_csrf_checks=True)

    # when a link scanner opens the link
    page = mail_client.get(link)

    # then nothing changes
    assert page.status_code == 200 and consent_is_granted(user_id=user.pk, purpose=MARKETING)

    # when the mail client posts the RFC 8058 one-click body, without session or CSRF token
    response = mail_client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    # then the consent is withdrawn by a record from the email link, and a tampered link is refused
    assert response.status_code == 200
    assert not consent_is_granted(user_id=user.pk, purpose=MARKETING)
    latest = ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id").first()
    assert (latest.purpose, latest.granted, latest.channel) == (MARKETING, False, Channel.EMAIL_LINK)
    assert mail_client.post(link[:-4] + "zzz/").status_code == 400


@pytest.mark.django_db
def test_a_channel_no_feature_sends_through_cannot_be_used_and_staff_send_from_the_admin(
    client, django_capture_on_commit_callbacks
):
    # given an SMS campaign (the model allows it; no feature asks SMS consent yet) and an email one
    sms = _campaign(channel="sms")
    email = _campaign()
    user = UserFactory()
    _consent(user)
    client.force_login(StaffFactory())

    # when staff send both from the admin
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/marketing/campaign/",
            {"action": "send_now", "_selected_action": [sms.pk, email.pk]},
            follow=True,
        )

    # then the SMS one is refused with a message, the email one goes out
    page = response.content.decode()
    assert "nothing can be sent through it" in page
    assert Campaign.objects.get(pk=sms.pk).status == CampaignStatus.DRAFT
    assert Campaign.objects.get(pk=email.pk).status == CampaignStatus.SENT


@pytest.mark.django_db
def test_the_unused_precise_location_purpose_is_gone(accepting_user):
    # given
    web = Client()
    web.force_login(accepting_user)
    api = APIClient()
    api.force_authenticate(accepting_user)

    # when
    page = web.get("/privacy/consents/").content.decode()
    response = api.put("/api/v1/privacy/consents/", {"precise_location": True}, format="json")

    # then
    assert "Precise location" not in page and "Marketing emails" in page
    assert response.status_code == 400 and "precise_location" in response.json()["fields"]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.promise("G2")
def test_a_real_worker_sends_a_campaign_in_batches(real_worker, settings):  # noqa: F811
    # given five consenting users, one who is not, and batches of two
    settings.PRIVACY_MARKETING_BATCH_SIZE = 2
    consenting = [UserFactory() for _ in range(5)]
    UserFactory()
    for user in consenting:
        _consent(user)
    campaign = _campaign()
    mail.outbox.clear()

    # when the campaign is queued through the Redis broker
    campaign_queue(campaign_id=campaign.pk, site_url="http://testserver/")

    # then the worker sends it to exactly the consenting users, once each
    assert wait_until(lambda: Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SENT)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in consenting)
    assert CampaignDelivery.objects.filter(campaign=campaign).count() == 5


@pytest.mark.django_db
def test_product_views_are_counted_only_for_visitors_who_accepted_optional_cookies(client):
    # given a product, a visitor who chose essential cookies only and one who accepted optional ones
    product = ProductFactory()
    refusing, accepting = Client(), Client()
    refusing.post("/privacy/cookies/", {"choice": "essential", "next": "/"})
    accepting.post("/privacy/cookies/", {"choice": "all", "next": "/"})

    # when both open the product page, and an undecided visitor opens it too
    for visitor in (refusing, accepting, accepting, Client()):
        assert visitor.get(f"/products/{product.slug}/").status_code == 200

    # then only the accepting visitor's two views are counted, as a bare number per day
    counts = list(DailyViewCount.objects.values_list("subject", "views"))
    assert counts == [(f"product:{product.pk}", 2)]

    # and merchants see it in the admin
    client.force_login(StaffFactory())
    page = client.get(f"/admin/shop/product/{product.pk}/change/").content.decode()
    assert "Views in the last 30 days" in page


@pytest.mark.django_db
def test_an_anonymous_cookie_choice_is_recorded_with_proof_under_a_pseudonymous_id():
    # given an anonymous visitor
    browser = Client()

    # when they choose, then change their mind
    browser.post("/privacy/cookies/", {"choice": "all", "next": "/"})
    visitor_id = browser.cookies["privacy_visitor"].value
    browser.post("/privacy/cookies/", {"choice": "essential", "next": "/"})

    # then both choices are proven under the same pseudonym, never the raw cookie value
    proofs = list(CookieChoiceProof.objects.order_by("pk").values_list("visitor_ref", "choice"))
    assert proofs == [(keyed_hash(visitor_id), "all"), (keyed_hash(visitor_id), "essential")]
    assert not CookieChoiceProof.objects.filter(visitor_ref=visitor_id).exists()
