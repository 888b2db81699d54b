"""The payment provider as a recipient of personal data (promises C3, C4, E4): the hook every payment
call goes through, whatever provider the shop configures.

The payment service writes each payment opened at the provider to the buyer's disclosure log
(``recipient_ref`` ``payment:<name>``), marked cross-border by the provider's declared region; the
provider is asked to delete what it holds when the account goes (``payment_deletion_request``). A
provider declares its region (``PaymentProvider.region``, empty: the storage region); one abroad is
used only with the buyer's ``cross_border_transfer`` consent.
"""

from django.utils.translation import gettext_lazy

from core.errors import Conflict
from orders.codes import ErrorCode
from orders.models import Order
from orders.payments import PaymentDeletionRefused, PaymentProvider, PaymentProviderUnavailable, payment_provider
from privacy.erasure_hooks import RecipientAnswer, RecipientRejected, RecipientUnavailable
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.regions import region_is_cross_border
from privacy.selectors.consent import consent_is_granted


class PaymentCrossBorderConsentRequired(Conflict):
    code = ErrorCode.CROSS_BORDER_CONSENT_REQUIRED
    default_detail = gettext_lazy(
        "The payment provider is abroad and you have not agreed to transfers abroad: allow them in your "
        "consents, or pay another way."
    )


def payment_recipient_check(*, order: Order, provider: PaymentProvider) -> None:
    """Refuse a provider abroad without the buyer's consent to transfers abroad (checked before sending)."""
    if region_is_cross_border(provider.region) and (
        order.user_id is None or not consent_is_granted(user_id=order.user_id, purpose=CROSS_BORDER_TRANSFER)
    ):
        raise PaymentCrossBorderConsentRequired()


def payment_deletion_request(*, recipient_ref: str, references: list[str], request_key: str) -> RecipientAnswer:
    """The erasure's deletion request to the payment provider named by ``recipient_ref`` (``payment:<name>``).

    Refused (``payment_provider_changed``) when the shop no longer uses that provider, and
    (``payment_provider_no_deletion_api``) when it has no deletion API: staff see both in the admin.
    """
    provider = payment_provider()
    if recipient_ref != f"payment:{provider.name}":
        raise RecipientRejected("payment_provider_changed")
    try:
        reference = provider.request_deletion(references=references, request_key=request_key)
    except NotImplementedError:
        raise RecipientRejected("payment_provider_no_deletion_api") from None
    except PaymentDeletionRefused as refusal:
        raise RecipientRejected(refusal.code) from None
    except (PaymentProviderUnavailable, OSError):
        raise RecipientUnavailable("payment_provider_unreachable") from None
    return RecipientAnswer(done=True, reference=reference)
