"""Demo data for allocation: fixtures/demo/allocation.toml, read by ``loaddemo``.

The made-up joint committee's (gemensam nämnd, loaded from gemensam-namnd.toml) member
municipalities, their inhabitants per year and the budget lines spread over them.
Upserted by natural key through the loader's ``upsert`` (validated, audited as
"kommando", saved only on change), so a second run changes nothing.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from demo.loading import Data, DemoLoader, Loader, integer, number
from scorecards.models import Year

FILE = "allocation.toml"


def load(loader: Loader, doc: Data) -> None:
    """The members and budget lines of allocation.toml; figures are written and checked
    like in every other demo file (Swedish numbers as text).

    The committee itself (organisation, its own unit, its years) comes from its
    organisation file (gemensam-namnd.toml), so it is described in one place; an
    allocation year must be one of that file's years.
    """
    if "allocation" not in doc:
        raise CommandError(f"{FILE}: nyckeln ”allocation” saknas.")
    data = doc["allocation"]
    scope = loader.use(data["organisation"])
    organisation = scope.organisation
    missing = [year for year in data["years"] if year not in scope.years]
    if missing:
        raise CommandError(
            f"{FILE}: år {missing} saknas i organisationsfilen för {organisation.slug!r}."
        )
    years: dict[int, Year] = {year: scope.years[year] for year in data["years"]}
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
