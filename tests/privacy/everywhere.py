"""A shopper with personal data in every table that can hold it, for the tests that walk every admin screen and
search every table for what is left after erasure.

``person_everywhere(user, carrier)`` fills, for ``user``: the account, login email, consents and policy proof with
an IP address and browser, history and cart, address book, an order shipped through ``carrier`` with tracking
events and order event messages carrying the tracking number, a review with a photo, a report and a vote, a
third-party binding with its token and grant, a second factor, a signed-in session record, a guardian's consent,
and an admin log entry written by the plain Django admin before masking reached it.
"""

import io
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, PngImagePlugin

from orders.models import ActorKind, Order, OrderEvent, OrderStatus, Payment, Shipment, ShipmentStatus, TrackingEvent
from privacy.models import Channel, GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from privacy.services.consent import consent_set
from privacy.services.disclosure import disclosure_record
from shop.models import HistoryKind
from shop.reviews.models import HelpfulVote, ReviewReport, ReviewStatus
from tests.binding.factories import ActiveGrantFactory, SocialAccountFactory, SocialTokenFactory
from tests.cancellation.conftest import make_order
from tests.orders.factories import AddressFactory
from tests.reviews.factories import ReviewFactory, ReviewImageFactory, bought_line
from tests.shop.factories import CartFactory, CartItemFactory, HistoryEntryFactory

EMAIL = "rosalind.residue@example.com"
PHONE = "13912345678"
NICKNAME = "RosalindQ"
GIVEN_NAME = "Rosalind"
FAMILY_NAME = "Quillfeather"
FULL_NAME = f"{GIVEN_NAME} {FAMILY_NAME}"
STREET = "88 Hidden Orchard Road, Flat 12"
UID = "idp-7f3a9c21e5d04b"
IP_ADDRESS = "198.51.100.77"
USER_AGENT = "Mozilla/5.0 (X11; RosalindOS) Quillbrowser/9.1"
TRACKING_NUMBER = "QP000123777"
TOTP_SECRET = "JBSWY3DPEHPK3PXPROSALIND"
DELIVERY_NOTE = "Leave it with the porter, ring twice"

IDENTIFIERS = (EMAIL, PHONE, NICKNAME, FAMILY_NAME, FULL_NAME, STREET, UID, IP_ADDRESS, USER_AGENT, TRACKING_NUMBER)
"""What identifies the person; none of it may be shown unmasked in the admin or be left after erasure."""


@dataclass
class Filled:
    user: object
    order: Order
    shipment: Shipment


def second_factor_add(user) -> None:
    """An authenticator app (TOTP) for ``user``, its secret recognisable."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})


def png_carrying(text: str) -> bytes:
    """A small PNG whose metadata carries ``text``: if the file survived, a storage search would find it."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", text)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def person_everywhere(user, carrier, *, second_factor: bool = True) -> Filled:
    """Give ``user`` (who accepted the policy) personal data in every table; without ``second_factor`` (which
    makes every sign-in ask for a code) add it with ``second_factor_add`` after signing in."""
    get_user_model().objects.filter(pk=user.pk).update(email=EMAIL, nickname=NICKNAME, date_of_birth=date(1990, 5, 6))
    user.refresh_from_db()
    user.avatar.save("avatar.png", ContentFile(png_carrying(EMAIL)))
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    consent_set(
        user=user,
        changes={"personalisation": True},
        ip_address=IP_ADDRESS,
        user_agent=USER_AGENT,
        channel=Channel.WEB,
    )
    HistoryEntryFactory(user=user)
    HistoryEntryFactory(user=user, kind=HistoryKind.SEARCH, query=f"birthday gift for {FULL_NAME}", product=None)
    CartItemFactory(cart=CartFactory(user=user))
    AddressFactory(user=user, recipient_name=FULL_NAME, phone=PHONE, street=STREET)
    recipient = {"recipient_name": FULL_NAME, "phone": PHONE, "street": STREET}
    order = make_order(
        user, invoice_email=EMAIL, invoice_title=FULL_NAME, note=f"Call {GIVEN_NAME}. {DELIVERY_NOTE}", **recipient
    )
    Payment.objects.create(order=order, provider="demo", reference="demo_pay_1", amount=order.total, currency="CNY")
    shipment = Shipment.objects.create(
        order=order,
        carrier=carrier,
        status=ShipmentStatus.BOOKED,
        tracking_number=TRACKING_NUMBER,
        booked_at=timezone.now(),
    )
    OrderEvent.objects.create(
        order=order,
        kind="status_changed",
        actor_kind=ActorKind.CARRIER,
        message=f"Handed to {carrier.name}, tracking number {TRACKING_NUMBER}.",
    )
    TrackingEvent.objects.create(
        shipment=shipment,
        event_id=f"{TRACKING_NUMBER}-1",
        status="delivered",
        description=f"Signed for by {FULL_NAME}",
        location=STREET,
        occurred_at=timezone.now(),
    )
    disclosure_record(
        user_id=user.pk,
        recipient=carrier.name,
        recipient_ref=f"carrier:{carrier.slug}",
        purpose=f"Delivery of order {order.number}",
        fields=["recipient_name", "phone", "street"],
        reference=order.number,
    )
    line = bought_line(user=user, status=OrderStatus.COMPLETED)
    Order.objects.filter(pk=line.order_id).update(recipient_name=FULL_NAME, street=STREET)
    review = ReviewFactory(user=user, order_line=line, text="Warm, soft, and the sleeves are long enough.")
    ReviewImageFactory(review=review)
    other_review = ReviewFactory(status=ReviewStatus.PUBLISHED)
    ReviewReport.objects.create(review=other_review, reporter=user, reason="other", note=f"{FULL_NAME} disagrees")
    HelpfulVote.objects.create(review=other_review, voter=user)
    social = SocialAccountFactory(user=user, uid=UID, extra_data={"name": FULL_NAME, "email": EMAIL, "sub": UID})
    SocialTokenFactory(account=social)
    ActiveGrantFactory(user=user, social_account=social)
    if second_factor:
        second_factor_add(user)
    UserSession.objects.create(
        user=user, ip=IP_ADDRESS, user_agent=USER_AGENT, session_key="rosalind-session-record", data={}
    )
    GuardianConsent.objects.create(
        user=user,
        guardian_name=f"Parent of {FULL_NAME}",
        guardian_email="parent.of.rosalind@example.com",
        status=GuardianConsentStatus.CONFIRMED,
        method=GuardianConsentMethod.STAFF,
        evidence=f"Signed form for {NICKNAME}",
    )
    return Filled(user=user, order=order, shipment=shipment)
