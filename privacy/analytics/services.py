"""Writes of the view counter and of anonymous cookie proofs (A3, B5)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Sum
from django.http import HttpResponse
from django.utils import timezone

from privacy.analytics import conf
from privacy.analytics.models import CookieChoiceProof, DailyViewCount
from privacy.cookies import optional_cookies_allowed
from privacy.hashing import keyed_hash
from privacy.selectors.policy import policy_version_current


def view_count_record(*, request, subject: str) -> bool:
    """Count one view of ``subject`` today, only for a visitor who accepted optional cookies. Stores no
    trace of who looked. Returns whether it counted. One upsert."""
    if not optional_cookies_allowed(request):
        return False
    today = timezone.localdate()
    updated = DailyViewCount.objects.filter(subject=subject, day=today).update(views=F("views") + 1)
    if not updated:
        _, created = DailyViewCount.objects.get_or_create(subject=subject, day=today, defaults={"views": 1})
        if not created:
            DailyViewCount.objects.filter(subject=subject, day=today).update(views=F("views") + 1)
    return True


def view_count_total(*, subject: str, days: int = 30) -> int:
    """Views of ``subject`` counted over the last ``days`` days (today included)."""
    since = timezone.localdate() - timedelta(days=days - 1)
    return DailyViewCount.objects.filter(subject=subject, day__gte=since).aggregate(total=Sum("views"))["total"] or 0


def cookie_choice_proof_record(*, request, response: HttpResponse, choice: str, user_agent: str) -> CookieChoiceProof:
    """Record an anonymous visitor's cookie choice under a pseudonym of their essential visitor cookie,
    setting that cookie (a random id) when they have none yet."""
    visitor_id = request.COOKIES.get(conf.visitor_cookie_name()) or ""
    if len(visitor_id) < 16 or len(visitor_id) > 64:
        visitor_id = secrets.token_urlsafe(24)
    response.set_cookie(
        conf.visitor_cookie_name(),
        visitor_id,
        max_age=conf.visitor_cookie_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return CookieChoiceProof.objects.create(
        visitor_ref=keyed_hash(visitor_id),
        choice=choice,
        policy_version=policy_version_current(),
        user_agent=user_agent[:512],
    )
