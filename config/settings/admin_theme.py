"""The merchant admin's theme: django-unfold, with the shop's brand (sidebar and dashboard in
``config/admin_theme.py``)."""

from django.templatetags.static import static

UNFOLD = {
    "SITE_TITLE": "PrivaShop admin",
    "SITE_HEADER": "PrivaShop",
    "SITE_SUBHEADER": "Merchant admin",
    "SITE_URL": "/",
    "SITE_LOGO": {
        "light": lambda request: static("admin-brand/logo.svg"),
        "dark": lambda request: static("admin-brand/logo-dark.svg"),
    },
    "SITE_SYMBOL": "storefront",
    "SITE_FAVICONS": [
        {"rel": "icon", "sizes": "any", "type": "image/svg+xml", "href": lambda request: static("favicon.svg")},
    ],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "BORDER_RADIUS": "6px",
    # The shop's accent (#0b5cad, static/css/site.css) as the admin's primary colour scale.
    "COLORS": {
        "primary": {
            "50": "#eef5fc",
            "100": "#d8e8f8",
            "200": "#b3d1f1",
            "300": "#7db2e6",
            "400": "#3f8cd6",
            "500": "#1a70c4",
            "600": "#0b5cad",
            "700": "#084a8c",
            "800": "#083e74",
            "900": "#0a3460",
            "950": "#06213e",
        },
    },
    # The dashboard, the order page's buttons and the confirmation pages (static/admin-brand/admin.css).
    "STYLES": [lambda request: static("admin-brand/admin.css")],
    "DASHBOARD_CALLBACK": "config.admin_theme.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "config.admin_theme.sidebar_navigation",
    },
}
