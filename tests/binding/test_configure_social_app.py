"""``manage.py configure_social_app``: providers configured from the shell as the admin would."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_an_openid_connect_provider_is_created_then_updated():
    # when
    call_command(
        "configure_social_app",
        "--provider=openid_connect",
        "--provider-id=corp-sso",
        "--name=Corp SSO",
        "--client-id=shop",
        "--secret=first",
        "--server-url=https://sso.example.com/realms/shop",
        "--profile-fields=nickname,email",
    )
    call_command(
        "configure_social_app",
        "--provider=openid_connect",
        "--provider-id=corp-sso",
        "--client-id=shop",
        "--secret=second",
        "--server-url=https://sso.example.com/realms/shop2",
    )

    # then
    app = SocialApp.objects.get()
    assert (app.provider, app.provider_id, app.client_id, app.secret) == (
        "openid_connect",
        "corp-sso",
        "shop",
        "second",
    )
    assert app.settings == {
        "server_url": "https://sso.example.com/realms/shop2",
        "profile_fields": ["nickname", "email"],
    }


def test_the_secret_can_come_from_the_environment(monkeypatch):
    # given
    monkeypatch.setenv("GITHUB_SECRET", "from-env")

    # when
    call_command("configure_social_app", "--provider=github", "--client-id=gh", "--secret-env=GITHUB_SECRET")

    # then
    app = SocialApp.objects.get()
    assert (app.name, app.secret) == ("GitHub", "from-env")


@pytest.mark.parametrize(
    "args",
    [
        ["--provider=nosuch", "--client-id=x", "--secret=y"],
        ["--provider=openid_connect", "--client-id=x", "--secret=y"],
        ["--provider=weixin", "--client-id=x", "--secret=y", "--profile-fields=phone"],
        ["--provider=weixin", "--client-id=x", "--secret-env=PRIVASHOP_UNSET_SECRET"],
    ],
)
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        call_command("configure_social_app", *args)
    assert not SocialApp.objects.exists()
