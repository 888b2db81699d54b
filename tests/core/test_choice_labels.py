"""No screen shows a raw code where a person reads a choice: every field with choices, in every installed app
(third-party ones included, since their admins are shown too), has human labels, never its snake_case values."""

import re

from django.apps import apps

SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def _choice_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                yield model, field


def test_every_choice_has_a_human_label_not_its_code():
    # when
    offenders = [
        f"{model._meta.label}.{field.name}: {value!r} is labelled {label!r}"
        for model, field in _choice_fields()
        for value, label in field.flatchoices
        if value not in (None, "") and (str(label) == str(value) or SNAKE_CASE.match(str(label)))
    ]

    # then
    assert offenders == []


def test_the_walk_sees_the_order_statuses_and_event_kinds():
    # given: the fields the merchant reads most
    labels = {f"{model._meta.label}.{field.name}" for model, field in _choice_fields()}

    # then
    assert {"orders.Order.status", "orders.OrderEvent.kind", "orders.OrderEvent.to_status"} <= labels
