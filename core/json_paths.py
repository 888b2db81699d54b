"""Which requests are answered in JSON: the shop's API and allauth's headless API. Error views, the request
guards and the policy gate answer these in the shared error shape, everything else with a page."""

from django.http import HttpRequest

JSON_PREFIXES = ("/api/", "/_allauth/")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES)
