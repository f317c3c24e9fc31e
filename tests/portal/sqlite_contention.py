"""Run by ``test_hardening.test_twenty_threads_saving_one_figure_on_sqlite``, in a process of
its own on a SQLite file: N threads save the same figure at once with the same version.

Prints the HTTP statuses as JSON. ``--deferred`` runs with SQLite's default transactions
(the state before ``transaction_mode="IMMEDIATE"``), to show what it was.
"""

from __future__ import annotations

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from scorecards.models import MeasureOutcome  # noqa: E402
from tests import factories  # noqa: E402


def main(threads: int, deferred: bool) -> list[int]:
    if deferred:
        settings.DATABASES["default"]["OPTIONS"] = {}
        connection.settings_dict["OPTIONS"] = {}
    setup_test_environment()
    world = factories.entry_world("lock")
    factories.scorecard_model(world["a"], world["periods"]["T1"], 1)
    outcome = MeasureOutcome.objects.get(measure__goal__unit=world["a"])
    url = reverse(
        "scorecards:entry_outcome",
        args=[world["a"].slug, world["periods"]["T1"].key, outcome.measure_id],
    )
    clients = []
    for _ in range(threads):
        client = Client(raise_request_exception=False)
        client.force_login(world["controller"])
        clients.append(client)
    connection.close()
    barrier = threading.Barrier(threads)
    statuses: list[int] = []

    def save(number: int) -> None:
        barrier.wait()
        response = clients[number].post(
            url, {"value": str(number + 10), "version": outcome.version}, HTTP_HX_REQUEST="true"
        )
        statuses.append(response.status_code)
        connection.close()

    workers = [threading.Thread(target=save, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sorted(statuses)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), "--deferred" in sys.argv)))
