"""Writes of the privacy app, one module per subject (``policy``, ``consent``)."""
