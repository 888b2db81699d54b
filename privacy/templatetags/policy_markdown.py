"""``{{ text|markdown }}``: Markdown written by staff (a policy's summary of changes) as safe HTML."""

import re

from django import template
from django.utils.safestring import mark_safe

from privacy.policy_text import policy_body_html

register = template.Library()


@register.filter(name="markdown")
def markdown_html(text: str) -> str:
    """Rendered and cleaned by ``policy_body_html`` (no scripts, no images, no event handlers)."""
    return mark_safe(policy_body_html(text or ""))  # noqa: S308 -- nh3 cleaned it


_LEADING_H1 = re.compile(r"^\s*<h1[^>]*>.*?</h1>\s*", re.DOTALL)


@register.filter
def without_leading_title(html: str) -> str:
    """A policy's HTML without its own first ``<h1>``: the page shows the title once, as its heading."""
    return mark_safe(_LEADING_H1.sub("", html or "", count=1))  # noqa: S308 -- already cleaned HTML
