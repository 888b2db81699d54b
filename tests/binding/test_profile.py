"""What each kind of provider offers, where it keeps it, and what is left once a grant is applied."""

from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress

from privacy.binding.profile import (
    mask_uid,
    minimise_extra_data,
    offered_fields,
    offered_profile,
    restrict_sociallogin,
    scope_for,
)

GITHUB_USER = {
    "id": 583231,
    "login": "octocat",
    "name": "The Octocat",
    "avatar_url": "https://avatars.githubusercontent.com/u/583231",
    "email": "octocat@github.example",
    "company": "@github",
    "location": "San Francisco",
    "bio": "A cat",
    "html_url": "https://github.com/octocat",
}
WEIXIN_USER = {
    "openid": "oLVPpjqs9BhvzwPj5A-vTYAX3GLc",
    "nickname": "小明",
    "sex": 1,
    "province": "广东",
    "city": "深圳",
    "country": "CN",
    "headimgurl": "https://thirdwx.qlogo.cn/mmopen/abc/132",
    "unionid": "o6_bmasdasdsad6_2sgVt7hMZOPfL",
}


def _provider(kind: str, **app_settings):
    return SimpleNamespace(id=kind, name=kind, app=SimpleNamespace(name="", settings=app_settings))


def _sociallogin(kind: str, extra_data: dict, emails=()):
    return SimpleNamespace(
        provider=_provider(kind),
        account=SimpleNamespace(extra_data=dict(extra_data)),
        email_addresses=list(emails),
    )


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("openid_connect", ("avatar", "nickname", "email")),
        ("github", ("avatar", "nickname", "email")),
        ("weixin", ("avatar", "nickname")),
        ("google", ()),
    ],
)
def test_each_kind_of_provider_offers_its_fields(kind, fields):
    assert offered_fields(_provider(kind)) == fields


def test_an_app_can_offer_less_never_more():
    assert offered_fields(_provider("weixin", profile_fields=["nickname", "email"])) == ("nickname",)


@pytest.mark.parametrize(
    ("kind", "fields", "scope"),
    [
        ("openid_connect", [], ["openid"]),
        ("openid_connect", ["nickname", "avatar"], ["openid", "profile"]),
        ("openid_connect", ["email"], ["openid", "email"]),
        ("github", ["nickname"], []),
        ("github", ["email"], ["user:email"]),
        ("weixin", [], ["snsapi_login"]),
    ],
)
def test_the_provider_is_asked_for_no_more_than_the_grant_needs(kind, fields, scope):
    assert scope_for(_provider(kind), fields) == scope


def test_github_keeps_only_the_granted_keys():
    # when
    kept = minimise_extra_data(_provider("github"), GITHUB_USER, ["avatar"])

    # then
    assert kept == {"avatar_url": GITHUB_USER["avatar_url"]}


def test_weixin_drops_sex_and_location_whatever_is_granted():
    # when
    kept = minimise_extra_data(_provider("weixin"), WEIXIN_USER, ["avatar", "nickname"])

    # then
    assert kept == {"nickname": "小明", "headimgurl": WEIXIN_USER["headimgurl"]}


def test_openid_connect_sections_are_minimised_each():
    # given
    extra = {
        "userinfo": {"sub": "s", "name": "Real Name", "nickname": "nick", "email": "a@b.example"},
        "id_token": {"sub": "s", "iss": "https://idp", "aud": "c", "name": "Real Name"},
    }

    # when
    kept = minimise_extra_data(_provider("openid_connect"), extra, ["nickname"])

    # then
    assert kept == {"userinfo": {"nickname": "nick"}}


def test_restricting_drops_the_providers_email_addresses_unless_granted():
    # given
    emails = [EmailAddress(email="second@x.example", primary=False), EmailAddress(email="main@x.example", primary=True)]
    granted, refused = _sociallogin("github", GITHUB_USER, emails), _sociallogin("github", GITHUB_USER, emails)

    # when
    restrict_sociallogin(granted, ["email"])
    restrict_sociallogin(refused, ["nickname"])

    # then
    assert [address.email for address in granted.email_addresses] == ["main@x.example"]
    assert refused.email_addresses == []
    assert refused.account.extra_data == {"login": "octocat"}


def test_the_offered_values_are_read_from_what_the_provider_sent():
    # given
    emails = [EmailAddress(email="Main@X.example", primary=True, verified=True)]

    # when
    offered = offered_profile(_sociallogin("github", GITHUB_USER, emails))

    # then
    assert (offered.nickname, offered.email, offered.email_verified) == ("octocat", "main@x.example", True)
    assert offered.avatar_url == GITHUB_USER["avatar_url"]
    assert offered.present_fields == ("avatar", "nickname", "email")


def test_an_avatar_that_is_not_a_web_url_is_not_offered():
    assert offered_profile(_sociallogin("weixin", {**WEIXIN_USER, "headimgurl": "file:///etc/passwd"})).avatar_url == ""


@pytest.mark.parametrize(
    ("uid", "masked"),
    [("9f3c2a7e-1b4d-4e8f", "9f****8f"), ("583231", "****"), ("", ""), ("oLVPpjqs9BhvzwPj5A", "oL****5A")],
)
def test_account_ids_are_masked(uid, masked):
    assert mask_uid(uid) == masked
