"""Template context shared by every page."""


def cart_summary(request) -> dict:
    """Placeholder until the cart selectors exist: the cart count shown in the navigation."""
    return {"cart_item_count": 0}
