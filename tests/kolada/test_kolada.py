"""Kolada: the recorded demo answer, storing values, the peer comparison on the pages,
and the HTTP client's pages, timeouts and retries (against httpx's mock transport)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kolada import client as kolada_client
from kolada import selectors
from kolada.models import KoladaValue, KpiLink
from scorecards.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "kolada" / "demo.json"


def fetch(*args: str) -> str:
    out = io.StringIO()
    call_command("fetch_kolada", *args, stdout=out)
    return out.getvalue()


def test_demo_file_says_its_values_are_made_up() -> None:
    assert "MADE UP" in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["source"]


def test_fetch_from_file_stores_the_values_once() -> None:
    assert "22 nya" in fetch("--from-file", str(DEMO_FILE))  # 20 totals, women and men once
    assert KoladaValue.objects.filter(gender="T").count() == 20
    assert "0 nya och 0 ändrade" in fetch("--from-file", str(DEMO_FILE))


def test_year_narrows_the_file() -> None:
    fetch("--year", "2020", "--from-file", str(DEMO_FILE))
    assert set(KoladaValue.objects.values_list("year", flat=True)) == {2020}


def test_bad_file_is_refused_in_swedish(tmp_path: Path) -> None:
    bad = tmp_path / "fel.json"
    bad.write_text('{"values": [{"kpi": "N00090"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="Kolada kunde inte läsas"):
        fetch("--from-file", str(bad))
    assert not KoladaValue.objects.exists()


def test_scorecard_shows_peer_median_and_position_beside_sick_leave() -> None:
    fetch("--from-file", str(DEMO_FILE))
    client = Client()
    client.force_login(User.objects.get(username="controller"))
    html = client.get("/styrkort/lansteknik/2019-T1/").content.decode()
    row = html[html.index("Total sjukfrånvaro") :][:1500]
    assert "Kolada 2019" in row
    # Peers 6,9 6,1 7,2 6,6 → median 6,75; own 6,4 → second of five (lower is better).
    assert "median 6,75" in row and "plats 2 av 5" in row
    assert "▲" in row and "Bättre än medianen" in row
    # T1 2021: the latest year with values (2020).
    assert "Kolada 2020" in client.get("/styrkort/lansteknik/2021-T1/").content.decode()


def test_measure_page_shows_the_comparison() -> None:
    fetch("--from-file", str(DEMO_FILE))
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    html = client.get("/styrkort/lansteknik/2019-T1/matt/sjukfranvaro/").content.decode()
    assert "median 6,75" in html


def test_no_values_no_comparison() -> None:
    client = Client()
    client.force_login(User.objects.get(username="controller"))
    assert "Kolada" not in client.get("/styrkort/lansteknik/2019-T1/").content.decode()


def test_comparison_follows_the_kpis_direction(django_assert_num_queries: Any) -> None:
    fetch("--from-file", str(DEMO_FILE))
    organisation = Organisation.objects.get(slug="region-norrbotten")
    KpiLink.objects.filter(measure_key="personalomsattning").update(lower_is_better=False)
    with django_assert_num_queries(2):
        found = selectors.comparisons(organisation_id=organisation.pk, year=2019)
    turnover = found["personalomsattning"]
    # Peers 7,4 9,0 8,6 7,9 → median 8,25; own 8,1, higher is better: 9,0 and 8,6 above.
    assert turnover.median == Decimal("8.25")
    assert (turnover.position, turnover.ranked, turnover.verdict) == (3, 5, "worse")


def test_client_follows_pages_and_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kolada_client.time, "sleep", lambda seconds: None)
    calls: list[str] = []
    page_two = "https://api.kolada.se/v2/page2"
    entry = {"kpi": "N00090", "municipality": "0025", "period": 2020}

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if len(calls) == 1:
            return httpx.Response(503)
        if str(request.url) == page_two:
            values = [{**entry, "municipality": "0024", "values": [{"gender": "T", "value": 7.8}]}]
            return httpx.Response(200, json={"values": values})
        values = [{**entry, "values": [{"gender": "T", "value": 7.1}]}]
        return httpx.Response(200, json={"values": values, "next_page": page_two})

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        values = kolada_client.fetch(
            kpis={"N00090"}, area_ids={"0025", "0024"}, year=2020, client=http
        )
    assert calls[0].endswith("/data/kpi/N00090/municipality/0024,0025/year/2020")
    assert len(calls) == 3  # 503, then page 1, then page 2
    assert [(v.area_id, v.value) for v in values] == [
        ("0025", Decimal("7.1")),
        ("0024", Decimal("7.8")),
    ]


def test_client_gives_up_after_the_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kolada_client.time, "sleep", lambda seconds: None)
    calls = []

    def timeout(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("för långsamt", request=request)

    with (
        httpx.Client(transport=httpx.MockTransport(timeout)) as http,
        pytest.raises(kolada_client.KoladaError),
    ):
        kolada_client.fetch(kpis={"N00090"}, area_ids={"0025"}, year=2020, client=http)
    assert len(calls) == kolada_client.ATTEMPTS


def test_fetch_without_year_or_file_is_refused() -> None:
    with pytest.raises(CommandError, match="--year"):
        fetch()
