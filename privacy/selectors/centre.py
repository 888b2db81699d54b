"""The privacy centre's dashboard: the current state of each of the user's rights, in a fixed number of queries.

Requests and cancellation are sub-apps: they fill in their fields through ``privacy.extensions``
(``centre_summary_register``), so the engine imports neither."""

from dataclasses import dataclass
from datetime import datetime

from privacy.extensions import centre_summary
from privacy.models import DisclosureRecord, ExportJob
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
    open_requests: int = 0
    answered_requests: int = 0
    cancellation_state: str | None = None  # a CancellationState value, or None without any request
    cancellation_due_at: datetime | None = None
    cancellation_pending: bool = False  # cooling off, due or on hold


def privacy_centre_summary(*, user) -> CentreSummary:
    consents = consent_details(user=user)
    export = ExportJob.objects.filter(user_id=user.pk).order_by("-requested_at", "-id").first()
    disclosures = DisclosureRecord.objects.filter(user_id=user.pk).order_by("-created_at")
    last_disclosure = disclosures.values_list("created_at", flat=True).first()
    return CentreSummary(
        consents_on=sum(1 for consent in consents if consent.granted),
        consents_total=len(consents),
        export_state=export_job_state(export) if export else None,
        export_requested_at=export.requested_at if export else None,
        disclosure_count=disclosures.count(),
        last_disclosure_at=last_disclosure,
        **centre_summary(user_id=user.pk),
    )
