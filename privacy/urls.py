"""Website routes of the privacy engine, mounted at ``/privacy/`` in the ``privacy`` namespace. The sub-apps'
routes (cancellation, incidents, ...) join the same namespace there (``config/urls.py``): the engine imports
none of them."""

from django.urls import path

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
    path("disclosures/", disclosures.disclosures_page, name="disclosures"),
    path("guardian/", guardian.guardian_page, name="guardian"),
    path("guardian/confirm/<str:token>/", guardian.guardian_confirm_page, name="guardian-confirm"),
]
