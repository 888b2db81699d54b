"""Website pages of the privacy app; routes in ``privacy/urls.py``."""
