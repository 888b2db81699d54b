"""Private storage for data-export files: outside ``MEDIA_ROOT``, never served by a URL of its own.

The location is read from ``PRIVACY_EXPORT_ROOT`` each time, so tests can point it at a temporary folder.
Files are handed out only by the export download view, to their owner, while the job is not expired.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ExportStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVACY_EXPORT_ROOT)

    @property
    def location(self):
        return str(settings.PRIVACY_EXPORT_ROOT)

    def deconstruct(self):
        return ("privacy.storage.ExportStorage", (), {})


def export_storage() -> ExportStorage:
    return ExportStorage()
