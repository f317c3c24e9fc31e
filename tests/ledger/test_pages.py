"""The Ekonomisystem pages: the mapping (Inställningar → Ekonomisystem) and the import
of a ledger file, for the organisation and for one unit, with the demo's SIE file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from finance.models import CostCategory, FinanceFigure
from finance.services import finance_figure_set
from ledger.models import AccountRange, CostCentre, LedgerUpload
from scorecards.models import Period, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

FILE = Path(settings.BASE_DIR) / "fixtures/ledger/region-norrbotten-2021-T1.se"
ORG, YEAR, UNIT, PERIOD = "region-norrbotten", 2021, "lansteknik", "2021-T1"
MAPPING_URL = f"/installningar/{ORG}/{YEAR}/ekonomisystem/"
ORG_IMPORT_URL = f"/installningar/{ORG}/{YEAR}/ekonomisystem/import/"
UNIT_IMPORT_URL = f"/styrkort/{UNIT}/{PERIOD}/ekonomi/import/"
NBSP, MINUS = "\u00a0", "\u2212"


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def demo_file(content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(FILE.name, content if content is not None else FILE.read_bytes())


def t1() -> Period:
    return Period.objects.get(year__organisation__slug=ORG, key=PERIOD)


def personal() -> FinanceFigure:
    return FinanceFigure.objects.get(
        unit__slug=UNIT, period__key=PERIOD, category__slug="personalkostnader"
    )


def change_personal_to(value: str) -> None:
    figure = personal()
    finance_figure_set(
        actor=User.objects.get(username="controller"),
        unit_period=UnitPeriod.objects.get(unit__slug=UNIT, period__key=PERIOD),
        category=figure.category,
        changes={"outcome": Decimal(value)},
        expected_version=figure.version,
    )


def versions() -> list[tuple[int, int]]:
    return list(FinanceFigure.objects.order_by("pk").values_list("pk", "version"))


def with_line(line_no: int, text: bytes) -> bytes:
    """The demo file with line ``line_no`` (1-based) replaced."""
    content = FILE.read_bytes()
    sep = b"\r\n" if b"\r\n" in content else b"\n"
    lines = content.split(sep)
    lines[line_no - 1] = text
    return sep.join(lines)


def first_trans_line() -> int:
    lines = FILE.read_bytes().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(b"#TRANS"))


# --------------------------------------------------------------- organisation import


def test_org_preview_shows_totals_and_changes_and_saves_nothing() -> None:
    change_personal_to("-1")
    before = versions()
    response = client("admin").post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Division Länsteknik" in html and "Division Närsjukvård" in html
    assert f"{MINUS}27{NBSP}300{NBSP}000" in html  # the file's outcome of Personalkostnader
    assert f"i dag {MINUS}1" in html  # … and what is stored now
    assert "1 av 14 rader skiljer sig" in html
    assert versions() == before
    upload = LedgerUpload.objects.get()
    assert upload.unit is None and upload.saved is None and bytes(upload.content)


def test_org_confirm_saves_with_the_history_path_ekonomisystem() -> None:
    change_personal_to("-1")
    admin = client("admin")
    admin.post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    upload = LedgerUpload.objects.get()
    response = admin.post(f"{ORG_IMPORT_URL}spara/", {"upload": upload.pk})
    assert response.status_code == 302 and response["Location"] == ORG_IMPORT_URL
    figure = personal()
    assert figure.outcome == Decimal("-27300000")
    assert figure.history.first().history_change_reason == "ekonomisystem"
    upload.refresh_from_db()
    assert upload.saved is not None and bytes(upload.content) == b""
    # Saved once: the same upload can't be saved again.
    again = admin.post(f"{ORG_IMPORT_URL}spara/", {"upload": upload.pk})
    assert again.status_code == 404


def test_org_confirm_with_htmx_answers_the_import_region() -> None:
    admin = client("admin")
    admin.post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    upload = LedgerUpload.objects.get()
    response = admin.post(f"{ORG_IMPORT_URL}spara/", {"upload": upload.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Sparat från region-norrbotten-2021-T1.se: 0 belopp ändrade för 3 enheter" in html


def test_bad_file_is_refused_naming_the_line_and_nothing_is_saved() -> None:
    before = versions()
    line = first_trans_line()
    content = with_line(line, b'   #TRANS 5010 {1 "41000"} 12x4')
    response = client("admin").post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file(content)})
    assert response.status_code == 422
    assert f"Rad {line}:" in response.content.decode()
    assert not LedgerUpload.objects.exists()
    assert versions() == before


def test_wrong_format_is_refused_naming_the_line() -> None:
    response = client("admin").post(
        ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file(with_line(3, b"#FORMAT PC9"))}
    )
    assert response.status_code == 422
    assert "Rad 3: #FORMAT är ”PC9”" in response.content.decode()


def test_a_figure_changed_after_the_preview_refuses_the_save() -> None:
    admin = client("admin")
    admin.post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    change_personal_to("-5")
    before = versions()
    response = admin.post(f"{ORG_IMPORT_URL}spara/", {"upload": LedgerUpload.objects.get().pk})
    assert response.status_code == 409
    assert versions() == before and personal().outcome == Decimal("-5")


def test_a_mapping_changed_after_the_preview_refuses_the_save() -> None:
    admin = client("admin")
    admin.post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    CostCentre.objects.filter(mapping__year__year=YEAR, code="41000").delete()
    before = versions()
    response = admin.post(f"{ORG_IMPORT_URL}spara/", {"upload": LedgerUpload.objects.get().pk})
    assert response.status_code == 422
    assert "mappningen har ändrats" in response.content.decode()
    assert versions() == before


def test_another_users_upload_cannot_be_saved() -> None:
    client("admin").post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    other_admin = User.objects.create_superuser("admin2", "a2@example.se", "x")
    c = Client()
    c.force_login(other_admin)
    response = c.post(f"{ORG_IMPORT_URL}spara/", {"upload": LedgerUpload.objects.get().pk})
    assert response.status_code == 404


# ----------------------------------------------------------------------- unit import


def test_unit_preview_sums_only_the_unit_and_names_the_others() -> None:
    change_personal_to("-1")
    response = client("controller").post(UNIT_IMPORT_URL, {"file": demo_file()})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"i dag {MINUS}1" in html
    assert "De läses inte in här" in html and "Division Närsjukvård" in html
    assert LedgerUpload.objects.get().unit.slug == UNIT


def test_unit_confirm_saves_the_unit_and_goes_back_to_the_entry_page() -> None:
    change_personal_to("-1")
    controller = client("controller")
    controller.post(UNIT_IMPORT_URL, {"file": demo_file()})
    others = list(
        FinanceFigure.objects.exclude(unit__slug=UNIT).values_list("pk", "version", "outcome")
    )
    response = controller.post(
        f"{UNIT_IMPORT_URL}spara/", {"upload": LedgerUpload.objects.get().pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:entry", args=[UNIT, PERIOD])
    assert personal().outcome == Decimal("-27300000")
    assert personal().history.first().history_user.username == "controller"
    assert (
        list(FinanceFigure.objects.exclude(unit__slug=UNIT).values_list("pk", "version", "outcome"))
        == others
    )


def test_locked_period_refuses_the_save() -> None:
    change_personal_to("-1")
    controller = client("controller")
    controller.post(UNIT_IMPORT_URL, {"file": demo_file()})
    UnitPeriod.objects.filter(unit__slug=UNIT, period__key=PERIOD).update(
        status=UnitPeriod.Status.LOCKED
    )
    before = versions()
    response = controller.post(
        f"{UNIT_IMPORT_URL}spara/", {"upload": LedgerUpload.objects.get().pk}
    )
    assert response.status_code == 422
    assert "filen sparades inte" in response.content.decode()
    assert versions() == before and personal().outcome == Decimal("-1")
    # The preview of a locked period offers no "Spara".
    preview = controller.post(UNIT_IMPORT_URL, {"file": demo_file()})
    assert "perioden kan inte ändras" in preview.content.decode()
    assert "spara/" not in preview.content.decode()


def test_controller_of_another_unit_gets_404() -> None:
    client("controller").post(UNIT_IMPORT_URL, {"file": demo_file()})
    other = client("controller_other")
    assert other.get(UNIT_IMPORT_URL).status_code == 404
    assert other.post(UNIT_IMPORT_URL, {"file": demo_file()}).status_code == 404
    upload = LedgerUpload.objects.get()
    assert other.post(f"{UNIT_IMPORT_URL}spara/", {"upload": upload.pk}).status_code == 404
    upload.refresh_from_db()
    assert upload.saved is None


def test_manager_may_see_but_not_import() -> None:
    assert client("manager").get(UNIT_IMPORT_URL).status_code == 403


def test_get_changes_nothing() -> None:
    client("admin").post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    state = (
        versions(),
        list(LedgerUpload.objects.values_list("pk", "saved")),
        AccountRange.objects.count(),
        CostCentre.objects.count(),
    )
    admin = client("admin")
    for url in (MAPPING_URL, ORG_IMPORT_URL, UNIT_IMPORT_URL):
        assert admin.get(url).status_code == 200, url
    for url in (f"{ORG_IMPORT_URL}spara/", f"{UNIT_IMPORT_URL}spara/"):
        assert admin.get(url, {"upload": LedgerUpload.objects.get().pk}).status_code == 405
    assert state == (
        versions(),
        list(LedgerUpload.objects.values_list("pk", "saved")),
        AccountRange.objects.count(),
        CostCentre.objects.count(),
    )


def test_finance_entry_page_links_to_the_import() -> None:
    html = client("controller").get(reverse("finance:entry", args=[UNIT, PERIOD])).content
    assert UNIT_IMPORT_URL.encode() in html


# --------------------------------------------------------------------------- mapping


def test_mapping_page_lists_the_demo_mapping_for_the_administrator_only() -> None:
    html = client("admin").get(MAPPING_URL).content.decode()
    assert "5000–5999" in html and "41000" in html
    assert client("manager").get(MAPPING_URL).status_code == 403
    assert client("controller").get(MAPPING_URL).status_code == 403


def test_range_is_added_changed_and_removed() -> None:
    admin = client("admin")
    category = CostCategory.objects.get(
        year__organisation__slug=ORG, year__year=YEAR, slug="intakter"
    )
    response = admin.post(
        f"{MAPPING_URL}konton/",
        {"first": "8000", "last": "8999", "category": category.pk, "sign": "keep"},
    )
    assert response.status_code == 302
    row = AccountRange.objects.get(first=8000)
    assert (row.last, row.category, row.sign) == (8999, category, "keep")
    assert row.history.first().history_change_reason == "webb"
    response = admin.post(
        f"{MAPPING_URL}konton/",
        {"id": row.pk, "first": "8000", "last": "8499", "category": "", "sign": "reverse"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "Kontona 8000–8499 är sparade." in response.content.decode()
    row.refresh_from_db()
    assert (row.last, row.category) == (8499, None)
    response = admin.post(f"{MAPPING_URL}konton/ta-bort/", {"id": row.pk})
    assert response.status_code == 302
    assert not AccountRange.objects.filter(pk=row.pk).exists()


def test_overlapping_or_backwards_range_is_refused_with_the_message() -> None:
    admin = client("admin")
    response = admin.post(
        f"{MAPPING_URL}konton/",
        {"first": "5500", "last": "5600", "category": "", "sign": "reverse"},
    )
    assert response.status_code == 422
    assert "överlappar intervallet 5000–5999" in response.content.decode()
    response = admin.post(
        f"{MAPPING_URL}konton/",
        {"first": "9900", "last": "9800", "category": "", "sign": "reverse"},
    )
    assert response.status_code == 422
    assert "Till konto måste vara minst lika stort" in response.content.decode()
    assert not AccountRange.objects.filter(first__in=[5500, 9900]).exists()


def test_cost_centre_is_added_and_removed_and_dimension_saved() -> None:
    admin = client("admin")
    unit = UnitPeriod.objects.get(unit__slug=UNIT, period__key=PERIOD).unit
    response = admin.post(f"{MAPPING_URL}kostnadsstallen/", {"code": " 49999 ", "unit": unit.pk})
    assert response.status_code == 302
    centre = CostCentre.objects.get(code="49999")
    assert centre.unit == unit
    taken = admin.post(f"{MAPPING_URL}kostnadsstallen/", {"code": "41000", "unit": unit.pk})
    assert taken.status_code == 422 and "finns redan" in taken.content.decode()
    assert (
        admin.post(f"{MAPPING_URL}kostnadsstallen/ta-bort/", {"id": centre.pk}).status_code == 302
    )
    assert not CostCentre.objects.filter(code="49999").exists()
    assert admin.post(f"{MAPPING_URL}dimension/", {"cost_centre_dimension": "6"}).status_code == 302
    assert t1().year.ledger_mapping.cost_centre_dimension == 6


def test_mapping_page_lists_what_the_last_upload_left_unmapped() -> None:
    AccountRange.objects.filter(mapping__year__year=YEAR, first=5000).delete()
    client("admin").post(ORG_IMPORT_URL, {"period": t1().pk, "file": demo_file()})
    html = client("admin").get(MAPPING_URL).content.decode()
    assert "Konton utan mappning" in html and "Månadslöner" in html
