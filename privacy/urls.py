"""Website routes of the privacy app, mounted at ``/privacy/``."""

from django.urls import path

from privacy import views, web_centre, web_disclosures, web_export, web_guardian
from privacy.cancellation import views as cancellation
from privacy.compromise import views as compromise
from privacy.incidents import views as incidents
from privacy.marketing import views as marketing
from privacy.requests import views as requests

app_name = "privacy"

urlpatterns = [
    path("", web_centre.privacy_centre_page, name="centre"),
    path("policy/", views.policy_list, name="policy-list"),
    # Before the version route: "accept" is a reserved version label.
    path("policy/accept/", views.policy_accept_page, name="policy-accept"),
    path("policy/<str:version>/", views.policy_detail, name="policy-detail"),
    path("consents/", views.consents_page, name="consents"),
    path("cookies/", views.cookies_page, name="cookies"),
    path("export/", web_export.export_page, name="export"),
    path("cancellation/", cancellation.cancellation_page, name="cancellation"),
    path("cancellation/revoke/", cancellation.cancellation_revoke_page, name="cancellation-revoke"),
    path("disclosures/", web_disclosures.disclosures_page, name="disclosures"),
    path("guardian/", web_guardian.guardian_page, name="guardian"),
    path("guardian/confirm/<str:token>/", web_guardian.guardian_confirm_page, name="guardian-confirm"),
    path("incidents/", incidents.incidents_page, name="incidents"),
    path("incidents/public/", incidents.incidents_public_page, name="incidents-public"),
    path("incidents/<int:delivery_id>/acknowledge/", incidents.incident_acknowledge_page, name="incident-acknowledge"),
    path("compromised/", compromise.compromised_page, name="compromised"),
    path("compromised/confirm/<str:token>/", compromise.compromised_confirm_page, name="compromised-confirm"),
    path("unsubscribe/<str:token>/", marketing.unsubscribe_page, name="unsubscribe"),
    path("requests/", requests.request_page, name="requests"),
    path("requests/verify/<str:token>/", requests.request_verify_page, name="request-verify"),
]
