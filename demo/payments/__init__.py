"""A fake payment provider served by the shop's own server, so payments work with nothing else running.

It behaves like a real gateway, over HTTP, under ``/demo-payments/`` (only while ``DEMO_PAYMENTS_ENABLED``):

* ``POST api/intents/`` opens a payment (order number, amount, currency, return URL) and answers its id
  and the hosted page to send the shopper to; ``GET api/intents/<id>/`` tells its state;
  ``POST api/intents/<id>/capture/`` takes the money; ``POST api/intents/<id>/refunds/`` gives part or all
  of it back (``Idempotency-Key`` makes a retry safe).
* ``pay/<id>/`` is the hosted page. The shopper pays or declines, and picks how the webhook travels:
  at once, held back (``manage.py demo_payments_send_held`` delivers it, ``--reverse`` out of order), or
  lost (only the shop's reconcile job will learn the outcome, by asking).
* Webhooks are signed like the carrier's (``orders.payments.signing``) with ``DEMO_PAYMENTS_WEBHOOK_SECRET``
  and posted to ``/api/v1/payments/webhooks/demo/`` of the server named by ``DEMO_PAYMENTS_API_BASE_URL``.

Its state lives in the cache (it is a fake: a flushed cache forgets open payments). It stores the order
number and amounts it is sent, nothing about the shopper.
"""
