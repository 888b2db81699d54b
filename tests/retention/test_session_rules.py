"""Retention of sign-in traces (E1): website sessions a day after they expired, allauth's record of a signed-in
session (IP address, browser) a day after its session ended, the admin's change history after a year. All run in
the daily purge (``privacy.retention.purge_all`` queues one task per category)."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session

from privacy.registry import retention_policies
from tests.accounts.factories import StaffFactory, UserFactory
from tests.retention.conftest import NOW, at

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _session(key: str, expires) -> Session:
    return Session.objects.create(session_key=key, session_data="e30:signed", expire_date=expires)


def _record(user, key: str, *, seen) -> UserSession:
    with at(seen):
        return UserSession.objects.create(user=user, ip="203.0.113.8", user_agent="Browser/1.0", session_key=key)


@pytest.mark.promise("E1")
def test_sessions_and_their_records_have_policies_in_the_daily_purge():
    # when
    declared = {policy.category: policy.model for policy in retention_policies()}

    # then
    assert declared["session_expired"] == "sessions.Session"
    assert declared["user_session_ended"] == "usersessions.UserSession"
    assert declared["admin_log"] == "admin.LogEntry"


@pytest.mark.promise("E1")
def test_expired_sessions_go_a_day_after_they_expired(purge):
    # given
    long_gone = _session("a" * 32, NOW - DAY - timedelta(seconds=1))
    just_expired = _session("b" * 32, NOW - timedelta(hours=1))
    live = _session("c" * 32, NOW + DAY)

    # when
    run = purge("session_expired")

    # then
    assert set(Session.objects.values_list("session_key", flat=True)) == {just_expired.pk, live.pk}
    assert not Session.objects.filter(pk=long_gone.pk).exists()
    assert (run.examined, run.deleted) == (1, 1)


@pytest.mark.promise("E1")
def test_a_signed_in_session_record_goes_a_day_after_its_session_ended(purge):
    # given
    user = UserFactory()
    _session("live" + "x" * 28, NOW + DAY)
    _session("dead" + "x" * 28, NOW - 2 * DAY)
    kept = _record(user, "live" + "x" * 28, seen=NOW - 30 * DAY)
    expired = _record(user, "dead" + "x" * 28, seen=NOW - 30 * DAY)
    vanished = _record(user, "gone" + "x" * 28, seen=NOW - 3 * DAY)
    recent_vanished = _record(user, "new" + "x" * 29, seen=NOW - timedelta(hours=2))

    # when
    purge("user_session_ended")

    # then
    assert set(UserSession.objects.values_list("pk", flat=True)) == {kept.pk, recent_vanished.pk}
    assert not UserSession.objects.filter(pk__in=[expired.pk, vanished.pk]).exists()


def test_the_admin_change_history_goes_after_a_year(purge):
    # given
    staff, customer = StaffFactory(), UserFactory()
    for moment in (NOW - 366 * DAY, NOW - 364 * DAY):
        with at(moment):
            LogEntry.objects.log_actions(user_id=staff.pk, queryset=[customer], action_flag=CHANGE, single_object=True)

    # when
    purge("admin_log")

    # then
    assert [entry.action_time for entry in LogEntry.objects.all()] == [NOW - 364 * DAY]
