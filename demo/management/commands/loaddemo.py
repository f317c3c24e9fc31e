"""``manage.py loaddemo``: load the demo data in fixtures/demo/*.toml, idempotently.

Two organisations of different shape: Region Norrbotten (organisation.toml and its
divisions' files) and the joint committee Gemensam nämnd för hjälpmedel i Norrbotten
(gemensam-namnd.toml, its own unit's gemensam-namnd-enhet.toml, allocation.toml).

The loading itself is ``demo.loading.load_demo`` (the core's part, then every domain
app's ``DEMO_LOADERS``); this command guards it and prints the summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.management.base import BaseCommand, CommandError

from demo.loading import DEMO_PASSWORD, FIXTURE_DIR, Loader, load_demo
from scorecards.models import Measure, MeasureOutcome


class Command(BaseCommand):
    help = "Läser in demodata från fixtures/demo/*.toml (kan köras om utan dubbletter)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--directory", type=Path, default=FIXTURE_DIR, help="Mapp med TOML-filerna."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demodata skapar användare med ett publicerat lösenord och laddas bara med "
                "DJANGO_DEBUG=1 eller STYRKORT_ALLOW_DEMO=1 (aldrig i produktion)."
            )
        loader, users = load_demo(options["directory"])
        self._summary(loader, users)

    def _summary(self, loader: Loader, users: list[AbstractUser]) -> None:
        write = self.stdout.write
        stats = loader.stats
        if not stats.created and not stats.updated:
            write("Demodata redan inläst: inget ändrat.")
        for name in sorted(set(stats.created) | set(stats.updated)):
            write(f"  {name}: {stats.created[name]} nya, {stats.updated[name]} ändrade")
        periods = sum(len(scope.periods) for scope in loader.scopes.values())
        write(
            f"Organisationer: {len(loader.scopes)}, enheter: {len(loader.units)}, "
            f"perioder: {periods}, styrmått: {Measure.objects.count()}, "
            f"utfall: {MeasureOutcome.objects.count()}."
        )
        write(f"Demoinloggningar (lösenord ”{DEMO_PASSWORD}”):")
        for user in users:
            roles = ", ".join(
                f"{m.get_role_display().lower()} på {m.unit.name}"
                for m in user.unit_memberships.select_related("unit")  # type: ignore[attr-defined]
            )
            if user.is_superuser:
                roles = "administratör (alla enheter)"
            write(self.style.SUCCESS(f"  {user.username}: {roles}"))
