"""The Django half of the backup drill (ops/backup_drill.sh); not meant to be run alone.

    python ops/drill.py prepare SNAPSHOT.json   # demo data, a frozen edition, the snapshot
    python ops/drill.py verify SNAPSHOT.json    # on the restored database: compare

The snapshot holds, for every demo report (each unit period of Division Länsteknik),
the figure snapshot of ``reports.builder`` (the figures a report prints), and for every
frozen edition its number, stored SHA-256 and the SHA-256 of its stored PDF bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("STYRKORT_ALLOW_DEMO", "1")  # the drill's throwaway databases

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from reports.builder import report_data  # noqa: E402
from reports.models import ReportBuild, ReportEdition  # noqa: E402
from reports.services import report_build_request, report_edition_freeze  # noqa: E402
from scorecards.models import UnitPeriod  # noqa: E402

UNIT = "lansteknik"
FROZEN_PERIOD = "2019"


def snapshot() -> dict[str, Any]:
    reports = {}
    for up in UnitPeriod.objects.filter(unit__slug=UNIT).select_related("unit", "period"):
        data = report_data(unit_period=up, with_figures=False)
        reports[f"{up.unit.slug}/{up.period.key}"] = data.figures
    editions = {
        f"{e.unit_period.unit.slug}/{e.unit_period.period.key}#{e.number}": {
            "sha256_stored": e.sha256,
            "sha256_of_pdf": hashlib.sha256(bytes(e.pdf)).hexdigest(),
            "figures": e.figures,
        }
        for e in ReportEdition.objects.select_related("unit_period__unit", "unit_period__period")
    }
    return {"reports": reports, "editions": editions}


def prepare(path: Path) -> None:
    call_command("migrate", verbosity=0)
    call_command("loaddemo", verbosity=0, stdout=io.StringIO())
    manager = User.objects.get(username="manager")
    up = UnitPeriod.objects.get(unit__slug=UNIT, period__key=FROZEN_PERIOD)
    # The immediate task backend builds the PDF when the request commits.
    with transaction.atomic():
        build = report_build_request(actor=manager, unit_period=up)
    build = ReportBuild.objects.get(pk=build.pk)
    if build.status != ReportBuild.Status.DONE:
        raise SystemExit(f"the report build ended as {build.status}")
    edition = report_edition_freeze(actor=manager, build=build)
    snap = snapshot()
    path.write_text(json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False))
    print(
        f"prepared: {len(snap['reports'])} reports, edition {edition.number} of "
        f"{UNIT} {FROZEN_PERIOD} sha256 {edition.sha256[:16]}…"
    )


def verify(path: Path) -> int:
    before = json.loads(path.read_text())
    after = snapshot()
    problems = []
    if not before["editions"]:
        problems.append("no frozen edition before the dump")
    for key, was in before["editions"].items():
        now = after["editions"].get(key)
        if now is None:
            problems.append(f"edition {key} missing after restore")
            continue
        if now["sha256_of_pdf"] != now["sha256_stored"]:
            problems.append(f"edition {key}: PDF bytes do not match the stored SHA-256")
        if now["sha256_of_pdf"] != was["sha256_of_pdf"]:
            problems.append(f"edition {key}: SHA-256 changed across the restore")
        if now["figures"] != was["figures"]:
            problems.append(f"edition {key}: stored figures changed")
    if set(before["reports"]) != set(after["reports"]):
        problems.append("the set of reports differs")
    for key, figures in before["reports"].items():
        if after["reports"].get(key) != figures:
            problems.append(f"report {key}: figures differ after restore")
    for p in problems:
        print(f"MISMATCH: {p}")
    n_fig = sum(len(f) for f in before["reports"].values())
    print(
        f"verified: {len(before['reports'])} reports ({n_fig} figure groups), "
        f"{len(before['editions'])} edition(s): {'OK' if not problems else 'FAILED'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"prepare", "verify"}:
        raise SystemExit(__doc__)
    if sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]))
    else:
        sys.exit(verify(Path(sys.argv[2])))
