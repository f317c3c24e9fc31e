"""Entering staff months: htmx row saves, Swedish input, conflicts, the shared-month lock, roles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from scorecards import services as scorecard_services
from scorecards.models import UnitPeriod
from scorecards.services import EntryError, PeriodClosed
from staff import services
from staff.models import StaffMonth
from staff.selectors import FIGURES
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/styrkort/{unit}/{period}/registrera/personal/"
ROW = "/styrkort/{unit}/{period}/registrera/personal/manad/{month}/"


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.entry_world("st")
    factories.staff_month(w["a"], 2021, 4, headcount=131, sick_leave_total="5.30")
    return w


def stored(world: dict[str, Any], month: int = 4) -> StaffMonth | None:
    return StaffMonth.objects.filter(unit=world["a"], year=2021, month=month).first()


def version(world: dict[str, Any], month: int = 4) -> int:
    row = stored(world, month)
    return row.version if row else 0


def client(world: dict[str, Any], who: str) -> Client:
    return factories.logged_in(world[who])


def status(world: dict[str, Any], key: str, value: str) -> None:
    UnitPeriod.objects.filter(pk=world[key].pk).update(status=value)


def post(
    world: dict[str, Any],
    who: str,
    *,
    month: int = 4,
    period: str = "2021-T1",
    htmx: bool = True,
    **fields: str,
) -> Any:
    data = {name: "" for name in FIGURES}
    data["version"] = str(version(world, month))
    data.update(fields)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = ROW.format(unit=world["a"].slug, period=period, month=month)
    return client(world, who).post(url, data, **extra)


def test_htmx_save_parses_swedish_input_and_returns_the_row(world: dict[str, Any]) -> None:
    response = post(
        world,
        "controller",
        fte_rolling_12="1 234,5",
        headcount="602",
        extra_time_hours="−1 200",
        sick_leave_total="4,45 %",
        sick_leave_women="5,1%",
    )
    html = response.content.decode()
    assert response.status_code == 200
    row = stored(world)
    assert row is not None
    assert row.fte_rolling_12 == Decimal("1234.5")
    assert row.headcount == 602
    assert row.extra_time_hours == Decimal(-1200)
    assert row.sick_leave_total == Decimal("4.45")
    assert row.sick_leave_women == Decimal("5.1")
    assert row.sick_leave_short is None
    assert row.version == 2
    assert html.lstrip().startswith('<tbody id="sm4"')
    assert 'value="1 234,5"' in html and 'value="4,45"' in html and 'value="−1 200"' in html
    assert "Sparat" in html


def test_a_missing_month_is_created_at_version_one(world: dict[str, Any]) -> None:
    assert stored(world, 2) is None
    response = post(world, "controller", month=2, headcount="130")
    assert response.status_code == 200
    row = stored(world, 2)
    assert row is not None and row.headcount == 130 and row.version == 1


def test_bad_number_is_refused_with_the_field_named_and_nothing_saved(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", fte_rolling_12="abc", headcount="140")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Årsarbetare, rullande 12 mån" in html and "abc" in html and "inte ett tal" in html
    assert 'role="alert"' in html
    row = stored(world)
    assert row is not None and row.headcount == 131 and row.version == 1


def test_headcount_must_be_whole(world: dict[str, Any]) -> None:
    response = post(world, "controller", headcount="131,5")
    assert response.status_code == 422
    assert "heltal" in response.content.decode()
    assert stored(world).headcount == 131  # type: ignore[union-attr]


def test_sick_leave_above_100_percent_is_refused_next_to_the_field(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", sick_leave_long="120")
    html = response.content.decode()
    assert response.status_code == 422
    assert "mellan 0 och 100" in html
    assert 'id="id_sm4_sick_leave_long_error"' in html
    assert stored(world).sick_leave_long is None  # type: ignore[union-attr]


def test_service_refuses_sick_leave_out_of_range(world: dict[str, Any]) -> None:
    with pytest.raises(EntryError, match="mellan 0 och 100"):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up"],
            month=4,
            changes={"sick_leave_men": Decimal(-1)},
            expected_version=1,
        )


def test_stale_save_is_refused_with_their_value_and_who(world: dict[str, Any]) -> None:
    loaded = version(world)
    assert post(world, "colleague", headcount="140").status_code == 200
    response = post(world, "controller", headcount="150", version=str(loaded))
    html = response.content.decode()
    assert response.status_code == 409
    assert stored(world).headcount == 140  # type: ignore[union-attr]
    assert "st-c2" in html and "140" in html
    assert "Skriv över med mitt värde" in html and "Behåll deras värde" in html
    # Overwriting knowingly sends the version shown in the conflict.
    assert post(world, "controller", headcount="150").status_code == 200
    assert stored(world).headcount == 150  # type: ignore[union-attr]


@pytest.mark.parametrize("closed", ["submitted", "approved", "locked"])
def test_closed_period_refuses_web_post_and_service_call(
    world: dict[str, Any], closed: str
) -> None:
    status(world, "up", closed)
    response = post(world, "controller", headcount="99")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    with pytest.raises(PeriodClosed):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up"],
            month=4,
            changes={"headcount": 99},
            expected_version=1,
        )
    assert stored(world).headcount == 131  # type: ignore[union-attr]


def test_t1_approved_closes_january_to_april_on_the_t2_page(world: dict[str, Any]) -> None:
    status(world, "up", UnitPeriod.Status.APPROVED)
    response = post(world, "controller", period="2021-T2", headcount="99")
    assert response.status_code == 422
    assert "T1 2021" in response.content.decode()
    with pytest.raises(PeriodClosed, match="April 2021 kan inte ändras"):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up_t2"],
            month=4,
            changes={"headcount": 99},
            expected_version=1,
        )
    assert stored(world).headcount == 131  # type: ignore[union-attr]
    # May to August belong to T2 alone and stay open.
    assert post(world, "controller", month=5, period="2021-T2", headcount="128").status_code == 200
    assert stored(world, 5).headcount == 128  # type: ignore[union-attr]
    page = client(world, "controller").get(PAGE.format(unit=world["a"].slug, period="2021-T2"))
    html = page.content.decode()
    assert html.count("Stängd: T1 2021 är godkänd") == 4
    assert 'id="sm4-form"' not in html and 'id="sm5-form"' in html


def test_a_later_closed_period_closes_the_earlier_months_too(world: dict[str, Any]) -> None:
    status(world, "up_t2", UnitPeriod.Status.SUBMITTED)
    response = post(world, "controller", period="2021-T1", headcount="99")
    assert response.status_code == 422
    assert "T2 2021" in response.content.decode()
    assert stored(world).headcount == 131  # type: ignore[union-attr]


def test_month_outside_the_period_is_404_and_refused_by_the_service(
    world: dict[str, Any],
) -> None:
    assert post(world, "controller", month=5).status_code == 404
    assert post(world, "controller", month=13).status_code == 404
    with pytest.raises(EntryError, match="ingår inte"):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up"],
            month=5,
            changes={"headcount": 1},
            expected_version=0,
        )


def test_reader_gets_403_and_other_division_404(world: dict[str, Any]) -> None:
    status(world, "up", UnitPeriod.Status.APPROVED)
    page = PAGE.format(unit=world["a"].slug, period="2021-T1")
    assert client(world, "reader").get(page).status_code == 403
    assert client(world, "other").get(page).status_code == 404
    assert post(world, "other", headcount="1").status_code == 404
    with pytest.raises(PermissionDenied):
        services.staff_month_set(
            actor=world["reader"],
            unit_period=world["up"],
            month=4,
            changes={"headcount": 1},
            expected_version=1,
        )


def test_manager_reads_the_months_but_cannot_save(world: dict[str, Any]) -> None:
    page = client(world, "manager").get(PAGE.format(unit=world["a"].slug, period="2021-T1"))
    assert page.status_code == 200
    assert "<input" not in page.content.decode().split('id="staff-months"')[1]
    assert post(world, "manager", headcount="1").status_code == 403
    assert stored(world).headcount == 131  # type: ignore[union-attr]


def test_every_change_is_audited_with_who_and_path(world: dict[str, Any]) -> None:
    post(world, "controller", headcount="140")
    record = stored(world).history.first()  # type: ignore[union-attr]
    assert record.history_user == world["controller"]
    assert record.history_change_reason == "webb"
    assert record.headcount == 140
    assert record.prev_record.headcount == 131


def test_get_changes_nothing(world: dict[str, Any]) -> None:
    row = ROW.format(unit=world["a"].slug, period="2021-T1", month=4)
    c = client(world, "controller")
    response = c.get(row)
    assert response.status_code == 200
    assert 'value="131"' in response.content.decode()
    assert c.get(row, {"headcount": "1", "version": "1"}).status_code == 200
    assert c.get(PAGE.format(unit=world["a"].slug, period="2021-T1")).status_code == 200
    assert stored(world).version == 1  # type: ignore[union-attr]
    assert stored(world).history.count() == 1  # type: ignore[union-attr]


def test_plain_post_redirects_back_to_the_row(world: dict[str, Any]) -> None:
    response = post(world, "controller", htmx=False, headcount="133")
    assert response.status_code == 302
    assert response["Location"].endswith("/registrera/personal/#sm4")
    assert stored(world).headcount == 133  # type: ignore[union-attr]


def test_plain_post_with_an_error_shows_the_whole_page_with_the_message(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", htmx=False, headcount="abc")
    html = response.content.decode()
    assert response.status_code == 422
    assert '<table class="figures entry-table" id="staff-months">' in html
    assert "inte ett tal" in html and 'value="abc"' in html


def test_every_input_has_a_label(world: dict[str, Any]) -> None:
    html = client(world, "controller").get(PAGE.format(unit=world["a"].slug, period="2021-T1"))
    text = html.content.decode()
    for month in range(1, 5):
        for name in FIGURES:
            assert f'<label class="visually-hidden" for="id_sm{month}_{name}">' in text


def test_import_path_writes_in_bulk_and_keeps_the_month_lock(world: dict[str, Any]) -> None:
    with scorecard_services.bulk_write(
        actor=world["controller"], unit_period=world["up_t2"], actions=["edit"]
    ):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up_t2"],
            month=5,
            changes={"headcount": 129},
            expected_version=0,
            via=scorecard_services.Via.IMPORT,
        )
    assert stored(world, 5).history.first().history_change_reason == "import"  # type: ignore[union-attr]
    status(world, "up", UnitPeriod.Status.LOCKED)
    with (
        pytest.raises(PeriodClosed),
        scorecard_services.bulk_write(
            actor=world["controller"], unit_period=world["up_t2"], actions=["edit"]
        ),
    ):
        services.staff_month_set(
            actor=world["controller"],
            unit_period=world["up_t2"],
            month=6,
            changes={"headcount": 1},
            expected_version=0,
        )
        services.staff_month_set(  # locked by T1: the whole import is refused
            actor=world["controller"],
            unit_period=world["up_t2"],
            month=3,
            changes={"headcount": 1},
            expected_version=0,
        )
    assert stored(world, 6) is None


@pytest.mark.parametrize("scale", [1, 10])
def test_entry_page_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    w = factories.entry_world(f"sq{scale}")
    for month in range(1, scale + 1):
        factories.staff_month(w["a"], 2021, month, headcount=100 + month)
    if scale > 1:
        UnitPeriod.objects.filter(pk__in=[w["up"].pk, w["up_t2"].pk]).update(
            status=UnitPeriod.Status.APPROVED
        )
    c = factories.logged_in(w["controller"])
    # session, user; memberships + unit period (view rule); memberships (the user's
    # actions on the period); the months; the closed unit periods of the year.
    with django_assert_num_queries(6):
        response = c.get(PAGE.format(unit=w["a"].slug, period="2021"))
    assert response.status_code == 200
    assert response.content.decode().count('class="entry-row') == 12


def test_admin_refuses_a_month_closed_by_any_period_and_audits_as_admin(
    world: dict[str, Any],
) -> None:
    row = stored(world)
    assert row is not None
    url = f"/admin/staff/staffmonth/{row.pk}/change/"
    data = {name: "" for name in FIGURES}
    data.update({"unit": str(world["a"].pk), "year": "2021", "month": "4", "version": "1"})
    c = client(world, "admin")
    assert c.post(url, {**data, "headcount": "135"}).status_code == 302
    assert stored(world).headcount == 135  # type: ignore[union-attr]
    assert stored(world).history.first().history_change_reason == "admin"  # type: ignore[union-attr]
    # T1 is open, but the full year (which contains April too) is approved.
    status(world, "up_year", UnitPeriod.Status.APPROVED)
    assert c.post(url, {**data, "headcount": "136"}).status_code == 403
    assert stored(world).headcount == 135  # type: ignore[union-attr]
