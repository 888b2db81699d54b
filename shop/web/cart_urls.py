"""Cart pages, mounted at ``/cart/``."""

from django.urls import path

from shop.web import cart_views

urlpatterns = [
    path("", cart_views.cart_page, name="cart"),
    path("add/", cart_views.cart_add, name="cart-add"),
    path("items/<int:item_id>/", cart_views.cart_item_update, name="cart-item-update"),
    path("items/<int:item_id>/remove/", cart_views.cart_item_remove, name="cart-item-remove"),
]
