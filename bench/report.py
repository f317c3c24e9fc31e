"""Årsrapport 2019 of the demo: build time against WeasyPrint alone on the same HTML.

Prints pages, charts, seconds for the full build (data + charts as SVG + HTML + PDF)
and for WeasyPrint alone rendering the same final HTML, in one run, and
`ratio:` = full build ÷ WeasyPrint alone (goal ≤ 1,3). Also the peak memory (RSS).
"""

from __future__ import annotations

import io
import resource
import statistics
import time

from _setup import django_setup

django_setup()

from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from common.pdf import render_pdf  # noqa: E402
from reports.builder import report_data  # noqa: E402
from reports.pdf import final_html  # noqa: E402
from scorecards.models import UnitPeriod  # noqa: E402

ROUNDS = 3


def main() -> None:
    call_command("loaddemo", verbosity=0)
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key="2019"
    )
    full, alone = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        data = report_data(unit_period=up)
        html = final_html(data)
        pdf = render_pdf(html)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_pdf(html)
        alone.append(time.perf_counter() - start)
    charts = html.count('<figure class="chart">')
    full_s, alone_s = statistics.median(full), statistics.median(alone)
    print(f"pages: {len(PdfReader(io.BytesIO(pdf)).pages)}")
    print(f"charts: {charts}")
    print(f"pdf_bytes: {len(pdf)}")
    print(f"full_build_s: {full_s:.2f}")
    print(f"weasyprint_alone_s: {alone_s:.2f}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print(f"ratio: {full_s / alone_s:.2f}")


if __name__ == "__main__":
    main()
