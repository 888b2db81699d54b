"""Website routes of the privacy app, mounted at ``/privacy/``."""

from django.urls import path

from privacy.cancellation import views as cancellation
from privacy.compromise import views as compromise
from privacy.incidents import views as incidents
from privacy.marketing import views as marketing
from privacy.requests import views as requests
from privacy.web import centre, disclosures, export, guardian, policy

app_name = "privacy"

urlpatterns = [
    path("", centre.privacy_centre_page, name="centre"),
    path("policy/", policy.policy_list, name="policy-list"),
    # Before the version route: "accept" is a reserved version label.
    path("policy/accept/", policy.policy_accept_page, name="policy-accept"),
    path("policy/<str:version>/", policy.policy_detail, name="policy-detail"),
    path("consents/", policy.consents_page, name="consents"),
    path("cookies/", policy.cookies_page, name="cookies"),
    path("export/", export.export_page, name="export"),
    path("cancellation/", cancellation.cancellation_page, name="cancellation"),
    path("cancellation/revoke/", cancellation.cancellation_revoke_page, name="cancellation-revoke"),
    path("disclosures/", disclosures.disclosures_page, name="disclosures"),
    path("guardian/", guardian.guardian_page, name="guardian"),
    path("guardian/confirm/<str:token>/", guardian.guardian_confirm_page, name="guardian-confirm"),
    path("incidents/", incidents.incidents_page, name="incidents"),
    path("incidents/public/", incidents.incidents_public_page, name="incidents-public"),
    path("incidents/<int:delivery_id>/acknowledge/", incidents.incident_acknowledge_page, name="incident-acknowledge"),
    path("compromised/", compromise.compromised_page, name="compromised"),
    path("compromised/confirm/<str:token>/", compromise.compromised_confirm_page, name="compromised-confirm"),
    path("unsubscribe/<str:token>/", marketing.unsubscribe_page, name="unsubscribe"),
    path("requests/", requests.request_page, name="requests"),
    path("requests/verify/<str:token>/", requests.request_verify_page, name="request-verify"),
]
