"""Fixtures of the third-party binding tests: a fake OpenID Connect provider on loopback, configured as a
social app, and helpers that walk the browser through the provider and back."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialApp

from tests.binding.fake_oidc import FakeIdentityProvider

PROVIDER_ID = "fakeidp"
IDP_SUB = "9f3c2a7e-1b4d-4e8f-a2c6-5d7e8f9a0b1c"
IDP_EMAIL = "alice@idp.example"
IDP_NICKNAME = "alice"


@pytest.fixture
def idp():
    """The identity provider, signed in as Alice, served over HTTP on 127.0.0.1 for the test."""
    provider = FakeIdentityProvider().start()
    provider.user = {
        "sub": IDP_SUB,
        "name": "Alice Liddell",
        "given_name": "Alice",
        "family_name": "Liddell",
        "nickname": IDP_NICKNAME,
        "preferred_username": "alice.liddell",
        "picture": f"{provider.base_url}/avatar.png",
        "locale": "en-GB",
        "email": IDP_EMAIL,
        "email_verified": True,
    }
    yield provider
    provider.stop()


@pytest.fixture
def oidc_app(idp, settings):
    """The provider configured as the admin would: a social app with its discovery URL."""
    # The provider (and its avatar) live on loopback in these tests.
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = True
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Fake IdP",
        client_id=idp.client_id,
        secret=idp.client_secret,
        settings={"server_url": idp.base_url},
    )


def through_provider(client, response, idp: FakeIdentityProvider):
    """Follow the shop's redirect to the provider with a real HTTP request (the provider signs the user in
    at once and redirects back), then hand the callback URL to the shop's test client. Returns the shop's
    answer to the callback."""
    assert response.status_code == 302, getattr(response, "content", b"")[:500]
    location = response["Location"]
    assert location.startswith(f"{idp.base_url}/authorize?"), location
    return through_authorize_url(client, location, idp)


def through_authorize_url(client, authorize_url: str, idp: FakeIdentityProvider):
    back = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.netloc == "testserver", callback
    return client.get(f"{callback.path}?{callback.query}")


def scope_of(authorize_url: str) -> list[str]:
    return parse_qs(urlsplit(authorize_url).query)["scope"][0].split()
