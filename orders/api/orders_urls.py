"""Address-book and orders API routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from orders.api.addresses import AddressDetailView, AddressListView
from orders.api.guest import (
    GuestErasureRequestView,
    GuestOrderCreateView,
    GuestOrderDetailView,
    GuestOrderPayView,
    GuestOrdersClaimView,
)
from orders.api.orders import OrderCancelView, OrderDetailView, OrderListView, OrderPayView

urlpatterns = [
    path("addresses/", AddressListView.as_view(), name="address-list"),
    path("addresses/<int:address_id>/", AddressDetailView.as_view(), name="address-detail"),
    path("orders/", OrderListView.as_view(), name="order-list"),
    path("orders/claim-guest-orders/", GuestOrdersClaimView.as_view(), name="order-claim-guest"),
    path("guest-orders/", GuestOrderCreateView.as_view(), name="guest-order-list"),
    path("guest-orders/erasure/", GuestErasureRequestView.as_view(), name="guest-order-erasure"),
    path("guest-orders/<str:token>/", GuestOrderDetailView.as_view(), name="guest-order-detail"),
    path("guest-orders/<str:token>/pay/", GuestOrderPayView.as_view(), name="guest-order-pay"),
    path("orders/<str:number>/", OrderDetailView.as_view(), name="order-detail"),
    path("orders/<str:number>/pay/", OrderPayView.as_view(), name="order-pay"),
    path("orders/<str:number>/cancel/", OrderCancelView.as_view(), name="order-cancel"),
]
