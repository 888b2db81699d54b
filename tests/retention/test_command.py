"""``manage.py purge_expired``: a progress bar while it works, a summary table at the end, refusals."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from privacy.retention.models import PurgeRun
from tests.accounts.factories import UserFactory
from tests.retention.conftest import NOW, at
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


def test_the_command_shows_progress_and_a_summary_of_every_category():
    # given
    user = UserFactory()
    with at(NOW - timedelta(days=365)):
        for _ in range(10):
            HistoryEntryFactory(user=user)
    out = StringIO()

    # when
    with at(NOW):
        call_command("purge_expired", "--batch-size", "3", stdout=out)

    # then the bar moves batch by batch to 10/10
    lines = out.getvalue().splitlines()
    bar = [line for line in lines if line.startswith("history ") and "[" in line]
    assert bar[0].endswith("30% 3/10") and bar[-1].endswith("100% 10/10")
    assert "[" + "#" * 30 + "]" in bar[-1]
    # and the table has a row per category, the history row with its counts
    header = lines.index("Purged:") + 1
    assert lines[header].split() == [
        "category", "days", "examined", "deleted", "anonymised", "held", "warned", "postponed", "errors", "status",
        "seconds",
    ]  # fmt: skip
    rows = {line.split()[0]: line.split() for line in lines[header + 1 :]}
    assert rows["history"][1:10] == ["180", "10", "10", "0", "0", "0", "0", "0", "completed"]
    assert set(rows) == set(PurgeRun.objects.values_list("category", flat=True))
    assert PurgeRun.objects.filter(triggered_by="command", batch_size=3).count() == len(rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--batch-size", "0"], "--batch-size must be at least 1"),
        (["--category", "no_such_thing"], "invalid choice"),
    ],
)
def test_the_command_refuses_bad_arguments(args, message):
    # when / then
    with pytest.raises(CommandError, match=message):
        call_command("purge_expired", *args, stdout=StringIO())
    assert not PurgeRun.objects.exists()
