"""Checking a proof record against a claim after its readable details are gone (promise B4).

An erased account's policy acceptances and consent records keep their IP address and user agent only as
keyed hashes (``privacy/personal_data.py``). Whoever claims "this acceptance came from 203.0.113.9 with
Firefox" can still be answered: the claim is hashed under the same key and compared.
"""

import hmac

from privacy.hashing import keyed_hash


def _matches(stored: str | None, claimed: str | None) -> bool:
    if claimed is None or stored in (None, ""):
        return claimed is None
    claimed = str(claimed)
    return hmac.compare_digest(str(stored), claimed) or hmac.compare_digest(str(stored), keyed_hash(claimed))


def proof_claim_matches(record, *, ip_address: str | None = None, user_agent: str | None = None) -> bool:
    """Whether ``record`` (a ``PolicyAcceptance`` or ``ConsentRecord``) was made from ``ip_address`` with
    ``user_agent``, each checked when given, whether the record still holds the values or only their hashes."""
    return _matches(record.ip_address, ip_address) and _matches(record.user_agent, user_agent)
