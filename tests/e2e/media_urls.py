"""The site's URLs plus the uploaded files (MEDIA_ROOT), for journeys that show product pictures: the live
test server serves static files but not media, and ``config.urls`` adds media only under DEBUG."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
