"""Scrubbing the admin's change history of what it says about an erased user's objects (promise D4).

The masking admin writes entries masked (``privacy.admin.history``), but a masked email still carries its
first letter and domain, an entry written before masking reached an admin carries more, and inline change
messages name related objects. When a user is erased, every ``LogEntry`` about one of their rows (any
declared model, the account itself included, through any proxy of it) keeps who acted, when and what kind
of change it was, and loses its object text and change message.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from privacy.registry import PersonalModel, declared_model, owned_rows

ERASED_OBJECT_TEXT = "Erased personal data"
ADMIN_APP = "django.contrib.admin"


def _content_type_ids(declaration: PersonalModel) -> list[int]:
    """The content types the admin logs rows of the declared model under: the model and its proxies."""
    concrete = declared_model(declaration)._meta.concrete_model
    models = [model for model in apps.get_models() if model._meta.concrete_model is concrete]
    return [
        content_type.pk
        for content_type in ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    ]


def admin_history_scrub(*, user_id: int, personal_models: list[PersonalModel]) -> int:
    """Blank the object text and change message of every admin log entry about a row of ``personal_models``
    that ``user_id`` owns. Call it before those rows are deleted (it finds them by owner). One UPDATE; returns
    how many entries changed. Idempotent: scrubbed entries are not counted again."""
    if not apps.is_installed(ADMIN_APP):
        return 0
    from django.contrib.admin.models import LogEntry

    about_user = [
        Q(
            content_type_id__in=_content_type_ids(declaration),
            object_id__in=owned_rows(declaration, user_id).annotate(pk_text=Cast("pk", TextField())).values("pk_text"),
        )
        for declaration in personal_models
        if declaration.owner is not None
    ]
    if not about_user:
        return 0
    entries = LogEntry.objects.filter(reduce(or_, about_user)).exclude(
        object_repr=ERASED_OBJECT_TEXT, change_message=""
    )
    return entries.update(object_repr=ERASED_OBJECT_TEXT, change_message="")
