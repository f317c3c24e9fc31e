"""The Excel page: download, upload, every error shown, GET changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scorecards.models import MeasureOutcome, UnitPeriod
from spreadsheets.forms import MAX_UPLOAD_BYTES
from tests.spreadsheets.workbook import edit

pytestmark = pytest.mark.django_db

PAGE = "/styrkort/xl-div0/2021-T1/excel/"
EXPORT = PAGE + "export/"


def client(world: dict[str, Any], who: str) -> Client:
    c = Client()
    c.force_login(world[who])
    return c


def upload(c: Client, content: bytes, name: str = "f.xlsx") -> Any:
    return c.post(PAGE, {"file": SimpleUploadedFile(name, content)})


def outcome(world: dict[str, Any], key: str) -> MeasureOutcome:
    return MeasureOutcome.objects.get(measure=world[key], period=world["periods"]["T1"])


def test_page_has_the_download_link_and_an_accessible_upload_form(world: dict) -> None:
    response = client(world, "controller").get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{EXPORT}"' in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert '<label for="id_file">Excel-fil (.xlsx)</label>' in html


def test_download_is_the_xlsx(world: dict) -> None:
    response = client(world, "controller").get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="styrkort-xl-div0-2021-T1.xlsx"' in response["Content-Disposition"]
    assert response.content.startswith(b"PK")


def test_upload_saves_and_says_how_many_values_changed(world: dict) -> None:
    c = client(world, "controller")
    content = edit(
        c.get(EXPORT).content,
        {
            ("Styrkort", world["m1"].pk): {"Utfall": "4,8"},
            ("Styrkort", world["m2"].pk): {"Kommentar": "Ny"},
        },
    )
    response = upload(c, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sparat: 2 värden ändrade.</h2>" in html
    assert "Styrkort: Sparat: 2 värden ändrade" in html
    assert outcome(world, "m1").value == Decimal("4.8")


def test_upload_with_errors_lists_every_error_and_saves_nothing(world: dict) -> None:
    c = client(world, "controller")
    content = edit(
        c.get(EXPORT).content,
        {
            ("Styrkort", world["m0"].pk): {"Utfall": "7"},
            ("Styrkort", world["m1"].pk): {"Utfall": "abc"},
            ("Personal", 2): {"Antal anställda": "12,5"},
        },
    )
    response = upload(c, content)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in html and "Inget sparades: 2 fel i filen" in html
    assert '<td>Styrkort</td><td class="num">3</td><td>Utfall</td>' in html
    assert '<td>Personal</td><td class="num">3</td><td>Antal anställda</td>' in html
    assert "är inte ett tal" in html and "Ange ett heltal." in html
    assert outcome(world, "m0").value == Decimal(0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.csv", b"PK\x03\x04", "Välj en fil av typen .xlsx"),
        ("f.xlsx", b"hello", "inte en Excel-arbetsbok"),
        ("f.xlsx", b"PK\x03\x04" + b"0" * MAX_UPLOAD_BYTES, "större än 5 MB"),
    ],
)
def test_upload_refuses_what_is_not_an_xlsx(
    world: dict, name: str, content: bytes, message: str
) -> None:
    response = upload(client(world, "controller"), content, name)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and 'role="alert"' in html and 'aria-invalid="true"' in html


def test_a_closed_period_upload_shows_the_period_message(world: dict) -> None:
    c = client(world, "controller")
    content = edit(c.get(EXPORT).content, {("Styrkort", world["m1"].pk): {"Utfall": 5}})
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.SUBMITTED)
    response = upload(c, content)
    assert response.status_code == 422
    assert "är klarmarkerad och kan inte ändras" in response.content.decode()


def test_csrf_is_required(world: dict) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(world["controller"])
    assert c.post(PAGE, {}).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("controller", 200), ("admin", 200), ("manager", 403), ("reader", 404), ("other", 404)],
)
def test_who_may_use_the_page(world: dict, who: str, status: int) -> None:
    c = client(world, who)
    assert c.get(PAGE).status_code == status
    assert c.get(EXPORT).status_code == status


def test_anonymous_users_get_404_not_the_file(world: dict) -> None:
    assert Client().get(EXPORT).status_code in (302, 404)


def test_get_never_changes_anything(world: dict) -> None:
    before = list(MeasureOutcome.objects.order_by("pk").values_list("version", flat=True))
    histories = MeasureOutcome.history.count()
    c = client(world, "controller")
    c.get(PAGE)
    c.get(EXPORT)
    c.get(PAGE + "?file=x")
    assert list(MeasureOutcome.objects.order_by("pk").values_list("version", flat=True)) == before
    assert MeasureOutcome.history.count() == histories
