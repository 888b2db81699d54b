"""Signal receivers of the shop app. They only hand over to a service, which holds the logic."""

from shop.services.cart import cart_merge_on_login


def merge_cart_on_login(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the visitor's session cart becomes part of the user's cart."""
    cart_merge_on_login(request=request, user=user)
