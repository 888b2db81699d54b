"""Address-book and orders API routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from orders.api.addresses import AddressDetailView, AddressListView
from orders.api.orders import OrderCancelView, OrderDetailView, OrderListView, OrderPayView

urlpatterns = [
    path("addresses/", AddressListView.as_view(), name="address-list"),
    path("addresses/<int:address_id>/", AddressDetailView.as_view(), name="address-detail"),
    path("orders/", OrderListView.as_view(), name="order-list"),
    path("orders/<str:number>/", OrderDetailView.as_view(), name="order-detail"),
    path("orders/<str:number>/pay/", OrderPayView.as_view(), name="order-pay"),
    path("orders/<str:number>/cancel/", OrderCancelView.as_view(), name="order-cancel"),
]
