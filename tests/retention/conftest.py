"""Helpers of the retention tests: run the purge the way ops do (the management command) at a frozen moment."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from privacy.retention.models import PurgeRun

# "Now" of most tests; rows are dated relative to it.
NOW = datetime(2030, 6, 15, 12, 0, tzinfo=UTC)


def at(moment: datetime):
    """Freeze the clock at ``moment`` (rows created inside get their auto timestamps from it)."""
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def purge():
    """``purge(category, *extra_args, now=NOW)``: run ``purge_expired --category`` at ``now``; returns the
    category's newest run."""

    def run(category: str, *args: str, now: datetime = NOW) -> PurgeRun:
        with at(now):
            call_command("purge_expired", "--category", category, *args, stdout=StringIO(), stderr=StringIO())
        return PurgeRun.objects.filter(category=category).latest("id")

    return run
