"""HTML to an archival, tagged PDF (WeasyPrint): PDF/A-3a with embedded fonts.

PDF/A-3a means: fonts embedded, XMP metadata, an sRGB output intent and a tagged
structure (headings, tables with header cells, images with alt text) in the document
language. No PDF/A or PDF/UA validator (veraPDF) can be installed here, so tests check
the structure (tags, fonts, metadata) rather than claim validation. Every PDF of the
portal (reports, the internal control plan) comes through ``render_pdf`` with the one
print stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from weasyprint import HTML

STATIC = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC / "css" / "report.css"
PDF_VARIANT = "pdf/a-3a"


def render_pdf(html: str) -> bytes:
    """WeasyPrint on the final HTML: fonts and images resolve from static/, nothing online."""
    return HTML(string=html, base_url=str(STATIC) + "/").write_pdf(
        pdf_variant=PDF_VARIANT, custom_metadata=True
    )
