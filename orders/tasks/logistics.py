"""Logistics tasks: the handoff of an order to its carrier."""
