"""Demo-only code: the demo catalog and pricing, the demo carrier and the fake payment provider served by
this server, and the ``seed_demo``, ``demo_carrier_advance`` and ``demo_payments_send_held`` commands.

Only local and test settings install this app; production does not, so none of it is importable through a
URL there (``config/urls.py`` mounts ``/demo-carrier/`` and ``/demo-payments/`` only when it is installed).
It sits above every other app (it seeds catalog, accounts, privacy and logistics) and nothing imports it.
"""
