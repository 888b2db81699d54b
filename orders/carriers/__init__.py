"""Talking to carriers over HTTP: what we send, how, and how their webhooks are signed.

The carrier protocol this shop speaks (a real carrier gets a small adapter to it, or speaks it):

* Booking: ``POST {api_base_url}/shipments/`` with a JSON body built by
  ``orders.carriers.payload.shipment_request_build``, the header ``Idempotency-Key: <order number>`` and,
  when the merchant entered the carrier's API key, ``Authorization: Bearer <api key>``.
  The carrier answers 200 or 201 with ``{"tracking_number": "..."}``; the same key must give the same
  tracking number, which is what makes a retried booking safe.
* Tracking: the carrier calls ``POST /api/v1/logistics/webhooks/{carrier_slug}/`` with one event per
  request, signed as ``orders.carriers.signing`` describes.
"""
