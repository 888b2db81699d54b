"""Returns API routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from orders.returns.api import OrderReturnsView

urlpatterns = [path("orders/<str:number>/returns/", OrderReturnsView.as_view(), name="order-returns")]
