"""``{{ version|policy_text }}``: a policy version's title, body and summary in the reader's language."""

from django import template

from privacy.policy_translations import PolicyText, policy_text_for

register = template.Library()


@register.filter
def policy_text(version) -> PolicyText:
    """The text of ``version`` in the active language, or in the default language when it has no translation."""
    return policy_text_for(version)
