"""The email provider's answer to an erasure's deletion request (promise C4)."""

from privacy.conf import privacy_settings
from privacy.erasure_hooks import RecipientAnswer, RecipientRejected


def email_deletion_request(*, recipient_ref: str, references: list[str], request_key: str) -> RecipientAnswer:
    """A relay that keeps no copy once a message is delivered (``PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES`` False, the
    default: the shop's own SMTP relay) holds nothing to delete. One that keeps copies offers no deletion API
    here: the request is refused (``email_provider_ask_by_hand``) and staff ask it from the admin's list."""
    if privacy_settings.PRIVACY_EMAIL_PROVIDER_KEEPS_COPIES:
        raise RecipientRejected("email_provider_ask_by_hand")
    return RecipientAnswer(done=True, reference="relay-keeps-no-copy")
