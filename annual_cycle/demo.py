"""Demo data for the annual cycle: fixtures/demo/annual_cycle.toml, read by ``loaddemo``.

Each listed organisation gets the default Swedish årshjul
(``services.deadlines_create_default``) when it has none yet, and the moved dates of
the file; a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from annual_cycle.models import Deadline, DeadlineOverride
from annual_cycle.services import deadlines_create_default
from demo.loading import Data, DemoLoader, Loader
from scorecards.models import Organisation
from scorecards.services import Via

FILE = "annual_cycle.toml"


def load(loader: Loader, doc: Data) -> None:
    """The årshjul of each organisation listed in annual_cycle.toml."""
    for data in doc.get("organisations", []):
        organisation = Organisation.objects.filter(slug=data["slug"]).first()
        if organisation is None:
            raise CommandError(f"{FILE}: organisationen {data['slug']!r} finns inte.")
        if data.get("default") and not Deadline.objects.filter(organisation=organisation).exists():
            for _deadline in deadlines_create_default(
                organisation=organisation, actor=None, via=Via.COMMAND
            ):
                loader.stats.record(Deadline, created=True)
        for moved in data.get("moved", []):
            deadline = Deadline.objects.filter(
                organisation=organisation, title=moved["title"], step=moved["step"]
            ).first()
            if deadline is None:
                raise CommandError(f"{FILE}: fristen {moved['title']!r} ({moved['step']}) saknas.")
            date = moved["date"]
            if not isinstance(date, datetime.date):
                raise CommandError(f"{FILE}: date = {date!r}: skriv datumet som ÅÅÅÅ-MM-DD.")
            loader.upsert(
                DeadlineOverride, {"deadline": deadline, "year": moved["year"]}, {"date": date}
            )


ANNUAL_CYCLE_DEMO = DemoLoader(name="annual_cycle", file=FILE, document=load)
