"""Finds text a person would read in a Django template that is not marked for translation.

What is left of a template once comments, template tags and variables, the inside of ``{% blocktranslate %}``
blocks, ``<script>``/``<style>`` elements, entities and markup are taken out is text a reader sees as written:
any word in it is unmarked. Attributes a reader meets (``alt``, ``title``, ``placeholder``, ``aria-label``) are
checked the same way. Brand names and symbols are allowed.
"""

import re

ALLOWED_WORDS = {"PrivaShop", "SHA-256", "JSON", "PDF", "CN"}
_COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_COMMENT = re.compile(r"{#.*?#}", re.S)
# A block that only passes a CSS class to the base template ({% block main_class %}layout-narrow{% endblock %}).
_CLASS_BLOCK = re.compile(r"{%\s*block\s+\w*class\w*\s*%}.*?{%\s*endblock[^%]*%}", re.S)
_BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
_VARIABLE = re.compile(r"{{.*?}}", re.S)
_RAW_ELEMENT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_READ_ATTRIBUTE = re.compile(r'\b(?:alt|title|placeholder|aria-label)\s*=\s*"([^"]*)"', re.I)
_MARKUP = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[#\w]+;")
_WORD = re.compile("[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")


def _strip_template(source: str) -> str:
    for pattern in (_COMMENT_BLOCK, _COMMENT, _CLASS_BLOCK, _BLOCKTRANSLATE, _TAG, _VARIABLE):
        source = pattern.sub(" ", source)
    return source


def unmarked_text(source: str) -> list[str]:
    """The pieces of ``source`` (a template's text) that contain a word not marked for translation."""
    text = _strip_template(source)
    text = _RAW_ELEMENT.sub(" ", text)
    found = [value for value in _READ_ATTRIBUTE.findall(text) if _has_word(value)]
    text = _ENTITY.sub(" ", _MARKUP.sub("\n", text))
    found += [line.strip() for line in text.splitlines() if _has_word(line)]
    return found


def _has_word(text: str) -> bool:
    return any(word not in ALLOWED_WORDS for word in _WORD.findall(_ENTITY.sub(" ", text)))
