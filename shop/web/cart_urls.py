"""Cart pages, mounted at ``/cart/``."""

from django.urls import path

from shop.web import cart_pricing_views, cart_views

urlpatterns = [
    path("", cart_views.cart_page, name="cart"),
    path("add/", cart_views.cart_add, name="cart-add"),
    path("items/<int:item_id>/", cart_views.cart_item_update, name="cart-item-update"),
    path("items/<int:item_id>/remove/", cart_views.cart_item_remove, name="cart-item-remove"),
    path("voucher/", cart_pricing_views.cart_voucher_apply_view, name="cart-voucher"),
    path("voucher/remove/", cart_pricing_views.cart_voucher_remove_view, name="cart-voucher-remove"),
    path("shipping-method/", cart_pricing_views.cart_shipping_method_view, name="cart-shipping-method"),
]
