"""How the masking admin rewrites any admin's search fields (``privacy.admin.search``) and names objects
(``privacy.admin.masked_text``)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from accounts.models import User
from orders.models import Address, Order
from privacy.admin.masked_text import masked_object_text
from privacy.admin.search import searchable_entry


@pytest.mark.parametrize(
    ("model", "entry", "searched"),
    [
        (User, "email", "=email"),  # a fragment would list or guess addresses: exact only
        (User, "^email", "=email"),
        (User, "email__icontains", "=email"),
        (User, "=email", "=email"),
        (User, "email__iexact", "email__iexact"),
        (EmailAddress, "user__email", "=user__email"),
        (EmailAddress, "user__username", None),  # the user model has no username: dropped, not a server error
        (UserSession, "user__pk", "user__pk"),
        (UserSession, "ip", "=ip"),
        (Address, "phone", None),  # encrypted: searched through its keyed hash instead
        (Order, "number", "number"),  # not personal: as declared
        (Order, "no_such_field", None),
    ],
)
def test_search_fields_are_exact_on_personal_data_and_dropped_when_unusable(model, entry, searched):
    # when / then
    assert searchable_entry(model, entry) == searched


def test_an_objects_text_loses_the_personal_values_it_contains():
    # given: allauth's email address names itself by the address
    address = EmailAddress(email="quentin.q@example.com")

    # when
    text = masked_object_text(address)

    # then
    assert str(address) == "quentin.q@example.com"
    assert text == "q***@example.com"
    assert masked_object_text(address, "Changed quentin.q@example.com twice") == "Changed q***@example.com twice"
