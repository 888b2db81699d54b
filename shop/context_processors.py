"""Template context shared by every page."""

from functools import cache

from shop.selectors.cart import cart_item_count


def cart_summary(request) -> dict:
    """``cart_item_count`` for the navigation: the total quantity in the caller's cart.

    A callable, which templates call when they show it (once per render, however often it is shown),
    so a page that does not show it pays nothing; shown, it costs at most one query, and none for a
    visitor whose session names no cart.
    """
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None:
        return {"cart_item_count": 0}

    @cache
    def count() -> int:
        return cart_item_count(user=user, session=session)

    return {"cart_item_count": count}
