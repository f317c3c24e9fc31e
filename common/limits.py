"""Input and work limits, in one place: every path (form, Excel, admin, service) reads them.

A real unit period has a few hundred rows in ten-odd columns, texts of a few paragraphs
and a report of 20–60 pages. The limits sit far above that and far below what exhausts
a server: an attack run stored a 100 MB narrative through a 125 kB workbook, after which
a report page took 12 s and its PDF 9 GB. Numbers only, plus the validator and the
Swedish message that go with them; this module knows no app.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

# --------------------------------------------------------------------------- texts
# A narrative section of the report (Markdown): 20 000 characters is about eight printed
# pages, more than any of the seed reports' longest section (about 6 000); the texts of a
# period then stay within a report of reasonable size and build time.
NARRATIVE_CHARS = 20_000
# A comment, justification, assessment, nuläge or description beside a row: a few
# paragraphs. 4 000 characters is a full printed page.
COMMENT_CHARS = 4_000
# Names and titles are CharFields with their own max_length (200–300) in the database
# schema, checked by the same full_clean; 200 is the reference for new ones.
NAME_CHARS = 200

# --------------------------------------------------------------------------- uploads
# An exported unit period is a few hundred kB; 5 MB leaves room for 10 000-row files.
UPLOAD_BYTES = 5 * 1024 * 1024
# The largest request body the portal reads at all (the upload plus its form fields):
# anything larger is refused from its Content-Length before a byte of it is read.
REQUEST_BYTES = UPLOAD_BYTES + 256 * 1024
# A workbook unpacked: every part together, and the cells and rows of one sheet, counted
# in the XML before the spreadsheet parser builds a single cell (a row of 2 000 000 cells
# cost 17 s and 1,15 GB in the parser). A full export is about 20 000 cells.
WORKBOOK_UNPACKED_BYTES = 60 * 1024 * 1024
SHEET_CELLS = 250_000
SHEET_ROWS = 50_000
SHEET_COLUMNS = 60

# --------------------------------------------------------------------------- PDF builds
# A PDF is rendered in a child process of its own with these bounds; one that exceeds
# them is ended and the build fails with a message, the worker lives on. The demo's
# årsrapport takes a few seconds and about 250 MB.
PDF_SECONDS = 90
PDF_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
# A PDF made inside a web request (the internal control plan) must end before gunicorn's
# 60 s worker timeout would end the worker instead.
PDF_WEB_SECONDS = 45


def too_long_message(limit: int, length: int) -> str:
    """The one Swedish message for a text over its limit."""
    return _("Texten är för lång: %(length)s tecken, högst %(limit)s.") % {
        "length": f"{length:,}".replace(",", "\u00a0"),
        "limit": f"{limit:,}".replace(",", "\u00a0"),
    }


@deconstructible(path="common.limits.TextLimit")
class TextLimit(MaxLengthValidator):
    """A text field's length cap with the Swedish message (model fields, forms)."""

    message = ngettext_lazy(
        "Texten är för lång: %(show_value)d tecken, högst %(limit_value)d.",
        "Texten är för lång: %(show_value)d tecken, högst %(limit_value)d.",
        "limit_value",
    )
