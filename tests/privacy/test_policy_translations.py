# ruff: noqa: RUF001 - the Chinese text is written with full-width punctuation, as Chinese is.
"""A policy version's text per language: written with the draft, frozen at publication, served in the
reader's language with the default text as fallback; an acceptance records which text was shown."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from privacy.errors import PolicyVersionImmutable
from privacy.models import PolicyAcceptance, PolicyVersion
from privacy.policy_text import policy_body_digest
from privacy.policy_translations import PolicyTranslation, policy_text_for
from privacy.services.policy import policy_version_publish, policy_version_publish_initial
from tests.accounts.factories import StaffFactory, UserFactory
from tests.privacy.factories import DraftPolicyVersionFactory

pytestmark = pytest.mark.django_db

CHINESE_BODY = "# 隐私政策\n\n我们只收集销售和配送所需的信息。"


@pytest.fixture
def bilingual_policy():
    """A material version in effect, with its Simplified Chinese text written before publication."""
    draft = DraftPolicyVersionFactory(version="2026-05")
    PolicyTranslation.objects.create(
        version=draft,
        language="zh-hans",
        title="隐私政策（2026 年 5 月）",
        body=CHINESE_BODY,
        summary_of_changes="首个版本。",
    )
    return policy_version_publish(version_id=draft.pk, actor=None)


def _in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_the_policy_page_shows_the_readers_language_and_falls_back_to_english(client, bilingual_policy):
    chinese = _in_chinese(client).get(f"/privacy/policy/{bilingual_policy.version}/").content.decode()
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    english = client.get(f"/privacy/policy/{bilingual_policy.version}/").content.decode()

    assert "隐私政策（2026 年 5 月）" in chinese
    assert "我们只收集销售和配送所需的信息。" in chinese
    assert policy_body_digest(CHINESE_BODY) in chinese
    assert bilingual_policy.title in english
    assert "我们只收集" not in english


def test_a_version_without_a_translation_is_shown_in_english_to_chinese_readers(client):
    draft = DraftPolicyVersionFactory(version="2026-06")
    version = policy_version_publish(version_id=draft.pk, actor=None)

    page = _in_chinese(client).get(f"/privacy/policy/{version.version}/").content.decode()

    assert version.title in page
    assert "版本 2026-06" in page


def test_accepting_in_chinese_records_the_chinese_text(client, bilingual_policy):
    # given a signed-in shopper reading in Chinese
    shopper = UserFactory()
    client.force_login(shopper)
    _in_chinese(client)

    # when they accept on the website
    client.post("/privacy/policy/accept/", {"version": bilingual_policy.version, "accept": "on", "next": "/"})

    # then the proof names the Chinese text they read
    acceptance = PolicyAcceptance.objects.get(user=shopper)
    chinese = bilingual_policy.translations.get(language="zh-hans")
    assert (acceptance.language, acceptance.body_digest) == ("zh-hans", chinese.body_digest)


def test_accepting_through_the_api_in_english_records_the_english_text(bilingual_policy):
    shopper = UserFactory()
    api = APIClient()
    api.force_authenticate(shopper)

    response = api.post(
        "/api/v1/privacy/policy/accept/",
        {"version": bilingual_policy.version},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code in (200, 201)
    assert response.json()["language"] == "en"
    acceptance = PolicyAcceptance.objects.get(user=shopper)
    assert (acceptance.language, acceptance.body_digest) == ("en", bilingual_policy.body_digest)


def test_a_translation_is_frozen_with_its_published_version(bilingual_policy):
    chinese = bilingual_policy.translations.get()

    chinese.body = "改过的文本"
    with pytest.raises(PolicyVersionImmutable):
        chinese.save()
    with pytest.raises(PolicyVersionImmutable):
        PolicyTranslation(version=bilingual_policy, language="zh-hans", title="x", body="y").save()
    with pytest.raises(PolicyVersionImmutable):
        chinese.delete()


def test_staff_add_a_translation_to_a_draft_in_the_admin_and_cannot_change_it_once_published(client):
    # given a draft
    client.force_login(StaffFactory())
    draft = DraftPolicyVersionFactory()

    # when staff add its Chinese text
    response = client.post(
        "/admin/privacy/policytranslation/add/",
        {
            "version": draft.pk,
            "language": "zh-hans",
            "title": "隐私政策",
            "summary_of_changes": "首个版本。",
            "body": CHINESE_BODY,
        },
    )

    # then it is stored, rendered and digested like the English text
    assert response.status_code == 302
    chinese = PolicyVersion.objects.get(pk=draft.pk).translations.get()
    assert chinese.body_html.startswith("<h1>隐私政策</h1>")
    assert chinese.body_digest == policy_body_digest(CHINESE_BODY)

    # and once the version is published the translation is read-only, and no new one can name it
    policy_version_publish(version_id=draft.pk, actor=None)
    change_page = client.get(f"/admin/privacy/policytranslation/{chinese.pk}/change/")
    assert change_page.status_code == 200
    assert 'name="body"' not in change_page.content.decode()
    refused = client.post(
        "/admin/privacy/policytranslation/add/",
        {"version": draft.pk, "language": "zh-hans", "title": "x", "body": "y"},
    )
    assert refused.status_code == 200
    assert PolicyTranslation.objects.count() == 1


def test_the_bundled_first_policy_comes_with_its_chinese_text():
    version, created = policy_version_publish_initial()

    assert created
    text = policy_text_for(version, "zh-hans")
    assert (text.language, text.title) == ("zh-hans", "PrivaShop 隐私政策")
    assert "<h2>5. 您的权利</h2>" in text.body_html
    assert policy_text_for(version, "en").title == "PrivaShop privacy policy"


def test_the_api_serves_the_callers_language_and_says_which(bilingual_policy):
    api = APIClient()

    chinese = api.get("/api/v1/privacy/policy/", HTTP_ACCEPT_LANGUAGE="zh-Hans").json()
    english = api.get("/api/v1/privacy/policy/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert (chinese["language"], chinese["title"]) == ("zh-hans", "隐私政策（2026 年 5 月）")
    assert chinese["body_digest"] == policy_body_digest(CHINESE_BODY)
    assert "我们只收集" in chinese["body_html"]
    assert (english["language"], english["title"]) == ("en", bilingual_policy.title)
