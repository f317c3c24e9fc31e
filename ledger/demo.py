"""Demo data for the ledger, read by ``loaddemo``: each organisation's mapping files in
fixtures/ledger (``<organisation>-<year>.toml``), after the finance categories they name."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from demo.loading import Data, DemoLoader, Loader, read_toml
from finance.models import CostCategory
from ledger.models import AccountRange, CostCentre, LedgerMapping, Sign

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "ledger"


def load_mappings(loader: Loader, doc: Data) -> None:
    slug = doc["organisation"]["slug"]
    for path in sorted(FIXTURE_DIR.glob(f"{slug}-[0-9][0-9][0-9][0-9].toml")):
        load_mapping(loader, read_toml(path), path.name)


def load_mapping(loader: Loader, doc: Data, name: str) -> None:
    year = loader.years.get(doc["year"])
    if year is None:
        raise CommandError(f"{name}: året {doc['year']} finns inte i organisationsfilen.")
    mapping = loader.upsert(
        LedgerMapping, {"year": year}, {"cost_centre_dimension": doc["cost_centre_dimension"]}
    )
    categories = {c.slug: c for c in CostCategory.objects.filter(year=year)}
    for data in doc.get("ranges", []):
        slug = data.get("category")
        if slug and slug not in categories:
            raise CommandError(f"{name}: kostnadskategorin {slug!r} finns inte {year.year}.")
        loader.upsert(
            AccountRange,
            {"mapping": mapping, "first": data["first"]},
            {
                "last": data["last"],
                "category": categories[slug] if slug else None,
                "sign": data.get("sign", Sign.REVERSE),
            },
        )
    for data in doc.get("cost_centres", []):
        loader.upsert(
            CostCentre,
            {"mapping": mapping, "code": data["code"]},
            {"unit": loader.units[data["unit"]]},
        )


LEDGER_DEMO = DemoLoader(name="ledger", organisation=load_mappings)
