"""Pseudonymous references to a user, kept on proof records that must outlive the account (promise B4).

The reference is a keyed hash of the user id (``privacy.hashing``, under ``PRIVACY_HASH_KEY``): it does
not reveal who the user was, yet whoever holds the id (for example on an order kept for accounting) can
recompute it and find the records again. Changing ``PRIVACY_HASH_KEY`` breaks that link for older records.
"""

from privacy.hashing import keyed_hash


def user_ref_for(user_id: int) -> str:
    return keyed_hash(f"user:{user_id}")
