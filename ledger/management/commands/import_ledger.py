"""Import a ledger export (SIE 4, CSV or Excel) into an organisation's finance figures.

python manage.py import_ledger --organisation region-norrbotten --period 2021-T1 \
    [--dry-run] [--user controller] fixtures/ledger/region-norrbotten-2021-T1.se
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.numbers import format_number
from ledger import selectors
from ledger.selectors import FIELDS, Aggregation
from ledger.services import ledger_import
from ledger.sie import SieError
from ledger.tabular import read_ledger
from scorecards.errors import DomainError
from scorecards.models import Organisation, Period
from scorecards.services import Via

LABELS = {
    "outcome": "utfall",
    "period_budget": "periodbudget",
    "annual_budget": "årsbudget",
    "outcome_previous_year": "utfall fg år",
}


class Command(BaseCommand):
    help = (
        "Läser en export från ekonomisystemet (SIE 4, CSV eller Excel), summerar per enhet "
        "och kostnadskategori enligt årets mappning och sparar allt eller inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="SIE-fil (.se), CSV eller .xlsx")
        parser.add_argument("--organisation", required=True, help="organisationens kortnamn")
        parser.add_argument("--period", required=True, help="periodens nyckel, t.ex. 2021-T1")
        parser.add_argument("--dry-run", action="store_true", help="visa summorna, spara ingenting")
        parser.add_argument(
            "--user",
            default="",
            help="användarnamn: behörighet och ändringshistorik (utan: serverns operatör)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisationen ”{options['organisation']}” finns inte.")
        period = (
            Period.objects.filter(year__organisation=organisation, key=options["period"])
            .select_related("year")
            .first()
        )
        if period is None:
            raise CommandError(f"Perioden ”{options['period']}” finns inte för {organisation}.")
        actor = None
        if options["user"]:
            actor = get_user_model()._default_manager.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Användaren ”{options['user']}” finns inte.")
        mapping = selectors.mapping_for(period.year)
        if mapping is None:
            raise CommandError(
                f"{organisation} har ingen mappning mot ekonomisystemet för {period.year.year}."
            )
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Filen kunde inte läsas: {error}") from error
        try:
            ledger = read_ledger(
                content, path.name, dimension=mapping.mapping.cost_centre_dimension
            )
        except SieError as error:
            raise CommandError(f"{path.name}: {error.message} Inget sparades.") from error
        aggregation = selectors.aggregate(ledger, mapping, period)
        self._print(aggregation)
        if options["dry_run"]:
            self.stdout.write("Provkörning (--dry-run): ingenting har sparats.")
            return
        try:
            done = ledger_import(actor=actor, aggregation=aggregation, via=Via.LEDGER)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sparat: {done.changed} belopp ändrade för {done.units} enheter i "
                f"{period.label} (historik: ekonomisystem)."
            )
        )

    def _print(self, aggregation: Aggregation) -> None:
        write = self.stdout.write
        write(f"{aggregation.period.label}: utfall från {aggregation.outcome_source}, kr")
        for unit in aggregation.units:
            write(f"\n{unit.name} ({unit.slug})")
            for cell in (c for c in aggregation.cells if c.unit.pk == unit.pk):
                parts = []
                for name in FIELDS:
                    if name in cell.new:
                        value = format_number(cell.new[name], decimals=0)
                        same = (
                            "="
                            if cell.old(name) == cell.new[name]
                            else "≠ " + format_number(cell.old(name), decimals=0)
                        )
                        parts.append(f"{LABELS[name]} {value} ({same})")
                write(f"  {cell.category.name}: " + "; ".join(parts))
        changed = len(aggregation.changed)
        write(f"\n{changed} av {len(aggregation.cells)} rader skiljer sig från portalens belopp.")
        for title, items in (
            ("Konton utan mappning", aggregation.unmapped_accounts),
            ("Kostnadsställen utan enhet", aggregation.unmapped_cost_centres),
        ):
            if items:
                write(f"{title} (räknas inte):")
                for item in items:
                    code = item.code or "(inget)"
                    write(
                        f"  {code} {item.name}: {format_number(item.amount, decimals=2)} kr, "
                        f"{item.rows} rader"
                    )
