"""Reading Kolada's data API (v2) with httpx, or a recorded response of it from a file.

``GET https://api.kolada.se/v2/data/kpi/<kpi,…>/municipality/<id,…>/year/<year>`` answers
``{"count": n, "values": [{"kpi", "municipality", "period", "values": [{"gender",
"value", …}]}], "next_page": url?}``; a recorded file has the same shape.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import httpx

BASE_URL = "https://api.kolada.se/v2"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
ATTEMPTS = 3
# Kolada answers 429 and 5xx now and then under load: wait and ask again.
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_PAGES = 50


class KoladaError(Exception):
    """Kolada could not be read (after the retries), or a file is not a Kolada answer."""


@dataclass(frozen=True)
class Value:
    kpi: str
    area_id: str
    year: int
    gender: str
    value: Decimal | None


def parse(document: Any) -> Iterator[Value]:
    """The values of one answer (or recorded file); KoladaError when it is not one."""
    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        raise KoladaError("svaret saknar listan ”values”")
    for entry in document["values"]:
        try:
            kpi, area, year = str(entry["kpi"]), str(entry["municipality"]), int(entry["period"])
            for item in entry["values"]:
                raw = item.get("value")
                try:
                    value = None if raw is None else Decimal(str(raw))
                except InvalidOperation:
                    raise KoladaError(f"{kpi} {area} {year}: värdet {raw!r} är inget tal") from None
                yield Value(kpi, area, year, str(item.get("gender") or "T"), value)
        except (KeyError, TypeError, ValueError) as error:
            raise KoladaError(
                f"ett värde saknar kpi, municipality, period eller values: {error}"
            ) from error


def read_file(path: Path) -> list[Value]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KoladaError(f"{path}: {error}") from error
    return list(parse(document))


def _get(client: httpx.Client, url: str) -> Any:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = client.get(url)
            if response.status_code in RETRY_STATUSES and attempt < ATTEMPTS:
                time.sleep(2 ** (attempt - 1))
                continue
            response.raise_for_status()
            return response.json()
        except (httpx.TransportError, ValueError) as error:
            if attempt == ATTEMPTS:
                raise KoladaError(f"{url}: {error}") from error
            time.sleep(2 ** (attempt - 1))
        except httpx.HTTPStatusError as error:
            raise KoladaError(f"{url}: {error.response.status_code}") from error
    raise KoladaError(f"{url}: inget svar")  # pragma: no cover (the loop returns or raises)


def fetch(
    *, kpis: Iterable[str], area_ids: Iterable[str], year: int, client: httpx.Client | None = None
) -> list[Value]:
    """The values of the KPIs for the areas in the year, every page of the answer."""
    url: str | None = (
        f"{BASE_URL}/data/kpi/{','.join(sorted(kpis))}"
        f"/municipality/{','.join(sorted(area_ids))}/year/{year}"
    )
    own = client is None
    # Connection errors are retried by the transport too (before any byte was sent).
    http = client or httpx.Client(
        timeout=TIMEOUT, transport=httpx.HTTPTransport(retries=2), follow_redirects=True
    )
    values: list[Value] = []
    try:
        for _page in range(MAX_PAGES):
            if url is None:
                break
            document = _get(http, url)
            values.extend(parse(document))
            next_page = document.get("next_page") if isinstance(document, dict) else None
            url = str(next_page) if next_page else None
    finally:
        if own:
            http.close()
    return values
