"""Merchant admin of the orders app: orders (``orders``) and carriers and shipments (``logistics``)."""

from orders.admin import logistics, orders

__all__ = ["logistics", "orders"]
