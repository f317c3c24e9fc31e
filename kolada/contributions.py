"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from kolada.charts import peer_ranges
from kolada.demo import KOLADA_DEMO
from kolada.report import KOLADA_SECTION

DEMO_LOADERS = (KOLADA_DEMO,)
REPORT_SECTIONS = (KOLADA_SECTION,)
MEASURE_CHART_LAYERS = (peer_ranges,)
