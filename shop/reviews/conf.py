"""Settings of reviews, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class ReviewsSettings(AppSettings):
    REVIEWS_MODERATION = AppSetting(
        "publish",
        '"publish": a buyer\'s review shows at once; "approve_first": it waits in the admin\'s moderation queue.',
    )
    REVIEWS_EDIT_WINDOW = AppSetting(
        30 * 24 * 60 * 60, "Seconds after posting during which the author may still edit a review (deleting: always)."
    )
    REVIEWS_ON_ACCOUNT_ERASURE = AppSetting(
        "anonymise",
        'When an account is erased, its reviews stay as "Anonymous" ("anonymise") or go with their photos ("delete").',
    )
    REVIEWS_TEXT_MIN_LENGTH = AppSetting(10, "Fewest characters a review's text may have.")
    REVIEWS_TEXT_MAX_LENGTH = AppSetting(2000, "Most characters a review's text may have.")
    REVIEWS_MAX_IMAGES = AppSetting(5, "Most photos one review may carry.")


reviews_settings = ReviewsSettings()
