"""The privacy centre's requests card (registered with ``privacy.extensions.centre_summary_register``)."""

from privacy.requests.models import RequestStatus
from privacy.requests.selectors import privacy_requests_of_user


def requests_centre_summary(*, user_id: int) -> dict[str, int]:
    statuses = list(privacy_requests_of_user(user_id=user_id).values_list("status", flat=True))
    return {
        "open_requests": sum(1 for status in statuses if status != RequestStatus.ANSWERED),
        "answered_requests": sum(1 for status in statuses if status == RequestStatus.ANSWERED),
    }
