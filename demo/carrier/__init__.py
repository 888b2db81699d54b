"""A demo carrier served by the shop's own server, so checkout ships with nothing else running.

It speaks the carrier protocol of ``orders.carriers``: ``POST /demo-carrier/api/shipments/`` books a
parcel and answers a tracking number derived from the idempotency key (the same order always gets the
same number, so it needs no storage and keeps none of the data it receives). ``manage.py
demo_carrier_advance <tracking number>`` plays the courier: it posts the parcel's next signed tracking
event to the shop's webhook. ``demo.carrier.setup.demo_carrier_configure`` creates its ``Carrier``
row; the views answer only while ``DEMO_CARRIER_ENABLED`` is on (development and tests), and ask for
``Authorization: Bearer <DEMO_CARRIER_API_KEY>`` when that setting is not empty.
"""
