"""Signal receivers of the shop app. They only hand over to a service, which holds the logic."""

from shop.services.cart import cart_merge_on_login
from shop.services.catalog_version import catalog_version_bump


def merge_cart_on_login(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the visitor's session cart becomes part of the user's cart."""
    cart_merge_on_login(request=request, user=user)


def catalog_row_changed(sender, **kwargs) -> None:
    """``post_save``/``post_delete``/``m2m_changed`` of a catalog model (product, variant, image, category, sale):
    whoever wrote the row (admin, import, a service, a script), catalog reads must not answer from before it. As
    ``django.contrib.sites`` clears its cache on ``pre_save``. Queryset ``update()``s send no signal: the services
    that run them move the version themselves (checkout, restocking, activation, ratings)."""
    catalog_version_bump()
