# ruff: noqa: RUF001 - the Chinese text is written with full-width punctuation, as Chinese is.
"""The site in the shopper's language: the switcher, the remembered choice, pages, money, dates and emails."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.utils import translation

from accounts.models import User
from core.money import money_format
from orders.services.notifications import order_notification_send
from privacy.compromise.services import compromise_link_send
from privacy.services.erasure import user_erase_personal_data
from tests.accounts.factories import UserFactory
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_in_chinese_shows_chinese_text(client):
    # given a visitor who chose Simplified Chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    # when they open the home page
    response = client.get("/")

    # then the page is in Chinese and says so
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "搜索商品" in page
    assert "购物车" in page
    assert "隐私中心" in page
    assert "Search products" not in page
    assert response["Content-Language"] == "zh-hans"


def test_a_browser_asking_for_chinese_gets_chinese_and_english_stays_the_default(client):
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert "搜索商品" in chinese.content.decode()
    assert "Search products" in english.content.decode()


def test_the_header_switcher_is_a_form_that_works_without_javascript(client):
    page = client.get("/").content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert 'name="language" value="zh-hans" lang="zh-hans"' in page
    assert "简体中文" in page
    assert 'value="en" lang="en" aria-current="true"' in page


def test_the_switcher_sets_the_language_cookie_and_goes_back(client):
    # when a visitor picks Chinese on the cart page
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/cart/"})

    # then they go back to the cart, and the choice is a cookie kept for a year, unreadable by scripts
    assert response.status_code == 302
    assert response["Location"] == "/cart/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hans"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # and the next page is in Chinese
    assert "我的购物车" in client.get("/cart/").content.decode()


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_next(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_shoppers_choice_is_saved_on_the_account_and_follows_them(client, accepting_user):
    # given a signed-in shopper who picks Chinese
    client.force_login(accepting_user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    # then the account remembers it
    accepting_user.refresh_from_db()
    assert accepting_user.language == "zh-hans"

    # and on another browser (no language cookie, an English Accept-Language) the site is in Chinese
    other = client.__class__()
    other.force_login(accepting_user)
    assert "搜索商品" in other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_cookies_page_declares_the_language_cookie(client):
    page = client.get("/privacy/cookies/").content.decode()

    assert "remember the language you" in page


def test_money_follows_the_active_language():
    with translation.override("zh-hans"):
        chinese = money_format(Decimal("1234.5"), "CNY")
    with translation.override("en"):
        english = money_format(Decimal("1234.5"), "CNY")

    assert chinese == "¥1,234.50"
    assert english == "CN¥1,234.50"


def test_dates_follow_the_active_language():
    moment = datetime(2026, 3, 4, 16, 28, tzinfo=ZoneInfo("UTC"))
    template = Template('{{ moment|date:"DATE_FORMAT" }}')

    with translation.override("zh-hans"):
        chinese = template.render(Context({"moment": moment}))
    with translation.override("en"):
        english = template.render(Context({"moment": moment}))

    assert chinese == "2026年3月4日"
    assert english == "4 March 2026"


def test_an_order_email_to_a_chinese_speaking_shopper_is_in_chinese():
    # given a shopper whose saved language is Simplified Chinese, and their order
    shopper = UserFactory(language="zh-hans")
    order = OrderFactory(user=shopper)

    # when the confirmation email is sent (outside any request: English is active)
    with translation.override("en"):
        sent = order_notification_send(order_id=order.pk, kind="confirmation")

    # then subject and both parts are in Chinese
    assert sent
    message = mail.outbox[-1]
    assert f"您的订单 {order.number} 已确认" in message.subject
    assert f"感谢您的订购，订单号 {order.number}。" in message.body
    assert "待付款" in message.body
    html = message.alternatives[0][0]
    assert "打开您的订单页面" in html
    assert 'lang="zh-hans"' in html


def test_an_email_to_a_shopper_without_a_saved_language_stays_in_english():
    order = OrderFactory(user=UserFactory())

    with translation.override("en"):
        order_notification_send(order_id=order.pk, kind="confirmation")

    assert mail.outbox[-1].subject.endswith(f"Your order {order.number} is confirmed")


def test_a_privacy_email_follows_the_shoppers_language():
    shopper = UserFactory(language="zh-hans")

    compromise_link_send(email=shopper.email, site_url="https://shop.example/")

    message = mail.outbox[-1]
    assert message.subject == "锁定您的 PrivaShop 账户"
    assert "有人（希望是您本人）报告您的 PrivaShop 账户已被盗用。" in message.body


def test_the_saved_language_is_erased_with_the_account():
    shopper = UserFactory(language="zh-hans")

    user_erase_personal_data(user_id=shopper.pk)

    assert User.objects.get(pk=shopper.pk).language == ""
