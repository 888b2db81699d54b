"""Personal data of the reviews app: what a shopper wrote and showed, and what they reported or voted.

What happens to a review when its author's account is erased is the shop's choice,
``REVIEWS_ON_ACCOUNT_ERASURE`` (read once, when these declarations are registered at startup):

* ``"anonymise"`` (default): the review stays, with its rating, text and photos, and reads "Anonymous":
  it only ever showed the account's nickname and avatar, and the erasure blanks both on the account.
* ``"delete"``: the review goes, with its photos (files deleted once the erasure commits), its
  reports and votes; the product's rating summary stops counting it (``ratings_after_erasure``, the
  erasure handler registered below: one recompute of the account's products, not one per review).

Reports and helpful votes a shopper *gave* lose the link to them and stay, as anonymous signals.
Retention categories used here: ``review`` (as long as the author keeps the review) and
``review_feedback`` (reports and votes, while the review exists). Neither has a purge of its own: the
author deletes a review at any time, and the account's erasure applies the rules above.
"""

from privacy.erasure_hooks import register_erasure_handler
from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    exempt,
    register,
    retention_exempt,
)
from shop.reviews.conf import OnAccountErasure, on_account_erasure
from shop.reviews.services.rating import ratings_after_erasure

_KEPT_AS_ANONYMOUS = (
    "The shop keeps reviews after the author's erasure (REVIEWS_ON_ACCOUNT_ERASURE=anonymise): the review "
    "showed only the account's nickname and avatar, which the erasure blanks, so it then reads as Anonymous."
)


def _field(name: str, label: str, category: Category, mask: Mask, anonymise: Anonymise) -> PersonalField:
    return PersonalField(name, category=category, label=label, mask=mask, anonymise=anonymise)


def review_declarations(mode: OnAccountErasure) -> list[PersonalModel]:
    """The declarations of ``Review`` and ``ReviewImage`` for an erasure ``mode``."""
    if mode is OnAccountErasure.DELETE:
        on_erase, kept, user_rule = OnErase.DELETE_ROW, Anonymise.DELETE_ROW, Anonymise.DELETE_ROW
    else:
        kept = Anonymise.keep(reason=_KEPT_AS_ANONYMOUS)
        on_erase = OnErase.ANONYMISE_FIELDS
        # Kept like an order's buyer: it points at the anonymised account, and lets a re-applied erasure
        # (after a backup restore) find the reviews again.
        user_rule = Anonymise.keep(reason="Points at the anonymised account, shown as Anonymous.")
    return [
        PersonalModel(
            model="reviews.Review",
            owner="user",
            retention="review",
            on_erase=on_erase,
            fields=[
                # Shown publicly as the account's nickname and avatar, never the email or a name.
                _field("user", "Author (shown as your nickname and avatar)", Category.IDENTITY, Mask.NONE, user_rule),
                # Public once published: staff read it to moderate, as everyone else can.
                _field("text", "Review", Category.CONTENT, Mask.NONE, kept),
                _field(
                    "moderation_reason",
                    "Why staff rejected or hid the review",
                    Category.CONTENT,
                    Mask.NONE,
                    Anonymise.DELETE_ROW if mode is OnAccountErasure.DELETE else Anonymise.BLANK,
                ),
            ],
        ),
        PersonalModel(
            model="reviews.ReviewImage",
            owner="review__user",
            retention="review",
            on_erase=on_erase,
            fields=[_field("image", "Photo of a review", Category.CONTENT, Mask.NONE, kept)],
        ),
    ]


for _declaration in review_declarations(on_account_erasure()):
    register(_declaration)

register_erasure_handler(name="reviews.rating_summary", handler=ratings_after_erasure)

exempt("reviews.Review", "status", reason="Moderation state, one of a fixed list of values.")
exempt(
    "reviews.Review",
    "reply",
    reason="The merchant's public reply, written by the shop's staff about the review, not by the author.",
)

register(
    PersonalModel(
        model="reviews.ReviewReport",
        owner="reporter",
        retention="review_feedback",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[
            _field("reporter", "Reported by", Category.BEHAVIOUR, Mask.NONE, Anonymise.NULL),
            _field(
                "reason",
                "Reason for the report",
                Category.BEHAVIOUR,
                Mask.NONE,
                Anonymise.keep(reason="One of a fixed list; without the reporter it identifies no one."),
            ),
            # Free text, which may name people: shown masked in the admin until revealed.
            _field("note", "Note with the report", Category.CONTENT, Mask.FULL, Anonymise.BLANK),
        ],
    )
)
register(
    PersonalModel(
        model="reviews.HelpfulVote",
        owner="voter",
        retention="review_feedback",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[_field("voter", "Found a review helpful", Category.BEHAVIOUR, Mask.NONE, Anonymise.NULL)],
    )
)

retention_exempt(
    "review",
    reason="A review is kept while its author keeps it: they delete it (and its photos) themselves at any time, "
    "and the account's erasure anonymises or deletes it as REVIEWS_ON_ACCOUNT_ERASURE says.",
)
retention_exempt(
    "review_feedback",
    reason="Reports and helpful votes go with their review; the account's erasure removes the link to the shopper.",
)
