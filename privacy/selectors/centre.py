"""The privacy centre's dashboard: the current state of each of the user's rights, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from privacy.cancellation.selectors import CancellationState, cancellation_latest
from privacy.models import DisclosureRecord, ExportJob
from privacy.requests.models import RequestStatus
from privacy.requests.selectors import privacy_requests_of_user
from privacy.selectors.consent import consent_details
from privacy.selectors.export import export_job_state


@dataclass(frozen=True)
class CentreSummary:
    consents_on: int
    consents_total: int
    export_state: str | None  # an ExportStatus value of the latest export, or None before the first
    export_requested_at: datetime | None
    disclosure_count: int
    last_disclosure_at: datetime | None
    open_requests: int
    answered_requests: int
    cancellation_state: str | None  # a CancellationState value, or None without any request
    cancellation_due_at: datetime | None

    @property
    def cancellation_pending(self) -> bool:
        return self.cancellation_state in (
            CancellationState.COOLING_OFF,
            CancellationState.DUE,
            CancellationState.ON_HOLD,
        )


def privacy_centre_summary(*, user) -> CentreSummary:
    consents = consent_details(user=user)
    export = ExportJob.objects.filter(user_id=user.pk).order_by("-requested_at", "-id").first()
    disclosures = DisclosureRecord.objects.filter(user_id=user.pk).order_by("-created_at")
    last_disclosure = disclosures.values_list("created_at", flat=True).first()
    statuses = list(privacy_requests_of_user(user_id=user.pk).values_list("status", flat=True))
    cancellation = cancellation_latest(user_id=user.pk)
    return CentreSummary(
        consents_on=sum(1 for consent in consents if consent.granted),
        consents_total=len(consents),
        export_state=export_job_state(export) if export else None,
        export_requested_at=export.requested_at if export else None,
        disclosure_count=disclosures.count(),
        last_disclosure_at=last_disclosure,
        open_requests=sum(1 for status in statuses if status != RequestStatus.ANSWERED),
        answered_requests=sum(1 for status in statuses if status == RequestStatus.ANSWERED),
        cancellation_state=cancellation.state if cancellation else None,
        cancellation_due_at=cancellation.request.due_at if cancellation else None,
    )
