"""Cart API routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from shop.api.cart import CartItemDetailView, CartItemListView, CartView
from shop.api.cart_pricing import CartShippingMethodView, CartVoucherView

urlpatterns = [
    path("cart/", CartView.as_view(), name="cart"),
    path("cart/items/", CartItemListView.as_view(), name="cart-item-list"),
    path("cart/items/<int:item_id>/", CartItemDetailView.as_view(), name="cart-item-detail"),
    path("cart/voucher/", CartVoucherView.as_view(), name="cart-voucher"),
    path("cart/shipping-method/", CartShippingMethodView.as_view(), name="cart-shipping-method"),
]
