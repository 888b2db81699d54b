"""Fixtures of the reviews tests: a buyer with a delivered line, API clients, the moderation setting."""

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.reviews.factories import bought_line


@pytest.fixture
def buyer():
    return UserFactory(nickname="Lin")


@pytest.fixture
def line(buyer):
    """A line of ``buyer``'s delivered order: a medium blue variant."""
    return bought_line(user=buyer, attributes={"size": "M", "colour": "blue"})


@pytest.fixture
def product(line):
    return line.variant.product


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def api(buyer):
    return client_for(buyer)


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def publish_at_once(settings):
    settings.REVIEWS_MODERATION = "publish"


@pytest.fixture
def approve_first(settings):
    settings.REVIEWS_MODERATION = "approve_first"
