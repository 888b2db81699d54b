"""Settings of the demo carrier and the fake payment provider, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class DemoSettings(AppSettings):
    DEMO_CARRIER_ENABLED = AppSetting(False, "The demo carrier answers under /demo-carrier/ only while this is on.")
    DEMO_CARRIER_API_BASE_URL = AppSetting(
        "http://127.0.0.1:8000/demo-carrier/api", "The API address seed_demo gives the demo carrier's row."
    )
    DEMO_CARRIER_API_KEY = AppSetting(
        "",
        'When set, the demo carrier refuses bookings without "Authorization: Bearer <this key>", and the carrier '
        "row seed_demo creates is configured with it; empty, it takes any key or none.",
    )
    DEMO_PAYMENTS_ENABLED = AppSetting(False, "The fake payment provider answers under /demo-payments/ only while on.")
    ORDERS_DEMO_PAYMENT_DECLINE = AppSetting(
        False, "The fake payment provider declines every payment while this is on (to walk the failure path)."
    )


demo_settings = DemoSettings()
