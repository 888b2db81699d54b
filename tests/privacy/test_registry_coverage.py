"""The project's conscience: no field that can hold personal data goes undeclared."""

from privacy import registry
from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, Registry
from privacy.registry.coverage import (
    coverage_failure_message,
    covered_app_configs,
    covered_models,
    fields_needing_declaration,
    undeclared_fields,
)
from tests.testapp.models import UndeclaredProfile


def test_every_personal_capable_field_of_the_project_is_declared_or_exempt():
    # when
    missing = undeclared_fields(covered_models(), registry=registry.site)

    # then
    assert not missing, coverage_failure_message(missing)


def test_the_walk_covers_every_installed_app_but_the_test_ones():
    # when
    labels = {config.label for config in covered_app_configs()}

    # then
    assert {"core", "accounts", "shop", "orders", "privacy", "reviews", "retention"} <= labels
    assert {"auth", "admin", "sessions", "contenttypes", "account", "socialaccount", "usersessions", "mfa"} <= labels
    assert "testapp" not in labels


def test_installing_a_third_party_app_with_a_personal_field_fails_the_coverage(settings):
    # given: an app installed from outside the project (not under tests/, not the project's own folder)
    from django.apps import apps
    from django.test.utils import modify_settings

    # when
    with modify_settings(INSTALLED_APPS={"append": "django.contrib.flatpages", "prepend": "django.contrib.sites"}):
        added = [config for config in covered_app_configs() if config.label == "flatpages"]
        missing = undeclared_fields(covered_models(), registry=registry.site)
    apps.clear_cache()

    # then
    assert added
    assert {str(item) for item in missing} >= {"flatpages.FlatPage.content", "flatpages.FlatPage.title"}


def test_the_walker_flags_every_field_that_can_hold_personal_data():
    # when
    flagged = {model_field.name for model_field in fields_needing_declaration(UndeclaredProfile)}

    # then
    assert flagged == {
        "author",  # foreign key to the user
        "followers",  # many-to-many to the user
        "bio",  # text
        "website",  # URL (a CharField)
        "birthday",  # a calendar date
        "last_ip",
        "preferences",  # JSON
        "avatar",  # image
        "secret",  # encrypted text
    }


def test_the_walker_reports_an_undeclared_model_and_says_how_to_declare_it():
    # when
    missing = undeclared_fields([UndeclaredProfile], registry=registry.site)
    message = coverage_failure_message(missing)

    # then
    assert "testapp.UndeclaredProfile.bio" in {str(item) for item in missing}
    assert len(missing) == 9
    assert message.startswith("9 field(s) can hold personal data but are neither declared nor exempt:")
    assert "  - testapp.UndeclaredProfile.bio (TextField)" in message
    assert "  - testapp.UndeclaredProfile.secret (EncryptedCharField)" in message
    assert 'register(PersonalModel(\n        model="testapp.UndeclaredProfile"' in message
    assert 'exempt("testapp.UndeclaredProfile", "author", reason="...")' in message


def test_declaring_or_exempting_a_field_clears_it_from_the_report():
    # given
    site = Registry()
    site.register(
        PersonalModel(
            model="testapp.UndeclaredProfile",
            owner="author",
            retention="profile",
            on_erase=OnErase.DELETE_ROW,
            fields=[
                PersonalField("bio", category=Category.CONTENT, label="Bio", mask=Mask.FULL, anonymise=Anonymise.BLANK)
            ],
        )
    )
    site.exempt("testapp.UndeclaredProfile", "preferences", reason="Display settings only.")

    # when
    missing = {item.field for item in undeclared_fields([UndeclaredProfile], registry=site)}

    # then
    assert "bio" not in missing
    assert "preferences" not in missing
    assert missing == {"author", "followers", "website", "birthday", "last_ip", "avatar", "secret"}
