"""HTML to an archival, tagged PDF (WeasyPrint): PDF/A-3a with embedded fonts.

PDF/A-3a means: fonts embedded, XMP metadata, an sRGB output intent and a tagged
structure (headings, tables with header cells, images with alt text) in the document
language. No PDF/A or PDF/UA validator (veraPDF) can be installed here, so tests check
the structure (tags, fonts, metadata) rather than claim validation. Every PDF of the
portal (reports, the internal control plan) comes through ``render_pdf`` with the one
print stylesheet.

WeasyPrint runs in a child process (``common.pdf_child``) bounded in time and memory
(``common.limits``): a document that would exhaust the server ends the child and
raises ``PdfTooLarge`` with a Swedish message, and the web or task worker lives on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from common import limits

STATIC = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC / "css" / "report.css"
PDF_VARIANT = "pdf/a-3a"


class PdfTooLarge(Exception):
    """The PDF could not be made within the time and memory bounds; ``message`` in Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def render_pdf(
    html: str,
    *,
    seconds: float = limits.PDF_SECONDS,
    memory: int = limits.PDF_MEMORY_BYTES,
) -> bytes:
    """WeasyPrint on the final HTML: fonts and images resolve from static/, nothing online."""
    command = [
        sys.executable,
        "-m",
        "common.pdf_child",
        str(STATIC) + "/",
        str(memory),
        str(max(1, int(seconds))),
    ]
    try:
        done = subprocess.run(
            command,
            input=html.encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            cwd=settings.BASE_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired as error:  # the child is killed by run()
        raise PdfTooLarge(
            _(
                "PDF:en kunde inte skapas inom %(seconds)s sekunder. Korta de längsta "
                "texterna eller tabellerna och försök igen."
            )
            % {"seconds": int(seconds)}
        ) from error
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        if done.returncode < 0 or b"MemoryError" in done.stderr:
            raise PdfTooLarge(
                _(
                    "PDF:en blev för stor för att skapas (mer än %(limit)s MB minne eller "
                    "för lång tid). Korta de längsta texterna eller tabellerna och försök igen."
                )
                % {"limit": memory // (1024 * 1024)}
            )
        detail = done.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"PDF rendering failed ({done.returncode}): {detail}")
    return done.stdout
