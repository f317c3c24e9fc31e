"""Demo data for allocation: fixtures/demo/allocation.toml, read by ``loaddemo``.

A made-up joint committee (gemensam nämnd) with its member municipalities, their
inhabitants per year and the budget lines spread over them. Upserted by natural key
through the loader's ``upsert`` (validated, audited as "kommando", saved only on
change), so a second run changes nothing.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from demo.loading import Data, DemoLoader, Loader, integer, number
from scorecards.models import Organisation, Unit, Year
from scorecards.services import Via, year_create

FILE = "allocation.toml"


def load(loader: Loader, doc: Data) -> None:
    """The committee of allocation.toml; figures are written and checked like in every
    other demo file (Swedish numbers as text)."""
    if "allocation" not in doc:
        raise CommandError(f"{FILE}: nyckeln ”allocation” saknas.")
    data = doc["allocation"]
    organisation = loader.upsert(
        Organisation, {"slug": data["organisation"]}, {"name": data["name"]}
    )
    # The committee's own unit: roles given on it let users see the committee's pages.
    loader.upsert(
        Unit,
        {"slug": data["unit"]},
        {
            "organisation": organisation,
            "parent": None,
            "name": data["name"],
            "kind": Unit.Kind.ORGANISATION,
        },
    )
    years: dict[int, Year] = {
        year: year_create(organisation=organisation, year=year, via=Via.COMMAND)
        for year in data["years"]
    }
    for order, member_data in enumerate(data.get("members", []), start=1):
        member = loader.upsert(
            MemberOrganisation,
            {"organisation": organisation, "name": member_data["name"]},
            {"order": order},
        )
        for year, count in member_data.get("inhabitants", {}).items():
            loader.upsert(
                Inhabitants,
                {"member": member, "year": years[int(year)]},
                {"count": integer({"count": count}, "count")},
            )
    for order, line_data in enumerate(data.get("budget_lines", []), start=1):
        loader.upsert(
            BudgetLine,
            {"year": years[line_data["year"]], "title": line_data["title"]},
            {
                "amount": number(line_data, "amount"),
                "model": line_data["model"],
                "rounding": line_data.get("rounding", "krona"),
                "order": order,
            },
        )


ALLOCATION_DEMO = DemoLoader(name="allocation", file=FILE, document=load)
