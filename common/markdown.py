"""Narrative texts are stored as Markdown and sanitised when rendered (web and PDF alike)."""

from __future__ import annotations

import threading

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

# What a report text may contain: paragraphs, headings, lists, emphasis, tables, links.
ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


# Building a Markdown converter loads its extensions; a scorecard renders one comment per
# measure, so one converter per thread is reused (reset() clears its state between texts).
_local = threading.local()


def _converter() -> md.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter


def render_markdown(text: str) -> SafeString:
    """Markdown → HTML with only the tags above; scripts, styles and handlers are removed."""
    if not text:
        return mark_safe("")
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # sanitised by nh3 just above
