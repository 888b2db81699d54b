"""API routes of the privacy app, mounted at ``/api/v1/privacy/`` (names live in the ``api`` namespace); the
sub-apps' API routes are mounted beside them (``config/urls.py``)."""

from django.urls import path

from privacy.api import disclosures, export, guardian, notice, views

urlpatterns = [
    path("policy/", views.PolicyCurrentView.as_view(), name="privacy-policy"),
    path("policy/accept/", views.PolicyAcceptView.as_view(), name="privacy-policy-accept"),
    path("policy/notice/acknowledge/", notice.PolicyNoticeAcknowledgeView.as_view(), name="privacy-notice-ack"),
    path("policy/versions/", views.PolicyVersionListView.as_view(), name="privacy-policy-versions"),
    path("policy/versions/<str:version>/", views.PolicyVersionDetailView.as_view(), name="privacy-policy-version"),
    path("consents/", views.ConsentsView.as_view(), name="privacy-consents"),
    path("export/", export.ExportView.as_view(), name="privacy-export"),
    path("export/<int:job_id>/download/", export.ExportDownloadView.as_view(), name="privacy-export-download"),
    path("disclosures/", disclosures.DisclosureListView.as_view(), name="privacy-disclosures"),
    path("guardian-consent/", guardian.GuardianConsentView.as_view(), name="privacy-guardian-consent"),
]
