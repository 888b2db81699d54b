"""Turning a policy's Markdown body into safe HTML, and the digest that proves which text was agreed to."""

import hashlib

import markdown
import nh3

# Images are left out on purpose: a remote image in the policy would let a third party see who reads it.
_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "area", "map"}


def policy_body_html(body: str) -> str:
    """Render Markdown to HTML and strip anything unsafe (scripts, event handlers, javascript: links)."""
    html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=_ALLOWED_TAGS)


def policy_body_digest(body: str) -> str:
    """The SHA-256 of the exact stored body (UTF-8), as 64 hex digits."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
