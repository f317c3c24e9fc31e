"""The year's ledger mapping as an Excel workbook: exported, edited, read back whole;
one bad row saves nothing and every bad row is named (issue 17 item 1)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ledger.models import AccountRange, CostCentre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG, YEAR = "region-norrbotten", 2021
BASE = f"/installningar/{ORG}/{YEAR}/ekonomisystem/"


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def stored() -> tuple[list[tuple[int, int, str, str]], list[tuple[str, str]]]:
    ranges = AccountRange.objects.filter(
        mapping__year__year=YEAR, mapping__year__organisation__slug=ORG
    )
    centres = CostCentre.objects.filter(
        mapping__year__year=YEAR, mapping__year__organisation__slug=ORG
    )
    return (
        sorted((r.first, r.last, r.category.slug if r.category else "", r.sign) for r in ranges),
        sorted((c.code, c.unit.slug) for c in centres),
    )


def exported() -> bytes:
    response = client("admin").get(f"{BASE}mappning.xlsx")
    assert response.status_code == 200
    assert "Ekonomisystem-mappning-region-norrbotten-2021.xlsx" in response["Content-Disposition"]
    return response.content


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("mappning.xlsx", content)


def test_the_exported_workbook_reads_back_to_the_same_mapping() -> None:
    before = stored()
    assert before[0] and before[1]  # the demo has a mapping for 2021
    book = load_workbook(io.BytesIO(exported()))
    assert book.sheetnames == ["Konton", "Kostnadsställen"]
    assert [c.value for c in book["Konton"][1]] == [
        "Från konto",
        "Till konto",
        "Kategori",
        "Tecken",
    ]
    response = client("admin").post(f"{BASE}mappning/", {"file": upload(exported())}, follow=True)
    assert "Mappningen är inläst" in response.content.decode()
    assert stored() == before


def test_an_edited_row_replaces_the_mapping() -> None:
    book = load_workbook(io.BytesIO(exported()))
    sheet = book["Kostnadsställen"]
    sheet.append(["77777", "lansteknik"])
    out = io.BytesIO()
    book.save(out)
    client("admin").post(f"{BASE}mappning/", {"file": upload(out.getvalue())})
    assert ("77777", "lansteknik") in stored()[1]


def test_bad_rows_are_all_named_and_nothing_is_saved() -> None:
    before = stored()
    book = load_workbook(io.BytesIO(exported()))
    konton, centres = book["Konton"], book["Kostnadsställen"]
    konton.append(["abc", "4999", "", "byt"])  # row n+1: not a number
    konton.append(["5000", "5999", "finns-inte", "byt"])  # unknown category
    konton.append(["6000", "6999", "", "kanske"])  # unknown sign
    centres.append(["88888", "ingen-enhet"])  # unknown unit
    first_bad = konton.max_row - 2
    out = io.BytesIO()
    book.save(out)
    response = client("admin").post(
        f"{BASE}mappning/", {"file": upload(out.getvalue())}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Ingenting är sparat." in text
    assert f"Konton rad {first_bad}: kontonumren ska vara heltal." in text
    assert (
        f"Konton rad {first_bad + 1}: det finns ingen kategori med kortnamnet ”finns-inte”" in text
    )
    assert f"Konton rad {first_bad + 2}: Tecken ska vara ”byt” eller ”behåll”." in text
    assert "det finns ingen enhet med kortnamnet ”ingen-enhet”" in text
    assert stored() == before


def test_a_file_that_is_no_workbook_is_refused() -> None:
    before = stored()
    response = client("admin").post(
        f"{BASE}mappning/", {"file": upload(b"not excel")}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "kan inte läsas som en Excel-arbetsbok" in response.content.decode()
    assert stored() == before


def test_only_the_administrator_reads_or_replaces_it() -> None:
    for username in ("controller", "manager", "reader"):
        assert client(username).get(f"{BASE}mappning.xlsx").status_code == 403
        assert (
            client(username).post(f"{BASE}mappning/", {"file": upload(exported())}).status_code
            == 403
        )
    assert client("admin").get(f"{BASE}mappning/").status_code == 405
