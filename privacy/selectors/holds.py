"""Legal holds (E2): which users and objects purges and anonymisation must leave alone."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from privacy.models import LegalHold


def legal_hold_active_for_user(*, user_id: int) -> bool:
    """True while an unreleased hold names the user. One query."""
    return LegalHold.objects.active().filter(user_id=user_id).exists()


def held_user_ids() -> QuerySet:
    """A subquery of the ids of every user under an active hold (use it in ``user_id__in=``)."""
    return LegalHold.objects.active().filter(user__isnull=False).values("user_id")


def held_object_ids(*, model: type[Model]) -> QuerySet:
    """A subquery of the primary keys (as text) of ``model``'s objects under an active hold."""
    content_type = ContentType.objects.get_for_model(model)
    return LegalHold.objects.active().filter(content_type=content_type).values("object_id")
