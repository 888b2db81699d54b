"""Routes of the fake payment provider, mounted at ``/demo-payments/``."""

from django.urls import path

from demo.payments import views

app_name = "demo_payments"
urlpatterns = [
    path("api/intents/", views.intent_create_view, name="intents"),
    path("api/intents/<str:intent_id>/", views.intent_retrieve_view, name="intent"),
    path("api/intents/<str:intent_id>/capture/", views.intent_capture_view, name="intent-capture"),
    path("api/intents/<str:intent_id>/refunds/", views.intent_refund_view, name="intent-refunds"),
    path("api/deletion-requests/", views.deletion_request_view, name="deletion-requests"),
    path("pay/<str:intent_id>/", views.hosted_page, name="hosted-page"),
]
