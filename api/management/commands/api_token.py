"""``python manage.py api_token USER [--name NAME]``: make a read-API token and print it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.services import api_token_create
from scorecards.errors import DomainError


class Command(BaseCommand):
    help = "Skapar en API-nyckel för användaren och skriver ut den (den visas bara en gång)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="användarnamn")
        parser.add_argument("--name", default="Kommandorad", help="nyckelns namn")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["user"]})
        except User.DoesNotExist:
            raise CommandError(f"Användaren {options['user']!r} finns inte.") from None
        if not user.is_active:
            raise CommandError(f"Användaren {options['user']!r} är inaktiverad.")
        try:
            new = api_token_create(user=user, name=options["name"])
        except DomainError as error:
            raise CommandError(error.message) from None
        # Only the token on stdout, so a script can capture it; the rest on stderr.
        self.stdout.write(new.plain)
        self.stderr.write(
            f"Nyckeln {new.token.name!r} för {options['user']} är skapad. Den visas bara nu."
        )
