"""Website routes of the privacy app, mounted at ``/privacy/``."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("policy/", views.policy_list, name="policy-list"),
    # Before the version route: "accept" is a reserved version label.
    path("policy/accept/", views.policy_accept_page, name="policy-accept"),
    path("policy/<str:version>/", views.policy_detail, name="policy-detail"),
    path("consents/", views.consents_page, name="consents"),
    path("cookies/", views.cookies_page, name="cookies"),
]
